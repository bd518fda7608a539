'use strict';
// Trace search: filters in the URL, results newest first.

const LOOKBACKS = [['5m', 'Last 5 minutes', 300], ['15m', 'Last 15 minutes', 900],
                   ['1h', 'Last hour', 3600], ['6h', 'Last 6 hours', 21600], ['', 'Everything kept', 0]];

function mountTraceSearch(container) {
  const p = queryParams();
  const field = (label, input) => h('label', {class: 'field'}, h('span', {}, label), input);
  const service = h('select', {name: 'service'});
  const name = h('input', {name: 'name', placeholder: 'e.g. GET /', value: p.name || ''});
  const minDuration = h('input', {name: 'minDurationMs', type: 'number', min: 0, step: 'any',
                                  placeholder: 'ms', value: p.minDurationMs || ''});
  const attr = h('input', {name: 'attr', placeholder: 'key=value', value: p.attr || ''});
  const lookback = h('select', {name: 'lookback'},
    LOOKBACKS.map(([value, label]) => h('option', {value, selected: (p.lookback || '') === value}, label)));
  const limit = h('select', {name: 'limit'},
    [20, 50, 100, 500].map((n) => h('option', {value: n, selected: String(n) === (p.limit || '50')}, n)));
  const errors = h('input', {type: 'checkbox', name: 'error', checked: p.error === 'true'});
  const form = h('form', {class: 'filters'},
    field('Service', service), field('Span name', name), field('Min duration', minDuration),
    field('Attribute', attr), field('Time', lookback), field('Limit', limit),
    h('label', {class: 'field check'}, errors, h('span', {}, 'Errors only')),
    h('button', {type: 'submit', class: 'primary'}, 'Search'));
  const results = h('div', {class: 'results'});
  container.append(h('section', {class: 'page'}, h('h1', {}, 'Traces'), form, results));
  serviceOptions(service, p.service || '');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(urlWith('/traces', {service: service.value, name: name.value, minDurationMs: minDuration.value,
                                 attr: attr.value, lookback: lookback.value, limit: limit.value,
                                 error: errors.checked ? 'true' : ''}));
  });

  async function refresh() {
    const seconds = (LOOKBACKS.find(([v]) => v === (p.lookback || '')) || [])[2] || 0;
    const query = {service: p.service, name: p.name, minDurationMs: p.minDurationMs, attr: p.attr,
                   error: p.error, limit: p.limit || 50,
                   start: seconds ? Date.now() - seconds * 1000 : ''};
    try {
      const {traces} = await api(urlWith('/api/traces', query));
      fill(results, traceTable(traces));
    } catch (error) {
      fill(results, errorBox(error));
    }
  }
  refresh();
  return {refresh};
}

function traceTable(traces) {
  if (traces.length === 0) {
    return emptyState('No traces match',
      'Send OTLP to this viewer (gRPC :4317 or HTTP :4318), or widen the filters.');
  }
  const longest = Math.max(...traces.map((t) => t.durationMs), 0.001);
  return h('table', {class: 'list traces'},
    h('thead', {}, h('tr', {}, ['Started', 'Root span', 'Services', 'Spans', 'Duration'].map((t) => h('th', {}, t)))),
    h('tbody', {}, traces.map((t) => h('tr', {class: t.error ? 'has-error' : ''},
      h('td', {class: 'nowrap', title: formatDateTime(t.startTimeUnixNano)},
        formatTime(t.startTimeUnixNano), h('div', {class: 'muted small'}, timeAgo(t.startTimeUnixNano))),
      h('td', {},
        link(`/trace/${t.traceId}`, h('span', {class: 'root-name'}, t.rootName || '(no root)')),
        h('div', {class: 'small'}, serviceChip(t.rootService), ' ',
          h('span', {class: 'mono muted'}, t.traceId.slice(0, 12) + '…'))),
      h('td', {}, (t.services || []).map((name) => serviceChip(name))),
      h('td', {class: 'num'}, t.spanCount,
        t.error ? h('div', {class: 'badge error', title: 'spans with status ERROR'}, `${t.errorCount} error${t.errorCount > 1 ? 's' : ''}`) : null),
      h('td', {class: 'duration-cell'},
        h('div', {class: 'duration-bar'}, h('div', {style: {width: `${Math.max(1, (t.durationMs / longest) * 100)}%`}})),
        h('span', {class: 'num'}, formatDuration(t.durationMs)))))));
}
