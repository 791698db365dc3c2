'use strict';
// Instagram Graph API client (Instagram Login flavour): profiles and the Send API.

class GraphError extends Error {
  constructor(reason, { status = 0, code, subcode, meta } = {}) {
    super(reason);
    this.status = status;
    this.code = code;
    this.subcode = subcode;
    this.meta = meta;
  }
}

// What the agent reads when Meta refuses a message.
function reasonFor(error, status) {
  if (error && error.code === 10 && error.error_subcode === 2534022) {
    return 'Outside the 24-hour window: this person has not written in the last 24 hours.';
  }
  if (error && error.message) return error.message;
  return `Instagram answered HTTP ${status}`;
}

function createGraph({ graphBase, accessToken, timeoutMs = 8000 }) {
  async function call(method, path, body, timeout = timeoutMs) {
    let res;
    try {
      res = await fetch(`${graphBase}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${accessToken}`,
          ...(body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeout),
      });
    } catch (err) {
      throw new GraphError(`Could not reach Instagram (${err.name === 'TimeoutError' ? 'timed out' : err.message})`);
    }
    const text = await res.text();
    let data = null;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      data = null;
    }
    if (!res.ok || (data && data.error)) {
      const error = data && data.error;
      throw new GraphError(reasonFor(error, res.status), {
        status: res.status,
        code: error && error.code,
        subcode: error && error.error_subcode,
        meta: error || null,
      });
    }
    if (!data || typeof data !== 'object') {
      throw new GraphError('Instagram sent an unreadable answer', { status: res.status });
    }
    return data;
  }

  return {
    // Short timeout: new conversations wait for the name (at most this long).
    getProfile(igsid) {
      return call('GET', `/${encodeURIComponent(igsid)}?fields=name,username,profile_pic`, null, 4000);
    },
    async sendText(igsid, text) {
      const data = await call('POST', '/me/messages', {
        recipient: { id: igsid },
        message: { text },
      });
      if (typeof data.message_id !== 'string' || !data.message_id) {
        throw new GraphError('Instagram did not return a message id');
      }
      return data;
    },
  };
}

module.exports = { createGraph, GraphError };
