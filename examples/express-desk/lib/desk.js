'use strict';
// The contact center itself: agent status, routing to positions, conversations, messages.
// Emits 'status', 'conversation' and 'message' for the live console.
const { EventEmitter } = require('node:events');
const crypto = require('node:crypto');
const views = require('./views');
const { ingest } = require('./ingest');
const { Contacts } = require('./contacts');
const { MetaClock, sendAnswer } = require('./policy');

const STATUSES = ['Operating', 'Ready', 'Paused'];

class DeskError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

class Desk extends EventEmitter {
  constructor({ state, save, graph, positions, storyMentions, agentName, sendRetryMs = 500 }) {
    super();
    this.state = state;
    this.persist = save;
    this.graph = graph;
    this.positions = positions;
    this.storyMentions = storyMentions;
    this.agentName = agentName;
    this.contacts = new Contacts({ state, save, graph });
    this.metaClock = new MetaClock(); // the messaging windows run on Meta's clock
    this.sendRetryMs = sendRetryMs;
  }

  save() {
    this.persist(this.state);
  }

  nextSeq() {
    this.state.seq += 1;
    return this.state.seq;
  }

  // ---- status and routing ----
  available() {
    return this.state.status === 'Operating' || this.state.status === 'Ready';
  }

  conversations() {
    return Object.values(this.state.conversations);
  }

  openCount() {
    return this.conversations().filter((c) => c.state === 'open').length;
  }

  statusView() {
    const queued = this.conversations().filter((c) => c.state === 'queued').length;
    return { status: this.state.status, open: this.openCount(), positions: this.positions, queued };
  }

  setStatus(status) {
    if (!STATUSES.includes(status)) throw new DeskError(400, `status must be one of ${STATUSES.join(', ')}`);
    this.state.status = status;
    this.save();
    this.emit('status', this.statusView());
    this.assignWaiting();
  }

  activeFor(igsid) {
    return this.conversations().find((c) => c.igsid === igsid && c.state !== 'ended') || null;
  }

  latestFor(igsid) {
    const mine = this.conversations().filter((c) => c.igsid === igsid);
    return mine.sort((a, b) => b.createdSeq - a.createdSeq)[0] || null;
  }

  newConversation(igsid, kind) {
    const conv = {
      id: `c-${crypto.randomBytes(5).toString('hex')}`,
      igsid,
      kind,
      state: 'queued',
      createdAt: Date.now(),
      createdSeq: this.nextSeq(),
      assignedAt: null,
      endedAt: null,
      mids: [],
    };
    this.state.conversations[conv.id] = conv;
    if (this.available() && this.openCount() < this.positions) this.assign(conv);
    return conv;
  }

  assign(conv) {
    conv.state = 'open';
    conv.assignedAt = Date.now();
  }

  // Fills free positions from the queue, oldest first.
  assignWaiting() {
    const queue = this.conversations()
      .filter((c) => c.state === 'queued')
      .sort((a, b) => a.createdSeq - b.createdSeq);
    const assigned = [];
    while (queue.length && this.available() && this.openCount() < this.positions) {
      const conv = queue.shift();
      this.assign(conv);
      assigned.push(conv);
    }
    if (!assigned.length) return;
    this.save();
    for (const conv of assigned) this.emitConversation(conv, 'assigned');
    this.emit('status', this.statusView());
  }

  assignedConversation(id) {
    const conv = Object.hasOwn(this.state.conversations, id) ? this.state.conversations[id] : null;
    if (!conv || conv.state === 'queued') throw new DeskError(404, 'No such conversation');
    return conv;
  }

  endConversation(id) {
    const conv = this.assignedConversation(id);
    if (conv.state === 'ended') return views.summary(this, conv);
    conv.state = 'ended';
    conv.endedAt = Date.now();
    this.save();
    this.emitConversation(conv, 'ended');
    this.emit('status', this.statusView());
    this.assignWaiting();
    return views.summary(this, conv);
  }

  // ---- messages ----
  insertMessage(conv, msg) {
    this.state.messages[msg.mid] = msg;
    if (!conv) return;
    const all = this.state.messages;
    conv.mids.push(msg.mid);
    conv.mids.sort((a, b) => all[a].timestamp - all[b].timestamp || all[a].seq - all[b].seq);
  }

  emitConversation(conv, reason) {
    if (conv.state === 'queued') return;
    this.emit('conversation', { reason, conversation: views.summary(this, conv) });
  }

  emitMessage(conv, msg) {
    if (!conv || conv.state === 'queued') return;
    this.emit('message', {
      conversationId: conv.id,
      message: views.message(msg),
      conversation: views.summary(this, conv),
    });
  }

  // One normalized webhook event (see events.js and ingest.js).
  ingest(ev) {
    this.metaClock.observe(ev.metaTime);
    return ingest(this, ev);
  }

  // Meta's timestamp of the person's last message in the conversation (null: none).
  lastInbound(conv) {
    const times = conv.mids.map((mid) => this.state.messages[mid]).filter((m) => m.direction === 'in').map((m) => m.timestamp);
    return times.length ? Math.max(...times) : null;
  }

  // The agent's reply through the Send API. Throws GraphError when Meta refuses.
  async reply(id, text) {
    const conv = this.assignedConversation(id);
    if (conv.state !== 'open') throw new DeskError(409, 'This conversation has ended');
    const sent = await sendAnswer({
      graph: this.graph,
      clock: this.metaClock,
      igsid: conv.igsid,
      text,
      lastInbound: this.lastInbound(conv),
      retryMs: this.sendRetryMs,
    });
    const mid = sent.message_id;
    if (Object.hasOwn(this.state.messages, mid)) {
      // The echo came back before the Send API answered: same message, keep one.
      const msg = this.state.messages[mid];
      Object.assign(msg, { origin: 'app', sentBy: this.agentName, text: msg.text ?? text });
      this.save();
      this.emitMessage(conv, msg);
      return views.message(msg);
    }
    const lastTs = conv.mids.length ? this.state.messages[conv.mids.at(-1)].timestamp : 0;
    const msg = {
      mid,
      conversationId: conv.id,
      direction: 'out',
      origin: 'app',
      sentBy: this.agentName,
      text,
      attachments: [],
      timestamp: Math.max(Date.now(), lastTs + 1),
      seq: this.nextSeq(),
      receivedAt: Date.now(),
      deleted: false,
    };
    this.insertMessage(conv, msg);
    this.save();
    this.emitMessage(conv, msg);
    return views.message(msg);
  }
}

module.exports = { Desk, DeskError, STATUSES };
