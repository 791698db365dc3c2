// Direct thread: send, reply, react, send photos and unsend without a reload; live updates over
// server-sent events (every tab of the user stays in sync); the thread is marked seen while it
// is on screen.
(function () {
  "use strict";
  const thread = document.querySelector("[data-testid=dm-thread]");
  if (!thread) return;
  const list = document.getElementById("dm-messages");
  const composer = thread.querySelector("[data-testid=dm-composer]");
  const input = composer.querySelector("input[name=text]");
  const replyTo = composer.querySelector("input[name=reply_to]");
  const replying = thread.querySelector("[data-testid=dm-replying]");
  const upload = thread.querySelector("[data-testid=dm-upload]");
  const errorBox = thread.querySelector("[data-testid=dm-error]");
  const noticeBox = thread.querySelector("[data-testid=dm-notice]");
  const live = thread.querySelector("[data-testid=dm-live]");
  const preview = document.querySelector("[data-testid=dm-preview]");
  const LONG_PRESS_MS = 500;
  const DOUBLE_TAP_MS = 300;

  // The inbox line mirrors the newest message that is still there.
  function refreshPreview() {
    const shown = list.querySelectorAll('[data-testid=dm-message][data-deleted="false"]');
    const last = shown[shown.length - 1];
    if (!preview) return;
    // as the server renders it: the newest message's own line, or "Say hi" for an empty thread
    preview.textContent = last ? last.dataset.preview : "Say hi";
  }

  function scrollToEnd() { list.scrollTop = list.scrollHeight; }
  function nearEnd() { return list.scrollHeight - list.scrollTop - list.clientHeight < 80; }

  // Media sizes are known only once loaded: keep the newest message in view meanwhile, unless
  // the user scrolled up to read.
  let stickToEnd = true;
  list.addEventListener("scroll", function () { stickToEnd = nearEnd(); }, { passive: true });
  list.addEventListener("load", function () { if (stickToEnd) scrollToEnd(); }, true);
  list.addEventListener("loadedmetadata", function () { if (stickToEnd) scrollToEnd(); }, true);

  function show(box, text) {
    box.textContent = text || "";
    box.hidden = !text;
  }
  const showError = (text) => show(errorBox, text);

  function bubble(mid) {
    return list.querySelector('[data-testid=dm-message][data-mid="' + CSS.escape(mid) + '"]');
  }

  // Insert or update one bubble from its server-rendered HTML; a no-op when nothing changed.
  function upsert(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    if (!fresh) return;
    const current = bubble(fresh.dataset.mid);
    if (!current) {
      const starters = thread.querySelector("[data-testid=dm-ice-breakers]");
      if (starters) starters.remove();  // ice breakers open a conversation, then they are gone
      const wasNearEnd = nearEnd();
      list.appendChild(fresh);
      if (wasNearEnd || fresh.dataset.direction === "out") scrollToEnd();
      if (fresh.dataset.direction === "in") markSeen();
    } else if (
      current.dataset.deleted !== fresh.dataset.deleted ||
      current.dataset.reaction !== fresh.dataset.reaction
    ) {
      current.replaceWith(fresh);
    }
    refreshPreview();
  }

  async function post(url, form, submitter) {
    const response = await fetch(url, {
      method: "POST", body: new FormData(form, submitter || undefined),
      headers: { Accept: "application/json" }, credentials: "same-origin",
    });
    let body = {};
    try { body = await response.json(); } catch (_) { body = { error: "Unexpected answer from the server." }; }
    if (!response.ok) throw new Error(body.error || "Something went wrong (HTTP " + response.status + ").");
    return body;
  }

  // Seen: the business's newest message is on screen (Meta sends messaging_seen once per message).
  let seenPending = false;
  async function markSeen() {
    if (document.visibilityState !== "visible" || seenPending) return;
    if (!list.querySelector('[data-testid=dm-message][data-direction="in"]')) return;
    seenPending = true;
    try {
      await fetch(thread.dataset.seenUrl, {
        method: "POST", headers: { Accept: "application/json" }, credentials: "same-origin",
      });
    } catch (_) { /* seen is best effort, like Instagram's */ }
    seenPending = false;
  }
  document.addEventListener("visibilitychange", markSeen);

  // Replying inline to one message.
  function startReply(message) {
    const text = message.querySelector("[data-testid=dm-message-text]");
    replyTo.value = message.dataset.mid;
    replying.querySelector("[data-role=quoted]").textContent = text ? text.textContent : "an attachment";
    replying.hidden = false;
    input.focus();
  }
  function cancelReply() {
    replyTo.value = "";
    replying.hidden = true;
  }
  replying.querySelector("button").addEventListener("click", cancelReply);

  composer.addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) { showError("Write a message before sending."); return; }
    try {
      const body = await post(composer.action, composer);
      showError("");
      input.value = "";
      cancelReply();
      upsert(body.html);
    } catch (err) {
      showError(err.message);
    }
    input.focus();
  });

  // A photo, video, voice note or file: sent as soon as it is chosen.
  upload.querySelector("input[type=file]").addEventListener("change", async function (event) {
    if (!event.target.files.length) return;
    try {
      const body = await post(upload.action, upload);
      showError("");
      upsert(body.html);
    } catch (err) {
      showError(err.message);
    }
    upload.reset();
  });

  // Close every message menu and reaction bar except those of the message ``keep``.
  function closeMenus(keep) {
    list.querySelectorAll("details.msg__react[open]").forEach(function (open) {
      if (!keep || !keep.contains(open)) open.open = false;
    });
    list.querySelectorAll(".msg--menu").forEach(function (open) {
      if (open !== keep) open.classList.remove("msg--menu");
    });
  }

  // Unsend, react, quick-reply and postback forms are inside the bubbles, which may be
  // replaced: delegate from the thread.
  thread.addEventListener("submit", async function (event) {
    const form = event.target.closest("form.msg__tap");
    if (!form) return;
    event.preventDefault();
    try {
      const body = await post(form.action, form, event.submitter);
      showError("");
      show(noticeBox, body.notice || "");
      if (body.html) upsert(body.html);
      const menu = form.closest("details");
      if (menu) menu.open = false;
    } catch (err) {
      showError(err.message);
    }
  });

  thread.addEventListener("click", function (event) {
    const action = event.target.closest("[data-action=reply]");
    if (action) startReply(action.closest("[data-testid=dm-message]"));
    closeMenus(event.target.closest(".msg"));
  });

  // A double tap (or double click) on a bubble: a heart, or taking it back.
  function toggleHeart(message) {
    const form = message.querySelector("form.msg__reactions");
    if (!form) return;
    const value = message.dataset.reaction === "love" ? "" : "love";
    const button = form.querySelector('button[name=reaction][value="' + value + '"]') ||
      form.querySelector("button[name=reaction]");
    form.requestSubmit(button);
  }
  function isControl(target) {
    return target.closest("a, button, input, video, audio, summary, form");
  }
  list.addEventListener("dblclick", function (event) {
    const message = event.target.closest('[data-testid=dm-message][data-deleted="false"]');
    if (!message || isControl(event.target)) return;
    event.preventDefault();
    toggleHeart(message);
  });

  // Touch: a long press opens the message's actions (as in the app), a double tap hearts it.
  let pressTimer = null;
  let lastTap = { mid: "", at: 0 };
  list.addEventListener("touchstart", function (event) {
    const message = event.target.closest('[data-testid=dm-message][data-deleted="false"]');
    if (!message || isControl(event.target)) return;
    pressTimer = setTimeout(function () {
      closeMenus(message);
      message.classList.add("msg--menu");
      pressTimer = null;
    }, LONG_PRESS_MS);
  }, { passive: true });
  list.addEventListener("touchend", function (event) {
    const message = event.target.closest('[data-testid=dm-message][data-deleted="false"]');
    if (pressTimer) { clearTimeout(pressTimer); pressTimer = null; } else return;
    if (!message || isControl(event.target)) return;
    const now = Date.now();
    if (lastTap.mid === message.dataset.mid && now - lastTap.at < DOUBLE_TAP_MS) {
      lastTap = { mid: "", at: 0 };
      toggleHeart(message);
    } else {
      lastTap = { mid: message.dataset.mid, at: now };
    }
  });
  list.addEventListener("touchmove", function () {
    if (pressTimer) { clearTimeout(pressTimer); pressTimer = null; }
  }, { passive: true });
  list.addEventListener("contextmenu", function (event) {
    const message = event.target.closest('[data-testid=dm-message][data-deleted="false"]');
    if (!message || isControl(event.target) || event.pointerType === "mouse") return;
    event.preventDefault();
    closeMenus(message);
    message.classList.add("msg--menu");
  });

  // Live updates. EventSource reconnects by itself and sends Last-Event-ID.
  function onEvent(event) {
    try { upsert(JSON.parse(event.data).html); } catch (_) { /* ignore a malformed event */ }
  }
  const source = new EventSource(thread.dataset.eventsUrl + "?after=" + encodeURIComponent(thread.dataset.lastSeq || "0"));
  ["thread.message", "thread.unsend", "thread.reaction"].forEach(function (name) {
    source.addEventListener(name, onEvent);
  });
  source.addEventListener("open", function () { live.dataset.state = "open"; });
  source.addEventListener("error", function () { live.dataset.state = "reconnecting"; });
  window.addEventListener("pagehide", function () { source.close(); });

  scrollToEnd();
  markSeen();
})();
