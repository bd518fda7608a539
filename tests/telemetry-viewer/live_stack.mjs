// The real thing for the browser test: telemetry-viewer and the four instrumented
// services (frontend → gateway → geolocator-service + iss-distance-service) from a
// build's bin dir, on free loopback ports, exporting OTLP/gRPC to the viewer with short
// intervals. Every process started here is killed on stop(), on an uncaught error and
// when node exits for any reason (SIGKILL as the last resort), so none is left behind.
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().on('error', reject).listen(0, '127.0.0.1', () => {
      const {port} = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Polls `probe` (async, truthy when done) every `everyMs` until `timeoutMs`; returns
// its last answer (falsy when it never succeeded).
export async function pollUntil(probe, {timeoutMs = 15000, everyMs = 100} = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let answer;
    try { answer = await probe(); } catch { answer = undefined; }
    if (answer || Date.now() > deadline) return answer;
    await sleep(everyMs);
  }
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => { socket.end(); resolve(true); });
    socket.on('error', () => resolve(false));
  });
}

// Settings the services must not inherit from whoever runs the test.
const INHERITED_SETTINGS = /^(OTEL_|ISS_|GEOCODER|NOMINATIM_|TRACE_UI_URL|UPSTREAM_TIMEOUT)/;

export class LiveStack {
  constructor(binDir, logDir) {
    this.binDir = binDir;
    this.logDir = logDir;
    this.children = [];
    // Last resort: whatever way node leaves, nothing it started keeps running.
    process.on('exit', () => { for (const c of this.children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL'); });
  }

  spawnLogged(name, env) {
    const child = spawn(path.join(this.binDir, name), [], {env, stdio: ['ignore', 'pipe', 'pipe']});
    const log = fs.createWriteStream(path.join(this.logDir, `${name}.log`));
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.name = name;
    child.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve(signal || code));
      child.on('error', (error) => { child.spawnError = error; log.write(`spawn failed: ${error}\n`); resolve('spawn failed'); });
    });
    this.children.push(child);
    return child;
  }

  baseEnv(extra) {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_SETTINGS.test(k)));
    return {...env, HOST: '127.0.0.1', ...extra};
  }

  async waitReady(child, ports, healthPort) {
    const ok = await pollUntil(async () => {
      if (child.spawnError || child.exitCode !== null || child.signalCode !== null) return 'gone';
      for (const port of ports) if (!(await portOpen(port))) return false;
      if (!healthPort) return true;
      const res = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      return res.status === 200;
    }, {timeoutMs: 20000});
    if (ok !== true) {
      const log = fs.readFileSync(path.join(this.logDir, `${child.name}.log`), 'utf8');
      throw new Error(`${child.name} did not become ready (exit ${child.exitCode}):\n${log.slice(-2000)}`);
    }
  }

  // Starts the viewer and the four services; resolves when every one answers.
  async start({metricIntervalMs = 500} = {}) {
    const [ui, grpc, http] = [await freePort(), await freePort(), await freePort()];
    this.viewerPorts = {ui, grpc, http};
    this.viewerUrl = `http://127.0.0.1:${ui}`;
    this.otlpHttpUrl = `http://127.0.0.1:${http}`;
    this.viewer = this.spawnLogged('telemetry-viewer', this.baseEnv({
      PORT: String(ui), OTLP_GRPC_PORT: String(grpc), OTLP_HTTP_PORT: String(http)}));
    await this.waitReady(this.viewer, [ui, grpc, http], ui);

    // As scripts/demo wires them, but on free ports and with short export intervals.
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${grpc}`, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
      OTEL_BSP_SCHEDULE_DELAY: '200', OTEL_BLRP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: String(metricIntervalMs)};
    const ports = {};
    for (const name of ['geolocator-service', 'iss-distance-service', 'gateway', 'frontend']) ports[name] = await freePort();
    const url = (name) => `http://127.0.0.1:${ports[name]}`;
    const extra = {
      'geolocator-service': {},
      'iss-distance-service': {},  // ISS_SOURCE defaults to tle: SGP4, offline
      gateway: {GEOLOCATOR_SERVICE_URL: url('geolocator-service'), ISS_DISTANCE_SERVICE_URL: url('iss-distance-service')},
      frontend: {GATEWAY_URL: url('gateway'), TRACE_UI_URL: `${this.viewerUrl}/trace/{trace_id}`},
    };
    this.services = {};
    for (const name of Object.keys(ports)) {
      this.services[name] = this.spawnLogged(name, this.baseEnv({PORT: String(ports[name]), ...otel, ...extra[name]}));
    }
    for (const name of Object.keys(ports)) await this.waitReady(this.services[name], [ports[name]], ports[name]);
    this.frontendUrl = url('frontend');
  }

  // SIGTERM the services first (they flush to a viewer still listening), then the
  // viewer; SIGKILL after `graceMs`. Resolves to {name: exit code or signal}.
  async stop(graceMs = 5000) {
    const result = {};
    const stopAll = async (children) => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
      const timer = setTimeout(() => { for (const c of children) if (c.exitCode === null) c.kill('SIGKILL'); }, graceMs);
      for (const c of children) {
        const code = await c.exited;
        if (!c.spawnError) result[c.name] = code;  // one that never ran has already failed the test
      }
      clearTimeout(timer);
    };
    await stopAll(this.children.filter((c) => c !== this.viewer));
    if (this.viewer) await stopAll([this.viewer]);
    return result;
  }
}
