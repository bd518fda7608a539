// An OTLP metrics + logs receiver built only from the official OpenTelemetry JS
// packages' pieces: the generated OTLP schema inside @opentelemetry/otlp-transformer
// (protobufjs) and @grpc/grpc-js. It accepts MetricsService/LogsService over OTLP/gRPC,
// and /v1/metrics, /v1/logs over OTLP/HTTP protobuf and JSON, and prints one JSON line
// per request with what it decoded.
//   node otlp_metrics_logs_receiver.mjs <http-port> <grpc-port>
import { createRequire } from 'node:module';
import http from 'node:http';
import zlib from 'node:zlib';

import { anyValue, attributes, hex } from '../otlp_values.mjs';

const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const grpc = require('@grpc/grpc-js');

const metricsPb = root.opentelemetry.proto.collector.metrics.v1;
const logsPb = root.opentelemetry.proto.collector.logs.v1;
const [httpPort, grpcPort] = process.argv.slice(2).map(Number);

const str = (v) => (v === undefined || v === null ? '' : String(v));

function point(p) {
  const value = p.asInt !== undefined && p.asInt !== null ? String(p.asInt) : p.asDouble;
  return {
    attributes: attributes(p.attributes),
    value,
    count: str(p.count),
    sum: p.sum,
    bucketCounts: (p.bucketCounts || []).map(String),
    explicitBounds: p.explicitBounds || [],
  };
}

function summarizeMetrics(request, transport) {
  const metrics = [];
  let resource = {};
  for (const rm of request.resourceMetrics || []) {
    resource = attributes(rm.resource && rm.resource.attributes);
    for (const sm of rm.scopeMetrics || []) {
      for (const m of sm.metrics || []) {
        const data = m.sum || m.gauge || m.histogram || {};
        metrics.push({
          scope: sm.scope ? sm.scope.name : '',
          name: m.name,
          unit: m.unit || '',
          type: m.sum ? 'sum' : m.gauge ? 'gauge' : m.histogram ? 'histogram' : 'other',
          isMonotonic: Boolean(m.sum && m.sum.isMonotonic),
          temporality: Number(data.aggregationTemporality || 0),
          points: (data.dataPoints || []).map(point),
        });
      }
    }
  }
  console.log(JSON.stringify({ transport, signal: 'metrics', resource, metrics }));
}

// Protobuf ids are bytes; OTLP/JSON ids are hex strings already.
function summarizeLogs(request, transport, idsAreHex) {
  const id = (v) => (idsAreHex ? v || '' : hex(v));
  const logs = [];
  let resource = {};
  for (const rl of request.resourceLogs || []) {
    resource = attributes(rl.resource && rl.resource.attributes);
    for (const sl of rl.scopeLogs || []) {
      for (const r of sl.logRecords || []) {
        logs.push({
          scope: sl.scope ? sl.scope.name : '',
          body: anyValue(r.body),
          severityNumber: Number(r.severityNumber || 0),
          severityText: r.severityText || '',
          timeUnixNano: str(r.timeUnixNano),
          traceId: id(r.traceId),
          spanId: id(r.spanId),
          attributes: attributes(r.attributes),
        });
      }
    }
  }
  console.log(JSON.stringify({ transport, signal: 'logs', resource, logs }));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      const isLogs = req.url === '/v1/logs';
      const pb = isLogs ? logsPb : metricsPb;
      const requestType = isLogs ? pb.ExportLogsServiceRequest : pb.ExportMetricsServiceRequest;
      const responseType = isLogs ? pb.ExportLogsServiceResponse : pb.ExportMetricsServiceResponse;
      if ((req.headers['content-type'] || '').startsWith('application/json')) {
        const request = JSON.parse(body.toString('utf8'));
        if (isLogs) summarizeLogs(request, 'http/json', true);
        else summarizeMetrics(request, 'http/json');
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      } else {
        const request = requestType.decode(body);
        if (isLogs) summarizeLogs(request, 'http/protobuf', false);
        else summarizeMetrics(request, 'http/protobuf');
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
        res.end(Buffer.from(responseType.encode({}).finish()));
      }
    } catch (e) {
      console.log(JSON.stringify({ error: String(e) }));
      res.writeHead(400);
      res.end();
    }
  });
});
server.listen(httpPort, '127.0.0.1');

function unary(path, requestType, responseType) {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: (m) => Buffer.from(requestType.encode(m).finish()),
    requestDeserialize: (b) => requestType.decode(b),
    responseSerialize: (m) => Buffer.from(responseType.encode(m).finish()),
    responseDeserialize: (b) => responseType.decode(b),
  };
}

const grpcServer = new grpc.Server();
grpcServer.addService(
  {
    Export: unary('/opentelemetry.proto.collector.metrics.v1.MetricsService/Export',
      metricsPb.ExportMetricsServiceRequest, metricsPb.ExportMetricsServiceResponse),
  },
  { Export: (call, callback) => { summarizeMetrics(call.request, 'grpc'); callback(null, {}); } },
);
grpcServer.addService(
  {
    Export: unary('/opentelemetry.proto.collector.logs.v1.LogsService/Export',
      logsPb.ExportLogsServiceRequest, logsPb.ExportLogsServiceResponse),
  },
  { Export: (call, callback) => { summarizeLogs(call.request, 'grpc', false); callback(null, {}); } },
);
grpcServer.bindAsync(`127.0.0.1:${grpcPort}`, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
});
// Never outlive the test that started us.
setTimeout(() => process.exit(0), 50000).unref();
