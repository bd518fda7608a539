'use strict';
// Service map: services as boxes, arrows for parent→child spans that cross a
// service boundary, labelled with call counts and error rates. URL: /map

function mountServiceMap(container) {
  const canvas = h('div', {class: 'panel map-panel'});
  const table = h('div', {class: 'panel'});
  container.append(h('section', {class: 'page'}, h('h1', {}, 'Service map'),
    h('p', {class: 'muted'}, 'Built from the stored traces: an arrow is a span whose parent span belongs to another service.'),
    canvas, table));

  async function refresh() {
    try {
      const map = await api('/api/servicemap');
      fill(canvas, map.nodes.length ? drawServiceMap(map) : emptyState('No traces yet'));
      fill(table, edgeTable(map));
    } catch (error) {
      fill(canvas, errorBox(error));
    }
  }
  refresh();
  return {refresh};
}

// Layers by longest path from the services nobody calls (callers on the left).
function layoutLayers(map) {
  const depth = new Map(map.nodes.map((n) => [n.service, 0]));
  for (let round = 0; round < map.nodes.length; round++) {
    let changed = false;
    for (const e of map.edges) {
      if (e.source === e.target) continue;
      const d = depth.get(e.source) + 1;
      if (d > depth.get(e.target) && d < map.nodes.length) { depth.set(e.target, d); changed = true; }
    }
    if (!changed) break;
  }
  const layers = [];
  for (const n of map.nodes) (layers[depth.get(n.service)] ||= []).push(n);
  return layers.filter(Boolean);
}

function drawServiceMap(map) {
  const layers = layoutLayers(map);
  const boxW = 200, boxH = 58, colGap = 190, rowGap = 40;
  const rows = Math.max(...layers.map((l) => l.length));
  const width = layers.length * boxW + (layers.length - 1) * colGap + 40;
  const height = rows * boxH + (rows - 1) * rowGap + 40;
  const pos = new Map();
  layers.forEach((layer, col) => layer.forEach((node, row) => {
    const offset = ((rows - layer.length) * (boxH + rowGap)) / 2;
    pos.set(node.service, {x: 20 + col * (boxW + colGap), y: 20 + offset + row * (boxH + rowGap)});
  }));
  const svg = s('svg', {class: 'service-map', viewBox: `0 0 ${width} ${height}`, width, height},
    s('defs', {}, s('marker', {id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
      s('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#7a8599'}))));
  for (const e of map.edges) {
    const a = pos.get(e.source), b = pos.get(e.target);
    if (!a || !b) continue;
    const x1 = a.x + boxW, y1 = a.y + boxH / 2, x2 = b.x - 2, y2 = b.y + boxH / 2;
    const rate = e.callCount ? (e.errorCount / e.callCount) * 100 : 0;
    const mx = (x1 + x2) / 2;
    svg.append(
      s('path', {d: `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`, class: `edge${rate > 0 ? ' has-errors' : ''}`,
                 'marker-end': 'url(#arrow)'}),
      s('text', {x: mx, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle', class: 'edge-label'},
        `${e.callCount} calls${rate > 0 ? ` · ${rate.toFixed(1)}% err` : ''}`));
  }
  for (const n of map.nodes) {
    const p = pos.get(n.service);
    const rate = n.spanCount ? (n.errorCount / n.spanCount) * 100 : 0;
    svg.appendChild(s('a', {href: urlWith('/traces', {service: n.service}), 'data-nav': true},
      s('rect', {x: p.x, y: p.y, width: boxW, height: boxH, rx: 10, class: 'node', stroke: serviceColor(n.service)}),
      s('rect', {x: p.x, y: p.y, width: 8, height: boxH, rx: 4, fill: serviceColor(n.service)}),
      s('text', {x: p.x + 18, y: p.y + 24, class: 'node-name'}, n.service),
      s('text', {x: p.x + 18, y: p.y + 43, class: `node-stats${rate > 0 ? ' has-errors' : ''}`},
        `${n.spanCount} spans · ${rate.toFixed(1)}% errors`)));
  }
  return h('div', {class: 'map-scroll'}, svg);
}

function edgeTable(map) {
  if (map.edges.length === 0) return h('p', {class: 'muted'}, 'No calls between services yet.');
  return h('table', {class: 'list'},
    h('thead', {}, h('tr', {}, ['Caller', 'Callee', 'Calls', 'Errors', 'Error rate'].map((t) => h('th', {}, t)))),
    h('tbody', {}, map.edges.map((e) => h('tr', {},
      h('td', {}, serviceChip(e.source)), h('td', {}, serviceChip(e.target)),
      h('td', {class: 'num'}, e.callCount), h('td', {class: 'num'}, e.errorCount),
      h('td', {class: 'num'}, `${((e.errorCount / Math.max(e.callCount, 1)) * 100).toFixed(1)}%`)))));
}
