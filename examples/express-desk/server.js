'use strict';
// Express Desk: a small contact center for Instagram Direct.
// Meta talks to it through /webhook; it talks to Meta through the Graph API.
const path = require('node:path');
const express = require('express');
const { loadConfig, ConfigError } = require('./lib/config');
const { openStorage } = require('./lib/storage');
const { createGraph } = require('./lib/graph');
const { Desk } = require('./lib/desk');
const { webhookRouter, Processor } = require('./lib/webhook');
const { createAuth } = require('./lib/auth');
const { createHub } = require('./lib/sse');
const { createPages, PUBLIC } = require('./lib/pages');
const { apiRouter, eventsRoute } = require('./lib/api');

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`express-desk: ${err.message}`);
  process.exit(2);
}

const { stateFile, log } = openStorage(config.dataDir);
const state = stateFile.load();
const save = (s) => stateFile.save(s);
const graph = createGraph(config);
const desk = new Desk({
  state,
  save,
  graph,
  positions: config.positions,
  storyMentions: config.storyMentions,
  agentName: config.agent.name,
  sendRetryMs: config.sendRetryMs,
});
const processor = new Processor({ desk, log, state, save });
const auth = createAuth({ config, state, save });
const hub = createHub();
const pages = createPages(config);

const app = express();
app.disable('x-powered-by');
app.set('query parser', 'simple');
app.set('trust proxy', false);

app.use((req, res, next) => {
  res.set({
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy':
      "default-src 'self'; img-src 'self' https: http: data:; media-src https: http:; " +
      "script-src 'self'; style-src 'self'; connect-src 'self'; frame-ancestors 'none'; " +
      "form-action 'self'; base-uri 'none'; object-src 'none'",
  });
  next();
});

app.get('/healthz', (req, res) => res.json({ ok: true }));
app.use('/webhook', webhookRouter({ config, log, processor }));

app.get('/', (req, res) => res.redirect(302, auth.sessionOf(req) ? '/console' : '/login'));

const html = (res, status, body) => res.status(status).set('Cache-Control', 'no-store').type('html').send(body);

app.get('/login', (req, res) => {
  if (auth.sessionOf(req)) return res.redirect(302, '/console');
  return html(res, 200, pages.login());
});

app.post(
  '/login',
  express.urlencoded({ extended: false, limit: '10kb' }),
  express.json({ limit: '10kb' }),
  (req, res) => {
    const body = req.body && typeof req.body === 'object' ? req.body : {};
    const wantsJson = req.is('application/json');
    if (!auth.checkCredentials(body.login, body.password)) {
      const error = 'Wrong login or password.';
      if (wantsJson) return res.status(401).json({ error });
      const loginValue = typeof body.login === 'string' ? body.login.slice(0, 200) : '';
      return html(res, 401, pages.login({ error, loginValue }));
    }
    auth.startSession(res);
    if (wantsJson) return res.json({ ok: true, agent: { name: config.agent.name } });
    return res.redirect(303, '/console');
  },
);

app.get('/console', auth.requirePage, (req, res) => html(res, 200, pages.console()));
app.use('/assets', express.static(path.join(PUBLIC, 'assets'), { index: false, maxAge: 0 }));
app.get('/events', ...eventsRoute({ desk, auth, hub }));
app.use('/api', apiRouter({ config, desk, auth, hub }));

app.use((req, res) => res.status(404).type('text/plain').send('Not found'));

// Bad input gets a 4xx with a reason; only real faults are 500s.
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 500 ? err.status : 500;
  const reasons = {
    'entity.too.large': 'Body too large',
    'entity.parse.failed': 'Body is not valid JSON',
    'encoding.unsupported': 'Unsupported content encoding',
    'charset.unsupported': 'Unsupported charset',
    'request.aborted': 'Request aborted',
  };
  const reason = status === 500 ? 'Internal error' : reasons[err.type] || err.message || 'Bad request';
  if (status === 500) console.error(err.stack || err);
  if (res.headersSent) return res.end();
  if (req.path.startsWith('/api') || req.is('application/json')) return res.status(status).json({ error: reason });
  return res.status(status).type('text/plain').send(reason);
});

const server = app.listen(config.port, config.host, () => {
  const { port } = server.address();
  console.log(`${config.deskName} listening on http://${config.host}:${port}`);
  console.log(`graph: ${config.graphBase}  data: ${config.dataDir}  story mentions: ${config.storyMentions ? 'on' : 'off'}`);
});
processor.recover().catch((err) => console.error(`webhook log recovery failed: ${err.stack || err}`));

function shutdown(signal) {
  console.log(`${signal}: shutting down`);
  hub.close();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 3000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
