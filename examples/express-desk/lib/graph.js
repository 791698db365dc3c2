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

// What the agent reads when Meta refuses a message [GERR][MPERR].
function reasonFor(error, status) {
  const code = error && error.code;
  const subcode = error && error.error_subcode;
  if (code === 10 && (subcode === 2534022 || subcode === 2018278)) {
    return 'Outside the messaging window: Instagram takes answers up to 24 hours after the '
      + "person's last message (7 days for a human agent). Not sent: they must write first.";
  }
  if (code === 190) return 'Instagram no longer accepts the access token (expired or invalid). Not sent.';
  const permission = code === 3 || code === 10 || (code >= 200 && code <= 299 && ![2018028, 1545041].includes(subcode));
  if (permission) {
    return `The app lacks the Instagram permission to send messages (${error.message}). Not sent.`;
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
    // tag: 'HUMAN_AGENT' for a human's answer 24 hours to 7 days late (see policy.js).
    async sendText(igsid, text, tag = null) {
      const data = await call('POST', '/me/messages', {
        recipient: { id: igsid },
        message: { text },
        ...(tag ? { messaging_type: 'MESSAGE_TAG', tag } : {}),
      });
      if (typeof data.message_id !== 'string' || !data.message_id) {
        throw new GraphError('Instagram did not return a message id');
      }
      return data;
    },
  };
}

module.exports = { createGraph, GraphError };
