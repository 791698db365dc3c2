"""The SQLite store: ``:memory:`` and files, nothing deleted, atomic assignment."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from routing_service.store import SCHEMA, Store


def _message(store: Store, conversation_id: int, mid: str, text: str = "hi"):
    return store.add_message(
        conversation_id=conversation_id, igsid="111", mid=mid, direction="in", text=text,
        attachments=[], source="webhook", created_at=1, meta_timestamp=1,
    )  # fmt: skip


def test_unsent_message_keeps_its_text_and_a_second_unsend_is_a_no_op() -> None:
    store = Store(":memory:")
    conversation_id = store.create_conversation("111", "direct", 1)
    _message(store, conversation_id, "m1", "original words")
    flagged = store.mark_deleted("m1", now=5)
    assert flagged is not None and flagged.text == "original words" and flagged.deleted_at == 5
    assert store.mark_deleted("m1", now=9) is None
    assert store.message_by_mid("m1").deleted_at == 5


def test_duplicate_mid_is_refused() -> None:
    store = Store(":memory:")
    conversation_id = store.create_conversation("111", "direct", 1)
    assert _message(store, conversation_id, "m1") is not None
    assert _message(store, conversation_id, "m1") is None
    assert len(store.messages(conversation_id)) == 1


def test_assignment_needs_an_available_agent_with_a_free_position() -> None:
    store = Store(":memory:")
    agent = store.upsert_agent("a", "A", "hash")
    first = store.create_conversation("111", "direct", 1)
    assert store.assign_to_free_agent(first, positions=1, now=2) is None  # paused
    store.set_status(agent.id, "ready", 3)
    assert store.assign_to_free_agent(first, positions=1, now=4) == agent.id
    assert store.assign_to_free_agent(first, positions=1, now=4) is None  # already assigned
    second = store.create_conversation("222", "direct", 5)
    assert store.assign_to_free_agent(second, positions=1, now=6) is None  # full
    assert store.next_queued() == second
    assert store.end_conversation(first, 7) is True
    assert store.end_conversation(first, 8) is False
    assert store.assign_to_free_agent(second, positions=1, now=9) == agent.id


def test_a_file_database_survives_a_restart(tmp_path: Path) -> None:
    path = str(tmp_path / "routing.sqlite3")
    store = Store(path)
    conversation_id = store.create_conversation("111", "story_mention", 1)
    _message(store, conversation_id, "m1", "kept")
    store.close()
    reopened = Store(path)
    conversation = reopened.conversation(conversation_id)
    assert conversation is not None and conversation.kind == "story_mention"
    assert [m.text for m in conversation.messages] == ["kept"]
    reopened.close()


def test_a_database_from_before_meta_timestamp_is_migrated(tmp_path: Path) -> None:
    path = str(tmp_path / "old.sqlite3")
    before = SCHEMA.replace("    meta_timestamp INTEGER NOT NULL DEFAULT 0,\n", "")
    assert before != SCHEMA
    old = sqlite3.connect(path)
    old.executescript(
        before + "INSERT INTO conversations (igsid, kind, status, created_at)"
        " VALUES ('111', 'direct', 'open', 1);"
        "INSERT INTO messages (conversation_id, igsid, mid, direction, text, source, created_at)"
        " VALUES (1, '111', 'm2', 'in', 'second', 'webhook', 20),"
        " (1, '111', 'm1', 'in', 'first', 'webhook', 10);"
    )
    old.close()
    store = Store(path)
    assert [(m.text, m.meta_timestamp) for m in store.messages(1)] == [
        ("first", 10),
        ("second", 20),
    ]
    store.close()
