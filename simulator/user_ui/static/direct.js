// Direct thread: send and unsend without a reload, and live updates over server-sent events.
(function () {
  "use strict";
  const thread = document.querySelector("[data-testid=dm-thread]");
  if (!thread) return;
  const list = document.getElementById("dm-messages");
  const composer = thread.querySelector("[data-testid=dm-composer]");
  const input = composer.querySelector("input[name=text]");
  const errorBox = thread.querySelector("[data-testid=dm-error]");
  const live = thread.querySelector("[data-testid=dm-live]");
  const preview = document.querySelector("[data-testid=dm-preview]");

  // The inbox line mirrors the newest message that is still there.
  function refreshPreview() {
    const shown = list.querySelectorAll('[data-testid=dm-message][data-deleted="false"]');
    const last = shown[shown.length - 1];
    if (!preview) return;
    // as the server renders it: the newest message's own line, or "Say hi" for an empty thread
    preview.textContent = last ? last.dataset.preview : "Say hi";
  }

  function scrollToEnd() { list.scrollTop = list.scrollHeight; }

  function showError(text) {
    errorBox.textContent = text || "";
    errorBox.hidden = !text;
  }

  // Insert or update one bubble from its server-rendered HTML; a no-op when nothing changed.
  function upsert(html) {
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const fresh = template.content.firstElementChild;
    if (!fresh) return;
    const current = list.querySelector('[data-testid=dm-message][data-mid="' + CSS.escape(fresh.dataset.mid) + '"]');
    if (!current) {
      const starters = thread.querySelector("[data-testid=dm-ice-breakers]");
      if (starters) starters.remove();  // ice breakers open a conversation, then they are gone
      const nearEnd = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
      list.appendChild(fresh);
      if (nearEnd || fresh.dataset.direction === "out") scrollToEnd();
    } else if (current.dataset.deleted !== fresh.dataset.deleted) {
      current.replaceWith(fresh);
    }
    refreshPreview();
  }

  async function post(url, form) {
    const response = await fetch(url, {
      method: "POST", body: new FormData(form), headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    let body = {};
    try { body = await response.json(); } catch (_) { body = { error: "Unexpected answer from the server." }; }
    if (!response.ok) throw new Error(body.error || "Something went wrong (HTTP " + response.status + ").");
    return body;
  }

  composer.addEventListener("submit", async function (event) {
    event.preventDefault();
    const text = input.value;
    if (!text.trim()) { showError("Write a message before sending."); return; }
    try {
      const body = await post(composer.action, composer);
      showError("");
      input.value = "";
      upsert(body.html);
    } catch (err) {
      showError(err.message);
    }
    input.focus();
  });

  // Unsend, quick-reply and postback forms are inside the bubbles, which may be replaced:
  // delegate from the list.
  thread.addEventListener("submit", async function (event) {
    const form = event.target.closest("form.msg__actions, form.msg__tap");
    if (!form) return;
    event.preventDefault();
    try {
      const body = await post(form.action, form);
      showError("");
      if (body.html) upsert(body.html);
      const menu = form.closest("details");
      if (menu) menu.open = false;
    } catch (err) {
      showError(err.message);
    }
  });

  // Live updates. EventSource reconnects by itself and sends Last-Event-ID.
  function onEvent(event) {
    try { upsert(JSON.parse(event.data).html); } catch (_) { /* ignore a malformed event */ }
  }
  const source = new EventSource(thread.dataset.eventsUrl + "?after=" + encodeURIComponent(thread.dataset.lastSeq || "0"));
  source.addEventListener("thread.message", onEvent);
  source.addEventListener("thread.unsend", onEvent);
  source.addEventListener("open", function () { live.dataset.state = "open"; });
  source.addEventListener("error", function () { live.dataset.state = "reconnecting"; });
  window.addEventListener("pagehide", function () { source.close(); });

  scrollToEnd();
})();
