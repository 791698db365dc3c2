// Transfer: the colleagues who can take this chat now, in a menu under the Transfer button.

import { api } from "./api.js";
import { $, h, toast } from "./dom.js";

const STATUS = { operating: "Operating", ready: "Ready", paused: "Paused", offline: "Logged out" };

function close() {
  const menu = $("#transfer-menu");
  if (menu) menu.remove();
  const button = $("#transfer-button");
  if (button) button.setAttribute("aria-expanded", "false");
}

/** Open (or close) the menu; `done(conv, to)` after a transfer the server accepted. */
export async function toggleTransfer(conv, button, done) {
  if ($("#transfer-menu")) { close(); return; }
  let colleagues = [];
  try { colleagues = await api("GET", "/api/agents"); } catch (error) { toast("Could not list agents", error.message); return; }
  const items = colleagues.map((a) => {
    const why = a.can_take ? `${a.free_positions} free` : a.status === "operating" || a.status === "ready" ? "no free position" : STATUS[a.status] || a.status;
    return h("button", {
      type: "button", role: "menuitem", disabled: !a.can_take, "data-login": a.login,
      onclick: async () => {
        close();
        try {
          await api("POST", `/api/conversations/${conv.id}/transfer`, { to: a.login });
          done(conv, a);
        } catch (error) { toast("Could not transfer", error.message); }
      },
    }, h("span", { class: "transfer-name", text: a.name }), h("span", { class: "transfer-why", text: why }));
  });
  const menu = h("div", { class: "menu transfer-menu", id: "transfer-menu", role: "menu", "aria-label": "Transfer to" },
    h("div", { class: "menu-title", text: "Transfer to" }),
    items.length ? items : h("p", { class: "menu-empty", text: "No other agents" }));
  button.after(menu);
  button.setAttribute("aria-expanded", "true");
  const first = menu.querySelector("button:not([disabled])");
  if (first) first.focus();
  setTimeout(() => document.addEventListener("click", function away(e) {
    if (!menu.contains(e.target) && e.target !== button) { close(); document.removeEventListener("click", away); }
  }), 0);
}
