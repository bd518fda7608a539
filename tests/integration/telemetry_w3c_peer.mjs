// The official OpenTelemetry JS SDK as the other side of a W3C trace-context hop.
//
//   node telemetry_w3c_peer.mjs client URL   -> starts a span, injects it, GETs URL, prints
//                                               {"traceId","spanId","status"} (one JSON line)
//   node telemetry_w3c_peer.mjs server       -> serves GET / on a free port (prints
//                                               {"port"}), prints {"traceId","spanId",
//                                               "sampled","path"} extracted from each request
//                                               and answers like both backends at once
import http from 'node:http';
import { trace, ROOT_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const propagator = new W3CTraceContextPropagator();
const [mode, url] = process.argv.slice(2);

if (mode === 'client') {
  const tracer = new BasicTracerProvider().getTracer('w3c-interop');
  const span = tracer.startSpan('js-client');
  const headers = {};
  propagator.inject(trace.setSpan(ROOT_CONTEXT, span), headers, {
    set: (carrier, key, value) => { carrier[key] = value; },
  });
  const response = await fetch(url, { headers });
  await response.text();
  span.end();
  const { traceId, spanId } = span.spanContext();
  console.log(JSON.stringify({ traceId, spanId, status: response.status, traceparent: headers.traceparent }));
} else if (mode === 'server') {
  const getter = {
    keys: (carrier) => Object.keys(carrier),
    get: (carrier, key) => carrier[key.toLowerCase()],
  };
  const server = http.createServer((req, res) => {
    const extracted = trace.getSpanContext(propagator.extract(ROOT_CONTEXT, req.headers, getter));
    console.log(JSON.stringify({
      traceId: extracted?.traceId ?? null,
      spanId: extracted?.spanId ?? null,
      sampled: extracted ? (extracted.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED : null,
      remote: extracted?.isRemote ?? null,
      path: req.url,
    }));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({
      latitude: 1.5, longitude: 2.5, place: 'JS',
      distance: 1234.5, location: { latitude: 3.5, longitude: 4.5 },
    }));
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(JSON.stringify({ port: server.address().port }));
  });
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  console.error('usage: telemetry_w3c_peer.mjs client URL | server');
  process.exit(2);
}
