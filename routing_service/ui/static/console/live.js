// Live events over EventSource (GET /events), reconnecting from the last sequence number.

import { api } from "./api.js";
import { $ } from "./dom.js";

/** Listen from `after`; each event goes to `handlers[type](data)`, then `afterEach()`. */
export function connect(after, handlers, afterEach) {
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
      api("GET", "/api/me").then(() => setTimeout(() => connect(lastSeq, handlers, afterEach), 2000), () => {});
    }
  };
  for (const type of Object.keys(handlers)) {
    source.addEventListener(type, async (e) => {
      const event = JSON.parse(e.data);
      lastSeq = Math.max(lastSeq, Number(event.seq) || 0);
      await handlers[type](event.data);
      afterEach();
    });
  }
}
