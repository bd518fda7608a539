// Interop: the official OpenTelemetry JS exporters (npm, pinned in tests/package.json)
// send traces, metrics and logs to the viewer over OTLP/gRPC, OTLP/HTTP JSON and
// OTLP/HTTP protobuf (gzip); the viewer's JSON API must show all of it.
// usage: node js_interop.mjs <telemetry-viewer binary>
import {spawn} from 'node:child_process';
import net from 'node:net';
import {createRequire} from 'node:module';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../node_modules/'));
const {trace, context, SpanStatusCode} = require('@opentelemetry/api');
const {BasicTracerProvider, SimpleSpanProcessor} = require('@opentelemetry/sdk-trace-base');
const {LoggerProvider, SimpleLogRecordProcessor} = require('@opentelemetry/sdk-logs');
const {MeterProvider, PeriodicExportingMetricReader} = require('@opentelemetry/sdk-metrics');
const {resourceFromAttributes} = require('@opentelemetry/resources');

const exporters = {
  grpc: {
    traces: require('@opentelemetry/exporter-trace-otlp-grpc').OTLPTraceExporter,
    logs: require('@opentelemetry/exporter-logs-otlp-grpc').OTLPLogExporter,
    metrics: require('@opentelemetry/exporter-metrics-otlp-grpc').OTLPMetricExporter,
  },
  json: {
    traces: require('@opentelemetry/exporter-trace-otlp-http').OTLPTraceExporter,
    logs: require('@opentelemetry/exporter-logs-otlp-http').OTLPLogExporter,
    metrics: require('@opentelemetry/exporter-metrics-otlp-http').OTLPMetricExporter,
  },
  proto: {
    traces: require('@opentelemetry/exporter-trace-otlp-proto').OTLPTraceExporter,
    logs: require('@opentelemetry/exporter-logs-otlp-proto').OTLPLogExporter,
    metrics: require('@opentelemetry/exporter-metrics-otlp-proto').OTLPMetricExporter,
  },
};

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port) {
  for (let i = 0; i < 100; i++) {
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

async function send(kind, ports) {
  const service = `js-${kind}`;
  const resource = resourceFromAttributes({'service.name': service});
  const options = (signal) => (kind === 'grpc'
    ? {url: `http://127.0.0.1:${ports.grpc}`}
    : {url: `http://127.0.0.1:${ports.http}/v1/${signal}`, compression: kind === 'proto' ? 'gzip' : 'none'});

  const tracerProvider = new BasicTracerProvider({resource,
    spanProcessors: [new SimpleSpanProcessor(new exporters[kind].traces(options('traces')))]});
  const loggerProvider = new LoggerProvider({resource,
    processors: [new SimpleLogRecordProcessor(new exporters[kind].logs(options('logs')))]});
  const meterProvider = new MeterProvider({resource, readers: [new PeriodicExportingMetricReader(
    {exporter: new exporters[kind].metrics(options('metrics')), exportIntervalMillis: 600000})]});

  const tracer = tracerProvider.getTracer('interop');
  const parent = tracer.startSpan('parent-op', {attributes: {'interop.kind': kind}});
  const child = tracer.startSpan('child-op', {}, trace.setSpan(context.active(), parent));
  child.setStatus({code: SpanStatusCode.ERROR, message: 'expected failure'});
  child.addEvent('something happened', {'event.n': 3});
  const {traceId, spanId} = child.spanContext();
  loggerProvider.getLogger('interop').emit({
    severityNumber: 13, severityText: 'WARN', body: `interop log from ${kind}`,
    attributes: {'log.kind': kind}, context: trace.setSpan(context.active(), child)});
  child.end();
  parent.end();
  meterProvider.getMeter('interop').createCounter('interop.requests').add(5, {'interop.kind': kind});

  await tracerProvider.forceFlush();
  await loggerProvider.forceFlush();
  await meterProvider.forceFlush();
  await Promise.all([tracerProvider.shutdown(), loggerProvider.shutdown(), meterProvider.shutdown()]);
  return {service, traceId, spanId};
}

async function api(ports, p) {
  const response = await fetch(`http://127.0.0.1:${ports.ui}${p}`);
  return {status: response.status, body: await response.json()};
}

const ports = {ui: await freePort(), grpc: await freePort(), http: await freePort()};
const viewer = spawn(process.argv[2], [], {stdio: 'inherit', env: {...process.env,
  PORT: String(ports.ui), OTLP_GRPC_PORT: String(ports.grpc), OTLP_HTTP_PORT: String(ports.http)}});
try {
  await waitForPort(ports.ui);
  await waitForPort(ports.grpc);
  await waitForPort(ports.http);
  for (const kind of ['grpc', 'json', 'proto']) {
    const sent = await send(kind, ports);
    const t = await api(ports, `/api/traces/${sent.traceId}`);
    check(t.status === 200 && t.body.spans.length === 2, `${kind}: trace with 2 spans stored`);
    const child = (t.body.spans || []).find((s) => s.spanId === sent.spanId);
    check(child && child.service === sent.service && child.status.code === 2 &&
          child.events.length === 1 && child.events[0].attributes['event.n'] === 3,
          `${kind}: child span keeps service, error status and event`);
    const parent = (t.body.spans || []).find((s) => s.name === 'parent-op');
    check(parent && child && child.parentSpanId === parent.spanId && parent.attributes['interop.kind'] === kind,
          `${kind}: parent/child link and attributes`);
    const l = await api(ports, `/api/logs?traceId=${sent.traceId}`);
    check(l.body.logs.length === 1 && l.body.logs[0].body === `interop log from ${kind}` &&
          l.body.logs[0].spanId === sent.spanId && l.body.logs[0].severityNumber === 13,
          `${kind}: log record with its trace and span id`);
    const m = await api(ports, `/api/metrics/interop.requests?service=${sent.service}`);
    const points = m.status === 200 ? m.body.series.flatMap((s) => s.points) : [];
    // forceFlush and shutdown each export the cumulative total once.
    check(m.status === 200 && m.body.type === 'sum' && points.length >= 1 && points.every((p) => p.value === 5),
          `${kind}: counter points received (${points.map((p) => p.value)})`);
  }
  const metrics = await (await fetch(`http://127.0.0.1:${ports.ui}/metrics`)).text();
  check(/interop_requests_total\{[^}]*job="js-grpc"[^}]*\} 5/.test(metrics),
        'Prometheus /metrics exposes interop_requests_total for each sender');
} finally {
  viewer.kill('SIGTERM');
  const code = await new Promise((resolve) => viewer.on('exit', (c) => resolve(c)));
  check(code === 0, `viewer exits 0 on SIGTERM (got ${code})`);
}
process.exit(failures.length ? 1 : 0);
