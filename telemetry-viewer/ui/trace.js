'use strict';
// One trace: a waterfall (services colour-coded), the selected span's details,
// and the trace's logs beside them. URL: /trace/<traceId>[?span=<spanId>].

function mountTrace(container, traceId) {
  const header = h('div', {class: 'trace-header'});
  const waterfall = h('div', {class: 'waterfall'});
  const details = h('div', {class: 'panel span-details'});
  const logs = h('div', {class: 'panel trace-logs'});
  container.append(h('section', {class: 'page'},
    h('div', {class: 'crumbs'}, link('/traces', '← Traces')), header, waterfall,
    h('div', {class: 'split'}, details, logs)));
  let selected = queryParams().span || null;
  let spans = [];
  // A link followed straight from the app usually arrives before the trace does (services
  // export spans in batches, every 5 s by default): keep asking every second for a while.
  const openedAt = Date.now();
  const WAIT_FOR_TRACE_MS = 30000;
  let retry = null;
  let mounted = true;

  function select(spanId) {
    selected = spanId;
    history.replaceState(null, '', urlWith(`/trace/${traceId}`, {span: spanId}));
    for (const row of waterfall.querySelectorAll('.span-row')) {
      row.classList.toggle('selected', row.dataset.spanId === spanId);
    }
    const span = spans.find((x) => x.spanId === spanId);
    fill(details, span ? spanDetails(span, calledServices(spans)) : emptyState('Select a span', 'Click a row in the waterfall.'));
  }

  async function refresh() {
    try {
      const trace = await api(`/api/traces/${traceId}`);
      spans = trace.spans;
      renderHeader(header, trace);
      renderWaterfall(waterfall, trace.spans, select);
      if (!selected || !spans.some((x) => x.spanId === selected)) selected = orderSpans(spans)[0].span.spanId;
      select(selected);
    } catch (error) {
      const waiting = error.status === 404 && Date.now() - openedAt < WAIT_FOR_TRACE_MS;
      if (waiting) {
        fill(header, emptyState('Waiting for this trace…',
          `Trace ${traceId} is not here yet: services send spans in batches (every 5 s by default, ` +
          'OTEL_BSP_SCHEDULE_DELAY). It appears as soon as it arrives.'));
        clearTimeout(retry);
        if (mounted) retry = setTimeout(refresh, 1000);
      } else {
        fill(header, error.status === 404
          ? emptyState('Trace not found', `No trace ${traceId} is stored (yet, or any more: the oldest data is evicted first).`)
          : errorBox(error));
      }
    }
    try {
      const {logs: records} = await api(urlWith('/api/logs', {traceId, limit: 500}));
      fill(logs, h('h2', {}, `Logs of this trace (${records.length})`),
        records.length === 0 ? h('p', {class: 'muted'}, 'No log records carry this trace id.')
          : h('ol', {class: 'log-lines'}, records.slice().reverse().map((r) => traceLogLine(r, select))));
    } catch (error) {
      fill(logs, errorBox(error));
    }
  }
  refresh();
  return {refresh, unmount: () => { mounted = false; clearTimeout(retry); }};
}

function renderHeader(header, trace) {
  const start = Math.min(...trace.spans.map((x) => x.startTimeUnixNano));
  const end = Math.max(...trace.spans.map((x) => x.endTimeUnixNano));
  const root = orderSpans(trace.spans)[0].span;
  const services = [...new Set(trace.spans.map((x) => x.service))].sort();
  const errors = trace.spans.filter((x) => x.status.code === 2).length;
  fill(header, 
    h('h1', {}, serviceChip(root.service), ' ', root.name),
    h('div', {class: 'facts'},
      h('span', {}, h('b', {}, 'Trace '), h('span', {class: 'mono'}, trace.traceId)),
      h('span', {}, h('b', {}, 'Started '), formatDateTime(start)),
      h('span', {}, h('b', {}, 'Duration '), formatDuration((end - start) / 1e6)),
      h('span', {}, h('b', {}, 'Spans '), trace.spans.length),
      h('span', {}, h('b', {}, 'Services '), services.map((x) => serviceChip(x))),
      errors ? h('span', {class: 'badge error'}, `${errors} error${errors > 1 ? 's' : ''}`) : null));
}

// Depth-first order: children under their parent, siblings by start time.
function orderSpans(spans) {
  const ids = new Set(spans.map((x) => x.spanId));
  const children = new Map();
  const roots = [];
  for (const span of spans) {
    if (span.parentSpanId && ids.has(span.parentSpanId)) {
      if (!children.has(span.parentSpanId)) children.set(span.parentSpanId, []);
      children.get(span.parentSpanId).push(span);
    } else {
      roots.push(span);
    }
  }
  const byStart = (a, b) => a.startTimeUnixNano - b.startTimeUnixNano;
  const out = [];
  const visit = (span, depth) => {
    out.push({span, depth});
    for (const child of (children.get(span.spanId) || []).sort(byStart)) visit(child, depth + 1);
  };
  roots.sort(byStart).forEach((root) => visit(root, 0));
  return out;
}

function renderWaterfall(el, spans, onSelect) {
  const start = Math.min(...spans.map((x) => x.startTimeUnixNano));
  const end = Math.max(...spans.map((x) => x.endTimeUnixNano));
  const total = Math.max(end - start, 1);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const calls = calledServices(spans);
  const rows = orderSpans(spans).map(({span, depth}) => {
    const left = ((span.startTimeUnixNano - start) / total) * 100;
    const width = Math.max(((span.endTimeUnixNano - span.startTimeUnixNano) / total) * 100, 0.3);
    const duration = (span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
    const isError = span.status.code === 2;
    return h('div', {class: `span-row${isError ? ' error' : ''}`, 'data-span-id': span.spanId,
                     'data-parent-span-id': span.parentSpanId || null, 'data-depth': depth,
                     tabindex: 0, onclick: () => onSelect(span.spanId),
                     onkeydown: (e) => { if (e.key === 'Enter') onSelect(span.spanId); }},
      h('div', {class: 'span-label', style: {paddingLeft: `${8 + depth * 16}px`}},
        h('span', {class: 'dot', style: {background: serviceColor(span.service)}}),
        h('span', {class: 'span-service'}, span.service),
        h('span', {class: 'span-name'}, span.name),
        callHint(span, calls.get(span.spanId)),
        isError ? h('span', {class: 'badge error'}, '!') : null),
      h('div', {class: 'span-track'},
        ticks.slice(1, -1).map((t) => h('div', {class: 'gridline', style: {left: `${t * 100}%`}})),
        h('div', {class: 'span-bar', title: `${span.name}: ${formatDuration(duration)}`,
                  style: {left: `${left}%`, width: `${width}%`, background: serviceColor(span.service)}}),
        h('span', {class: 'span-duration', style: left + width > 80 ? {right: `${100 - left + 0.5}%`} : {left: `${left + width + 0.5}%`}},
          formatDuration(duration))));
  });
  fill(el, 
    h('div', {class: 'span-row axis'}, h('div', {class: 'span-label'}, 'Service · span'),
      h('div', {class: 'span-track'}, ticks.map((t) =>
        h('span', {class: 'tick', style: {left: `${t * 100}%`}}, formatDuration((t * total) / 1e6))))),
    rows);
}

// spanId → the other services its child spans belong to (the services a client span called).
function calledServices(spans) {
  const byId = new Map(spans.map((x) => [x.spanId, x]));
  const calls = new Map();
  for (const child of spans) {
    const parent = byId.get(child.parentSpanId);
    if (!parent || parent.service === child.service) continue;
    if (!calls.has(parent.spanId)) calls.set(parent.spanId, new Set());
    calls.get(parent.spanId).add(child.service);
  }
  return calls;
}

// What an outgoing call went to: "→ service" when its callee's spans are in the trace,
// else the URL it asked for (a client span's name is only its HTTP method).
function callHint(span, services) {
  if (services) return h('span', {class: 'span-hint'}, `→ ${[...services].join(', ')}`);
  const url = span.kind === 3 && span.attributes['url.full'];
  if (!url) return null;
  let text = String(url).replace(/^[a-z]+:\/\//i, '');
  try { text = decodeURIComponent(text); } catch (e) { /* keep it encoded */ }
  return h('span', {class: 'span-hint', title: String(url)}, `→ ${text}`);
}

function spanDetails(span, calls) {
  const duration = (span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
  const status = STATUS_CODES[span.status.code] || String(span.status.code);
  return h('div', {},
    h('h2', {}, serviceChip(span.service), ' ', span.name, ' ', callHint(span, calls.get(span.spanId))),
    h('table', {class: 'kv'}, h('tbody', {},
      h('tr', {}, h('th', {}, 'Span id'), h('td', {class: 'mono'}, span.spanId)),
      h('tr', {}, h('th', {}, 'Parent'), h('td', {class: 'mono'}, span.parentSpanId || '(root)')),
      h('tr', {}, h('th', {}, 'Kind'), h('td', {}, SPAN_KINDS[span.kind] || span.kind)),
      h('tr', {}, h('th', {}, 'Start'), h('td', {}, formatDateTime(span.startTimeUnixNano))),
      h('tr', {}, h('th', {}, 'Duration'), h('td', {}, formatDuration(duration))),
      h('tr', {}, h('th', {}, 'Status'), h('td', {},
        h('span', {class: `badge status-${status}`}, status), span.status.message ? ` ${span.status.message}` : '')),
      h('tr', {}, h('th', {}, 'Scope'), h('td', {}, [span.scope.name, span.scope.version].filter(Boolean).join(' ') || '–')))),
    h('h3', {}, 'Attributes'), attributeTable(span.attributes),
    h('h3', {}, `Events (${span.events.length})`),
    span.events.length === 0 ? h('p', {class: 'muted'}, 'none') : span.events.map((event) =>
      h('div', {class: 'event'},
        h('div', {}, h('b', {}, event.name), ' ',
          h('span', {class: 'muted'}, `+${formatDuration((event.timeUnixNano - span.startTimeUnixNano) / 1e6)}`)),
        Object.keys(event.attributes).length ? attributeTable(event.attributes) : null)),
    span.links.length ? [h('h3', {}, `Links (${span.links.length})`), span.links.map((l) =>
      h('div', {}, link(`/trace/${l.traceId}`, h('span', {class: 'mono'}, `${l.traceId}/${l.spanId}`))))] : null,
    h('h3', {}, 'Resource'), attributeTable(span.resource));
}

function traceLogLine(record, onSelect) {
  return h('li', {class: `log-line ${severityClass(record.severityNumber)}`},
    h('span', {class: 'muted small'}, formatTime(record.timeUnixNano)), ' ',
    h('span', {class: 'sev'}, severityLabel(record)), ' ',
    serviceChip(record.service), ' ',
    h('span', {class: 'log-body'}, formatValue(record.body)),
    record.spanId ? h('button', {class: 'linkish small', type: 'button', onclick: () => onSelect(record.spanId),
                                 title: 'Show the span that wrote this record'}, 'span ›') : null);
}
