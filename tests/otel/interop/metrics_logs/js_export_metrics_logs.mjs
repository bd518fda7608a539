// Exports metrics and one log record with the official OpenTelemetry JS SDKs and OTLP
// exporters, so the C++ side can check that our schema decodes them.
//   node js_export_metrics_logs.mjs <grpc|http/protobuf|http/json> <metrics-url> <logs-url>
// (for grpc both URLs are the collector's http://host:port)
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';

const [protocol, metricsUrl, logsUrl] = process.argv.slice(2);
const metricModules = {
  grpc: '@opentelemetry/exporter-metrics-otlp-grpc',
  'http/protobuf': '@opentelemetry/exporter-metrics-otlp-proto',
  'http/json': '@opentelemetry/exporter-metrics-otlp-http',
};
const logModules = {
  grpc: '@opentelemetry/exporter-logs-otlp-grpc',
  'http/protobuf': '@opentelemetry/exporter-logs-otlp-proto',
  'http/json': '@opentelemetry/exporter-logs-otlp-http',
};
const { OTLPMetricExporter } = await import(metricModules[protocol]);
const { OTLPLogExporter } = await import(logModules[protocol]);
const resource = resourceFromAttributes({ 'service.name': 'js-peer' });

const reader = new PeriodicExportingMetricReader({
  exporter: new OTLPMetricExporter({ url: metricsUrl }),
  exportIntervalMillis: 60000,
});
const meterProvider = new MeterProvider({ resource, readers: [reader] });
const meter = meterProvider.getMeter('js-metrics', '1.0.0');
meter.createCounter('js.requests', { description: 'JS requests' }).add(5, { 'response.status': 200 });
meter.createHistogram('js.duration', { unit: 's' }).record(0.3);
await meterProvider.forceFlush();
await meterProvider.shutdown();

const loggerProvider = new LoggerProvider({
  resource,
  processors: [new SimpleLogRecordProcessor(new OTLPLogExporter({ url: logsUrl }))],
});
loggerProvider.getLogger('js-logs', '1.0.0').emit({
  severityNumber: 13,
  severityText: 'WARN',
  body: 'js warning',
  attributes: { component: 'interop' },
});
await loggerProvider.forceFlush();
await loggerProvider.shutdown();
console.log('exported');
