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
        {"name": 'Step 9 · Then the chat shows the user\'s name "Ana Souza"', "status": "failed",
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
    assert "at reviewer step 9: Then the chat shows the user's name" in out  # the kit's number
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


def test_allure_names_the_app_review_steps_with_the_kits_numbers(tmp_path: Path) -> None:
    from reports.labels import number_review_steps

    steps = ["Given the contact center is set up as the integration guide recommends",
             "When the reviewer opens the contact center's URL in a browser",
             'And the reviewer clicks "Send Message" and sends the Direct message "Hi"',
             "Then the message appears in the contact center as a new conversation",
             "And the conversation shows the Instagram user's name"]  # fmt: skip
    body = {"name": "The reviewer follows the 12 steps", "status": "passed",
            "labels": [{"name": "tag", "value": "app_review"}],
            "steps": [{"name": s, "status": "passed"} for s in steps]}  # fmt: skip
    (tmp_path / "a-result.json").write_text(json.dumps(body))
    other = {**body, "labels": [{"name": "tag", "value": "conformance"}]}
    (tmp_path / "b-result.json").write_text(json.dumps(other))
    assert number_review_steps(tmp_path) == 1
    assert number_review_steps(tmp_path) == 0  # once only
    named = [s["name"] for s in json.loads((tmp_path / "a-result.json").read_text())["steps"]]
    assert named == [steps[0], f"Step 1 · {steps[1]}", f"Step 8 · {steps[2]}",
                     f"Step 9 · {steps[3]}", f"Step 9 · {steps[4]}"]  # fmt: skip
    assert json.loads((tmp_path / "b-result.json").read_text()) == other
