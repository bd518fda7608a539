'use strict';
// A small SVG line chart drawn by hand (no chart library to download).
// lines: [{label, color, points: [[timeMs, value|null], ...]}]
// exemplars: [{timeMs, value, traceId, spanId}]: dots, each a link to its trace.

function lineChart(lines, {format = formatNumber, width = 640, height = 220, exemplars = []} = {}) {
  const pad = {left: 70, right: 16, top: 12, bottom: 26};
  const dots = exemplars.filter((e) => Number.isFinite(e.value) && Number.isFinite(e.timeMs));
  const all = lines.flatMap((l) => l.points.filter((p) => p[1] !== null && Number.isFinite(p[1])))
    .concat(dots.map((e) => [e.timeMs, e.value]));
  const svg = s('svg', {class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img'});
  if (all.length === 0) {
    svg.appendChild(s('text', {x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'chart-empty'},
      'Waiting for a second data point…'));
    return svg;
  }
  let [t0, t1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  if (t1 - t0 < 1000) { t0 -= 30000; t1 += 30000; }
  let [v0, v1] = [Math.min(0, ...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (v1 <= v0) v1 = v0 + 1;
  const step = niceStep((v1 - v0) / 4);
  v0 = Math.floor(v0 / step) * step;
  v1 = Math.ceil((v1 * 1.02) / step) * step;
  const x = (t) => pad.left + ((t - t0) / (t1 - t0)) * (width - pad.left - pad.right);
  const y = (v) => height - pad.bottom - ((v - v0) / (v1 - v0)) * (height - pad.top - pad.bottom);

  for (let v = v0; v <= v1 + step / 2; v += step) {  // horizontal grid at round values
    svg.append(s('line', {x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: 'grid'}),
      s('text', {x: pad.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-label'}, format(v)));
  }
  // Tenths of a second when the axis spans only seconds, so no two ticks read the same.
  const tickLabel = (t) => {
    const d = new Date(t);
    const text = d.toLocaleTimeString([], {hour12: false});
    return t1 - t0 < 10000 ? `${text}.${Math.floor(d.getMilliseconds() / 100)}` : text;
  };
  for (let i = 0; i <= 4; i++) {  // time axis
    const t = t0 + ((t1 - t0) * i) / 4;
    svg.appendChild(s('text', {x: x(t), y: height - 6, 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle',
                               class: 'axis-label'}, tickLabel(t)));
  }
  for (const line of lines) {
    // Break the line where a value is missing (e.g. no requests in an interval).
    let segment = [];
    const flush = () => {
      if (segment.length > 1) {
        svg.appendChild(s('polyline', {points: segment.map(([t, v]) => `${x(t)},${y(v)}`).join(' '),
                                       fill: 'none', stroke: line.color, 'stroke-width': 2,
                                       'stroke-dasharray': line.dashed ? '5 4' : null}));
      }
      segment = [];
    };
    for (const p of line.points) {
      if (p[1] === null || !Number.isFinite(p[1])) { flush(); continue; }
      segment.push(p);
      svg.appendChild(s('circle', {cx: x(p[0]), cy: y(p[1]), r: 2.6, fill: line.color},
        s('title', {}, `${line.label}\n${new Date(p[0]).toLocaleTimeString([], {hour12: false})}: ${format(p[1])}`)));
    }
    flush();
  }
  for (const e of dots) {  // on top of the lines, so they can be clicked
    const when = new Date(e.timeMs).toLocaleTimeString([], {hour12: false});
    const dot = s('circle', {cx: x(e.timeMs), cy: y(e.value), r: 4.5, class: 'exemplar'},
      s('title', {}, `Exemplar ${format(e.value)} at ${when}` + (e.traceId ? `\ntrace ${e.traceId} (click to open)` : '')));
    svg.appendChild(e.traceId
      ? s('a', {href: `/trace/${e.traceId}?span=${e.spanId}`, 'data-nav': true, class: 'exemplar-link',
                'data-trace-id': e.traceId}, dot)
      : dot);
  }
  return svg;
}

// 1, 2 or 5 times a power of ten: grid lines at values people read easily.
function niceStep(raw) {
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / power;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
}

function chartLegend(lines) {
  return h('ul', {class: 'legend'}, lines.map((l) =>
    h('li', {}, h('span', {class: 'swatch', style: {background: l.color, opacity: l.dashed ? 0.6 : 1}}), l.label,
      l.latest !== undefined ? h('span', {class: 'muted'}, ` · ${l.latest}`) : null)));
}
