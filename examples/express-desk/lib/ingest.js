'use strict';
// Applies webhook events (see events.js) to the desk: inbound messages and story
// mentions (routing), echoes (outgoing, shown once) and unsends (hidden, never lost).
// Every event is idempotent by mid, so redeliveries and re-processing are harmless.

const { applyReaction, quoteOf } = require('./interactions');

async function ingest(desk, ev) {
  if (ev.kind === 'skip') return ev.reason;
  if (ev.kind === 'story_mention' && !desk.storyMentions) return 'story mention ignored (DESK_STORY_MENTIONS=off)';
  if (ev.kind === 'unsend') return applyUnsend(desk, ev);
  if (ev.kind === 'reaction') return applyReaction(desk, ev);
  if (Object.hasOwn(desk.state.messages, ev.mid)) return 'duplicate';
  if (ev.kind === 'echo') return applyEcho(desk, ev);
  await desk.contacts.ensure(ev.igsid);
  if (Object.hasOwn(desk.state.messages, ev.mid)) return 'duplicate';
  return applyInbound(desk, ev);
}

function applyInbound(desk, ev) {
  let conv = desk.activeFor(ev.igsid);
  const created = !conv;
  if (created) conv = desk.newConversation(ev.igsid, ev.kind === 'story_mention' ? 'story_mention' : 'message');
  const msg = {
    mid: ev.mid,
    conversationId: conv.id,
    direction: 'in',
    origin: 'webhook',
    text: ev.text,
    attachments: ev.attachments,
    storyUrl: ev.storyUrl,
    replyToStory: ev.replyToStory,
    unsupported: ev.unsupported,
    postback: ev.postback || null,
    replyToMid: ev.replyToMid || null,
    quote: quoteOf(desk, ev.replyToMid),
    timestamp: ev.timestamp,
    seq: desk.nextSeq(),
    receivedAt: Date.now(),
    deleted: false,
  };
  if (Object.hasOwn(desk.state.deletedMids, ev.mid)) {
    msg.deleted = true;
    msg.deletedAt = desk.state.deletedMids[ev.mid];
    delete desk.state.deletedMids[ev.mid];
  }
  desk.insertMessage(conv, msg);
  desk.save();
  if (created) {
    desk.emitConversation(conv, 'assigned');
    desk.emit('status', desk.statusView());
  }
  desk.emitMessage(conv, msg);
  return created ? `new ${conv.state} conversation ${conv.id}` : `added to ${conv.id}`;
}

function applyEcho(desk, ev) {
  const conv = desk.activeFor(ev.igsid) || desk.latestFor(ev.igsid);
  const lastTs = conv && conv.mids.length ? desk.state.messages[conv.mids.at(-1)].timestamp : 0;
  const msg = {
    mid: ev.mid,
    conversationId: conv ? conv.id : null,
    direction: 'out',
    origin: 'echo',
    text: ev.text,
    attachments: ev.attachments,
    timestamp: Number.isFinite(ev.timestamp) ? ev.timestamp : lastTs,
    seq: desk.nextSeq(),
    receivedAt: Date.now(),
    deleted: Object.hasOwn(desk.state.deletedMids, ev.mid),
  };
  desk.insertMessage(conv, msg);
  desk.save();
  desk.emitMessage(conv, msg);
  return conv ? `echo added to ${conv.id}` : 'echo stored (no conversation)';
}

function applyUnsend(desk, ev) {
  if (!Object.hasOwn(desk.state.messages, ev.mid)) {
    desk.state.deletedMids[ev.mid] = Date.now();
    desk.save();
    return 'unsend stored until its message arrives';
  }
  const msg = desk.state.messages[ev.mid];
  if (msg.deleted) return 'duplicate unsend';
  msg.deleted = true; // the text is kept, only hidden
  msg.deletedAt = Date.now();
  desk.save();
  desk.emitMessage(desk.state.conversations[msg.conversationId], msg);
  return 'message marked deleted';
}

module.exports = { ingest };
