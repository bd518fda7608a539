'use strict';
// Metrics: a list of received metrics and, for the chosen one, charts per service
// and attribute set: rate for counters, value for gauges, p50/p90/p99 for histograms.
// URL: /charts?metric=<name>&service=<service>

function mountMetrics(container) {
  const p = queryParams();
  const list = h('nav', {class: 'metric-list panel'});
  const detail = h('div', {class: 'metric-detail'});
  const service = h('select', {onchange: () => navigate(urlWith('/charts', {metric: p.metric, service: service.value}))});
  container.append(h('section', {class: 'page'},
    h('div', {class: 'page-head'}, h('h1', {}, 'Metrics'), h('label', {class: 'field inline'}, h('span', {}, 'Service'), service)),
    h('div', {class: 'metrics-layout'}, list, detail)));
  serviceOptions(service, p.service || '');

  async function refresh() {
    let metrics = [];
    try {
      metrics = (await api('/api/metrics')).metrics.filter((m) => !p.service || m.services.includes(p.service));
    } catch (error) {
      fill(list, errorBox(error));
      return;
    }
    const chosen = p.metric || (metrics[0] && metrics[0].name);
    fill(list, h('h2', {}, `${metrics.length} metrics`), metrics.map((m) =>
      h('a', {href: urlWith('/charts', {metric: m.name, service: p.service}), 'data-nav': true,
              class: `metric-item${m.name === chosen ? ' active' : ''}`},
        h('span', {class: 'metric-name'}, m.name),
        h('span', {class: 'muted small'}, `${kindLabel(m)} · ${m.seriesCount} series`))));
    if (!chosen) {
      fill(detail, emptyState('No metrics yet', 'Metrics arrive at each export interval of the senders (60 s by default).'));
      return;
    }
    try {
      const metric = await api(urlWith(`/api/metrics/${encodeURIComponent(chosen)}`, {service: p.service}));
      renderMetric(detail, metric);
    } catch (error) {
      fill(detail, errorBox(error));
    }
  }
  refresh();
  return {refresh};
}

function kindLabel(m) {
  if (m.type === 'sum') return m.monotonic ? 'counter' : 'up-down counter';
  return m.type;
}

function seriesLabel(series, skip = new Set()) {
  const attrs = Object.entries(series.attributes).filter(([k]) => !skip.has(k))
    .map(([k, v]) => `${k}=${formatValue(v)}`).join(', ');
  return attrs ? `${series.service} {${attrs}}` : series.service;
}

// Attributes with the same value in every series: said once, not on every chart.
function commonAttributes(series) {
  if (series.length < 2) return {};
  const [first, ...rest] = series;
  return Object.fromEntries(Object.entries(first.attributes).filter(([k, v]) =>
    rest.every((x) => k in x.attributes && formatValue(x.attributes[k]) === formatValue(v))));
}

// Values in the metric's unit: durations for seconds and milliseconds.
function valueFormatter(unit) {
  if (unit === 's') return (v) => shortDuration(v * 1000);
  if (unit === 'ms') return shortDuration;
  const suffix = unitSuffix(unit);
  return (v) => formatNumber(v) + suffix;
}

// Three significant digits: 2.5 ms, 457 µs, 1.2 s (for axes and legends).
function shortDuration(ms) {
  const abs = Math.abs(ms);
  if (abs === 0) return '0';
  if (abs < 1) return `${Number((ms * 1000).toPrecision(3))} µs`;
  if (abs < 1000) return `${Number(ms.toPrecision(3))} ms`;
  return `${Number((ms / 1000).toPrecision(3))} s`;
}

function lastValue(points) {
  for (let i = points.length - 1; i >= 0; i--) if (points[i][1] !== null && Number.isFinite(points[i][1])) return points[i][1];
  return null;
}

// Per-second increase between consecutive cumulative points (a reset restarts from 0).
function ratePoints(points) {
  const out = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    const seconds = (b.timeUnixNano - a.timeUnixNano) / 1e9;
    if (seconds <= 0) continue;
    const increase = b.value >= a.value ? b.value - a.value : b.value;
    out.push([b.timeUnixNano / 1e6, increase / seconds]);
  }
  return out;
}

// A quantile from bucket counts, interpolating linearly inside the bucket (as
// Prometheus' histogram_quantile does); null when the interval saw nothing.
function bucketQuantile(q, bounds, counts) {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    if (seen + counts[i] >= rank && counts[i] > 0) {
      const lower = i === 0 ? Math.min(0, bounds[0] ?? 0) : bounds[i - 1];
      const upper = i < bounds.length ? bounds[i] : (bounds[bounds.length - 1] ?? lower);
      return lower + (upper - lower) * ((rank - seen) / counts[i]);
    }
    seen += counts[i];
  }
  return bounds[bounds.length - 1] ?? null;
}

// A series' exemplars, each once (a cumulative sender repeats a bucket's latest exemplar at
// every export), the newest `limit`.
function seriesExemplars(series, limit = 200) {
  const seen = new Map();
  for (const pt of series.points) {
    for (const e of pt.exemplars || []) {
      const key = `${e.traceId || ''}/${e.spanId || ''}/${e.timeUnixNano}/${e.value}`;
      seen.set(key, {timeMs: e.timeUnixNano / 1e6, value: e.value, traceId: e.traceId, spanId: e.spanId});
    }
  }
  return [...seen.values()].sort((a, b) => a.timeMs - b.timeMs).slice(-limit);
}

// Percentiles over each interval between cumulative histogram points.
function histogramLines(series, color) {
  const qs = [[0.5, 'p50', false], [0.9, 'p90', true], [0.99, 'p99', true]];
  const lines = qs.map(([, name, dashed]) => ({label: name, color, dashed, points: []}));
  const pts = series.points.filter((pt) => pt.bucketCounts);
  for (let i = 0; i < pts.length; i++) {
    const cur = pts[i], prev = pts[i - 1];
    const counts = prev && prev.bucketCounts.length === cur.bucketCounts.length && cur.count >= prev.count
      ? cur.bucketCounts.map((c, j) => c - prev.bucketCounts[j]) : cur.bucketCounts;
    qs.forEach(([q], k) => lines[k].points.push([cur.timeUnixNano / 1e6, bucketQuantile(q, cur.bounds, counts)]));
  }
  lines[1].color = shade(color, 0.25);
  lines[2].color = shade(color, 0.5);
  return lines;
}

function shade(hex, amount) {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c) => Math.round(c + (255 - c) * amount);
  return `rgb(${mix(n >> 16)}, ${mix((n >> 8) & 255)}, ${mix(n & 255)})`;
}

function unitSuffix(unit) {
  if (!unit || unit === '1' || unit.startsWith('{')) return '';
  return ` ${unit}`;
}

function renderMetric(detail, metric) {
  const kind = kindLabel(metric);
  const format = valueFormatter(metric.unit);
  const series = metric.series.slice().sort((a, b) => seriesLabel(a).localeCompare(seriesLabel(b)));
  const common = commonAttributes(series);
  const skip = new Set(Object.keys(common));
  const head = h('div', {class: 'metric-head'},
    h('h2', {}, metric.name), h('span', {class: 'badge'}, kind), metric.unit ? h('span', {class: 'badge'}, metric.unit) : null,
    metric.description ? h('p', {class: 'muted'}, metric.description) : null,
    skip.size ? h('p', {class: 'small muted'}, 'Every series: ',
      Object.entries(common).map(([k, v]) => h('span', {class: 'attr-pill'}, `${k}=${formatValue(v)}`))) : null);
  const pills = (x) => Object.entries(x.attributes).filter(([k]) => !skip.has(k))
    .map(([k, v]) => h('span', {class: 'attr-pill'}, `${k}=${formatValue(v)}`));
  const cards = [];
  const colorFor = (x, i) => (series.filter((y) => y.service === x.service).length > 1
    ? PALETTE[i % PALETTE.length] : serviceColor(x.service));
  if (metric.type === 'histogram') {
    series.forEach((x) => {
      const lines = histogramLines(x, serviceColor(x.service));  // one card per series
      const last = x.points[x.points.length - 1];
      lines.forEach((l) => { const v = lastValue(l.points); l.latest = v === null ? undefined : `last ${format(v)}`; });
      const exemplars = seriesExemplars(x);
      cards.push(h('div', {class: 'chart-card'},
        h('h3', {}, serviceChip(x.service), ' ', pills(x)),
        h('div', {class: 'muted small'}, `${last.count} observation${last.count === 1 ? '' : 's'} in total` +
          (last.count ? `, mean ${format(last.sum / last.count)}` : '')),
        lineChart(lines, {format, width: 480, height: 210, exemplars}), chartLegend(lines),
        exemplars.length ? h('div', {class: 'muted small exemplar-note'},
          h('span', {class: 'exemplar-swatch'}), `${exemplars.length} exemplar${exemplars.length === 1 ? '' : 's'}: ` +
          'a measurement made in a sampled trace; click a dot to open its trace') : null));
    });
  } else if (metric.type === 'sum' || metric.type === 'gauge' || metric.type === 'exponential_histogram' || metric.type === 'summary') {
    const isCounter = metric.type === 'sum' && metric.monotonic;
    const lines = series.map((x, i) => {
      const last = x.points[x.points.length - 1] || {};
      const points = isCounter ? ratePoints(x.points)
        : x.points.map((pt) => [pt.timeUnixNano / 1e6, pt.value ?? (pt.count ? pt.sum / pt.count : null)]);
      return {label: seriesLabel(x, skip), color: colorFor(x, i), points,
              latest: isCounter ? `total ${formatNumber(last.value)}` : format(last.value ?? last.sum)};
    });
    const unit = unitSuffix(metric.unit).trim();
    cards.push(h('div', {class: 'chart-card wide'},
      h('h3', {}, isCounter ? `Rate per second${unit ? ` (${unit}/s)` : ''}` : `Value${unit ? ` (${unit})` : ''}`),
      lineChart(lines, {format: isCounter ? (v) => `${formatNumber(v)}/s` : format, width: 1000, height: 260}),
      chartLegend(lines)));
  }
  fill(detail, head, series.length === 0 ? emptyState('No points for this service') : h('div', {class: 'chart-grid'}, cards));
}
