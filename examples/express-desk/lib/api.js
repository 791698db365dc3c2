'use strict';
// The console's JSON API and its event stream. Every route needs the session;
// state-changing ones also need a JSON body from this origin (no cross-site forms).
const express = require('express');
const views = require('./views');
const { DeskError } = require('./desk');
const { GraphError } = require('./graph');

const MAX_TEXT = 2000;

function sameOriginJson(req, res, next) {
  if (!req.is('application/json')) {
    return res.status(415).json({ error: 'Content-Type must be application/json' });
  }
  const origin = req.get('origin');
  if (origin) {
    let host = null;
    try {
      host = new URL(origin).host;
    } catch {
      host = null;
    }
    if (host !== req.get('host')) return res.status(403).json({ error: 'Cross-origin request refused' });
  }
  return next();
}

function apiRouter({ config, desk, auth, hub }) {
  const router = express.Router();
  const json = express.json({ limit: '64kb', strict: true, type: 'application/json' });

  router.use(auth.requireApi);
  router.post('*', sameOriginJson, json);

  router.get('/me', (req, res) => {
    res.json({ agent: { name: config.agent.name, login: config.agent.login }, deskName: config.deskName, ...desk.statusView() });
  });

  router.post('/status', (req, res) => {
    desk.setStatus(req.body && req.body.status);
    res.json(desk.statusView());
  });

  router.get('/conversations', (req, res) => {
    res.json({ conversations: views.assignedList(desk), ...desk.statusView() });
  });

  router.get('/conversations/:id', (req, res) => {
    res.json(views.conversation(desk, desk.assignedConversation(req.params.id)));
  });

  router.post('/conversations/:id/end', (req, res) => {
    res.json(desk.endConversation(req.params.id));
  });

  router.post('/conversations/:id/messages', async (req, res, next) => {
    const text = req.body && req.body.text;
    if (typeof text !== 'string' || !text.trim()) {
      return res.status(400).json({ error: 'Type a message first' });
    }
    if (text.length > MAX_TEXT) {
      return res.status(400).json({ error: `Message is too long (at most ${MAX_TEXT} characters)` });
    }
    try {
      return res.status(201).json(await desk.reply(req.params.id, text));
    } catch (err) {
      if (err instanceof GraphError) {
        const refused = err.status >= 400 && err.status < 500;
        return res.status(refused ? 422 : 502).json({ error: err.message, code: err.code ?? null, subcode: err.subcode ?? null });
      }
      return next(err);
    }
  });

  router.post('/logout', (req, res) => {
    auth.endSession(req, res);
    res.json({ ok: true });
  });

  router.use((req, res) => res.status(404).json({ error: 'Not found' }));
  return router;
}

function eventsRoute({ desk, auth, hub }) {
  desk.on('status', (data) => hub.broadcast('status', data));
  desk.on('conversation', (data) => hub.broadcast('conversation', data));
  desk.on('message', (data) => hub.broadcast('message', data));
  return [auth.requireApi, (req, res) => hub.handler(req, res)];
}

module.exports = { apiRouter, eventsRoute, DeskError };
