// Tandem's live dashboard: polls the admin API, keeps a few minutes of history in the browser and
// draws it as inline SVG. Data only ever reaches the page through textContent and attributes,
// never through HTML parsing, so nothing a real server name contains can become markup.
'use strict';

const POLL_MS = 2000;
const HISTORY = 150; // samples: five minutes at one every 2 s
const TOKEN_KEY = 'tandem.adminToken';
const SVG = 'http://www.w3.org/2000/svg';
const history = new Map(); // "service|address:port" -> [{conns, cps}]

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v; else node.setAttribute(k, String(v));
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function hostPort(address, port) {
  return (address.includes(':') ? '[' + address + ']' : address) + ':' + port;
}

function serviceLabel(key) {
  return key.protocol + ' ' + hostPort(key.address, key.port);
}

function scaled(n) {
  const units = ['', 'K', 'M', 'G', 'T'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return (i === 0 ? String(Math.round(n)) : n.toFixed(1)) + units[i];
}

function remember(id, sample) {
  let h = history.get(id);
  if (!h) { h = []; history.set(id, h); }
  h.push(sample);
  if (h.length > HISTORY) h.splice(0, h.length - HISTORY);
  return h;
}

function chart(samples) {
  const w = 160, hgt = 32;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', w);
  svg.setAttribute('height', hgt);
  svg.setAttribute('viewBox', '0 0 ' + w + ' ' + hgt);
  const title = document.createElementNS(SVG, 'title');
  title.textContent = 'active connections (blue) and new connections per second (purple), last '
      + Math.round(samples.length * POLL_MS / 1000) + ' s';
  svg.append(title);
  for (const field of ['conns', 'cps']) {
    const max = Math.max(1, ...samples.map(s => s[field]));
    const step = w / (HISTORY - 1);
    const offset = (HISTORY - samples.length) * step;
    const points = samples.map((s, i) =>
        (offset + i * step).toFixed(1) + ',' + (hgt - 2 - (s[field] / max) * (hgt - 4)).toFixed(1));
    const line = document.createElementNS(SVG, 'polyline');
    line.setAttribute('class', field);
    line.setAttribute('points', points.join(' '));
    svg.append(line);
  }
  return svg;
}

function token() {
  let t = sessionStorage.getItem(TOKEN_KEY);
  if (!t) {
    t = window.prompt('Admin token (admin_token) to change the running daemon:');
    if (!t) return null;
    sessionStorage.setItem(TOKEN_KEY, t);
  }
  document.getElementById('forget-token').hidden = false;
  return t;
}

async function change(command, service, real) {
  const t = token();
  if (!t) return;
  const body = {version: 1, command: {command, service, address: real.address, port: real.port}};
  const message = document.getElementById('message');
  try {
    const res = await fetch('api/v1', {
      method: 'POST',
      headers: {'Content-Type': 'application/json', 'Authorization': 'Bearer ' + t},
      body: JSON.stringify(body),
    });
    const reply = await res.json();
    if (res.status === 401) sessionStorage.removeItem(TOKEN_KEY);
    message.textContent = reply.error ? command + ' ' + hostPort(real.address, real.port)
        + ': ' + reply.error : '';
  } catch (e) {
    message.textContent = command + ' failed: ' + e;
  }
  poll();
}

function realServerRow(service, real) {
  const id = serviceLabel(service.key) + '|' + hostPort(real.address, real.port);
  const samples = remember(id, {conns: real.activeConnections, cps: real.rates.cps});
  const draining = real.health === 'draining';
  const action = el('button', {type: 'button', class: draining ? 'enable' : 'drain'},
      draining ? 'Enable' : 'Drain');
  action.addEventListener('click',
      () => change(draining ? 'enable' : 'drain', service.key, real));
  return el('tr', {'data-real-server': hostPort(real.address, real.port)},
      el('td', {}, hostPort(real.address, real.port)),
      el('td', {},
          el('span', {class: 'health ' + real.health}, real.health),
          el('div', {class: 'why'}, real.lastCheck || '')),
      el('td', {class: 'num weight'}, real.weight === real.configuredWeight
          ? String(real.weight) : real.weight + ' (' + real.configuredWeight + ')'),
      el('td', {class: 'num active'}, real.activeConnections),
      el('td', {class: 'num'}, real.inactiveConnections),
      el('td', {class: 'num'}, scaled(real.rates.cps) + '/s'),
      el('td', {class: 'num'}, scaled(real.rates.inBps) + 'B/s in, '
          + scaled(real.rates.outBps) + 'B/s out'),
      el('td', {}, chart(samples)),
      el('td', {}, action));
}

function serviceBlock(service) {
  const rows = service.realServers.map(r => realServerRow(service, r));
  const meta = service.scheduler + (service.persistenceSeconds != null
      ? ', persistent ' + service.persistenceSeconds + ' s' : '')
      + (service.sorryServer ? ', sorry server ' + service.sorryServer : '');
  return el('div', {class: 'service', 'data-service': serviceLabel(service.key)},
      el('h3', {}, service.name,
          el('span', {class: 'meta'}, serviceLabel(service.key) + ' · ' + meta),
          el('span', {class: 'meta'}, scaled(service.rates.cps) + ' conn/s, '
              + scaled(service.stats.connections) + ' total')),
      el('table', {},
          el('thead', {}, el('tr', {}, ...['Real server', 'Health', 'Weight', 'Active',
              'Inactive', 'Conn/s', 'Traffic', 'Last minutes', ''].map(h => el('th', {}, h)))),
          el('tbody', {}, ...rows)));
}

function vrrpRow(i) {
  return el('tr', {'data-instance': i.name},
      el('td', {}, i.name),
      el('td', {}, i.interfaceName),
      el('td', {class: 'num'}, i.virtualRouterId),
      el('td', {class: 'state-' + i.state}, i.state),
      el('td', {class: 'num'}, i.effectivePriority === i.priority
          ? String(i.priority) : i.effectivePriority + ' (' + i.priority + ')'),
      el('td', {}, i.virtualAddresses.join(', ')),
      el('td', {class: 'num'}, i.transitions),
      el('td', {}, i.since));
}

async function fetchResult(path) {
  const res = await fetch(path, {cache: 'no-store'});
  const reply = await res.json();
  if (reply.error) throw new Error(reply.error);
  return reply.result;
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const [services, vrrp] = await Promise.all(
        [fetchResult('api/v1/services'), fetchResult('api/v1/vrrp')]);
    const box = document.getElementById('services');
    box.replaceChildren(...(services.services.length
        ? services.services.map(serviceBlock)
        : [el('p', {class: 'empty'}, 'No virtual services.')]));
    document.querySelector('#vrrp tbody').replaceChildren(...vrrp.instances.map(vrrpRow));
    status.textContent = 'updated ' + new Date().toLocaleTimeString();
    status.classList.remove('stale');
  } catch (e) {
    status.textContent = 'no answer from the daemon: ' + e.message;
    status.classList.add('stale');
  }
}

document.addEventListener('DOMContentLoaded', () => {
  const forget = document.getElementById('forget-token');
  forget.hidden = !sessionStorage.getItem(TOKEN_KEY);
  forget.addEventListener('click', () => {
    sessionStorage.removeItem(TOKEN_KEY);
    forget.hidden = true;
  });
  poll();
  setInterval(poll, POLL_MS);
});
