// The right-hand panel: one conversation, its messages, the composer and End.
import { el, avatar, bubble, messageKey, timeEl } from './render.js';

export function createChat(root, actions) {
  const emptyState = root.querySelector('#chat-empty');
  let shown = null; // "id|state" of the skeleton on screen
  let parts = null;

  function skeleton(conv, draft) {
    const open = conv.state === 'open';
    const p = {};
    p.title = el('h2', { id: 'chat-title', class: 'chat-title' });
    p.sub = el('p', { class: 'chat-sub' });
    p.avatar = el('span', { class: 'chat-avatar' });
    p.list = el('ol', { id: 'messages', class: 'messages', role: 'log', 'aria-label': 'Messages', 'aria-live': 'polite' });
    const head = el(
      'header',
      { class: 'chat-head' },
      el('button', { type: 'button', class: 'button ghost back-button', 'aria-label': 'Back to conversations', onclick: actions.back }, el('span', { 'aria-hidden': 'true', text: '‹' }), ' Chats'),
      p.avatar,
      el('div', { class: 'chat-id' }, p.title, p.sub),
      open ? el('button', { type: 'button', id: 'end-button', class: 'button danger end-button', onclick: () => actions.end(conv.id), text: 'End' }) : null,
    );
    const nodes = [head, el('div', { class: 'messages-scroll' }, p.list)];
    if (open) {
      p.input = el('textarea', {
        id: 'composer-input',
        class: 'composer-input',
        placeholder: 'Type a message',
        rows: '1',
        'aria-label': 'Message',
        maxlength: '2000',
      });
      p.input.value = draft || '';
      p.input.addEventListener('input', () => {
        actions.draft(conv.id, p.input.value);
        grow(p.input);
      });
      p.input.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
          e.preventDefault();
          actions.send(conv.id, p.input.value);
        }
      });
      p.send = el('button', { type: 'submit', id: 'send-button', class: 'button primary send-button', text: 'Send' });
      p.error = el('p', { id: 'send-error', class: 'send-error', role: 'alert' });
      const form = el('form', { id: 'composer', class: 'composer', 'aria-label': 'Reply', novalidate: true }, p.input, p.send);
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        actions.send(conv.id, p.input.value);
      });
      nodes.push(el('div', { class: 'composer-area' }, p.error, form, el('p', { class: 'composer-hint', text: 'Press Enter to reply · Shift+Enter for a new line' })));
    } else {
      p.error = el('p', { id: 'send-error', class: 'send-error', role: 'alert' });
      nodes.push(el('div', { class: 'ended-area' }, p.error, el('p', { class: 'ended-note', role: 'status', text: 'Conversation ended' })));
    }
    return { p, nodes };
  }

  function grow(input) {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 160)}px`;
  }

  function renderMessages(list, messages) {
    const scroller = list.parentElement;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
    const existing = new Map([...list.children].map((n) => [n.dataset.mid, n]));
    const nodes = messages.map((m) => {
      const old = existing.get(m.mid);
      return old && old.dataset.key === messageKey(m) ? old : bubble(m);
    });
    const grew = nodes.length !== list.children.length;
    list.replaceChildren(...nodes);
    if (!messages.length) list.append(el('li', { class: 'messages-empty', text: 'No messages yet' }));
    if (atBottom || grew) scroller.scrollTop = scroller.scrollHeight;
  }

  return {
    // conv: summary or null; messages: sorted array or null while loading.
    render(conv, messages, { draft, error, sending }) {
      if (!conv) {
        shown = null;
        parts = null;
        root.removeAttribute('data-thread');
        root.removeAttribute('data-state');
        root.setAttribute('aria-label', 'Conversation');
        root.replaceChildren(emptyState);
        return;
      }
      const key = `${conv.id}|${conv.state}`;
      if (shown !== key) {
        const { p, nodes } = skeleton(conv, draft);
        root.replaceChildren(...nodes);
        shown = key;
        parts = p;
        if (p.input) grow(p.input);
      }
      root.dataset.thread = conv.id;
      root.dataset.state = conv.state;
      root.setAttribute('aria-label', `Conversation with ${conv.contact.display}`);
      parts.title.textContent = conv.contact.display;
      parts.avatar.replaceChildren(avatar(conv.contact, 'large'));
      const bits = [];
      if (conv.contact.username) bits.push(`@${conv.contact.username}`);
      bits.push(conv.state === 'ended' ? 'Ended' : 'Open');
      const since = timeEl(conv.state === 'ended' ? conv.endedAt : conv.assignedAt || conv.createdAt, true);
      parts.sub.replaceChildren(
        el('span', { class: 'chat-sub-text' }, bits.join(' · '), since ? ' · ' : '', since),
      );
      if (messages) renderMessages(parts.list, messages);
      else parts.list.replaceChildren(el('li', { class: 'messages-empty', text: 'Loading messages…' }));
      parts.error.textContent = error || '';
      parts.error.hidden = !error;
      if (parts.send) {
        parts.send.disabled = !!sending;
        parts.send.setAttribute('aria-busy', sending ? 'true' : 'false');
      }
    },
    clearInput() {
      if (parts && parts.input) {
        parts.input.value = '';
        grow(parts.input);
        parts.input.focus();
      }
    },
  };
}
