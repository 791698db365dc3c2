'use strict';
// Turns a webhook envelope into plain events the desk understands.
// Anything unknown becomes { kind: 'skip', reason } instead of an error.
const { normalizeInteraction, replyToMidOf } = require('./interactions');

const ATTACHMENT_TYPES = new Set(['image', 'video', 'audio', 'file', 'share', 'story_mention', 'ig_reel', 'reel', 'ig_post']);

const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

// Ids key plain objects in storage, so odd ones are refused.
function id(value) {
  const v = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof v !== 'string' || !v || v.length > 512 || RESERVED.has(v)) return null;
  return v;
}

function httpUrl(value) {
  return typeof value === 'string' && /^https?:\/\//i.test(value) ? value : null;
}

function attachmentsOf(message) {
  if (!Array.isArray(message.attachments)) return [];
  return message.attachments
    .filter((a) => a && typeof a === 'object')
    .map((a) => ({
      type: ATTACHMENT_TYPES.has(a.type) ? a.type : 'other',
      url: httpUrl(a.payload && a.payload.url),
      title: a.payload && typeof a.payload.title === 'string' ? a.payload.title.slice(0, 200) : null,
    }));
}

function normalizeEvent(entryId, ev, fallbackTime) {
  if (!ev || typeof ev !== 'object') return { kind: 'skip', reason: 'not an object' };
  const sender = id(ev.sender && ev.sender.id);
  const recipient = id(ev.recipient && ev.recipient.id);
  const m = ev.message;
  if ((!m || typeof m !== 'object') && sender && recipient) {
    if (entryId && recipient !== entryId) return { kind: 'skip', reason: 'recipient is not the business' };
    const interaction = normalizeInteraction(ev, sender, Number.isFinite(ev.timestamp) ? ev.timestamp : fallbackTime);
    if (interaction) return interaction;
  }
  if (!m || typeof m !== 'object') {
    const known = ['read', 'reaction', 'postback', 'referral', 'message_edit'].find((k) => k in ev);
    return { kind: 'skip', reason: known ? `${known} events are not handled` : 'unknown event kind' };
  }
  const mid = id(m.mid);
  if (!mid || !sender || !recipient) return { kind: 'skip', reason: 'message without mid, sender or recipient' };
  const timestamp = Number.isFinite(ev.timestamp) ? ev.timestamp : fallbackTime;

  if (m.is_deleted === true) return { kind: 'unsend', mid, timestamp };

  const text = typeof m.text === 'string' ? m.text : null;
  const attachments = attachmentsOf(m);
  const base = { mid, timestamp, text, attachments };
  if (m.is_echo === true) {
    if (entryId && sender !== entryId) return { kind: 'skip', reason: 'echo not sent by the business' };
    return { kind: 'echo', igsid: recipient, ...base };
  }
  if (entryId && recipient !== entryId) return { kind: 'skip', reason: 'recipient is not the business' };
  if (sender === recipient) return { kind: 'skip', reason: 'sender is the business' };
  const story = attachments.find((a) => a.type === 'story_mention');
  const replyStory = m.reply_to && m.reply_to.story ? httpUrl(m.reply_to.story.url) : null;
  return {
    kind: story ? 'story_mention' : 'message',
    igsid: sender,
    ...base,
    storyUrl: story ? story.url : null,
    replyToStory: replyStory,
    replyToMid: replyToMidOf(m),
    unsupported: m.is_unsupported === true,
  };
}

// Yields [entryId, event] pairs from an envelope, whatever its shape.
function eventsOf(envelope) {
  const out = [];
  if (!envelope || envelope.object !== 'instagram' || !Array.isArray(envelope.entry)) return out;
  for (const entry of envelope.entry) {
    if (!entry || typeof entry !== 'object') continue;
    const entryId = id(entry.id);
    const time = Number.isFinite(entry.time) ? entry.time : Date.now();
    const list = Array.isArray(entry.messaging) ? entry.messaging : [];
    for (const ev of list) {
      const normalized = normalizeEvent(entryId, ev, time);
      if (Number.isFinite(entry.time)) normalized.metaTime = entry.time; // Meta's clock (policy.js)
      out.push(normalized);
    }
  }
  return out;
}

module.exports = { eventsOf, normalizeEvent };
