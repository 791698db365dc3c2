'use strict';
// Durable storage: one JSON state file (written atomically) and an
// append-only log of raw webhook bodies (one JSON record per line).
const fs = require('node:fs');
const path = require('node:path');

function emptyState() {
  return {
    version: 1,
    status: 'Paused',
    seq: 0, // arrival counter (messages, conversations)
    processedLogSeq: 0, // last webhook log record fully processed
    contacts: {}, // igsid -> profile
    conversations: {}, // id -> conversation
    messages: {}, // mid -> message
    deletedMids: {}, // mid -> unsend seen before its message
    sessions: {}, // sha256(session id) -> { expires }
  };
}

class StateFile {
  constructor(dir) {
    this.file = path.join(dir, 'state.json');
    this.tmp = path.join(dir, 'state.json.tmp');
  }

  load() {
    let text;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if (err.code === 'ENOENT') return emptyState();
      throw err;
    }
    return Object.assign(emptyState(), JSON.parse(text));
  }

  save(state) {
    const fd = fs.openSync(this.tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(state));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(this.tmp, this.file);
  }
}

class WebhookLog {
  constructor(dir) {
    this.file = path.join(dir, 'webhooks.log');
    this.lastSeq = 0;
  }

  // Every record on disk, skipping a torn last line left by a crash.
  readAll() {
    let text;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (err) {
      if (err.code === 'ENOENT') return [];
      throw err;
    }
    const records = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const rec = JSON.parse(line);
        records.push(rec);
        this.lastSeq = Math.max(this.lastSeq, rec.seq);
      } catch {
        console.warn('webhook log: skipping an unreadable line');
      }
    }
    return records;
  }

  // Appends the raw bytes (base64, so they are kept exactly) and fsyncs.
  append(raw) {
    const rec = { seq: this.lastSeq + 1, receivedAt: Date.now(), body: raw.toString('base64') };
    const fd = fs.openSync(this.file, 'a');
    try {
      fs.writeSync(fd, JSON.stringify(rec) + '\n');
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    this.lastSeq = rec.seq;
    return rec;
  }
}

function openStorage(dir) {
  fs.mkdirSync(dir, { recursive: true });
  return { stateFile: new StateFile(dir), log: new WebhookLog(dir) };
}

module.exports = { openStorage, emptyState };
