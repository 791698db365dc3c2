// A conversation's messages as bubbles: text, shares, media, stories, quotes, reactions.

import { h } from "./dom.js";
import { clock, dayLabel, isShownDeleted, safeUrl } from "./format.js";

export function messageNodes(conv) {
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
