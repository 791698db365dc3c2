// Rendering from state.js: the top bar's status, the conversation list and the chat panel.
// User actions go to the handlers console.js registers with `onAction`.

import { $, chatIcon, h } from "./dom.js";
import { messageNodes } from "./bubbles.js";
import { initial, isShownDeleted, lastMessage, safeUrl, time } from "./format.js";
import { conversations, drafts, ordered, saveUi, selected, ui, unread } from "./state.js";
import { closedReason, windowBadge, windowState } from "./window.js";

let draftTimer = null;
const saveDraftSoon = () => { clearTimeout(draftTimer); draftTimer = setTimeout(saveUi, 300); };

const STATUS_LABELS = { operating: "Operating", ready: "Ready", paused: "Paused", offline: "Logged out" };
const positions = Number(document.body.dataset.positions || 8);
let on = { select() {}, send() {}, end() {}, back() {}, transfer() {} };

/** Register `{select(id), send(box, button), end(id)}`. */
export function onAction(handlers) { on = handlers; }

export function renderStatus(status) {
  $("#status-pill").dataset.status = status;
  $('[data-testid="agent-status"]').textContent = STATUS_LABELS[status] || status;
}

function renderPositions() {
  const inUse = [...conversations.values()].filter((c) => c.status === "open").length;
  $("#open-chats").textContent = String(inUse);
  $("#capacity-bar").style.width = `${Math.min(100, Math.round((100 * inUse) / positions))}%`;
}

export function renderList() {
  const list = $("#conversation-list");
  const items = ordered().map(listItem);
  list.replaceChildren(...items);
  $("#empty-list").hidden = items.length > 0;
  renderPositions();
}

function avatar(conv, cls) {
  const pic = safeUrl(conv.profile_pic);
  const el = h("span", { class: `avatar ${cls || ""}`, "aria-hidden": "true" }, initial(conv.contact_name));
  if (pic) {
    const img = h("img", { src: pic, alt: "", referrerpolicy: "no-referrer" });
    img.addEventListener("error", () => img.remove());
    el.textContent = "";
    el.append(img);
  }
  return el;
}

function listItem(conv) {
  const last = lastMessage(conv);
  const preview = last ? (last.direction === "out" ? `You: ${last.display_text}` : last.display_text) : "";
  const count = unread.get(conv.id) || 0;
  const open = () => on.select(conv.id);
  return h("li", {
    class: "conversation-item", "data-testid": "conversation-item", "data-conversation-id": conv.id,
    "data-status": conv.status, "data-kind": conv.kind, tabindex: "0",
    "aria-current": conv.id === ui.selectedId ? "true" : "false",
    onclick: open, onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); } },
  },
  avatar(conv),
  h("div", { class: "conv-main" },
    h("div", { class: "conv-row" },
      h("span", { class: "conv-name", "data-testid": "contact-name", text: conv.contact_name }),
      h("time", { class: "conv-time", datetime: last ? last.created_at : conv.created_at, text: time(last ? last.created_at : conv.created_at) })),
    h("div", { class: `conv-preview${last && isShownDeleted(last) ? " deleted" : ""}`, text: preview }),
    h("div", { class: "badges" },
      h("span", { class: "badge badge-instagram", text: "Instagram" }),
      conv.kind === "story_mention" ? h("span", { class: "badge badge-story", text: "Story mention" }) : null,
      h("span", { class: `badge badge-${conv.status}`, text: conv.status === "open" ? "Open" : "Ended" }))),
  count && conv.id !== ui.selectedId ? h("span", { class: "unread", "aria-label": `${count} unread`, text: count }) : null);
}

/** Redraw the chat panel: each conversation keeps its own draft; a shown send error and the
 *  caret survive a redraw of the same conversation. */
export function renderChat({ keepDraft } = { keepDraft: true }) {
  const panel = $("#chat-panel");
  const conv = selected();
  const same = panel.dataset.conversationId === (ui.selectedId || "");
  const draftBox = $("#composer-text");
  const errorBox = $('[data-testid="send-error"]');
  const error = keepDraft && same && errorBox ? errorBox.textContent : "";
  const focused = same && draftBox && document.activeElement === draftBox
    ? [draftBox.selectionStart, draftBox.selectionEnd] : null;
  const log0 = $(".messages");
  // a chat opened from the list starts at its newest message; a live redraw keeps the place
  const atBottom = !keepDraft || !same || !log0 || log0.scrollHeight - log0.scrollTop - log0.clientHeight < 48;
  panel.dataset.conversationId = conv ? conv.id : "";
  $(".workspace").dataset.view = conv && ui.view === "chat" ? "chat" : "list";
  if (!conv) {
    panel.replaceChildren(h("div", { class: "chat-empty" },
      chatIcon(),
      h("h2", { text: "No conversation selected" }),
      h("p", { text: "New Instagram conversations open here automatically." })));
    return;
  }
  const ended = conv.status !== "open";
  const header = h("header", { class: "chat-head" },
    h("button", { type: "button", class: "back-button", "aria-label": "Back to conversations", onclick: () => on.back() }, "\u2039"),
    avatar(conv, "avatar-lg"),
    h("div", { class: "who" },
      h("h2", { "data-testid": "chat-contact-name", dir: "auto", text: conv.contact_name }),
      h("div", { class: "chat-sub" },
        conv.contact_username ? h("span", { text: `@${conv.contact_username}` }) : null,
        h("span", { class: "badge badge-instagram", text: "Instagram" }),
        conv.kind === "story_mention" ? h("span", { class: "badge badge-story", text: "Story mention" }) : null,
        h("span", { class: `badge badge-${conv.status}`, text: ended ? "Ended" : "Open" }),
        ended ? null : windowBadge(conv))),
    ended ? null : h("div", { class: "chat-actions" },
      h("button", { type: "button", class: "btn btn-outline", id: "transfer-button", "aria-haspopup": "menu", "aria-expanded": "false",
        onclick: (e) => on.transfer(conv, e.currentTarget) }, "Transfer"),
      h("button", { type: "button", class: "btn btn-danger-outline", id: "end-button", onclick: () => on.end(conv.id) }, "End")));
  const log = h("div", { class: "messages", role: "log", "aria-label": "Messages" }, messageNodes(conv));
  const closed = !ended && windowState(conv).state === "closed";
  const footer = ended ? h("div", { class: "ended-bar", text: "Conversation ended" })
    : closed ? h("div", { class: "closed-bar", "data-testid": "window-closed", role: "status", text: closedReason(conv) })
      : composer(conv, drafts.get(conv.id) || "", error);
  panel.replaceChildren(header, log, footer);
  if (atBottom) {
    log.scrollTop = log.scrollHeight;
    // photos and story images arrive after the first layout: stay at the newest message
    for (const media of log.querySelectorAll("img, video")) {
      media.addEventListener("load", () => { log.scrollTop = log.scrollHeight; }, { once: true });
      media.addEventListener("loadedmetadata", () => { log.scrollTop = log.scrollHeight; }, { once: true });
    }
  } else if (log0) {
    log.scrollTop = log0.scrollTop;
  }
  const box = $("#composer-text");
  if (box && focused) { box.focus(); box.setSelectionRange(focused[0], focused[1]); }
}

function composer(conv, draft, error) {
  const box = h("textarea", { id: "composer-text", placeholder: "Type a message", "aria-label": "Message", rows: "1", dir: "auto" });
  box.value = draft || "";
  box.addEventListener("input", () => { drafts.set(conv.id, box.value); saveDraftSoon(); });
  const send = h("button", { type: "submit", class: "btn btn-primary", id: "send-button", disabled: ui.sending }, "Send");
  // The error element exists only while there is an error to read.
  const errorBox = error ? sendError(error) : null;
  box.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  box.addEventListener("input", () => { box.style.height = "auto"; box.style.height = `${Math.min(box.scrollHeight, 160)}px`; });
  const form = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); on.send(box, send); } },
    h("div", { class: "composer-row" }, box, send),
    errorBox,
    h("div", { class: "composer-hint", text: "Enter to send · Shift+Enter for a new line" }));
  return form;
}

/** Redraw only the reply window's badge (each half minute); the whole chat if it closed. */
export function refreshWindow() {
  const conv = selected();
  const badge = $('[data-testid="reply-window"]');
  if (!conv || conv.status !== "open") return;
  const fresh = windowBadge(conv);
  const closedNow = windowState(conv).state === "closed" && !$('[data-testid="window-closed"]');
  if (closedNow) renderChat();
  else if (badge && fresh) badge.replaceWith(fresh);
}

export function sendError(reason) {
  return h("div", { class: "send-error", "data-testid": "send-error", role: "alert", text: reason });
}
