'use strict';
// The one agent account: login, logout, and server-side sessions behind an HttpOnly cookie.
const crypto = require('node:crypto');
const { sameSecret } = require('./webhook');

const COOKIE = 'desk_session';
const TTL_MS = 12 * 60 * 60 * 1000;

function parseCookies(header) {
  const out = {};
  for (const part of String(header || '').split(';')) {
    const i = part.indexOf('=');
    if (i < 1) continue;
    const key = part.slice(0, i).trim();
    try {
      out[key] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      out[key] = part.slice(i + 1).trim();
    }
  }
  return out;
}

function hashId(sid) {
  return crypto.createHash('sha256').update(sid).digest('hex');
}

function createAuth({ config, state, save }) {
  function sessionOf(req) {
    const sid = parseCookies(req.headers.cookie)[COOKIE];
    if (!sid || !/^[0-9a-f]{64}$/.test(sid)) return null;
    const s = state.sessions[hashId(sid)];
    if (!s || s.expires < Date.now()) return null;
    return s;
  }

  function cookie(value, maxAgeSec) {
    return `${COOKIE}=${value}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAgeSec}`;
  }

  function checkCredentials(login, password) {
    // Both compared, always, so timing says nothing about which one was wrong.
    const a = sameSecret(login ?? '', config.agent.login);
    const b = sameSecret(password ?? '', config.agent.password);
    return typeof login === 'string' && typeof password === 'string' && a && b;
  }

  function startSession(res) {
    const now = Date.now();
    for (const [k, s] of Object.entries(state.sessions)) if (s.expires < now) delete state.sessions[k];
    const sid = crypto.randomBytes(32).toString('hex');
    state.sessions[hashId(sid)] = { createdAt: now, expires: now + TTL_MS };
    save(state);
    res.setHeader('Set-Cookie', cookie(sid, TTL_MS / 1000));
  }

  function endSession(req, res) {
    const sid = parseCookies(req.headers.cookie)[COOKIE];
    if (sid && state.sessions[hashId(sid)]) {
      delete state.sessions[hashId(sid)];
      save(state);
    }
    res.setHeader('Set-Cookie', cookie('', 0));
  }

  // For /api and /events: 401 JSON. For pages: back to the login page.
  function requireApi(req, res, next) {
    if (sessionOf(req)) return next();
    return res.status(401).json({ error: 'Log in first' });
  }

  function requirePage(req, res, next) {
    if (sessionOf(req)) return next();
    return res.redirect(302, '/login');
  }

  return { sessionOf, checkCredentials, startSession, endSession, requireApi, requirePage };
}

module.exports = { createAuth, parseCookies };
