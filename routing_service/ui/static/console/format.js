// Pure formatting: times, initials, safe URLs and which message is shown how.

export function time(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const today = new Date();
  const sameDay = date.toDateString() === today.toDateString();
  if (sameDay) return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  return date.toLocaleDateString([], { month: "short", day: "numeric", ...yearIfNotThis(date) });
}
/** Dates carry the year when it is not this year (a 2024 message never reads as this June). */
export const yearIfNotThis = (date) => (date.getFullYear() === new Date().getFullYear() ? {} : { year: "numeric" });
export function dayLabel(iso) {
  const date = new Date(iso);
  return date.toLocaleDateString([], { weekday: "short", month: "short", day: "numeric", ...yearIfNotThis(date) });
}
export const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "");
export const initial = (name) => (name || "?").trim().charAt(0).toUpperCase() || "?";
export const safeUrl = (url) => (typeof url === "string" && /^(https?:|data:image\/|\/)/i.test(url) ? url : null);
export const lastMessage = (conv) => (conv.messages && conv.messages.length ? conv.messages[conv.messages.length - 1] : null);
export const isShownDeleted = (m) => m.deleted && document.body.dataset.unsentPolicy === "show";
