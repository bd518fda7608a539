// Browser test: headless Debian chromium driven by playwright-core (tests/node_modules)
// against a viewer loaded with telemetry shaped like the four workshop services
// (sent by viewer-demo-sender over OTLP/gRPC). Screenshots are kept as artefacts.
// usage: node browser_test.mjs <telemetry-viewer> <viewer-demo-sender> <artefact-dir>
import {spawn, execFileSync} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/'));
const {chromium} = require('playwright-core');
const [viewerBinary, senderBinary, outDir] = process.argv.slice(2);
const SERVICES = ['frontend', 'gateway', 'geolocator-service', 'iss-distance-service'];

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 150; i++) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} never opened`);
}

const failures = [];
function check(condition, message) {
  console.log(`${condition ? 'ok  ' : 'FAIL'} ${message}`);
  if (!condition) failures.push(message);
}

fs.mkdirSync(outDir, {recursive: true});
const ports = {ui: await freePort(), grpc: await freePort(), http: await freePort()};
const viewer = spawn(viewerBinary, [], {stdio: 'ignore', env: {...process.env,
  PORT: String(ports.ui), OTLP_GRPC_PORT: String(ports.grpc), OTLP_HTTP_PORT: String(ports.http)}});
const base = `http://127.0.0.1:${ports.ui}`;
let browser;
try {
  await waitForPort(ports.ui);
  await waitForPort(ports.grpc);
  execFileSync(senderBinary, [`127.0.0.1:${ports.grpc}`, '4', '6'], {stdio: 'inherit'});
  // A span whose name is markup: it must show as text.
  const hostile = '<img src=x onerror="window.pwned=1">';
  const hostileTrace = '0af7651916cd43dd8448eb211c80319c';
  const sent = await fetch(`http://127.0.0.1:${ports.http}/v1/traces`, {method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({resourceSpans: [{resource: {attributes: [{key: 'service.name', value: {stringValue: 'frontend'}}]},
      scopeSpans: [{spans: [{traceId: hostileTrace, spanId: 'b7ad6b7169203331', name: hostile,
                             startTimeUnixNano: '1', endTimeUnixNano: '2'}]}]}]})});
  check(sent.status === 200, 'OTLP/HTTP JSON span accepted');

  browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync']});
  const page = await browser.newPage({viewport: {width: 1440, height: 900}});
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // Only the viewer itself may be contacted.
  await page.route('**/*', (route) => (route.request().url().startsWith(base) ? route.continue() : route.abort()));

  // 1. Trace list → open the newest failing trace → four services in the waterfall.
  await page.goto(`${base}/traces?error=true`);
  await page.waitForSelector('table.traces > tbody > tr');
  check(await page.locator('table.traces > tbody > tr').count() === 3, 'trace search with error=true lists the 3 failing traces');
  await page.screenshot({path: `${outDir}/traces.png`});
  await page.locator('table.traces > tbody > tr a').first().click();
  await page.waitForSelector('.span-row[data-span-id]');
  check(/^\/trace\/[0-9a-f]{32}$/.test(new URL(page.url()).pathname.replace(/\?.*/, '')), `deep link per trace (${page.url()})`);
  const services = new Set(await page.locator('.span-row .span-service').allTextContents());
  check(SERVICES.every((s) => services.has(s)) && services.size === 4, `waterfall shows the four services (${[...services]})`);
  check(await page.locator('.span-row[data-span-id]').count() === 10, 'waterfall has 10 spans');
  await page.waitForSelector('.trace-logs .log-line');
  check(await page.locator('.trace-logs .log-line').count() === 2, "the trace's 2 logs are shown beside it");
  await page.locator('.span-row', {hasText: 'getting-iss-coordinates'}).click();
  check(await page.locator('.span-details').textContent().then((t) => t.includes('ISS endpoint answered 503') && t.includes('iss.position')),
        'span details show status message and attributes');
  await page.screenshot({path: `${outDir}/trace.png`, fullPage: true});

  // 2. Logs page → follow an error log to its trace, its span selected.
  await page.goto(`${base}/logs?severity=ERROR`);
  await page.waitForSelector('table.logs > tbody > tr');
  const errorRows = await page.locator('table.logs > tbody > tr').count();
  check(errorRows === 3, `logs filtered to the 3 errors (${errorRows} rows)`);
  await page.screenshot({path: `${outDir}/logs.png`});
  const href = await page.locator('a.trace-link').first().getAttribute('href');
  await page.locator('a.trace-link').first().click();
  await page.waitForSelector('.span-row.selected');
  const spanId = new URL(href, base).searchParams.get('span');
  check(await page.locator('.span-row.selected').getAttribute('data-span-id') === spanId, "the log's span is selected in its trace");
  check((await page.locator('.span-row.selected').textContent()).includes('getting-iss-coordinates'), 'it is the failing ISS call');

  // 3. Metrics: a rate chart for the counter, percentile charts for the histogram.
  await page.goto(`${base}/charts?metric=iss.requests`);
  await page.waitForSelector('svg.chart polyline');
  check(await page.locator('svg.chart polyline').count() === 2, 'iss.requests: one rate line per response.status');
  await page.goto(`${base}/charts?metric=http.server.request.duration`);
  await page.waitForSelector('svg.chart polyline');
  check(await page.locator('.chart-card').count() === 2 && await page.locator('svg.chart polyline').count() === 6,
        'http.server.request.duration: p50/p90/p99 per service');
  await page.screenshot({path: `${outDir}/metrics.png`, fullPage: true});

  // 4. Service map.
  await page.goto(`${base}/map`);
  await page.waitForSelector('svg.service-map path.edge', {state: 'attached'});
  check(await page.locator('svg.service-map path.edge').count() === 3, 'service map: three cross-service edges');
  await page.screenshot({path: `${outDir}/service-map.png`});

  // 5. Markup stays text.
  await page.goto(`${base}/trace/${hostileTrace}`);
  await page.waitForSelector('.span-row[data-span-id]');
  check((await page.locator('.span-row .span-name').first().textContent()) === hostile, 'a span name with markup is shown as text');
  check(await page.evaluate(() => window.pwned === undefined) && await page.locator('.waterfall img').count() === 0,
        'and is never executed');
  check(pageErrors.length === 0, `no script errors (${pageErrors.join('; ')})`);
} catch (error) {
  check(false, `unexpected: ${error.stack || error}`);
} finally {
  if (browser) await browser.close();
  viewer.kill('SIGTERM');
  const code = await new Promise((resolve) => viewer.on('exit', (c) => resolve(c)));
  check(code === 0, `viewer exits 0 on SIGTERM (got ${code})`);
}
console.log(`screenshots in ${outDir}`);
process.exit(failures.length ? 1 : 0);
