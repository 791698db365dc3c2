'use strict';
// Reads the configuration from environment variables only.
const path = require('node:path');

class ConfigError extends Error {}

function parseSwitch(name, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const v = raw.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(v)) return true;
  if (['off', 'false', '0', 'no'].includes(v)) return false;
  throw new ConfigError(`${name} must be "on" or "off" (got "${raw}")`);
}

function parsePort(raw) {
  if (raw === undefined || raw === '') return 3000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535 (got "${raw}")`);
  }
  return n;
}

function parseMs(name, raw, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 60000) {
    throw new ConfigError(`${name} must be milliseconds between 1 and 60000 (got "${raw}")`);
  }
  return n;
}

function loadConfig(env = process.env) {
  const missing = ['IG_ACCESS_TOKEN', 'APP_SECRET', 'VERIFY_TOKEN'].filter((k) => !env[k]);
  if (missing.length) {
    throw new ConfigError(`missing required environment variable(s): ${missing.join(', ')}`);
  }
  const graphUrl = (env.GRAPH_API_URL || 'https://graph.instagram.com').replace(/\/+$/, '');
  if (!/^https?:\/\//i.test(graphUrl)) {
    throw new ConfigError(`GRAPH_API_URL must start with http:// or https:// (got "${graphUrl}")`);
  }
  const version = (env.GRAPH_API_VERSION || 'v25.0').replace(/^\/+|\/+$/g, '');
  return {
    port: parsePort(env.PORT),
    host: env.HOST || '127.0.0.1',
    graphBase: `${graphUrl}/${version}`,
    accessToken: env.IG_ACCESS_TOKEN,
    appSecret: env.APP_SECRET,
    verifyToken: env.VERIFY_TOKEN,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    agent: {
      login: env.AGENT_LOGIN || 'agent',
      password: env.AGENT_PASSWORD || 'Aa123*',
      name: env.AGENT_NAME || 'Alex Agent',
    },
    deskName: env.DESK_NAME || 'Express Desk',
    storyMentions: parseSwitch('DESK_STORY_MENTIONS', env.DESK_STORY_MENTIONS, true),
    positions: 8,
    sendRetryMs: parseMs('DESK_SEND_RETRY_MS', env.DESK_SEND_RETRY_MS, 500),
    webhookLimit: '1mb',
  };
}

module.exports = { loadConfig, ConfigError };
