// Relay agent console: vanilla ES modules (no build step), live over EventSource, no reload.
// This module wires them together: actions, the STATUS menu, live event handlers and boot.

import { api } from "./console/api.js";
import { $, toast } from "./console/dom.js";
import { connect } from "./console/live.js";
import { closeHelp, followUp, notify, requestPermission } from "./console/notifications.js";
import { toggleTransfer } from "./console/transfer.js";
import { onAction, refreshWindow, renderChat, renderList, renderStatus, sendError } from "./console/render.js";
import {
  conversations, drafts, markUnread, mergeMessages, ordered, restoreUi, saveUi, selected, ui, unread,
  upsertConversation,
} from "./console/state.js";

const narrow = window.matchMedia("(max-width: 720px)"); // one pane: the list or the chat

// ---- actions --------------------------------------------------------------------------
function select(id) {
  ui.selectedId = id;
  ui.view = "chat";
  unread.delete(id);
  saveUi();
  renderList();
  renderChat({ keepDraft: false });
  const box = $("#composer-text");
  if (box && !narrow.matches) box.focus(); // on a phone the keyboard would hide the chat
}

function back() {
  ui.view = "list";
  saveUi();
  renderChat();
}

async function sendMessage(box, button) {
  const id = ui.selectedId;
  const text = box.value;
  if (!text.trim() || ui.sending) return;
  ui.sending = true;
  button.disabled = true;
  const stale = $('[data-testid="send-error"]');
  if (stale) stale.remove();
  try {
    const message = await api("POST", `/api/conversations/${id}/messages`, { text });
    const conv = conversations.get(id);
    if (conv) conv.messages = mergeMessages(conv.messages, [message]);
    const current = $("#composer-text");
    if (current && current.value === text) current.value = "";
    if ((drafts.get(id) || "") === text) drafts.delete(id);
    saveUi();
    renderList();
    if (ui.selectedId === id) renderChat();
  } catch (error) {
    // The text stays in the composer: nothing is silently lost.
    const old = $('[data-testid="send-error"]');
    if (old) old.remove();
    const row = $(".composer-row");
    if (row && ui.selectedId === id) row.after(sendError(error.message));
  } finally {
    ui.sending = false;
    const current = $("#send-button");
    if (current) current.disabled = false;
  }
}

async function endConversation(id) {
  try {
    const conv = await api("POST", `/api/conversations/${id}/end`);
    upsertConversation(conv);
  } catch (error) {
    toast("Could not end the conversation", error.message);
  }
  renderList();
  renderChat();
}

async function setStatus(status) {
  closeMenu();
  try {
    const me = await api("PUT", "/api/me/status", { status });
    renderStatus(me.status);
  } catch (error) {
    toast("Could not change status", error.message);
  }
}

/** The chat left this agent (a transfer, from this tab or another): show the next one. */
function gone(id, message) {
  if (!conversations.has(id)) return; // the event and the answer both say so: once is enough
  conversations.delete(id);
  unread.delete(id);
  drafts.delete(id);
  if (ui.selectedId === id) {
    const next = ordered().find((c) => c.status === "open");
    ui.selectedId = next ? next.id : null;
    ui.view = "list";
  }
  saveUi();
  renderList();
  renderChat({ keepDraft: false });
  if (message) toast(message[0], message[1]);
}

function transfer(conv, button) {
  toggleTransfer(conv, button, (moved, to) => gone(moved.id, [`Transferred to ${to.name}`, moved.contact_name]));
}

onAction({ select, send: sendMessage, end: endConversation, back, transfer });

// ---- status menu ----------------------------------------------------------------------
const menuButton = $("#status-button");
const menu = $("#status-menu");
function closeMenu() { menu.hidden = true; menuButton.setAttribute("aria-expanded", "false"); }
menuButton.addEventListener("click", (e) => {
  e.stopPropagation();
  const opening = menu.hidden;
  menu.hidden = !opening;
  menuButton.setAttribute("aria-expanded", String(opening));
  if (opening) menu.querySelector("button").focus();
});
menu.addEventListener("click", (e) => {
  const item = e.target.closest("[data-set-status]");
  if (item) setStatus(item.dataset.setStatus);
});
document.addEventListener("click", (e) => { if (!menu.hidden && !menu.contains(e.target)) closeMenu(); });
document.addEventListener("keydown", (e) => { if (e.key === "Escape" && !menu.hidden) { closeMenu(); menuButton.focus(); } });

// ---- live events ----------------------------------------------------------------------
const panelShowsOpen = () => {
  const conv = selected();
  return Boolean(conv && conv.status === "open");
};

async function ensureConversation(id) {
  if (conversations.has(id)) return conversations.get(id);
  try { return upsertConversation(await api("GET", `/api/conversations/${id}`)).conversation; } catch (_) { return null; }
}

async function messageEvent(data, isNew) {
  const known = conversations.get(data.conversation_id);
  const seen = known && known.messages.some((m) => m.id === data.message.id);
  const conv = await ensureConversation(data.conversation_id);
  if (!conv) return;
  const { conversation } = upsertConversation(Object.assign({}, data.conversation, { messages: [data.message] }));
  if (!isNew || seen || data.message.direction !== "in") return;
  const looking = conv.id === ui.selectedId && !document.hidden && (ui.view === "chat" || !narrow.matches);
  if (!looking) {
    if (conv.id !== ui.selectedId || document.hidden) markUnread(conv.id);
    followUp(conversation, data.message, select);
  }
}

const handlers = {
  "conversation.created": (data) => {
    const { conversation, isNew } = upsertConversation(data.conversation);
    if (isNew && ui.booted) notify(conversation, data.notification, select);
    if (!panelShowsOpen() && conversation.status === "open") ui.selectedId = conversation.id;
    else if (isNew && conversation.id !== ui.selectedId) markUnread(conversation.id);
  },
  "message.created": async (data) => messageEvent(data, true),
  "message.deleted": async (data) => messageEvent(data, false),
  "message.updated": async (data) => messageEvent(data, false), // an echo's time moved it
  "conversation.ended": (data) => { upsertConversation(data.conversation); },
  "conversation.transferred": (data) => {
    gone(data.conversation.id, [`Transferred to ${data.to.name}`, data.conversation.contact_name]);
  },
  "status.changed": (data) => { renderStatus(data.status); },
  "queue.changed": (data) => { $("#queue-count").textContent = String(data.queued); },
};

// ---- boot -----------------------------------------------------------------------------
async function boot() {
  $("#notifications-help-close").addEventListener("click", closeHelp);
  window.addEventListener("pagehide", saveUi); // a reload right after typing keeps the draft
  requestPermission();
  const after = Number(document.body.dataset.lastSeq || 0);
  try {
    for (const conv of await api("GET", "/api/conversations")) upsertConversation(conv);
  } catch (error) {
    toast("Could not load conversations", error.message);
  }
  if (!restoreUi()) { // a reload keeps the chat that was open; a first visit opens the newest
    const firstOpen = ordered().find((c) => c.status === "open");
    if (firstOpen) ui.selectedId = firstOpen.id;
  }
  renderList();
  renderChat({ keepDraft: false });
  ui.booted = true;
  setInterval(() => { if (selected()) refreshWindow(); }, 30000); // the reply window's time left
  connect(after, handlers, () => { renderList(); renderChat(); });
}

boot();
