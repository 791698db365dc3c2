// The parts of a bubble for what a user does besides writing: the story a reply answers, the
// message an inline reply quotes, a tapped button, the user's reaction.
import { el } from './render.js';

const isHttp = (url) => typeof url === 'string' && /^https?:\/\//i.test(url);

// The story shown from the webhook's own URL (Meta's CDN), never a copy.
export function storyReplyEl(m) {
  if (!isHttp(m.replyToStory)) return null;
  return el(
    'figure',
    { class: 'story story-reply' },
    el('img', { class: 'story-img', alt: 'Story they replied to', src: m.replyToStory, referrerpolicy: 'no-referrer' }),
    el('figcaption', { class: 'story-caption', text: 'Replied to your story' }),
  );
}

export function quoteEl(m) {
  if (!m.quote) return null;
  return el('blockquote', { class: 'bubble-quote' }, el('span', { class: 'quote-who', text: 'Replying to ' }), el('span', { class: 'quote-text', text: m.quote }));
}

export function postbackEl(m) {
  return m.postback && !m.text ? el('p', { class: 'bubble-text action', text: `Tapped “${m.postback}”` }) : null;
}

export function reactionEl(m) {
  return m.reaction ? el('span', { class: 'bubble-reaction', title: 'Their reaction', text: m.reaction }) : null;
}
