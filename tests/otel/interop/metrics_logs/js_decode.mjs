// Decodes an OTLP export request (protobuf bytes in a file) with the generated schema
// inside @opentelemetry/otlp-transformer and prints a JSON summary.
//   node js_decode.mjs <metrics|logs> <file>
import { createRequire } from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const [signal, file] = process.argv.slice(2);
const bytes = fs.readFileSync(file);
const type = signal === 'metrics'
  ? root.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest
  : root.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
const message = type.decode(bytes);
const json = type.toObject(message, { longs: String, bytes: String, enums: Number, defaults: false });
console.log(JSON.stringify(json));
