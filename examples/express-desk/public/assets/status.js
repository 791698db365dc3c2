// The STATUS menu (top left) and the agent's current status.
import { api } from './api.js';

const $ = (sel) => document.querySelector(sel);
let current = 'Paused';

export function renderStatus(view) {
  if (view) {
    current = view.status;
    $('#load-open').textContent = view.open;
    $('#load-positions').textContent = view.positions;
    $('#load-queued').textContent = view.queued;
  }
  const text = $('#agent-status');
  text.textContent = current;
  text.dataset.status = current;
  $('#status-dot').className = `dot ${current.toLowerCase()}`;
  $('#paused-hint').hidden = current !== 'Paused';
}

// The items exist only while the menu is open.
const ITEMS = [
  ['Operating', 'Return to operating'],
  ['Ready', 'Ready'],
  ['Paused', 'Paused'],
];

function menuItem([status, label]) {
  const item = document.createElement('button');
  item.type = 'button';
  item.className = 'menu-item';
  item.setAttribute('role', 'menuitem');
  item.tabIndex = -1;
  item.dataset.status = status;
  if (status === current) item.setAttribute('aria-current', 'true');
  const dot = document.createElement('span');
  dot.className = `dot ${status.toLowerCase()}`;
  dot.setAttribute('aria-hidden', 'true');
  item.append(dot, label);
  return item;
}

const statusButton = $('#status-button');
const statusMenu = $('#status-menu');
const menuItems = () => [...statusMenu.querySelectorAll('[role="menuitem"]')];

function toggleMenu(open, focusFirst = false) {
  statusMenu.replaceChildren(...(open ? ITEMS.map(menuItem) : []));
  statusMenu.hidden = !open;
  statusButton.setAttribute('aria-expanded', String(open));
  if (open && focusFirst) menuItems()[0].focus();
}

statusButton.addEventListener('click', () => toggleMenu(statusMenu.hidden));
statusButton.addEventListener('keydown', (e) => {
  if (e.key === 'ArrowDown') {
    e.preventDefault();
    toggleMenu(true, true);
  }
});
statusMenu.addEventListener('keydown', (e) => {
  const items = menuItems();
  const i = items.indexOf(document.activeElement);
  if (e.key === 'Escape') {
    toggleMenu(false);
    statusButton.focus();
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
  }
});
statusMenu.addEventListener('click', async (e) => {
  const item = e.target.closest('[role="menuitem"]');
  if (!item) return;
  toggleMenu(false);
  try {
    renderStatus(await api('POST', '/api/status', { status: item.dataset.status }));
  } catch (err) {
    window.alert(`Status not changed: ${err.message}`);
  }
});
document.addEventListener('click', (e) => {
  if (!statusMenu.hidden && !e.target.closest('.status-menu')) toggleMenu(false);
});
