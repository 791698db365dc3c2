"""Bad input stops a load run with a sentence naming what is wrong, not a traceback; a run
whose app lost or doubled a message exits 1, so CI turns red."""

from __future__ import annotations

import pytest

from fixtures.servers import free_port
from load import __main__ as load_main
from load.__main__ import main
from load.results import Accounting, DeliveryCounts, Latency, Summary


def test_an_unreachable_app_is_named_by_its_url(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert main(["--sut-url", url, "--callback-url", f"{url}/webhook", "--seconds", "1"]) == 2
    err = capsys.readouterr().err
    assert f"does not answer at {url}/webhook" in err


def test_a_missing_harness_toml_is_named(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    assert main(["--sut-config", str(tmp_path / "nowhere.toml")]) == 2
    assert "nowhere.toml" in capsys.readouterr().err


def test_more_users_than_the_agent_can_hold_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """Beyond the agent's positions conversations queue unseen: counted lost, wrongly."""
    assert main(["--users", "21", "--seconds", "1", "--workers", "0"]) == 2
    assert "holds 20 at once: use --users 20 or fewer" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [["--users", "0"], ["--seconds", "-1"], ["--mode", "fast"]])
def test_bad_options_are_refused(flag: list[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(flag)
    assert exit_.value.code == 2


@pytest.mark.parametrize(
    ("kept", "code"),
    [(["m1", "m2"], 0), (["m1"], 1), (["m1", "m2", "m2"], 1)],
    ids=["all kept once", "one lost", "one doubled"],
)
def test_a_run_that_lost_or_doubled_a_message_exits_1_for_ci(
    kept: list[str], code: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = Summary(
        mode="sim", seconds=1.0, users=1, workers=0, actions={"dm": 2},
        delivery=DeliveryCounts(2, 0, 0), ack=Latency.of([1.0]), shown=Latency.of([]),
        accounting=Accounting.of(["m1", "m2"], kept),
    )  # fmt: skip
    monkeypatch.setattr(load_main, "run", lambda options: summary)
    assert main(["--seconds", "1"]) == code
    said = capsys.readouterr()
    assert "messages     sent 2" in said.out
    assert ("lost" in said.err and "doubled" in said.err) == bool(code)
