'use strict';
// Router: every view has its own URL (deep links), e.g. /trace/<traceId>,
// /logs?service=gateway&severity=WARN, /charts?metric=iss.requests.

const ROUTES = [
  {pattern: /^\/trace\/([0-9a-fA-F]+)$/, tab: 'traces', mount: (el, m) => mountTrace(el, m[1].toLowerCase())},
  {pattern: /^\/(traces)?$/, tab: 'traces', mount: (el) => mountTraceSearch(el)},
  {pattern: /^\/logs$/, tab: 'logs', mount: (el) => mountLogs(el)},
  {pattern: /^\/charts$/, tab: 'charts', mount: (el) => mountMetrics(el)},
  {pattern: /^\/map$/, tab: 'map', mount: (el) => mountServiceMap(el)},
];

let currentView = null;
const REFRESH_MS = 5000;

function navigate(url, replace = false) {
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  route();
}

function route() {
  const view = document.getElementById('view');
  if (currentView && currentView.unmount) currentView.unmount();
  clear(view);
  const path = location.pathname.replace(/\/+$/, '') || '/';
  for (const r of ROUTES) {
    const match = path.match(r.pattern);
    if (!match) continue;
    for (const tab of document.querySelectorAll('[data-tab]')) {
      tab.classList.toggle('active', tab.dataset.tab === r.tab);
    }
    currentView = r.mount(view, match) || null;
    return;
  }
  currentView = null;
  view.appendChild(emptyState('Page not found', 'Use the tabs above.'));
}

async function refreshStats() {
  try {
    const st = await api('/api/stats');
    const text = `${st.traces} traces · ${st.spans} spans · ${st.logs} logs · ${st.metricSeries} series`;
    const el = document.getElementById('stats');
    el.textContent = text;
    el.title = `memory ≈ ${(st.bytes / 1048576).toFixed(1)} MiB of ${(st.limits.bytes / 1048576).toFixed(0)} MiB`;
  } catch (e) { /* the next tick retries */ }
}

function tick() {
  if (!document.getElementById('live').checked || document.hidden) return;
  refreshStats();
  if (currentView && currentView.refresh) currentView.refresh();
}

document.addEventListener('click', (event) => {
  const a = event.target.closest('a[data-nav]');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  event.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', route);
document.addEventListener('DOMContentLoaded', () => {
  const live = document.getElementById('live');
  live.checked = localStorage.getItem('viewer.live') !== 'off';
  live.addEventListener('change', () => localStorage.setItem('viewer.live', live.checked ? 'on' : 'off'));
  // Colours first, so the first view already has each service's own.
  api('/api/services').then(({services}) => assignServiceColors(services), () => {}).finally(route);
  refreshStats();
  setInterval(tick, REFRESH_MS);
});
