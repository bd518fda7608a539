// OTLP AnyValue and attribute lists, as decoded by the official JS schema (protobufjs
// objects), turned into plain JSON for the interop receivers' output.
export const hex = (bytes) => (bytes ? Buffer.from(bytes).toString('hex') : '');

const present = (x) => x !== undefined && x !== null;

export function anyValue(v) {
  if (!v) return null;
  if (present(v.stringValue)) return v.stringValue;
  if (present(v.boolValue)) return v.boolValue;
  if (present(v.intValue)) return String(v.intValue);
  if (present(v.doubleValue)) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values || []).map(anyValue);
  if (v.kvlistValue) return attributes(v.kvlistValue.values);
  if (v.bytesValue) return hex(v.bytesValue);
  return null;
}

export function attributes(list) {
  const out = {};
  for (const kv of list || []) out[kv.key] = anyValue(kv.value);
  return out;
}
