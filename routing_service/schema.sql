CREATE TABLE IF NOT EXISTS agents (
    id INTEGER PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'paused',
    status_at INTEGER NOT NULL DEFAULT 0,
    positions INTEGER,  -- its own number of positions; NULL: the service's default
    active INTEGER NOT NULL DEFAULT 1  -- 0: removed by an admin (its history stays)
);
CREATE TABLE IF NOT EXISTS contacts (
    igsid TEXT PRIMARY KEY,
    name TEXT,
    username TEXT,
    profile_pic TEXT,
    resolved INTEGER NOT NULL DEFAULT 0,
    fetched_at INTEGER
);
CREATE TABLE IF NOT EXISTS conversations (
    id INTEGER PRIMARY KEY,
    igsid TEXT NOT NULL,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    agent_id INTEGER REFERENCES agents(id),
    created_at INTEGER NOT NULL,
    assigned_at INTEGER,
    ended_at INTEGER,
    last_inbound_at INTEGER
);
CREATE INDEX IF NOT EXISTS conversations_by_igsid ON conversations (igsid, status);
CREATE INDEX IF NOT EXISTS conversations_by_agent ON conversations (agent_id, status);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER REFERENCES conversations(id),
    igsid TEXT NOT NULL,
    mid TEXT UNIQUE,
    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
    text TEXT,
    attachments TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL,
    agent_id INTEGER REFERENCES agents(id),
    created_at INTEGER NOT NULL,
    -- Meta's clock: the event's timestamp, or our estimate until the echo's (message_store.py).
    meta_timestamp INTEGER NOT NULL DEFAULT 0,
    deleted_at INTEGER,
    details TEXT NOT NULL DEFAULT '{}',
    reaction TEXT,
    seen_at INTEGER,
    edited_at INTEGER
);
CREATE INDEX IF NOT EXISTS messages_by_conversation ON messages (conversation_id, id);
-- An unsend that arrived before its message (Meta does not guarantee order after retries).
CREATE TABLE IF NOT EXISTS tombstones (
    mid TEXT PRIMARY KEY,
    deleted_at INTEGER NOT NULL
);
-- Every verified body, stored before the 200; the ingest worker acts on it afterwards.
CREATE TABLE IF NOT EXISTS webhook_events (
    id INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    signature TEXT,
    body TEXT NOT NULL,
    processed_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    error TEXT
);
CREATE TABLE IF NOT EXISTS send_failures (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL,
    agent_id INTEGER NOT NULL,
    text TEXT NOT NULL,
    code INTEGER,
    subcode INTEGER,
    message TEXT NOT NULL,
    at INTEGER NOT NULL
);
-- The queue, oldest first, found without sorting every waiting conversation.
CREATE INDEX IF NOT EXISTS conversations_queued ON conversations (created_at, id)
    WHERE status = 'open' AND agent_id IS NULL;
-- The pending webhook bodies index is made by audit.migrate_webhook_events (after its columns).
-- Server-side sessions: the cookie carries a random token, only its SHA-256 is kept here;
-- logging out deletes the row, so a copied cookie stops working.
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id INTEGER NOT NULL REFERENCES agents(id),
    created_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL
);
