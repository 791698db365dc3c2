// The console's JSON API client: same-origin session cookie, errors carry the server's reason.

/** Call the API; a 401 goes back to the login page, other failures throw `error.reason`. */
export async function api(method, url, payload) {
  const options = { method, headers: { Accept: "application/json" }, credentials: "same-origin" };
  if (method !== "GET") {
    // The API takes JSON only (a cross-site form cannot send it): even a bare action has a body.
    options.headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(payload === undefined ? {} : payload);
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
