// Talking to the desk server: JSON calls and the live event stream.

export class ApiError extends Error {
  constructor(message, status, data) {
    super(message);
    this.status = status;
    this.data = data;
  }
}

export async function api(method, url, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch {
    throw new ApiError('The desk server cannot be reached. Check your connection.', 0, null);
  }
  let data = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (res.status === 401) {
    window.location.assign('/login');
    throw new ApiError('Your session has ended. Log in again.', 401, data);
  }
  if (!res.ok) throw new ApiError((data && data.error) || `Request failed (HTTP ${res.status})`, res.status, data);
  return data;
}

// Opens /events and keeps it open. handlers: { open, status, conversation, message, down }.
export function connectEvents(handlers) {
  let source = null;
  let retry = null;

  function start() {
    source = new EventSource('/events');
    source.addEventListener('open', () => handlers.open());
    for (const name of ['status', 'conversation', 'message']) {
      source.addEventListener(name, (e) => {
        try {
          handlers[name](JSON.parse(e.data));
        } catch (err) {
          console.error(`event ${name}:`, err);
        }
      });
    }
    source.addEventListener('error', () => {
      handlers.down();
      if (source.readyState === EventSource.CLOSED && !retry) {
        // The browser gave up (e.g. a 401): check the session, then try again.
        retry = setTimeout(async () => {
          retry = null;
          try {
            await api('GET', '/api/me');
            start();
          } catch {
            setTimeout(start, 3000);
          }
        }, 2000);
      }
    });
  }

  start();
}
