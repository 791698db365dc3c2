// DOM builders. User text only ever goes through textContent and setAttribute.
import { postbackEl, quoteEl, reactionEl, storyReplyEl } from './extras.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const isHttp = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);

function initials(name) {
  const parts = String(name || '?').replace(/^@/, '').trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? parts[0][0] + parts[parts.length - 1][0] : (parts[0] || '?').slice(0, 2);
  return letters.toUpperCase();
}

function hue(text) {
  let h = 2166136261; // FNV-1a, so near-identical ids get far-apart colours
  for (const ch of String(text)) h = Math.imul(h ^ ch.codePointAt(0), 16777619) >>> 0;
  return h % 360;
}

export function avatar(contact, size = '') {
  const node = el('span', { class: `avatar ${size}`.trim(), 'aria-hidden': 'true', text: initials(contact.display) });
  node.style.setProperty('--hue', hue(contact.igsid || contact.display));
  if (isHttp(contact.profilePic)) {
    const img = el('img', { alt: '', src: contact.profilePic, loading: 'lazy', referrerpolicy: 'no-referrer' });
    img.addEventListener('error', () => img.remove());
    node.append(img);
  }
  return node;
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

export function timeEl(ms, withDay = false) {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  const today = new Date().toDateString() === d.toDateString();
  const label = withDay && !today ? dayFmt.format(d) : timeFmt.format(d);
  return el('time', { datetime: d.toISOString(), title: d.toLocaleString(), text: label });
}

export function storyBadge() {
  return el('span', { class: 'badge story-badge', text: 'Story mention' });
}

export function threadItem(conv, selected, unread) {
  const ended = conv.state === 'ended';
  const preview = conv.preview
    ? `${conv.preview.direction === 'out' ? 'You: ' : ''}${conv.preview.text}`
    : 'No messages';
  return el(
    'li',
    {
      class: `thread ${ended ? 'is-ended' : 'is-open'}${selected ? ' is-selected' : ''}${unread ? ' is-unread' : ''}`,
      'data-thread': conv.id,
      'data-state': conv.state,
      'data-kind': conv.kind,
    },
    el(
      'button',
      { type: 'button', class: 'thread-button', 'aria-current': selected ? 'true' : null },
      avatar(conv.contact),
      el(
        'span',
        { class: 'thread-main' },
        el('span', { class: 'thread-top' }, el('span', { class: 'thread-name', text: conv.contact.display }), timeEl(conv.preview && conv.preview.timestamp, true)),
        el('span', { class: `thread-preview${conv.preview && conv.preview.deleted ? ' is-deleted' : ''}`, text: preview }),
        el(
          'span',
          { class: 'thread-tags' },
          el('span', { class: `state-tag ${ended ? 'ended' : 'open'}`, text: ended ? 'Ended' : 'Open' }),
          conv.kind === 'story_mention' ? storyBadge() : null,
          unread ? el('span', { class: 'unread-dot', 'aria-label': 'New messages' }) : null,
        ),
      ),
    ),
  );
}

const ATTACHMENT_LABELS = {
  image: 'Photo',
  video: 'Video',
  audio: 'Voice message',
  file: 'File',
  share: 'Shared post',
  ig_reel: 'Reel',
  reel: 'Reel',
  ig_post: 'Post',
  other: 'Attachment',
};

function attachmentEl(a) {
  const label = a.title || ATTACHMENT_LABELS[a.type] || 'Attachment';
  if (!isHttp(a.url)) return el('span', { class: 'attachment no-link', text: label });
  const link = el('a', { class: `attachment ${a.type}`, href: a.url, target: '_blank', rel: 'noopener noreferrer' });
  if (a.type === 'image') link.append(el('img', { class: 'attachment-img', alt: label, src: a.url, loading: 'lazy' }));
  else link.append(el('span', { class: 'attachment-icon', 'aria-hidden': 'true' }), el('span', { text: a.title ? `Open “${a.title}”` : `Open ${label.toLowerCase()}` }));
  return link;
}

// A version key lets the message list keep nodes (and loaded images) that did not change.
export function messageKey(m) {
  return `${m.deleted}|${m.text}|${m.storyUrl}|${m.attachments.length}|${m.reaction}|${m.quote}`;
}

export function bubble(m) {
  const dir = m.direction === 'out' ? 'out' : 'in';
  const body = [];
  if (m.deleted) {
    body.push(el('p', { class: 'bubble-text deleted-text', text: 'Message deleted' }));
  } else {
    if (m.storyUrl) {
      body.push(
        el(
          'figure',
          { class: 'story' },
          el('img', { class: 'story-img', alt: 'Story mention', src: m.storyUrl }),
          el('figcaption', { class: 'story-caption', text: 'Mentioned you in their story' }),
        ),
      );
    }
    for (const part of [storyReplyEl(m), quoteEl(m)]) if (part) body.push(part);
    for (const a of m.attachments) body.push(attachmentEl(a));
    if (m.text) body.push(el('p', { class: 'bubble-text', text: m.text }));
    else if (m.postback) body.push(postbackEl(m));
    else if (m.unsupported) body.push(el('p', { class: 'bubble-text muted unsupported', text: 'Message type not supported here: open Instagram to see it' }));
    else if (!body.length) body.push(el('p', { class: 'bubble-text muted', text: 'Empty message' }));
  }
  const who = dir === 'in' ? null : m.origin === 'echo' ? 'From another app' : 'You';
  return el(
    'li',
    {
      class: `bubble ${dir}${m.deleted ? ' deleted' : ''}${m.storyUrl && !m.deleted ? ' story-mention' : ''}`,
      'data-mid': m.mid,
      'data-deleted': m.deleted ? 'true' : null,
      'data-key': messageKey(m),
    },
    ...body,
    reactionEl(m),
    el('p', { class: 'bubble-meta' }, timeEl(m.timestamp, true), who ? el('span', { class: 'bubble-who', text: who }) : null),
  );
}
