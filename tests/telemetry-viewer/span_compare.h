// Whether two converted spans are the same in every field the model keeps
// (resource and scope compared by content): used to check that the direct trace
// decoder and the protobuf path agree.
#pragma once

#include <string>

#include "model.h"

namespace viewer_testing {

inline bool SameAttributes(const viewer::Attributes& a, const viewer::Attributes& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].key != b[i].key || a[i].value.type != b[i].value.type ||
        a[i].value.text != b[i].value.text)
      return false;
  return true;
}

// Empty when equal, else the first field that differs.
inline std::string SpanDifference(const viewer::Span& a, const viewer::Span& b) {
  if (a.trace_id != b.trace_id) return "trace_id";
  if (a.span_id != b.span_id) return "span_id";
  if (a.parent_span_id != b.parent_span_id) return "parent_span_id";
  if (a.name != b.name) return "name";
  if (a.kind != b.kind) return "kind";
  if (a.start_time_unix_nano != b.start_time_unix_nano) return "start";
  if (a.end_time_unix_nano != b.end_time_unix_nano) return "end";
  if (!SameAttributes(a.attributes, b.attributes)) return "attributes";
  if (a.events.size() != b.events.size()) return "events";
  for (size_t i = 0; i < a.events.size(); ++i)
    if (a.events[i].time_unix_nano != b.events[i].time_unix_nano ||
        a.events[i].name != b.events[i].name ||
        !SameAttributes(a.events[i].attributes, b.events[i].attributes))
      return "event " + std::to_string(i);
  if (a.links.size() != b.links.size()) return "links";
  for (size_t i = 0; i < a.links.size(); ++i)
    if (a.links[i].trace_id != b.links[i].trace_id || a.links[i].span_id != b.links[i].span_id ||
        !SameAttributes(a.links[i].attributes, b.links[i].attributes))
      return "link " + std::to_string(i);
  if (a.status_code != b.status_code) return "status_code";
  if (a.status_message != b.status_message) return "status_message";
  if (!a.resource != !b.resource || !a.scope != !b.scope) return "resource/scope presence";
  if (a.resource && (a.resource->service_name != b.resource->service_name ||
                     !SameAttributes(a.resource->attributes, b.resource->attributes)))
    return "resource";
  if (a.scope && (a.scope->name != b.scope->name || a.scope->version != b.scope->version))
    return "scope";
  return "";
}

}  // namespace viewer_testing
