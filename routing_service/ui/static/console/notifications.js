// Browser notifications: ask on load, show the actual permission, notify each new assignment.

import { $, toast } from "./dom.js";

window.__relayNotifications = []; // what was notified, for people and drivers alike

// Shows the browser's actual permission. A grant can also come later from the browser's
// site settings (or a test harness), so the state is re-read when it may have changed.
export function showPermission() {
  $("#notifications-state").textContent = "Notification" in window ? Notification.permission : "unsupported";
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
