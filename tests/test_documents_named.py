"""Every Markdown document the project names exists in the repository: a user's clone has no
folder beside it, so a name that points outside sends the reader nowhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "node_modules", ".git", "reports", "__pycache__"}
NAMED = re.compile(r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.md)\b")
# documents the review kit writes for the team (reports/review_kit.py), not kept in the repository
WRITTEN_BY_THE_KIT = {"shot-list.md", "step-by-step.md"}


def sources() -> list[Path]:
    return sorted(
        p
        for p in ROOT.rglob("*")
        if p.suffix in {".py", ".md", ".feature", ".toml", ".sh"}
        and not SKIPPED & set(p.relative_to(ROOT).parts)
        and p.is_file()
        and p != Path(__file__).resolve()  # its self-test names a missing document on purpose
    )


def documents() -> set[str]:
    return {p.name for p in ROOT.rglob("*.md") if not SKIPPED & set(p.relative_to(ROOT).parts)}


def named_documents(text: str) -> set[str]:
    return {Path(name).name for name in NAMED.findall(text)}


def test_every_named_document_is_in_the_repository() -> None:
    present = documents()
    missing = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sources()
        for name in named_documents(path.read_text(errors="replace"))
        if name not in present and name not in WRITTEN_BY_THE_KIT
    }
    assert len(present) >= 5, "the repository's documents were not found"
    assert not missing, "documents named but not in the repository:\n" + "\n".join(sorted(missing))


def test_the_check_reads_document_names() -> None:
    text = "see docs/meta-platform.md section 2 and STYLE.md principle 10 (not foo.mdx)"
    assert named_documents(text) == {"meta-platform.md", "STYLE.md"}
