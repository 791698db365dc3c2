// Relay agent console: vanilla JS, live over EventSource (GET /events), no reload.
(() => {
  "use strict";

  const STATUS_LABELS = { operating: "Operating", ready: "Ready", paused: "Paused" };
  const body = document.body;
  const positions = Number(body.dataset.positions || 8);
  const conversations = new Map(); // id -> conversation (with messages)
  const unread = new Map(); // id -> count of incoming messages not yet seen
  let selectedId = null;
  let booted = false;
  let sending = false;
  window.__relayNotifications = []; // what was notified, for people and drivers alike

  const $ = (selector) => document.querySelector(selector);

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  async function api(method, url, payload) {
    const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
    if (payload !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(payload);
    }
    const response = await fetch(url, options);
    if (response.status === 401) {
      window.location.assign("/login");
      throw new Error("login required");
    }
    let data = null;
    try { data = await response.json(); } catch (_) { data = null; }
    if (!response.ok) {
      const reason = (data && data.error && data.error.reason) || `Request failed (${response.status})`;
      const error = new Error(reason);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  // ---- formatting -----------------------------------------------------------------------
  function time(iso) {
    if (!iso) return "";
    const date = new Date(iso);
    const today = new Date();
    const sameDay = date.toDateString() === today.toDateString();
    return sameDay
      ? date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })
      : date.toLocaleDateString([], { month: "short", day: "numeric" });
  }
  const clock = (iso) => (iso ? new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "");
  const initial = (name) => (name || "?").trim().charAt(0).toUpperCase() || "?";
  const safeUrl = (url) => (typeof url === "string" && /^(https?:|data:image\/|\/)/i.test(url) ? url : null);
  const lastMessage = (conv) => (conv.messages && conv.messages.length ? conv.messages[conv.messages.length - 1] : null);
  const lastIncoming = (conv) => [...(conv.messages || [])].reverse().find((m) => m.direction === "in") || null;
  const isShownDeleted = (m) => m.deleted && body.dataset.unsentPolicy === "show";

  function chatIcon() {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24"); svg.setAttribute("width", "48"); svg.setAttribute("height", "48");
    svg.setAttribute("aria-hidden", "true");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("fill", "currentColor"); path.setAttribute("opacity", ".25");
    path.setAttribute("d", "M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H11l-4.2 3.6A.5.5 0 0 1 6 19.2V16h.5A2.5 2.5 0 0 1 4 13.5z");
    svg.append(path);
    return svg;
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

  // ---- state ----------------------------------------------------------------------------
  function upsertConversation(data) {
    const known = conversations.get(data.id);
    const merged = Object.assign({}, known || {}, data);
    merged.messages = mergeMessages(known ? known.messages : [], data.messages || []);
    conversations.set(data.id, merged);
    return { conversation: merged, isNew: !known };
  }

  function mergeMessages(current, incoming) {
    const byId = new Map((current || []).map((m) => [m.id, m]));
    for (const message of incoming) byId.set(message.id, Object.assign({}, byId.get(message.id) || {}, message));
    return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id)); // arrival order
  }

  function ordered() {
    return [...conversations.values()].sort((a, b) => Number(b.id) - Number(a.id));
  }

  // ---- rendering: top bar and list ------------------------------------------------------
  function renderStatus(status) {
    $("#status-pill").dataset.status = status;
    $('[data-testid="agent-status"]').textContent = STATUS_LABELS[status] || status;
  }

  function renderPositions() {
    const inUse = [...conversations.values()].filter((c) => c.status === "open").length;
    $("#positions").textContent = `${positions} positions: ${inUse} in use`;
    $("#capacity-bar").style.width = `${Math.min(100, Math.round((100 * inUse) / positions))}%`;
  }

  function renderList() {
    const list = $("#conversation-list");
    const items = ordered().map(listItem);
    list.replaceChildren(...items);
    $("#empty-list").hidden = items.length > 0;
    renderPositions();
  }

  function listItem(conv) {
    const last = lastMessage(conv);
    const preview = last ? (last.direction === "out" ? `You: ${last.display_text}` : last.display_text) : "";
    const count = unread.get(conv.id) || 0;
    const open = () => select(conv.id);
    return h("li", {
      class: "conversation-item", "data-testid": "conversation-item", "data-conversation-id": conv.id,
      "data-status": conv.status, "data-kind": conv.kind, tabindex: "0",
      "aria-current": conv.id === selectedId ? "true" : "false",
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
    count && conv.id !== selectedId ? h("span", { class: "unread", "aria-label": `${count} unread`, text: count }) : null);
  }

  // ---- rendering: chat panel ------------------------------------------------------------
  function select(id) {
    selectedId = id;
    unread.delete(id);
    renderList();
    renderChat({ keepDraft: false });
    const box = $("#composer-text");
    if (box) box.focus();
  }

  function renderChat({ keepDraft } = { keepDraft: true }) {
    const panel = $("#chat-panel");
    const conv = selectedId ? conversations.get(selectedId) : null;
    const draftBox = $("#composer-text");
    const draft = keepDraft && draftBox && panel.dataset.conversationId === selectedId ? draftBox.value : "";
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
      ended ? null : h("button", { type: "button", class: "btn btn-danger-outline", id: "end-button", onclick: () => endConversation(conv.id) }, "End"));
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
        nodes.push(h("div", { class: "day-sep", text: new Date(m.created_at).toLocaleDateString([], { weekday: "short", month: "short", day: "numeric" }) }));
        lastDay = day;
      }
      nodes.push(messageNode(conv, m));
    }
    return nodes;
  }

  function messageNode(conv, m) {
    const deleted = isShownDeleted(m);
    const parts = [];
    if (!deleted) {
      for (const a of m.attachments || []) parts.push(attachmentNode(conv, a, m));
    }
    const mention = !deleted && (m.attachments || []).some((a) => a.type === "story_mention");
    const text = deleted ? "Message deleted" : mention ? (m.text || "Mentioned you in their story") : m.display_text;
    if (text) {
      parts.push(h("p", { class: `message-text${deleted ? " deleted" : ""}${mention ? " caption" : ""}`, "data-testid": "message-text", text }));
    }
    const meta = [clock(m.created_at)];
    if (m.direction === "out") meta.push("Sent");
    return h("div", {
      class: "message", "data-testid": "message", "data-mid": m.mid || "", "data-direction": m.direction,
      "data-deleted": m.deleted ? "true" : "false",
    }, h("div", { class: "bubble" }, parts), h("div", { class: "meta", text: meta.join(" · ") }));
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
    if (a.type === "image" && url) return h("img", { class: "attachment-img", src: url, alt: "Photo" });
    if (url && !m.text) return h("a", { class: "attachment-link", href: url, target: "_blank", rel: "noopener noreferrer", text: `Open ${a.type}` });
    return null;
  }

  function composer(draft, error) {
    const box = h("textarea", { id: "composer-text", placeholder: "Type a message", "aria-label": "Message", rows: "1" });
    box.value = draft || "";
    const send = h("button", { type: "submit", class: "btn btn-primary", id: "send-button", disabled: sending }, "Send");
    // The error element exists only while there is an error to read.
    const errorBox = error ? sendError(error) : null;
    box.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
    });
    box.addEventListener("input", () => { box.style.height = "auto"; box.style.height = `${Math.min(box.scrollHeight, 160)}px`; });
    const form = h("form", { class: "composer", onsubmit: (e) => { e.preventDefault(); sendMessage(box, send); } },
      h("div", { class: "composer-row" }, box, send),
      errorBox,
      h("div", { class: "composer-hint", text: "Enter to send · Shift+Enter for a new line" }));
    return form;
  }

  function sendError(reason) {
    return h("div", { class: "send-error", "data-testid": "send-error", role: "alert", text: reason });
  }

  // ---- actions --------------------------------------------------------------------------
  async function sendMessage(box, button) {
    const id = selectedId;
    const text = box.value;
    if (!text.trim() || sending) return;
    sending = true;
    button.disabled = true;
    const stale = $('[data-testid="send-error"]');
    if (stale) stale.remove();
    try {
      const message = await api("POST", `/api/conversations/${id}/messages`, { text });
      const conv = conversations.get(id);
      if (conv) conv.messages = mergeMessages(conv.messages, [message]);
      const current = $("#composer-text");
      if (current && current.value === text) current.value = "";
      renderList();
      if (selectedId === id) renderChat();
    } catch (error) {
      // The text stays in the composer: nothing is silently lost.
      const old = $('[data-testid="send-error"]');
      if (old) old.remove();
      const row = $(".composer-row");
      if (row && selectedId === id) row.after(sendError(error.message));
    } finally {
      sending = false;
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

  // ---- notifications --------------------------------------------------------------------
  // Shows the browser's actual permission. A grant can also come later from the browser's
  // site settings (or a test harness), so the state is re-read when it may have changed.
  function showPermission() {
    $("#notifications-state").textContent = "Notification" in window ? Notification.permission : "unsupported";
  }

  function requestPermission() {
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

  function notify(conv) {
    const first = lastIncoming(conv);
    const text = first ? first.display_text : "";
    const title = "New Instagram conversation";
    const bodyText = `${conv.contact_name}: ${text}`;
    window.__relayNotifications.push({ title, body: bodyText, conversation_id: conv.id });
    toast(title, bodyText);
    if ("Notification" in window && Notification.permission === "granted") {
      try {
        const n = new Notification(title, { body: bodyText, tag: `conversation-${conv.id}` });
        n.onclick = () => { window.focus(); select(conv.id); n.close(); };
      } catch (_) { /* some platforms only allow notifications from a service worker */ }
    }
  }

  function toast(title, text) {
    const el = h("div", { class: "toast", role: "status" }, h("strong", { text: title }), h("span", { text }));
    $("#toasts").append(el);
    setTimeout(() => el.remove(), 5000);
  }

  // ---- live events ----------------------------------------------------------------------
  const panelShowsOpen = () => {
    const conv = selectedId ? conversations.get(selectedId) : null;
    return Boolean(conv && conv.status === "open");
  };

  async function ensureConversation(id) {
    if (conversations.has(id)) return conversations.get(id);
    try { return upsertConversation(await api("GET", `/api/conversations/${id}`)).conversation; } catch (_) { return null; }
  }

  const handlers = {
    "conversation.created": (data) => {
      const { conversation, isNew } = upsertConversation(data.conversation);
      if (isNew && booted) notify(conversation);
      if (!panelShowsOpen() && conversation.status === "open") selectedId = conversation.id;
      else if (isNew && conversation.id !== selectedId) unread.set(conversation.id, (unread.get(conversation.id) || 0) + 1);
    },
    "message.created": async (data) => messageEvent(data, true),
    "message.deleted": async (data) => messageEvent(data, false),
    "conversation.ended": (data) => { upsertConversation(data.conversation); },
    "status.changed": (data) => { renderStatus(data.status); },
  };

  async function messageEvent(data, isNew) {
    const known = conversations.get(data.conversation_id);
    const seen = known && known.messages.some((m) => m.id === data.message.id);
    const conv = await ensureConversation(data.conversation_id);
    if (!conv) return;
    upsertConversation(Object.assign({}, data.conversation, { messages: [data.message] }));
    if (isNew && !seen && data.message.direction === "in" && conv.id !== selectedId) {
      unread.set(conv.id, (unread.get(conv.id) || 0) + 1);
    }
  }

  function connect(after) {
    const live = $("#live-state");
    const label = $("#live-label");
    let lastSeq = after;
    const source = new EventSource(`/events?after=${encodeURIComponent(after)}`);
    source.onopen = () => { live.dataset.state = "live"; label.textContent = "Live"; };
    source.onerror = () => {
      live.dataset.state = "offline";
      label.textContent = "Reconnecting";
      if (source.readyState === EventSource.CLOSED) {
        // The browser gave up (e.g. the server restarted): check the session, then reconnect.
        api("GET", "/api/me").then(() => setTimeout(() => connect(lastSeq), 2000), () => {});
      }
    };
    for (const type of Object.keys(handlers)) {
      source.addEventListener(type, async (e) => {
        const event = JSON.parse(e.data);
        lastSeq = Math.max(lastSeq, Number(event.seq) || 0);
        await handlers[type](event.data);
        renderList();
        renderChat();
      });
    }
  }

  // ---- boot -----------------------------------------------------------------------------
  async function boot() {
    requestPermission();
    const after = Number(body.dataset.lastSeq || 0);
    try {
      for (const conv of await api("GET", "/api/conversations")) upsertConversation(conv);
    } catch (error) {
      toast("Could not load conversations", error.message);
    }
    const firstOpen = ordered().find((c) => c.status === "open");
    if (firstOpen) selectedId = firstOpen.id;
    renderList();
    renderChat({ keepDraft: false });
    booted = true;
    connect(after);
  }

  boot();
})();
