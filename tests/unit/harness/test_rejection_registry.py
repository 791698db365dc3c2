"""The rejection reasons are listed once (reports/rejections.py): the page is written from the
registry, and every reason is checked by a conformance scenario tagged with it."""

from __future__ import annotations

from pathlib import Path

from reports.rejections import REASONS, markdown, marker_name

ROOT = Path(__file__).resolve().parents[3]


def test_the_page_is_the_registry() -> None:
    page = (ROOT / "docs" / "rejection-reasons.md").read_text()
    assert page == markdown(), (
        "docs/rejection-reasons.md differs from reports/rejections.py: "
        "run .venv/bin/python -m reports.rejections > docs/rejection-reasons.md"
    )


def test_every_reason_has_what_a_page_and_a_verdict_need() -> None:
    assert list(REASONS) == sorted(REASONS) == list(range(1, len(REASONS) + 1))
    for reason in REASONS.values():
        assert reason.title and reason.why and reason.source and reason.check, reason


def test_the_features_tag_the_reasons_their_checks_mirror() -> None:
    tags = " ".join(p.read_text() for p in (ROOT / "features").rglob("*.feature"))
    checked = {n for n in REASONS if f"@{marker_name(n)}" in tags}
    assert checked >= {n for n, r in REASONS.items() if r.breaks}, "a broken reason has no check"
