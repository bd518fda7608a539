// Browser test with REAL telemetry: telemetry-viewer and the four instrumented services
// (live_stack.mjs) on free loopback ports, form submissions through the frontend (one for
// an unknown place), then headless Debian chromium driven by playwright-core walks the UI
// as a workshop attendee would: the frontend's trace link → the waterfall with all four
// services and their parent chain → span details → the trace's logs; the logs page → a
// log's trace; the metric charts; the service map. Screenshots are kept as artefacts.
// usage: node browser_test.mjs <bin-dir> <artefact-dir>
//   VIEWER_BROWSER_SUBMISSIONS=N  more form submissions (for fuller screenshots)
import fs from 'node:fs';
import path from 'node:path';
import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import {LiveStack, pollUntil, sleep} from './live_stack.mjs';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/'));
const {chromium} = require('playwright-core');
const [binDir, outDir] = process.argv.slice(2);
const SERVICES = ['frontend', 'gateway', 'geolocator-service', 'iss-distance-service'];
const PLACES = ['Tokyo', 'Lima', 'Nairobi', 'Oslo', 'Quito', 'Perth', 'Reykjavik', 'Cairo', 'Santiago', 'Toronto'];
const UNKNOWN_PLACE = 'Atlantis Under The Sea';
const SUBMISSIONS = Number(process.env.VIEWER_BROWSER_SUBMISSIONS || 6);
const started = Date.now();

const failures = [];
function check(condition, message) {
  const at = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${at} s  ${message}`);
  if (!condition) failures.push(message);
  return condition;
}

let currentStep = 'start';
function step(name) {
  currentStep = name;
}

fs.rmSync(outDir, {recursive: true, force: true});
fs.mkdirSync(outDir, {recursive: true});
const stack = new LiveStack(binDir, outDir);
let browser;
let finishing = false;
async function finish(reason) {
  if (finishing) return;
  finishing = true;
  if (reason) check(false, reason);
  if (browser) await browser.close().catch(() => {});
  const codes = await stack.stop();
  for (const [name, code] of Object.entries(codes)) check(code === 0, `${name} exits 0 on SIGTERM (got ${code})`);
  console.log(`screenshots and process logs in ${outDir}; ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failures.length ? 1 : 0);
}
// Stay well inside ctest's timeout, and clean up on Ctrl-C or a kill.
setTimeout(() => finish(`timed out after 50 s in step ${currentStep}`), 50000).unref();
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => finish(`interrupted by ${signal}`));

// The trace id in the frontend's "See this request's trace" link (HTML-escaped href).
function traceLink(html) {
  const unescaped = html.replace(/&#x2F;|&#47;/gi, '/').replace(/&amp;/g, '&');
  const match = unescaped.match(/href="(http:\/\/127\.0\.0\.1:\d+\/trace\/([0-9a-f]{32}))"/);
  return match ? {url: match[1], traceId: match[2]} : null;
}

async function submit(place) {
  const res = await fetch(stack.frontendUrl, {method: 'POST', body: new URLSearchParams({location: place})});
  return {status: res.status, link: traceLink(await res.text())};
}

const api = async (p) => (await fetch(stack.viewerUrl + p)).json();

// A trace is complete when its four services are in and its span count stopped growing.
async function completeTrace(traceId, minSpans) {
  let previous = -1;
  return pollUntil(async () => {
    const res = await fetch(`${stack.viewerUrl}/api/traces/${traceId}`);
    if (res.status !== 200) return null;
    const trace = await res.json();
    const services = new Set(trace.spans.map((x) => x.service));
    const done = services.size === 4 && trace.spans.length >= minSpans && trace.spans.length === previous;
    previous = trace.spans.length;
    return done ? trace : null;
  }, {timeoutMs: 15000, everyMs: 300});
}

try {
  // Chromium starts while the services do (both take seconds on a loaded machine).
  const launching = chromium.launch({executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync']});
  launching.then((b) => { browser = b; }, () => {});
  await stack.start();
  console.log(`stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: viewer ${stack.viewerUrl}, frontend ${stack.frontendUrl}`);
  const base = stack.viewerUrl;
  browser = await launching;
  const page = await browser.newPage({viewport: {width: 1440, height: 900}});
  page.setDefaultTimeout(15000);  // no single wait may eat the 50 s budget
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // Only the viewer and the frontend may be contacted.
  await page.route('**/*', (route) => {
    const url = route.request().url();
    return url.startsWith(base) || url.startsWith(stack.frontendUrl) ? route.continue() : route.abort();
  });

  step('1');
  // 1. A form submission in the browser, then more (and an unknown place) over HTTP.
  await page.goto(stack.frontendUrl);
  await page.fill('#location', 'Paris');
  await page.click('button[type=submit]');
  await page.waitForSelector('p.trace a');
  const parisHref = await page.locator('p.trace a').getAttribute('href');
  const paris = traceLink(`href="${parisHref}"`);
  check(paris !== null, `the frontend's result links to its trace in the viewer (${parisHref})`);
  await page.screenshot({path: `${outDir}/frontend-result.png`});
  const others = [];
  for (let i = 0; i < SUBMISSIONS; i++) {
    others.push(await submit(PLACES[i % PLACES.length]));
    await sleep(250);
  }
  check(others.every((o) => o.status === 200 && o.link), `${SUBMISSIONS} more submissions answered 200 with trace links`);
  const unknown = await submit(UNKNOWN_PLACE);
  check(unknown.status !== 200 && unknown.link !== null, `an unknown place answers ${unknown.status} with a trace link`);

  step('2');
  // 2. The frontend's link → the trace: four services, parent chain, span details, logs.
  const parisTrace = await completeTrace(paris.traceId, 8);
  check(parisTrace, 'the submission\'s trace arrives with spans of all four services');
  await page.click('p.trace a');
  await page.waitForURL(`${base}/trace/${paris.traceId}`);
  await page.waitForSelector('.span-row[data-span-id]');
  const services = new Set(await page.locator('.span-row .span-service').allTextContents());
  check(SERVICES.every((x) => services.has(x)) && services.size === 4, `waterfall shows the four services (${[...services]})`);
  const rows = await page.locator('.span-row[data-span-id]').evaluateAll((els) => els.map((el) => ({
    id: el.dataset.spanId, parent: el.dataset.parentSpanId, level: Number(el.dataset.depth),
    service: el.querySelector('.span-service').textContent, name: el.querySelector('.span-name').textContent})));
  check(rows.length === parisTrace.spans.length, `one waterfall row per span (${rows.length})`);
  // Walk up from the ISS lookup: each row's parent is a row above it, one level less indented.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const chain = [];
  let row = rows.find((r) => r.name === 'getting-iss-coordinates');
  let nested = Boolean(row);
  while (row) {
    chain.push(row);
    const parent = row.parent ? byId.get(row.parent) : undefined;
    if (parent && (parent.level !== row.level - 1 || rows.indexOf(parent) >= rows.indexOf(row))) nested = false;
    row = parent;
  }
  const chainServices = [...new Set(chain.map((r) => r.service))].reverse();
  check(nested && chain.at(-1).level === 0 && !chain.at(-1).parent,
        `getting-iss-coordinates nests up to the root: ${chain.map((r) => `${r.service}:${r.name}`).reverse().join(' → ')}`);
  check(chainServices.join(',') === 'frontend,gateway,iss-distance-service',
        `its parent chain crosses frontend → gateway → iss-distance-service (${chainServices})`);
  await page.locator('.span-row', {hasText: 'getting-iss-coordinates'}).click();
  const details = await page.locator('.span-details').textContent();
  check(details.includes('iss.source') && details.includes('tle') && details.includes('iss.position'),
        'span details show the ISS lookup\'s attributes (SGP4 source, position)');
  check(details.includes('service.name') && details.includes('telemetry.sdk.language'), 'and its resource');
  await page.waitForSelector('.trace-logs .log-line');
  const traceLogs = await page.locator('.trace-logs .log-line').allTextContents();
  check(traceLogs.some((t) => t.includes('iss-distance-service') && t.includes('received request from IP address')),
        `the trace's logs are shown beside it (${traceLogs.length}, incl. the ISS service's "received request")`);
  await page.screenshot({path: `${outDir}/trace.png`, fullPage: true});

  step('3');
  // 3. The failing submission's deep link (as the frontend rendered it).
  const unknownTrace = await pollUntil(async () => {
    const trace = await api(`/api/traces/${unknown.link.traceId}`);
    return trace.spans && trace.spans.some((x) => x.service === 'geolocator-service') ? trace : null;
  });
  check(unknownTrace, 'the unknown place\'s trace reaches the geolocator');
  await page.goto(unknown.link.url);
  await page.waitForSelector('.span-row[data-span-id]');
  await page.locator('.span-row', {hasText: 'geolocator-service'}).first().click();
  check((await page.locator('.span-details').textContent()).includes('404'), 'its geolocator span shows the 404');
  await page.screenshot({path: `${outDir}/trace-not-found.png`, fullPage: true});

  step('4');
  // 4. Trace search lists every submission, newest first, with the four services each.
  const listed = await pollUntil(async () => {
    await page.goto(`${base}/traces?service=frontend&name=POST`);
    await page.waitForSelector('table.traces > tbody > tr');
    const n = await page.locator('table.traces > tbody > tr').count();
    return n >= SUBMISSIONS + 2 ? n : null;
  }, {timeoutMs: 10000, everyMs: 500});
  check(listed === SUBMISSIONS + 2, `trace search (frontend, POST) lists the ${SUBMISSIONS + 2} submissions (${listed})`);
  const newest = await page.locator('table.traces > tbody > tr').first().textContent();
  check(newest.includes('gateway') && newest.includes('geolocator-service') && !newest.includes('iss-distance-service'),
        'the newest is the unknown place: its gateway stopped after the geolocator\'s 404');
  const parisRow = await page.locator('table.traces > tbody > tr', {has: page.locator(`a[href="/trace/${paris.traceId}"]`)}).textContent();
  check(SERVICES.every((x) => parisRow.includes(x)), 'the browser\'s submission is listed with all four services');
  await page.screenshot({path: `${outDir}/traces.png`});

  step('5');
  // 5. Logs page → a log record's trace link → that trace with the record's span selected.
  await page.goto(`${base}/logs`);
  await page.waitForSelector('table.logs > tbody > tr a.trace-link');
  await page.screenshot({path: `${outDir}/logs.png`});
  const record = page.locator('table.logs > tbody > tr', {hasText: 'received request from IP address'})
    .filter({hasText: 'iss-distance-service'}).first();
  const href = await record.locator('a.trace-link').getAttribute('href');
  await record.locator('a.trace-link').click();
  await page.waitForSelector('.span-row.selected');
  const target = new URL(href, base);
  check(new URL(page.url()).pathname === target.pathname, `the log's link lands on its trace (${target.pathname})`);
  check(await page.locator('.span-row.selected').getAttribute('data-span-id') === target.searchParams.get('span'),
        'with the span that wrote the record selected');
  check((await page.locator('.span-row.selected .span-service').textContent()) === 'iss-distance-service',
        'which is an iss-distance-service span');

  step('6');
  // 6. Metrics: the request-duration histogram per service and the requests counter, drawn with data.
  const drawn = async (metric) => {
    await page.goto(`${base}/charts?metric=${metric}`);
    await page.waitForSelector('svg.chart');  // drawn, with or without data yet
    return page.locator('.chart-card').evaluateAll((cards) => cards.map((card) => ({
      title: card.querySelector('h3').textContent,
      points: card.querySelectorAll('svg.chart circle:not(.exemplar)').length,
      exemplars: card.querySelectorAll('svg.chart a.exemplar-link').length,
      lines: card.querySelectorAll('svg.chart polyline').length})));
  };
  const cardsWithData = await pollUntil(async () => {
    const cards = await drawn('http.server.request.duration');
    return SERVICES.every((x) => cards.some((c) => c.title.includes(x) && c.points > 0)) ? cards : null;
  }, {timeoutMs: 10000, everyMs: 500});
  check(cardsWithData, 'http.server.request.duration: a chart with data for each of the four services');
  await page.screenshot({path: `${outDir}/metrics.png`, fullPage: true});
  // Exemplars (#18): the requests were made in sampled traces, so the duration charts carry
  // dots; clicking one (the last drawn: nothing covers it) opens that trace with its span.
  const withExemplars = await pollUntil(async () => {
    const cards = await drawn('http.server.request.duration');
    return cards.some((c) => c.exemplars > 0) ? cards : null;
  }, {timeoutMs: 10000, everyMs: 500});
  check(withExemplars, `http.server.request.duration: exemplar dots on the charts (${JSON.stringify(withExemplars && withExemplars.map((c) => c.exemplars))})`);
  if (withExemplars) {
    const dot = page.locator('svg.chart a.exemplar-link').last();
    const exemplarTrace = await dot.getAttribute('data-trace-id');
    const exemplarHref = new URL(await dot.getAttribute('href'), base);
    await dot.locator('circle').click();
    await page.waitForSelector('.span-row.selected');
    check(new URL(page.url()).pathname === `/trace/${exemplarTrace}`, `clicking an exemplar dot lands on its trace (${exemplarTrace})`);
    check(await page.locator('.span-row.selected').getAttribute('data-span-id') === exemplarHref.searchParams.get('span'),
          'with the exemplar\'s span selected');
    await page.screenshot({path: `${outDir}/exemplar-trace.png`, fullPage: true});
  }
  const counter = await pollUntil(async () => {
    const cards = await drawn('incoming.requests');
    return cards.length === 1 && cards[0].lines > 0 ? cards : null;
  }, {timeoutMs: 10000, everyMs: 500});
  check(counter, 'incoming.requests: a rate line');

  // The services have no gauge; one sent over OTLP/HTTP JSON is drawn as its values.
  const now = BigInt(Date.now()) * 1000000n;
  const gaugePoints = [7, 3, 5].map((v, i) => ({asDouble: v, timeUnixNano: String(now - BigInt(2 - i) * 1000000000n)}));
  const gaugeSent = await fetch(`${stack.otlpHttpUrl}/v1/metrics`, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({resourceMetrics: [{resource: {attributes: [{key: 'service.name', value: {stringValue: 'gauge-test'}}]},
      scopeMetrics: [{metrics: [{name: 'test.queue.depth', unit: '{item}', gauge: {dataPoints: gaugePoints}}]}]}]})});
  check(gaugeSent.status === 200, 'an OTLP/HTTP JSON gauge accepted');
  const gauge = await drawn('test.queue.depth');
  check(gauge.length === 1 && gauge[0].lines === 1 && gauge[0].points === 3, `a gauge is drawn as its 3 values (${JSON.stringify(gauge)})`);

  step('7');
  // 7. Service map: frontend → gateway → {geolocator-service, iss-distance-service}.
  await page.goto(`${base}/map`);
  await page.waitForSelector('svg.service-map path.edge', {state: 'attached'});
  const edges = await page.locator('table.list tbody tr').evaluateAll((trs) => trs.map((tr) =>
    [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim())));
  const edgeNames = edges.map(([a, b]) => `${a}→${b}`).sort();
  check(JSON.stringify(edgeNames) === JSON.stringify(['frontend→gateway', 'gateway→geolocator-service', 'gateway→iss-distance-service']),
        `service map edges: ${edgeNames.join(', ')}`);
  check(await page.locator('svg.service-map path.edge').count() === 3, 'three arrows drawn');
  check(edges.every(([, , calls]) => Number(calls) >= SUBMISSIONS), `each edge counts the calls (${edges.map((e) => e[2])})`);
  await page.screenshot({path: `${outDir}/service-map.png`});

  step('8');
  // 8. A trace link followed before the trace arrived: the page waits for it; and markup
  // in telemetry stays text and never runs.
  const hostile = '<img src=x onerror="window.pwned=1">';
  const hostileTrace = '0af7651916cd43dd8448eb211c80319c';
  await page.goto(`${base}/trace/${hostileTrace}`);
  await page.waitForSelector('text=Waiting for this trace');
  check(true, 'a trace that has not arrived yet says it is waiting for it');
  const sent = await fetch(`${stack.otlpHttpUrl}/v1/traces`, {method: 'POST', headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({resourceSpans: [{resource: {attributes: [{key: 'service.name', value: {stringValue: 'markup-test'}}]},
      scopeSpans: [{spans: [{traceId: hostileTrace, spanId: 'b7ad6b7169203331', name: hostile,
                             startTimeUnixNano: '1', endTimeUnixNano: '2'}]}]}]})});
  check(sent.status === 200, 'OTLP/HTTP JSON span accepted');
  await page.waitForSelector('.span-row[data-span-id]', {timeout: 4000});  // polled every second
  check(true, 'and shows it within seconds of its arrival, without a reload');
  check((await page.locator('.span-row .span-name').first().textContent()) === hostile, 'a span name with markup is shown as text');
  check(await page.evaluate(() => window.pwned === undefined) && await page.locator('.waterfall img').count() === 0,
        'and is never executed');
  check(pageErrors.length === 0, `no script errors (${pageErrors.join('; ')})`);
} catch (error) {
  check(false, `unexpected: ${error.stack || error}`);
}
await finish();
