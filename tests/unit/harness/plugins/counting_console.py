"""A console-driver plug-in as a team would write one (here: the reference's JSON driver with
each answer logged to the file ``COUNTING_CONSOLE_LOG`` names), loaded by module:Class."""

from __future__ import annotations

import os

from steps.drivers.reference import ReferenceApiConsole


class CountingConsole(ReferenceApiConsole):
    def reply(self, text: str) -> None:
        with open(os.environ["COUNTING_CONSOLE_LOG"], "a", encoding="utf-8") as log:
            log.write(text + "\n")
        super().reply(text)


class NotAConsole:
    """Lacks every AgentConsole method: the loader refuses it by name."""

    uses_browser = False
