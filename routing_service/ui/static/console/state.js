// What the console knows: conversations with their messages, unread counts, the selection.
// Events and actions write here; render.js only reads.

export const conversations = new Map(); // id -> conversation (with messages)
export const unread = new Map(); // id -> count of incoming messages not yet seen
export const ui = { selectedId: null, booted: false, sending: false };

export const selected = () => (ui.selectedId ? conversations.get(ui.selectedId) || null : null);
export const markUnread = (id) => unread.set(id, (unread.get(id) || 0) + 1);

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

/** Newest first. */
export function ordered() {
  return [...conversations.values()].sort((a, b) => Number(b.id) - Number(a.id));
}
