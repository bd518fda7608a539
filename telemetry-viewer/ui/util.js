'use strict';
// Shared helpers. Every piece of data reaches the page as a text node or an
// attribute value set through the DOM API: never as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// h('div', {class: 'x', onclick: fn}, 'text', child, [more children]) → element.
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  appendChildren(el, children);
  return el;
}

// The same for SVG elements.
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  appendChildren(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'style' && typeof value === 'object') {
      for (const [prop, v] of Object.entries(value)) {
        if (prop.startsWith('--')) el.style.setProperty(prop, v); else el.style[prop] = v;
      }
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

function appendChildren(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Replaces an element's children (arrays are flattened).
function fill(el, ...children) {
  appendChildren(clear(el), children);
  return el;
}

async function api(path) {
  const response = await fetch(path, {headers: {Accept: 'application/json'}});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body.error || `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

// Colours per service, from a palette of clearly different hues. A service takes the
// slot its name hashes to, or the next free one, so the services on screen never share
// a colour and keep theirs for the session (assignServiceColors runs on every
// service list, existing services first).
const PALETTE = ['#5f6f91', '#1f9e6e', '#4f7cff', '#23a3c9', '#c49a16', '#8c6a4f',
                 '#d65fb0', '#d94c6a', '#e8833a', '#a35bd6'];
const serviceColors = new Map();
function nameHash(name) {
  let hash = 0;
  for (const ch of String(name)) hash = (hash * 31 + ch.codePointAt(0)) >>> 0;
  return hash;
}
function assignServiceColors(names) {
  const taken = new Set(serviceColors.values());
  for (const name of [...names].sort()) {
    if (serviceColors.has(name)) continue;
    let slot = nameHash(name) % PALETTE.length;
    for (let tries = 0; tries < PALETTE.length && taken.has(PALETTE[slot]); tries++) slot = (slot + 1) % PALETTE.length;
    serviceColors.set(name, PALETTE[slot]);
    taken.add(PALETTE[slot]);
  }
}
function serviceColor(name) {
  return serviceColors.get(name) || PALETTE[nameHash(name) % PALETTE.length];
}

function serviceChip(name) {
  return h('span', {class: 'chip', style: {'--c': serviceColor(name)}}, name);
}

function nsToDate(ns) { return new Date(Number(ns) / 1e6); }

function formatTime(ns) {
  const d = nsToDate(ns);
  return d.toLocaleTimeString([], {hour12: false}) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function formatDateTime(ns) {
  const d = nsToDate(ns);
  return d.toLocaleDateString([], {month: 'short', day: 'numeric'}) + ' ' + formatTime(ns);
}

function formatDuration(ms) {
  if (ms < 1) return `${(ms * 1000).toFixed(0)} µs`;
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function formatNumber(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return '–';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${Number((v / 1e9).toPrecision(3))}G`;
  if (abs >= 1e6) return `${Number((v / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((v / 1e3).toPrecision(3))}k`;
  if (abs !== 0 && abs < 0.001) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

function formatValue(v) {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function timeAgo(ns) {
  const seconds = (Date.now() - Number(ns) / 1e6) / 1000;
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  return `${Math.round(seconds / 3600)} h ago`;
}

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_CODES = ['unset', 'ok', 'error'];

function severityClass(number) {
  if (number >= 17) return 'sev-error';
  if (number >= 13) return 'sev-warn';
  if (number >= 9) return 'sev-info';
  return 'sev-debug';
}

function severityLabel(log) {
  if (log.severityText) return log.severityText;
  const names = ['', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  return names[Math.ceil(log.severityNumber / 4)] || 'UNSET';
}

// A key/value table for attributes, resources and the like.
function attributeTable(attributes) {
  const keys = Object.keys(attributes || {}).sort();
  if (keys.length === 0) return h('p', {class: 'muted'}, 'none');
  return h('table', {class: 'kv'},
    h('tbody', {}, keys.map((key) => h('tr', {},
      h('th', {}, key), h('td', {}, formatValue(attributes[key]))))));
}

// The current URL's query as a plain object.
function queryParams() {
  return Object.fromEntries(new URLSearchParams(location.search));
}

// Builds "/path?k=v" skipping empty values.
function urlWith(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) query.set(key, value);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

function link(href, ...children) {
  return h('a', {href, 'data-nav': true}, ...children);
}

function errorBox(error) {
  return h('div', {class: 'error-box'}, `Could not load: ${error.message}`);
}

function emptyState(title, hint) {
  return h('div', {class: 'empty'}, h('strong', {}, title), hint ? h('p', {}, hint) : null);
}

// Fills a <select> with services, keeping the current choice.
async function serviceOptions(select, selected, allLabel = 'All services') {
  let services = [];
  try { services = (await api('/api/services')).services; } catch (e) { /* keep empty */ }
  assignServiceColors(services);
  clear(select);
  select.appendChild(h('option', {value: ''}, allLabel));
  for (const name of services) select.appendChild(h('option', {value: name, selected: name === selected}, name));
  if (selected && !services.includes(selected)) select.appendChild(h('option', {value: selected, selected: true}, selected));
}
