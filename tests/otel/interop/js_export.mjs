// Exports one small trace with the official OpenTelemetry JS SDK and OTLP exporter.
//   node js_export.mjs <grpc|http/protobuf|http/json> <url>
// Prints {"traceId", "parentSpanId", "childSpanId"} after a successful export.
import { context, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';

const [protocol, url] = process.argv.slice(2);
const modules = {
  grpc: '@opentelemetry/exporter-trace-otlp-grpc',
  'http/protobuf': '@opentelemetry/exporter-trace-otlp-proto',
  'http/json': '@opentelemetry/exporter-trace-otlp-http',
};
const { OTLPTraceExporter } = await import(modules[protocol]);
const exporter = new OTLPTraceExporter({ url });
const provider = new BasicTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'js-peer' }),
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer('js-interop', '1.0.0');
const parent = tracer.startSpan('js-parent', {
  kind: SpanKind.SERVER,
  attributes: { 'http.request.method': 'GET', count: 3, ratio: 0.5, ok: true, tags: ['a', 'b'] },
});
const child = tracer.startSpan('js-child', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), parent));
child.addEvent('evt', { k: 'v' });
child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
child.end();
parent.end();
await provider.forceFlush();
await provider.shutdown();
console.log(JSON.stringify({
  traceId: parent.spanContext().traceId,
  parentSpanId: parent.spanContext().spanId,
  childSpanId: child.spanContext().spanId,
}));
