'use strict';
// What the console receives. Deleted messages never carry their text to the browser.

function contactView(contact, igsid) {
  const c = contact || {};
  return {
    igsid,
    name: c.name || null,
    username: c.username || null,
    profilePic: c.profilePic || null,
    display: c.name || c.username || igsid,
  };
}

function message(msg) {
  const hidden = msg.deleted === true;
  return {
    mid: msg.mid,
    direction: msg.direction,
    origin: msg.origin,
    sentBy: msg.sentBy || null,
    timestamp: msg.timestamp,
    seq: msg.seq,
    deleted: hidden,
    text: hidden ? null : msg.text,
    attachments: hidden ? [] : (msg.attachments || []).filter((a) => a.type !== 'story_mention'),
    storyUrl: hidden ? null : msg.storyUrl || null,
    replyToStory: hidden ? null : msg.replyToStory || null,
    unsupported: !hidden && msg.unsupported === true,
    postback: hidden || !msg.postback ? null : msg.postback.title,
    quote: hidden ? null : msg.quote || null,
    reaction: hidden || !msg.reaction ? null : msg.reaction.emoji,
  };
}

function preview(msg) {
  if (!msg) return null;
  let text;
  if (msg.deleted) text = 'Unsent a message'; // not "Message deleted": that text belongs to the bubble
  else if (msg.storyUrl) text = 'Mentioned you in their story';
  else if (msg.postback) text = `Tapped “${msg.postback.title}”`;
  else if (msg.text) text = msg.text;
  else if (msg.attachments && msg.attachments.length) text = `Sent ${msg.attachments[0].type.replace('_', ' ')}`;
  else text = 'Message';
  return { text: text.slice(0, 140), direction: msg.direction, timestamp: msg.timestamp, deleted: !!msg.deleted };
}

function summary(desk, conv) {
  const last = conv.mids.length ? desk.state.messages[conv.mids.at(-1)] : null;
  return {
    id: conv.id,
    kind: conv.kind,
    state: conv.state,
    createdAt: conv.createdAt,
    createdSeq: conv.createdSeq,
    assignedAt: conv.assignedAt,
    endedAt: conv.endedAt,
    contact: contactView(desk.state.contacts[conv.igsid], conv.igsid),
    preview: preview(last),
    messageCount: conv.mids.length,
  };
}

function conversation(desk, conv) {
  return {
    ...summary(desk, conv),
    messages: conv.mids.map((mid) => message(desk.state.messages[mid])),
  };
}

function assignedList(desk, limit = 300) {
  return desk
    .conversations()
    .filter((c) => c.state !== 'queued')
    .sort((a, b) => b.createdSeq - a.createdSeq)
    .slice(0, limit)
    .map((c) => summary(desk, c));
}

module.exports = { summary, message, conversation, assignedList, contactView };
