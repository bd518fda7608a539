// The official W3C propagators of @opentelemetry/core, for interop with ours.
//   node js_w3c.mjs extract <traceparent> <tracestate> <baggage>  → what JS understood
//   node js_w3c.mjs inject                                         → headers JS writes
import { context, propagation, trace, TraceFlags, defaultTextMapGetter, defaultTextMapSetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator, W3CBaggagePropagator, CompositePropagator } from '@opentelemetry/core';

const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});
const [mode, traceparent, tracestate, baggageHeader] = process.argv.slice(2);

if (mode === 'extract') {
  const carrier = { traceparent, tracestate, baggage: baggageHeader };
  const ctx = propagator.extract(context.active(), carrier, defaultTextMapGetter);
  const sc = trace.getSpanContext(ctx);
  const bag = propagation.getBaggage(ctx);
  const entries = {};
  for (const [k, v] of bag ? bag.getAllEntries() : []) entries[k] = v.value;
  console.log(JSON.stringify({
    valid: !!sc && trace.isSpanContextValid(sc),
    traceId: sc ? sc.traceId : '',
    spanId: sc ? sc.spanId : '',
    traceFlags: sc ? sc.traceFlags : 0,
    isRemote: sc ? !!sc.isRemote : false,
    traceState: sc && sc.traceState ? sc.traceState.serialize() : '',
    baggage: entries,
  }));
} else {
  const sc = {
    traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    spanId: '00f067aa0ba902b7',
    traceFlags: TraceFlags.SAMPLED,
    isRemote: false,
  };
  let ctx = trace.setSpanContext(context.active(), sc);
  ctx = propagation.setBaggage(ctx, propagation.createBaggage({ user: { value: 'alice smith' }, 'k,2': { value: 'x' } }));
  const headers = {};
  propagator.inject(ctx, headers, defaultTextMapSetter);
  console.log(JSON.stringify({ headers, traceId: sc.traceId, spanId: sc.spanId }));
}
