// The agent's console: status menu, conversation list, live updates, notifications.
import { api, connectEvents } from './api.js';
import { threadItem } from './render.js';
import { createChat } from './chat.js';
import { renderStatus } from './status.js';

const $ = (sel) => document.querySelector(sel);

const S = {
  convs: new Map(), // id -> summary
  messages: new Map(), // id -> Map(mid -> message)
  selected: null,
  unread: new Set(),
  drafts: new Map(),
  errors: new Map(),
  sending: new Set(),
};

const workspace = $('#workspace');
const chat = createChat($('#chat'), {
  back: () => setView('list'),
  draft: (id, text) => S.drafts.set(id, text),
  send,
  end,
});

function setView(view) {
  workspace.dataset.view = view;
}

// ---- conversations ----
function sortedMessages(id) {
  const map = S.messages.get(id);
  if (!map) return null;
  return [...map.values()].sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
}

function renderList() {
  const convs = [...S.convs.values()].sort((a, b) => b.createdSeq - a.createdSeq);
  const list = $('#thread-list');
  list.replaceChildren(...convs.map((c) => threadItem(c, c.id === S.selected, S.unread.has(c.id))));
  $('#list-empty').hidden = convs.length > 0;
  const open = convs.filter((c) => c.state === 'open').length;
  $('#list-count').textContent = convs.length ? `${open} open` : '';
  const unread = S.unread.size;
  document.title = `${unread ? `(${unread}) ` : ''}${document.title.replace(/^\(\d+\) /, '')}`;
}

function renderChat() {
  const conv = S.selected ? S.convs.get(S.selected) : null;
  chat.render(conv, conv ? sortedMessages(conv.id) : null, {
    draft: conv && S.drafts.get(conv.id),
    error: conv && S.errors.get(conv.id),
    sending: conv && S.sending.has(conv.id),
  });
}

function render() {
  renderList();
  renderChat();
}

async function loadConversation(id) {
  const data = await api('GET', `/api/conversations/${encodeURIComponent(id)}`);
  const { messages, ...summary } = data;
  S.convs.set(id, summary);
  // Merge with what arrived live meanwhile; a deletion is never undone.
  const live = S.messages.get(id) || new Map();
  const merged = new Map(messages.map((m) => [m.mid, live.get(m.mid)?.deleted ? live.get(m.mid) : m]));
  for (const [mid, m] of live) if (!merged.has(mid)) merged.set(mid, m);
  S.messages.set(id, merged);
}

async function select(id, { show = true } = {}) {
  S.selected = id;
  S.unread.delete(id);
  if (show) setView('chat');
  render();
  try {
    await loadConversation(id);
  } catch (err) {
    S.errors.set(id, err.message);
  }
  if (S.selected === id) render();
}

$('#thread-list').addEventListener('click', (e) => {
  const item = e.target.closest('[data-thread]');
  if (item) select(item.dataset.thread);
});

function panelFree() {
  const conv = S.selected && S.convs.get(S.selected);
  return !conv || conv.state !== 'open';
}

async function send(id, text) {
  if (S.sending.has(id)) return;
  if (!text.trim()) {
    S.errors.set(id, 'Type a message first.');
    return renderChat();
  }
  S.sending.add(id);
  S.errors.delete(id);
  renderChat();
  try {
    const msg = await api('POST', `/api/conversations/${encodeURIComponent(id)}/messages`, { text });
    if (!S.messages.has(id)) S.messages.set(id, new Map());
    S.messages.get(id).set(msg.mid, msg);
    S.drafts.delete(id);
    if (S.selected === id) chat.clearInput();
  } catch (err) {
    // The typed text stays in the composer; the reason is shown next to it.
    S.errors.set(id, `Not sent. ${err.message}`);
  } finally {
    S.sending.delete(id);
    render();
  }
}

async function end(id) {
  try {
    S.convs.set(id, await api('POST', `/api/conversations/${encodeURIComponent(id)}/end`, {}));
    S.errors.delete(id);
  } catch (err) {
    S.errors.set(id, `Could not end: ${err.message}`);
  }
  render();
}

// ---- notifications ----
function notify(conv) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const n = new Notification('New Instagram conversation', { body: conv.contact.display });
    n.onclick = () => {
      window.focus();
      select(conv.id);
    };
  } catch (err) {
    console.warn('notification failed', err);
  }
}

if ('Notification' in window) {
  try {
    const asked = Notification.requestPermission();
    if (asked && asked.catch) asked.catch(() => {});
  } catch {
    /* very old browsers */
  }
}

// ---- live updates ----
async function refresh() {
  const data = await api('GET', '/api/conversations');
  renderStatus(data);
  S.convs = new Map(data.conversations.map((c) => [c.id, c]));
  if (S.selected && !S.convs.has(S.selected)) S.selected = null;
  if (!S.selected) {
    const open = data.conversations.find((c) => c.state === 'open');
    if (open) return select(open.id, { show: false });
  } else {
    await loadConversation(S.selected).catch(() => {});
  }
  for (const id of S.messages.keys()) if (id !== S.selected) S.messages.delete(id);
  return render();
}

function setLive(state) {
  const live = $('#live');
  live.dataset.live = state;
  live.textContent = state === 'up' ? 'Live' : 'Reconnecting…';
  live.title = state === 'up' ? 'Live updates on' : 'Live updates lost, reconnecting';
}

connectEvents({
  open() {
    setLive('up');
    refresh().catch((err) => console.error(err));
  },
  down: () => setLive('down'),
  status: (view) => renderStatus(view),
  conversation({ reason, conversation }) {
    S.convs.set(conversation.id, conversation);
    if (reason === 'assigned') {
      notify(conversation);
      if (panelFree()) return select(conversation.id);
    }
    return render();
  },
  message({ conversationId, message, conversation }) {
    S.convs.set(conversationId, conversation);
    if (conversationId === S.selected && !S.messages.has(conversationId)) S.messages.set(conversationId, new Map());
    const map = S.messages.get(conversationId);
    if (map) map.set(message.mid, message);
    if (conversationId !== S.selected && message.direction === 'in') S.unread.add(conversationId);
    render();
  },
});

$('#logout-button').addEventListener('click', async () => {
  try {
    await api('POST', '/api/logout', {});
  } finally {
    window.location.assign('/login');
  }
});

const agentName = $('#agent-name').textContent.trim();
$('#agent-initials').textContent = agentName
  .split(/\s+/)
  .map((w) => w[0])
  .join('')
  .slice(0, 2)
  .toUpperCase();
renderStatus();
render();
