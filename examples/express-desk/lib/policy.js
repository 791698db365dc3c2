'use strict';
// Instagram's messaging windows, on Meta's clock [IGSEND][IGOV]: a standard answer within 24 hours
// of the person's last message; a human agent's answer, tagged HUMAN_AGENT, up to 7 days; nothing
// after that until the person writes again. Meta's clock is learned from each webhook's entry.time,
// and from a window refusal (code 10, subcode 2534022): it proves Meta's clock is past the 24 hours.
// Rate limits (4, 17, 32, 613) and transient errors (1, 2, HTTP 5xx) are retried [GERR].
const { GraphError } = require('./graph');

const HOUR_MS = 3600 * 1000;
const WINDOW_MS = 24 * HOUR_MS;
const HUMAN_AGENT_MS = 7 * 24 * HOUR_MS;
const MAX_SKEW_MS = 30 * 24 * HOUR_MS; // an entry.time further off than this is not believed
const RETRIED_CODES = new Set([1, 2, 4, 17, 32, 613]);
const RETRIES = 3;

// Meta's "now": the local clock plus the offset Meta's own timestamps showed (never backwards).
class MetaClock {
  constructor(local = Date.now) {
    this.local = local;
    this.offset = 0;
  }

  now() {
    return this.local() + this.offset;
  }

  // A webhook's entry.time: Meta's clock when it sent the POST (ms).
  observe(metaMs) {
    if (!Number.isInteger(metaMs) || metaMs < 1e12 || metaMs >= 1e13) return;
    const offset = metaMs - this.local();
    if (Math.abs(offset) <= MAX_SKEW_MS) this.offset = Math.max(this.offset, offset);
  }

  atLeast(metaMs) {
    this.offset = Math.max(this.offset, metaMs - this.local());
  }
}

// HUMAN_AGENT only for a human's answer 24 hours to 7 days after the person's last message.
function tagFor(lastInbound, now) {
  if (!Number.isFinite(lastInbound)) return null;
  const age = now - lastInbound;
  return age > WINDOW_MS && age <= HUMAN_AGENT_MS ? 'HUMAN_AGENT' : null;
}

function isWindowRefusal(err) {
  return err instanceof GraphError && err.code === 10 && [2534022, 2018278].includes(err.subcode);
}

function isRetryable(err) {
  if (!(err instanceof GraphError) || !err.status) return false; // no answer: it may have gone out
  return RETRIED_CODES.has(err.code) || (err.status >= 500 && err.code !== 10 && err.code !== 190);
}

async function sendInWindow({ graph, clock, igsid, text, lastInbound }) {
  let tag = tagFor(lastInbound, clock.now());
  try {
    return await graph.sendText(igsid, text, tag);
  } catch (err) {
    if (tag || !Number.isFinite(lastInbound) || !isWindowRefusal(err)) throw err;
    clock.atLeast(lastInbound + WINDOW_MS + 1); // Meta's clock is further on than we knew
    tag = tagFor(lastInbound, clock.now());
    if (!tag) throw err;
    return graph.sendText(igsid, text, tag);
  }
}

// Sends an agent's answer under the window rules; throws the GraphError Meta finally answered.
async function sendAnswer({ graph, clock, igsid, text, lastInbound, retryMs }) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await sendInWindow({ graph, clock, igsid, text, lastInbound });
    } catch (err) {
      if (attempt >= RETRIES || !isRetryable(err)) throw err;
      await new Promise((resolve) => setTimeout(resolve, retryMs * 2 ** attempt));
    }
  }
}

module.exports = { MetaClock, sendAnswer, tagFor, WINDOW_MS, HUMAN_AGENT_MS };
