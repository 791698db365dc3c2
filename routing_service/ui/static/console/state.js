// What the console knows: conversations with their messages, unread counts, the selection.
// Events and actions write here; render.js only reads.

export const conversations = new Map(); // id -> conversation (with messages)
export const unread = new Map(); // id -> count of incoming messages not yet seen
export const drafts = new Map(); // id -> what the agent typed and has not sent
// `view`: what a phone-width screen shows, the list or the chat (wide screens show both)
export const ui = { selectedId: null, booted: false, sending: false, view: "list" };

// A reload (or a crash of the tab) keeps the open chat, the drafts and the unread counts:
// sessionStorage is per tab, so two tabs of one agent do not fight over the selection.
const SAVED = "relay.console.v1";

export function saveUi() {
  try {
    sessionStorage.setItem(SAVED, JSON.stringify({
      selectedId: ui.selectedId, view: ui.view,
      drafts: Object.fromEntries([...drafts].filter(([, text]) => text)),
      unread: Object.fromEntries(unread),
    }));
  } catch (_) { /* private mode or full storage: the console still works, unsaved */ }
}

/** What the tab had before a reload, for conversations that still exist. */
export function restoreUi() {
  let saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(SAVED) || "null"); } catch (_) { saved = null; }
  if (!saved || typeof saved !== "object") return false;
  for (const [id, text] of Object.entries(saved.drafts || {})) {
    if (conversations.has(id) && typeof text === "string") drafts.set(id, text);
  }
  for (const [id, count] of Object.entries(saved.unread || {})) {
    if (conversations.has(id) && Number.isInteger(count) && count > 0) unread.set(id, count);
  }
  if (saved.selectedId && conversations.has(saved.selectedId)) {
    ui.selectedId = saved.selectedId;
    ui.view = saved.view === "chat" ? "chat" : "list";
    return true;
  }
  return false;
}

export const selected = () => (ui.selectedId ? conversations.get(ui.selectedId) || null : null);
export const markUnread = (id) => { unread.set(id, (unread.get(id) || 0) + 1); saveUi(); };

/** Merge a conversation from the API or an event; `isNew` when it was not known. */
export function upsertConversation(data) {
  const known = conversations.get(data.id);
  const merged = Object.assign({}, known || {}, data);
  merged.messages = mergeMessages(known ? known.messages : [], data.messages || []);
  conversations.set(data.id, merged);
  return { conversation: merged, isNew: !known };
}

/** Meta's order, as the server lists it: `meta_timestamp` (ISO, sorts as text), then arrival. */
export function inMetaOrder(a, b) {
  const at = a.meta_timestamp || "";
  const bt = b.meta_timestamp || "";
  if (at !== bt) return at < bt ? -1 : 1;
  return Number(a.id) - Number(b.id);
}

export function mergeMessages(current, incoming) {
  const byId = new Map((current || []).map((m) => [m.id, m]));
  for (const message of incoming) byId.set(message.id, Object.assign({}, byId.get(message.id) || {}, message));
  return [...byId.values()].sort(inMetaOrder); // a live update lands in place, not at the end
}

/** When the conversation last moved: its newest message, else when it was opened. */
export function lastActivity(conv) {
  const messages = conv.messages || [];
  const last = messages.length ? messages[messages.length - 1] : null;
  return (last && (last.meta_timestamp || last.created_at)) || conv.created_at || "";
}

/** Open chats first, then by the newest activity: a follow-up message moves its chat up. */
export function ordered() {
  return [...conversations.values()].sort((a, b) => {
    if ((a.status === "open") !== (b.status === "open")) return a.status === "open" ? -1 : 1;
    const at = lastActivity(a), bt = lastActivity(b);
    if (at !== bt) return at < bt ? 1 : -1;
    return Number(b.id) - Number(a.id);
  });
}
