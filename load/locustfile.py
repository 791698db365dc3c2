"""Instagram users under Locust: ``SimulatedInstagramUser`` acts through Meta's simulator
(its control API; Meta then signs, delivers and retries the webhooks), and
``DirectInstagramUser`` signs Meta-shaped bodies itself and POSTs them to the system under
test's webhook. Started by ``python -m load`` (it writes the target file and picks the class);
each action is journalled for the runner's accounting.

Each user stops after its budget of actions and tells the master (a ``budget_spent`` message;
a single process tells itself); once every user has, the run ends, so a run is bounded by a
count of actions and Locust's ``--run-time`` is only a cap."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, constant_throughput, events, task
from locust.env import Environment
from locust.exception import StopUser
from locust.runners import LocalRunner, MasterRunner

from simulator.contract import control as api

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from load.bodies import DirectUser, SignedBody
from load.journal import Journal
from load.results import MESSAGE_KINDS
from load.target import Target

TARGET = Target.from_env()
JOURNAL = Journal(TARGET.run_dir)
STORY_ID = "load-story"


BUDGET_SPENT = "budget_spent"


@events.quitting.add_listener
def _close_journal(**_: Any) -> None:
    JOURNAL.close()


@events.init.add_listener
def _count_spent_budgets(environment: Environment, **_: Any) -> None:
    """On the master (or the one process): quit once every user has spent its budget."""
    runner = environment.runner
    if not isinstance(runner, MasterRunner | LocalRunner):
        return
    spent = 0

    def on_spent(**_: Any) -> None:
        nonlocal spent
        spent += 1
        if spent == TARGET.users:
            gevent.spawn(runner.quit)  # as --run-time does, from a greenlet of its own

    runner.register_message(BUDGET_SPENT, on_spent)


class _Budgeted(HttpUser):
    abstract = True
    wait_time = constant_throughput(TARGET.rate_per_user)

    def on_start(self) -> None:
        self.actions = 0

    def _spend(self) -> None:
        self.actions += 1
        if self.actions > TARGET.max_actions_per_user:
            self.environment.runner.send_message(BUDGET_SPENT)
            raise StopUser()


class SimulatedInstagramUser(_Budgeted):
    """A tester of the app writing from the Instagram app (``client: app``: its unsends reach
    the app, as Meta's do from the phone app)."""

    host = TARGET.simulator_url

    def on_start(self) -> None:
        super().on_start()
        answer = self.client.post(
            api.CREATE_USER.path(), json={"role": "tester"}, name=api.CREATE_USER.path()
        )
        answer.raise_for_status()
        self.igsid: str = answer.json()["igsid"]
        self.own: list[str] = []
        self.dm()

    def _act(
        self,
        kind: str,
        endpoint: api.Endpoint,
        body: dict[str, Any],
        mid_key: str = "mid",
        **path: str,
    ) -> None:
        self._spend()
        sent_at = time.time()
        with self.client.post(
            endpoint.path(igsid=self.igsid, **path),
            json=body,
            name=api.PREFIX + endpoint.template,
            catch_response=True,
        ) as answer:
            if answer.status_code != 200:
                answer.failure(f"HTTP {answer.status_code}: {answer.text[:200]}")
                JOURNAL.write(kind=kind, mid=None, igsid=self.igsid, sent_at=sent_at, ok=False)
                return
            data = answer.json()
        mid = data.get(mid_key)
        new = kind in MESSAGE_KINDS
        JOURNAL.write(
            kind=kind,
            mid=mid if new else None,
            target=None if new else mid,
            igsid=self.igsid,
            sent_at=sent_at,
            meta_ms=data.get("timestamp"),
            ok=True,
        )
        if new and kind != "story_mention" and mid:
            self.own.append(mid)

    @task(6)
    def dm(self) -> None:
        self._act("dm", api.SEND_TEXT, {"text": f"load {self.actions}", "client": "app"})

    @task(1)
    def story_mention(self) -> None:
        text = f"look @{TARGET.business_username} {self.actions}"
        self._act("story_mention", api.POST_STORY, {"text": text, "client": "app"}, "mention_mid")

    @task(1)
    def story_reply(self) -> None:
        self._act("story_reply", api.STORY_REPLY, {"text": "nice story", "client": "app"})

    @task(1)
    def reply(self) -> None:
        if self.own:
            self._act("reply", api.INLINE_REPLY, {"text": "as I said"}, mid=self.own[-1])

    @task(1)
    def reaction(self) -> None:
        if self.own:
            self._act("reaction", api.REACTION, {"reaction": "love"}, mid=self.own[-1])

    @task(1)
    def unsend(self) -> None:
        if self.own:
            self._act("unsend", api.UNSEND, {"client": "app"}, mid=self.own.pop())


class DirectInstagramUser(_Budgeted):
    """Meta's side played by the worker: each action is one signed POST to the callback; the
    time to its answer is the ack latency; a non-200 is a failure (and, Meta would retry,
    a message this run does not resend)."""

    host = TARGET.callback_url

    def on_start(self) -> None:
        super().on_start()
        igsid = f"{1_000_000_000_000_000 + abs(hash((id(self), time.time_ns()))) % 10**15}"
        self.user = DirectUser(
            igsid, TARGET.ig_id, TARGET.app_secret, cdn_url=f"{TARGET.simulator_url}/cdn"
        )
        self.dm()

    def _post(self, kind: str, signed: SignedBody) -> None:
        self._spend()
        sent_at = time.time()
        started = time.perf_counter()
        status: int | None = None
        error = None
        with self.client.post(
            "",
            data=signed.body,
            headers=signed.headers,
            name=f"webhook {kind}",
            catch_response=True,
        ) as answer:
            status = answer.status_code or None
            if answer.status_code != 200:
                error = f"HTTP {answer.status_code}: {(answer.text or '')[:200]}"
                answer.failure(error)
        ack_ms = (time.perf_counter() - started) * 1000
        JOURNAL.write(
            kind=kind,
            mid=signed.mid,
            igsid=self.user.igsid,
            sent_at=sent_at,
            ack_ms=ack_ms,
            status=status,
            error=error,
            ok=status == 200,
        )

    @task(6)
    def dm(self) -> None:
        self._post("dm", self.user.dm(f"load {self.actions}"))

    @task(1)
    def story_mention(self) -> None:
        self._post("story_mention", self.user.story_mention(f"{STORY_ID}-{self.actions}"))

    @task(1)
    def story_reply(self) -> None:
        self._post("story_reply", self.user.story_reply(STORY_ID, "nice story"))

    @task(1)
    def reply(self) -> None:
        self._post("reply", self.user.reply("as I said"))

    @task(1)
    def reaction(self) -> None:
        if self.user.sent:
            self._post("reaction", self.user.reaction())

    @task(1)
    def unsend(self) -> None:
        if self.user.sent:
            self._post("unsend", self.user.unsend())
