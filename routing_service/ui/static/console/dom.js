// Small DOM helpers: a query shortcut, an element builder, the empty-chat icon and toasts.

export const $ = (selector) => document.querySelector(selector);

/** `h("div", {class, text, onclick, ...attrs}, ...children)`; null/false attrs are skipped. */
export function h(tag, attrs, ...children) {
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

export function chatIcon() {
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

/** A message over the chat (never over the list, End or Send) for five seconds; with
 *  `onOpen` it is a button that opens what it is about. */
export function toast(title, text, onOpen) {
  const el = h(onOpen ? "button" : "div", { class: `toast${onOpen ? " toast-action" : ""}`, role: "status", type: onOpen ? "button" : null },
    h("strong", { text: title }), h("span", { dir: "auto", text }));
  if (onOpen) el.addEventListener("click", () => { el.remove(); onOpen(); });
  $("#toasts").prepend(el); // the newest on top; beyond three, the oldest are hidden
  setTimeout(() => el.remove(), 5000);
}
