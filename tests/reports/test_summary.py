"""What `make rehearse` prints last, read from Allure results: the failed reviewer step with
expected vs seen, its rejection reason and screenshots, then every output with its size."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reports import summary

pytestmark = pytest.mark.simulator_only


def _result(folder: Path, name: str, status: str, steps: list[dict]) -> None:
    body = {"name": name, "status": status, "steps": steps,
            "parameters": [{"name": "driver_name", "value": "'browser'"}]}  # fmt: skip
    (folder / f"{name.replace(' ', '-')}-result.json").write_text(json.dumps(body))


def test_a_failed_rehearsal_names_its_step_reason_and_screenshots(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    results = tmp_path / "results"
    results.mkdir()
    (results / "a-attachment.png").write_bytes(b"\x89PNG")
    ok = {"name": "Given the contact center is set up", "status": "passed"}
    _result(results, "The reviewer follows the 12 steps", "failed", [
        ok,
        {"name": 'Then the chat shows the user\'s name "Ana Souza"', "status": "failed",
         "statusDetails": {"message": "AssertionError: expected 'Ana Souza', saw '1784'"},
         "attachments": [{"name": "contact center", "source": "a-attachment.png",
                          "type": "image/png"}]},
    ])  # fmt: skip
    _result(results, "A story mention opens a chat", "passed", [ok])
    videos = tmp_path / "videos" / "scenario"
    videos.mkdir(parents=True)
    (videos / "Instagram.webm").write_bytes(b"x" * 2048)
    assert summary.main([f"--results={results}", f"--videos={tmp_path / 'videos'}"]) == 0
    out = capsys.readouterr().out
    assert "2 scenarios, 1 passed, 1 failed" in out
    assert "FAILED The reviewer follows the 12 steps [browser]" in out
    assert "at reviewer step 2: Then the chat shows the user's name" in out
    assert "expected 'Ana Souza', saw '1784'" in out
    assert "rejection reason 6: contact names wrong or missing" in out
    assert f"screenshot: {results / 'a-attachment.png'}" in out
    assert f"{videos / 'Instagram.webm'}  2.0 KB" in out


@pytest.mark.parametrize(
    ("step", "numbers"),
    [("When the test user unsends the message", [4]),
     ("Then the story mention appears as a new conversation", [1, 9]),
     ("When the reviewer opens the contact center's URL", [12]),
     ("Then the browser asks to allow notifications", [13])],
)  # fmt: skip
def test_each_step_maps_to_the_rejection_it_risks(step: str, numbers: list[int]) -> None:
    assert [n for n, _ in summary.reasons_for(step)] == numbers
