'use strict';
// The two HTML pages, filled from templates in public/ with escaped values.
const fs = require('node:fs');
const path = require('node:path');

const PUBLIC = path.join(__dirname, '..', 'public');

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function template(name) {
  const text = fs.readFileSync(path.join(PUBLIC, name), 'utf8');
  return (values) => text.replace(/\{\{(\w+)\}\}/g, (_, key) => (key in values ? values[key] : ''));
}

function createPages(config) {
  const login = template('login.html');
  const consolePage = template('console.html');
  return {
    login({ error = '', loginValue = '' } = {}) {
      return login({
        DESK_NAME: escapeHtml(config.deskName),
        LOGIN_VALUE: escapeHtml(loginValue),
        ERROR: error ? `<p class="login-error" role="alert">${escapeHtml(error)}</p>` : '',
      });
    },
    console() {
      return consolePage({
        DESK_NAME: escapeHtml(config.deskName),
        AGENT_NAME: escapeHtml(config.agent.name),
      });
    },
  };
}

module.exports = { createPages, escapeHtml, PUBLIC };
