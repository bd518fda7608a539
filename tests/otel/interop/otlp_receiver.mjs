// A small OTLP receiver built only from the official OpenTelemetry JS packages' pieces:
// the generated OTLP schema inside @opentelemetry/otlp-transformer (protobufjs) and
// @grpc/grpc-js. It accepts traces over OTLP/gRPC, OTLP/HTTP protobuf and OTLP/HTTP JSON
// and prints one JSON line per request with what it decoded.
//   node otlp_receiver.mjs <http-port> <grpc-port>
import { createRequire } from 'node:module';
import http from 'node:http';
import zlib from 'node:zlib';

import { anyValue, attributes, hex } from './otlp_values.mjs';

const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const grpc = require('@grpc/grpc-js');

const collector = root.opentelemetry.proto.collector.trace.v1;
const [httpPort, grpcPort] = process.argv.slice(2).map(Number);


// Both decoders yield the same shape: protobuf ids are bytes, JSON ids are hex already.
function summarize(request, transport, idsAreHex) {
  const id = (v) => (idsAreHex ? v || '' : hex(v));
  const spans = [];
  let resource = {};
  for (const rs of request.resourceSpans || []) {
    resource = attributes(rs.resource && rs.resource.attributes);
    for (const ss of rs.scopeSpans || []) {
      for (const s of ss.spans || []) {
        spans.push({
          scope: ss.scope ? ss.scope.name : '',
          name: s.name,
          traceId: id(s.traceId),
          spanId: id(s.spanId),
          parentSpanId: id(s.parentSpanId),
          kind: Number(s.kind || 0),
          startTimeUnixNano: String(s.startTimeUnixNano),
          attributes: attributes(s.attributes),
          events: (s.events || []).map((e) => e.name),
          status: { code: Number((s.status && s.status.code) || 0), message: (s.status && s.status.message) || '' },
        });
      }
    }
  }
  console.log(JSON.stringify({ transport, resource, spans }));
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      if ((req.headers['content-type'] || '').startsWith('application/json')) {
        summarize(JSON.parse(body.toString('utf8')), 'http/json', true);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      } else {
        summarize(collector.ExportTraceServiceRequest.decode(body), 'http/protobuf', false);
        res.writeHead(200, { 'Content-Type': 'application/x-protobuf' });
        res.end(Buffer.from(collector.ExportTraceServiceResponse.encode({}).finish()));
      }
    } catch (e) {
      console.log(JSON.stringify({ error: String(e) }));
      res.writeHead(400);
      res.end();
    }
  });
});
server.listen(httpPort, '127.0.0.1');

const service = {
  Export: {
    path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
    requestStream: false,
    responseStream: false,
    requestSerialize: (m) => Buffer.from(collector.ExportTraceServiceRequest.encode(m).finish()),
    requestDeserialize: (b) => collector.ExportTraceServiceRequest.decode(b),
    responseSerialize: (m) => Buffer.from(collector.ExportTraceServiceResponse.encode(m).finish()),
    responseDeserialize: (b) => collector.ExportTraceServiceResponse.decode(b),
  },
};
const grpcServer = new grpc.Server();
grpcServer.addService(service, {
  Export: (call, callback) => {
    summarize(call.request, 'grpc', false);
    callback(null, {});
  },
});
grpcServer.bindAsync(`127.0.0.1:${grpcPort}`, grpc.ServerCredentials.createInsecure(), (err) => {
  if (err) {
    console.error(err);
    process.exit(1);
  }
});
// Never outlive the test that started us.
setTimeout(() => process.exit(0), 50000).unref();
