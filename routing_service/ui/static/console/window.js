// The reply window Instagram allows, as the console shows it (the server's `reply_window`).

import { h } from "./dom.js";

// ---- the reply window (Meta's clock, from the server's `reply_window`) -----------------
/** The window now: the server's state moved on by the time passed since it said so. */
export function windowState(conv) {
  const w = conv.reply_window || { state: "none" };
  if (w.state === "none" || !w.now) return { state: "none" };
  if (!w.receivedAt) w.receivedAt = Date.now();
  const metaNow = w.now + (Date.now() - w.receivedAt);
  if (metaNow <= w.standard_until) return { state: "standard", left: w.standard_until - metaNow };
  if (metaNow <= w.human_agent_until) return { state: "human_agent", left: w.human_agent_until - metaNow };
  return { state: "closed", since: w.human_agent_until };
}

function left(ms) {
  const minutes = Math.max(1, Math.floor(ms / 60000));
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  if (days) return `${days} d ${hours} h`;
  return hours ? `${hours} h ${mins} min` : `${mins} min`;
}

export function windowBadge(conv) {
  const w = windowState(conv);
  if (w.state === "standard") {
    return h("span", { class: `badge badge-window${w.left < 3600000 ? " badge-window-soon" : ""}`, "data-testid": "reply-window",
      title: "Instagram accepts replies for 24 hours after the user's last message", text: `Reply window: ${left(w.left)} left` });
  }
  if (w.state === "human_agent") {
    return h("span", { class: "badge badge-window badge-window-soon", "data-testid": "reply-window",
      title: "Past 24 hours, a human agent may still answer for 7 days: replies are sent with the HUMAN_AGENT tag",
      text: `Human agent window: ${left(w.left)} left` });
  }
  if (w.state === "closed") return h("span", { class: "badge badge-window-closed", "data-testid": "reply-window", text: "Reply window closed" });
  return null;
}

export function closedReason(conv) {
  return `Sending is closed: ${conv.contact_name} last wrote more than 7 days ago, and Instagram ` +
    "accepts replies only within 7 days of the user's last message. You can answer as soon as they write again.";
}
