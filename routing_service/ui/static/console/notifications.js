// Browser notifications: ask on load, show the actual permission, notify each new assignment.

import { $, toast } from "./dom.js";

window.__relayNotifications = []; // what was notified, for people and drivers alike

// Shows the browser's actual permission. A grant can also come later from the browser's
// site settings (or a test harness), so the state is re-read when it may have changed.
export function showPermission() {
  const permission = "Notification" in window ? Notification.permission : "unsupported";
  $("#notifications-state").textContent = permission;
  // Denied is final for the page: only the browser's site settings can lift it; say how.
  const help = $("#notifications-help");
  if (help) help.hidden = permission !== "denied" || sessionStorage.getItem("relay.help.closed") === "1";
}

export function closeHelp() {
  try { sessionStorage.setItem("relay.help.closed", "1"); } catch (_) { /* unsaved */ }
  showPermission();
}

/** Called once on load: `Notification.requestPermission()`, then follow later changes. */
export function requestPermission() {
  showPermission();
  if (!("Notification" in window)) return;
  try {
    const pending = Notification.requestPermission(showPermission);
    if (pending && pending.then) pending.then(showPermission, showPermission);
  } catch (_) { /* very old browsers: callback form only */ }
  if (navigator.permissions && navigator.permissions.query) {
    navigator.permissions.query({ name: "notifications" }).then((status) => {
      status.addEventListener("change", showPermission);
    }, () => {});
  }
  document.addEventListener("visibilitychange", showPermission);
  window.addEventListener("focus", showPermission);
  const recheck = setInterval(() => {
    showPermission();
    if (Notification.permission === "granted") clearInterval(recheck);
  }, 1000);
}

/** A toast always; a system notification when granted (clicking it calls `open(id)`).
 *  The service words it (`notification` of `conversation.created`). */
export function notify(conv, notification, open) {
  const { title, body: bodyText } = notification;
  window.__relayNotifications.push({ title, body: bodyText, conversation_id: conv.id });
  toast(title, bodyText);
  if ("Notification" in window && Notification.permission === "granted") {
    try {
      const n = new Notification(title, { body: bodyText, tag: `conversation-${conv.id}` });
      n.onclick = () => { window.focus(); open(conv.id); n.close(); };
    } catch (_) { /* some platforms only allow notifications from a service worker */ }
  }
}

/** A follow-up message in a chat the agent is not looking at: a toast, and a system
 *  notification when the console is in the background (the tab hidden). */
export function followUp(conv, message, open) {
  const title = `New message from ${conv.contact_name}`;
  const text = message.display_text || "";
  toast(title, text, () => open(conv.id));
  if (document.hidden && "Notification" in window && Notification.permission === "granted") {
    try {
      const n = new Notification(title, { body: text, tag: `conversation-${conv.id}` });
      n.onclick = () => { window.focus(); open(conv.id); n.close(); };
    } catch (_) { /* some platforms only allow notifications from a service worker */ }
  }
}
