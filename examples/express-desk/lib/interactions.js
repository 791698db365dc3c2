'use strict';
// What a user does in Direct besides writing: reactions (message_reactions), taps on ice
// breakers, the persistent menu or Get Started (messaging_postbacks), inline replies
// (message.reply_to.mid). Shapes: Meta's Instagram webhook payloads ([IGEX]).

const MAX_TITLE = 200;

function str(value, max = MAX_TITLE) {
  return typeof value === 'string' && value ? value.slice(0, max) : null;
}

// A reaction or postback event as a plain event (see events.js), or null for other kinds.
function normalizeInteraction(ev, sender, timestamp) {
  const r = ev.reaction;
  if (r && typeof r === 'object') {
    const mid = str(r.mid, 512);
    if (!mid) return { kind: 'skip', reason: 'reaction without mid' };
    if (r.action === 'unreact') return { kind: 'reaction', igsid: sender, mid, timestamp, reaction: null };
    const emoji = str(r.emoji, 16) || '\u2764\ufe0f';
    return { kind: 'reaction', igsid: sender, mid, timestamp, reaction: { name: str(r.reaction, 40) || 'other', emoji } };
  }
  const p = ev.postback;
  if (p && typeof p === 'object') {
    const title = str(p.title) || str(p.payload) || 'a button';
    // Postbacks carry a mid from v11 on; an older one gets a stable one (a redelivery dedupes).
    const mid = str(p.mid, 512) || `postback:${sender}:${timestamp}:${str(p.payload, 100) || ''}`;
    return { kind: 'message', igsid: sender, mid, timestamp, text: null, attachments: [], postback: { title, payload: str(p.payload, 1000) } };
  }
  return null;
}

// The id of the message an inline reply answers, if any.
function replyToMidOf(message) {
  const to = message.reply_to;
  return to && typeof to === 'object' ? str(to.mid, 512) : null;
}

// What the answered message said, as the console quotes it.
function quoteOf(desk, mid) {
  if (!mid) return null;
  const original = Object.hasOwn(desk.state.messages, mid) ? desk.state.messages[mid] : null;
  if (!original) return 'an earlier message';
  if (original.deleted) return 'Message deleted';
  return original.text || 'an attachment';
}

// The user's reaction on one of the conversation's messages (null: taken back).
function applyReaction(desk, ev) {
  if (!Object.hasOwn(desk.state.messages, ev.mid)) return 'reaction to an unknown message';
  const msg = desk.state.messages[ev.mid];
  const conv = desk.state.conversations[msg.conversationId];
  if (!conv || conv.igsid !== ev.igsid) return 'reaction from another user';
  msg.reaction = ev.reaction;
  desk.save();
  desk.emitMessage(conv, msg);
  return ev.reaction ? 'reaction shown' : 'reaction taken back';
}

module.exports = { normalizeInteraction, replyToMidOf, quoteOf, applyReaction };
