// Rendering from state.js: the top bar's status, the conversation list and the chat panel.
// User actions go to the handlers console.js registers with `onAction`.

import { $, chatIcon, h } from "./dom.js";
import { clock, dayLabel, initial, isShownDeleted, lastMessage, safeUrl, time } from "./format.js";
import { conversations, ordered, selected, ui, unread } from "./state.js";

const STATUS_LABELS = { operating: "Operating", ready: "Ready", paused: "Paused" };
const positions = Number(document.body.dataset.positions || 8);
let on = { select() {}, send() {}, end() {} };

/** Register `{select(id), send(box, button), end(id)}`. */
export function onAction(handlers) { on = handlers; }

export function renderStatus(status) {
  $("#status-pill").dataset.status = status;
  $('[data-testid="agent-status"]').textContent = STATUS_LABELS[status] || status;
}

function renderPositions() {
  const inUse = [...conversations.values()].filter((c) => c.status === "open").length;
  $("#positions").textContent = `${positions} positions: ${inUse} in use`;
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

/** Redraw the chat panel; by default the draft, a shown send error and the caret survive. */
export function renderChat({ keepDraft } = { keepDraft: true }) {
  const panel = $("#chat-panel");
  const conv = selected();
  const draftBox = $("#composer-text");
  const draft = keepDraft && draftBox && panel.dataset.conversationId === ui.selectedId ? draftBox.value : "";
  const errorBox = $('[data-testid="send-error"]');
  const error = keepDraft && errorBox ? errorBox.textContent : "";
  const focused = keepDraft && draftBox && document.activeElement === draftBox
    ? [draftBox.selectionStart, draftBox.selectionEnd] : null;
  panel.dataset.conversationId = conv ? conv.id : "";
  if (!conv) {
    panel.replaceChildren(h("div", { class: "chat-empty" },
      chatIcon(),
      h("h2", { text: "No conversation selected" }),
      h("p", { text: "New Instagram conversations open here automatically." })));
    return;
  }
  const ended = conv.status !== "open";
  const header = h("header", { class: "chat-head" },
    avatar(conv, "avatar-lg"),
    h("div", { class: "who" },
      h("h2", { "data-testid": "chat-contact-name", text: conv.contact_name }),
      h("div", { class: "chat-sub" },
        conv.contact_username ? h("span", { text: `@${conv.contact_username}` }) : null,
        h("span", { class: "badge badge-instagram", text: "Instagram" }),
        conv.kind === "story_mention" ? h("span", { class: "badge badge-story", text: "Story mention" }) : null,
        h("span", { class: `badge badge-${conv.status}`, text: ended ? "Ended" : "Open" }))),
    ended ? null : h("button", { type: "button", class: "btn btn-danger-outline", id: "end-button", onclick: () => on.end(conv.id) }, "End"));
  const log = h("div", { class: "messages", role: "log", "aria-label": "Messages" }, messageNodes(conv));
  const footer = ended ? h("div", { class: "ended-bar", text: "Conversation ended" }) : composer(draft, error);
  panel.replaceChildren(header, log, footer);
  log.scrollTop = log.scrollHeight;
  const box = $("#composer-text");
  if (box && focused) { box.focus(); box.setSelectionRange(focused[0], focused[1]); }
}

function messageNodes(conv) {
  const nodes = [];
  let lastDay = null;
  for (const m of conv.messages || []) {
    const day = new Date(m.created_at).toDateString();
    if (day !== lastDay) {
      nodes.push(h("div", { class: "day-sep", text: dayLabel(m.created_at) }));
      lastDay = day;
    }
    nodes.push(messageNode(conv, m));
  }
  return nodes;
}

function messageNode(conv, m) {
  const deleted = isShownDeleted(m);
  const details = m.details || {};
  const parts = [];
  if (!deleted) {
    const chip = contextChip(details);
    if (chip) parts.push(chip);
    if (details.reply_to_mid) parts.push(quoteOf(conv, details.reply_to_mid));
    for (const a of m.attachments || []) parts.push(attachmentNode(conv, a, m));
  }
  const mention = !deleted && (m.attachments || []).some((a) => a.type === "story_mention");
  // a share card or a photo, video or voice note shows itself: no "Sent a photo" under it
  const shows = !deleted && !m.text && !details.unsupported && (m.attachments || []).some(
    (a) => (a.title && SHARED.has(a.type)) || (safeUrl(a.url) && ["image", "video", "audio"].includes(a.type)));
  const text = deleted ? "Message deleted" : mention ? (m.text || "Mentioned you in their story") : shows ? "" : m.display_text;
  const heart = !deleted && !m.text && (m.attachments || []).some((a) => a.type === "like_heart");
  const special = details.unsupported ? " unsupported" : details.postback || (details.referral && !m.text) ? " action" : "";
  if (text) {
    parts.push(h("p", {
      class: `message-text${deleted ? " deleted" : ""}${mention ? " caption" : ""}${heart ? " heart" : ""}${special}`,
      "data-testid": "message-text", dir: "auto", text,
    }));
  }
  const meta = [clock(m.created_at)];
  if (m.edited) meta.push("Edited");
  if (m.direction === "out") meta.push(m.seen ? "Seen" : "Sent");
  const reaction = m.reaction && !deleted
    ? h("span", { class: "reaction", "data-testid": "reaction", title: `Reacted ${m.reaction.reaction}`, text: m.reaction.emoji || "\u2764\ufe0f" })
    : null;
  return h("div", {
    class: "message", "data-testid": "message", "data-mid": m.mid || "", "data-direction": m.direction,
    "data-deleted": m.deleted ? "true" : "false",
  }, h("div", { class: "bubble" }, parts, reaction), h("div", { class: "meta", text: meta.join(" · ") }));
}

const SHARED = new Set(["share", "ig_post", "ig_reel", "reel", "ig_story"]);
const SHARE_LABELS = { share: "Post", ig_post: "Post", ig_reel: "Reel", reel: "Reel", ig_story: "Story" };

/** Where the message came from or what was tapped: an ad, an ig.me link, a quick reply. */
function contextChip(details) {
  if (details.postback) return h("span", { class: "chip", title: `Payload: ${details.postback.payload || ""}`, text: "Button" });
  if (details.quick_reply_payload) return h("span", { class: "chip", title: `Payload: ${details.quick_reply_payload}`, text: "Quick reply" });
  const ref = details.referral;
  if (ref && (ref.ad_id || ref.source === "ADS")) return h("span", { class: "chip chip-ad", text: `From ad: ${ref.ad_title || ref.ad_id}` });
  if (ref && ref.ref) return h("span", { class: "chip", text: `Link: ${ref.ref}` });
  return null;
}

/** The message an inline reply answers, quoted (or said to be earlier than what is loaded). */
function quoteOf(conv, mid) {
  const original = (conv.messages || []).find((x) => x.mid === mid);
  const who = original ? (original.direction === "out" ? "You" : conv.contact_name) : null;
  const said = original ? (isShownDeleted(original) ? "Message deleted" : original.display_text) : "an earlier message";
  return h("blockquote", { class: "quoted", "data-testid": "quoted-message" },
    h("span", { class: "quoted-who", text: who ? `Replying to ${who}` : "Replying to" }),
    h("span", { class: "quoted-text", dir: "auto", text: said }));
}

function attachmentNode(conv, a, m) {
  const url = safeUrl(a.url);
  if (a.type === "story_mention" || a.type === "story_reply") {
    const caption = a.type === "story_mention" ? null : "Replied to your story";
    return h("figure", { class: "story" },
      url ? h("img", { "data-testid": "story-image", src: url, alt: `Story by ${conv.contact_name}`, referrerpolicy: "no-referrer" })
        : h("span", { class: "muted", text: "Story no longer available" }),
      caption ? h("figcaption", { text: caption }) : null);
  }
  if (a.type === "like_heart") return null; // the text is the heart
  if (SHARED.has(a.type)) {
    return h("a", { class: "share-card", "data-testid": "share-card", href: url || "#", target: "_blank", rel: "noopener noreferrer" },
      h("span", { class: "share-kind", text: `Shared ${SHARE_LABELS[a.type].toLowerCase()}` }),
      h("span", { class: "share-title", dir: "auto", text: a.title || `${SHARE_LABELS[a.type]} on Instagram` }),
      h("span", { class: "share-open", text: url ? "Open on Instagram" : "Link not available" }));
  }
  if (a.type === "image" && url) return h("img", { class: "attachment-img", src: url, alt: "Photo", referrerpolicy: "no-referrer" });
  if (a.type === "video" && url) return h("video", { class: "attachment-video", src: url, controls: "", preload: "metadata" });
  if (a.type === "audio" && url) return h("audio", { class: "attachment-audio", src: url, controls: "", preload: "none" });
  if (url && !m.text) return h("a", { class: "attachment-link", href: url, target: "_blank", rel: "noopener noreferrer", text: `Open ${a.type}` });
  return null;
}

function composer(draft, error) {
  const box = h("textarea", { id: "composer-text", placeholder: "Type a message", "aria-label": "Message", rows: "1" });
  box.value = draft || "";
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

export function sendError(reason) {
  return h("div", { class: "send-error", "data-testid": "send-error", role: "alert", text: reason });
}
