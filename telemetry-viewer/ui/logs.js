'use strict';
// Logs: filters in the URL, newest first, each record linked to its trace.

function mountLogs(container) {
  const p = queryParams();
  const field = (label, input) => h('label', {class: 'field'}, h('span', {}, label), input);
  const service = h('select', {name: 'service'});
  const severity = h('select', {name: 'severity'},
    [['', 'Any'], ['DEBUG', 'Debug+'], ['INFO', 'Info+'], ['WARN', 'Warn+'], ['ERROR', 'Error+']].map(([value, label]) =>
      h('option', {value, selected: (p.severity || '').toUpperCase() === value}, label)));
  const text = h('input', {name: 'q', placeholder: 'text in body or attributes', value: p.q || ''});
  const traceId = h('input', {name: 'traceId', placeholder: '32 hex digits', class: 'mono', value: p.traceId || ''});
  const limit = h('select', {name: 'limit'},
    [100, 500, 1000].map((n) => h('option', {value: n, selected: String(n) === (p.limit || '100')}, n)));
  const form = h('form', {class: 'filters'},
    field('Service', service), field('Min severity', severity), field('Text', text), field('Trace id', traceId),
    field('Limit', limit), h('button', {type: 'submit', class: 'primary'}, 'Search'));
  const results = h('div', {class: 'results'});
  container.append(h('section', {class: 'page'}, h('h1', {}, 'Logs'), form, results));
  serviceOptions(service, p.service || '');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(urlWith('/logs', {service: service.value, severity: severity.value, q: text.value.trim(),
                               traceId: traceId.value.trim(), limit: limit.value}));
  });

  async function refresh() {
    try {
      const {logs} = await api(urlWith('/api/logs', {service: p.service, severity: p.severity, q: p.q,
                                                     traceId: p.traceId, limit: p.limit || 100}));
      fill(results, logTable(logs));
    } catch (error) {
      fill(results, errorBox(error));
    }
  }
  refresh();
  return {refresh};
}

function logTable(logs) {
  if (logs.length === 0) return emptyState('No log records match', 'Widen the filters, or send some logs over OTLP.');
  return h('table', {class: 'list logs'},
    h('thead', {}, h('tr', {}, ['Time', 'Severity', 'Service', 'Message', 'Trace'].map((t) => h('th', {}, t)))),
    h('tbody', {}, logs.map((r) => {
      const attributes = Object.keys(r.attributes || {});
      return h('tr', {class: severityClass(r.severityNumber)},
        h('td', {class: 'nowrap', title: formatDateTime(r.timeUnixNano)}, formatTime(r.timeUnixNano)),
        h('td', {}, h('span', {class: 'sev'}, severityLabel(r))),
        h('td', {}, serviceChip(r.service)),
        h('td', {class: 'log-body'},
          h('div', {}, formatValue(r.body)),
          // A few attributes inline (e.g. thread.id), many behind a toggle.
          attributes.length > 4
            ? h('details', {class: 'small'}, h('summary', {}, `${attributes.length} attributes`), attributeTable(r.attributes))
            : attributes.length ? h('div', {class: 'log-attrs'}, attributes.sort().map((k) =>
              h('span', {class: 'attr-pill'}, `${k}=${formatValue(r.attributes[k])}`))) : null),
        h('td', {class: 'nowrap'}, r.traceId
          ? h('a', {href: urlWith(`/trace/${r.traceId}`, {span: r.spanId}), 'data-nav': true, class: 'trace-link',
                    title: `trace ${r.traceId}`}, 'View trace ›')
          : h('span', {class: 'muted'}, '–')));
    })));
}
