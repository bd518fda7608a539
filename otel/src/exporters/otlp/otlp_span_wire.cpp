// ExportTraceServiceRequest in wire format straight from SpanData (see proto_wire.h for
// why). Layout, field numbers from opentelemetry/proto/trace/v1/trace.proto:
//   request { resource_spans = 1 { resource = 1, scope_spans = 2 { scope = 1, spans = 2,
//             schema_url = 3 }, schema_url = 3 } }
// Spans are grouped by resource, then scope, in order of first appearance, as
// encode_spans() groups them.
#include <string>
#include <vector>

#include "exporters/otlp/otlp_wire_common.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"

namespace otel::exporters::otlp {
namespace {

using wire::fixed32_field_size;
using wire::fixed64_field_size;
using wire::len_field_size;
using wire::varint_field_size;
using wire::Writer;

namespace span_field {
constexpr std::uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kParentSpanId = 4, kName = 5,
                        kKind = 6, kStart = 7, kEnd = 8, kAttributes = 9, kDroppedAttributes = 10,
                        kEvents = 11, kDroppedEvents = 12, kLinks = 13, kDroppedLinks = 14,
                        kStatus = 15, kFlags = 16;
}
namespace event_field {
constexpr std::uint32_t kTime = 1, kName = 2, kAttributes = 3, kDroppedAttributes = 4;
}
namespace link_field {
constexpr std::uint32_t kTraceId = 1, kSpanId = 2, kTraceState = 3, kAttributes = 4,
                        kDroppedAttributes = 5, kFlags = 6;
}
namespace status_field {
constexpr std::uint32_t kMessage = 2, kCode = 3;
}
constexpr std::uint32_t kRequestResourceSpans = 1;
constexpr std::uint32_t kResource = 1, kScopeSpans = 2, kResourceSchemaUrl = 3;
constexpr std::uint32_t kScope = 1, kSpans = 2, kScopeSchemaUrl = 3;

// Span.flags / Link.flags: bits 0-7 the W3C trace flags, bit 8 "is_remote is known",
// bit 9 "is remote".
constexpr std::uint32_t kFlagsRemoteKnown = 0x100, kFlagsRemote = 0x200;

std::size_t varint_if(std::uint32_t field, std::uint64_t v) {
  return v == 0 ? 0 : varint_field_size(field, v);
}
std::size_t string_if(std::uint32_t field, std::size_t n) {
  return n == 0 ? 0 : len_field_size(field, n);
}

std::size_t event_size(const trace::SpanEvent& e) {
  return (e.time_unix_nano == 0 ? 0 : fixed64_field_size(event_field::kTime)) +
         string_if(event_field::kName, e.name.size()) +
         wire::attributes_field_size(event_field::kAttributes, e.attributes) +
         varint_if(event_field::kDroppedAttributes, e.dropped_attributes_count);
}

Writer write_event(Writer w, const trace::SpanEvent& e) {
  if (e.time_unix_nano != 0) w.fixed64_field(event_field::kTime, e.time_unix_nano);
  if (!e.name.empty()) w.len_field(event_field::kName, e.name);
  w = wire::write_attributes_field(w, event_field::kAttributes, e.attributes);
  if (e.dropped_attributes_count != 0)
    w.varint_field(event_field::kDroppedAttributes, e.dropped_attributes_count);
  return w;
}

// A trace state is rare: its header form is built when present (twice: size and write).
std::size_t link_size(const trace::SpanLink& l) {
  const auto& ctx = l.context;
  return len_field_size(link_field::kTraceId, ctx.trace_id().as_string_view().size()) +
         len_field_size(link_field::kSpanId, ctx.span_id().as_string_view().size()) +
         (ctx.trace_state().empty()
              ? 0
              : string_if(link_field::kTraceState, ctx.trace_state().to_header().size())) +
         wire::attributes_field_size(link_field::kAttributes, l.attributes) +
         varint_if(link_field::kDroppedAttributes, l.dropped_attributes_count) +
         fixed32_field_size(link_field::kFlags);
}

Writer write_link(Writer w, const trace::SpanLink& l) {
  const auto& ctx = l.context;
  w.len_field(link_field::kTraceId, ctx.trace_id().as_string_view());
  w.len_field(link_field::kSpanId, ctx.span_id().as_string_view());
  if (!ctx.trace_state().empty()) {
    const std::string header = ctx.trace_state().to_header();
    if (!header.empty()) w.len_field(link_field::kTraceState, header);
  }
  w = wire::write_attributes_field(w, link_field::kAttributes, l.attributes);
  if (l.dropped_attributes_count != 0)
    w.varint_field(link_field::kDroppedAttributes, l.dropped_attributes_count);
  w.fixed32_field(link_field::kFlags, ctx.trace_flags().value() | kFlagsRemoteKnown |
                                          (ctx.is_remote() ? kFlagsRemote : 0));
  return w;
}

bool has_status(const trace::SpanData& s) {
  return s.status_code != trace::StatusCode::kUnset;
}

std::size_t status_size(const trace::SpanData& s) {
  return string_if(status_field::kMessage, s.status_message.size()) +
         varint_if(status_field::kCode, static_cast<std::uint64_t>(s.status_code));
}

std::size_t span_size(const trace::SpanData& s) {
  const auto& ctx = s.context;
  std::size_t n = len_field_size(span_field::kTraceId, ctx.trace_id().as_string_view().size()) +
                  len_field_size(span_field::kSpanId, ctx.span_id().as_string_view().size());
  if (!ctx.trace_state().empty())
    n += string_if(span_field::kTraceState, ctx.trace_state().to_header().size());
  if (s.parent_span_id.is_valid())
    n += len_field_size(span_field::kParentSpanId, s.parent_span_id.as_string_view().size());
  n += string_if(span_field::kName, s.name.size());
  n += varint_if(span_field::kKind, static_cast<std::uint64_t>(s.kind));
  if (s.start_time_unix_nano != 0) n += fixed64_field_size(span_field::kStart);
  if (s.end_time_unix_nano != 0) n += fixed64_field_size(span_field::kEnd);
  n += wire::attributes_field_size(span_field::kAttributes, s.attributes);
  n += varint_if(span_field::kDroppedAttributes, s.dropped_attributes_count);
  for (const auto& e : s.events) n += len_field_size(span_field::kEvents, event_size(e));
  n += varint_if(span_field::kDroppedEvents, s.dropped_events_count);
  for (const auto& l : s.links) n += len_field_size(span_field::kLinks, link_size(l));
  n += varint_if(span_field::kDroppedLinks, s.dropped_links_count);
  if (has_status(s)) n += len_field_size(span_field::kStatus, status_size(s));
  n += fixed32_field_size(span_field::kFlags);
  return n;
}

// Fields in field-number order, as libprotobuf writes them (flags, number 16, last).
Writer write_span(Writer w, const trace::SpanData& s) {
  const auto& ctx = s.context;
  w.len_field(span_field::kTraceId, ctx.trace_id().as_string_view());
  w.len_field(span_field::kSpanId, ctx.span_id().as_string_view());
  if (!ctx.trace_state().empty()) {
    const std::string header = ctx.trace_state().to_header();
    if (!header.empty()) w.len_field(span_field::kTraceState, header);
  }
  if (s.parent_span_id.is_valid())
    w.len_field(span_field::kParentSpanId, s.parent_span_id.as_string_view());
  if (!s.name.empty()) w.len_field(span_field::kName, s.name);
  if (s.kind != trace::SpanKind{}) w.varint_field(span_field::kKind, static_cast<int>(s.kind));
  if (s.start_time_unix_nano != 0) w.fixed64_field(span_field::kStart, s.start_time_unix_nano);
  if (s.end_time_unix_nano != 0) w.fixed64_field(span_field::kEnd, s.end_time_unix_nano);
  w = wire::write_attributes_field(w, span_field::kAttributes, s.attributes);
  if (s.dropped_attributes_count != 0)
    w.varint_field(span_field::kDroppedAttributes, s.dropped_attributes_count);
  for (const auto& e : s.events) {
    w.len_header(span_field::kEvents, event_size(e));
    w = write_event(w, e);
  }
  if (s.dropped_events_count != 0)
    w.varint_field(span_field::kDroppedEvents, s.dropped_events_count);
  for (const auto& l : s.links) {
    w.len_header(span_field::kLinks, link_size(l));
    w = write_link(w, l);
  }
  if (s.dropped_links_count != 0) w.varint_field(span_field::kDroppedLinks, s.dropped_links_count);
  if (has_status(s)) {
    w.len_header(span_field::kStatus, status_size(s));
    if (!s.status_message.empty()) w.len_field(status_field::kMessage, s.status_message);
    w.varint_field(status_field::kCode, static_cast<std::uint64_t>(s.status_code));
  }
  w.fixed32_field(span_field::kFlags, ctx.trace_flags().value() | kFlagsRemoteKnown |
                                          (s.parent_is_remote ? kFlagsRemote : 0));
  return w;
}

// One (resource, scope) pair of the batch and its spans' sizes.
struct Group {
  const Resource* resource;
  const InstrumentationScope* scope;
  std::size_t spans_size = 0;  // the repeated `spans` field, tags and lengths included
  std::size_t body_size = 0;   // the ScopeSpans body
};

// Scratch reused across exports by the (one) thread that exports.
struct Scratch {
  std::vector<Group> groups;
  std::vector<std::uint32_t> group_of;   // per span: its index in `groups`
  std::vector<std::uint32_t> span_size;  // per span: its body size
  std::vector<std::uint32_t> order;      // span indices, group by group
  std::vector<std::uint32_t> group_begin;
  std::vector<std::uint32_t> next;
};

std::size_t scope_spans_body_size(const Group& g) {
  std::size_t n = g.spans_size;
  if (g.scope != nullptr) {
    n += len_field_size(kScope, wire::scope_size(*g.scope));
    n += string_if(kScopeSchemaUrl, g.scope->schema_url.size());
  }
  return n;
}

std::size_t resource_spans_body_size(const Resource* resource, const std::vector<Group>& groups) {
  std::size_t n = 0;
  if (resource != nullptr) {
    n += len_field_size(kResource, wire::resource_size(*resource));
    n += string_if(kResourceSchemaUrl, resource->schema_url().size());
  }
  for (const auto& g : groups)
    if (g.resource == resource) n += len_field_size(kScopeSpans, g.body_size);
  return n;
}

// The resources of `groups` in order of first appearance (groups are in that order).
template <typename F>
void for_each_resource(const std::vector<Group>& groups, F&& f) {
  for (std::size_t i = 0; i < groups.size(); ++i) {
    bool seen = false;
    for (std::size_t j = 0; j < i && !seen; ++j) seen = groups[j].resource == groups[i].resource;
    if (!seen) f(groups[i].resource);
  }
}

}  // namespace

bool serialize_span_request(const trace::SpanBatch& spans, std::string& out) {
  thread_local Scratch scratch;
  auto& groups = scratch.groups;
  groups.clear();
  scratch.group_of.assign(spans.size(), 0);
  scratch.span_size.assign(spans.size(), 0);

  // Pass 1: group, and size every span once.
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (!spans[i]) continue;
    const trace::SpanData& s = *spans[i];
    std::size_t g = 0;
    while (g < groups.size() && (groups[g].resource != s.resource || groups[g].scope != s.scope))
      ++g;
    if (g == groups.size()) groups.push_back(Group{s.resource, s.scope});
    const std::size_t size = span_size(s);
    scratch.group_of[i] = static_cast<std::uint32_t>(g);
    scratch.span_size[i] = static_cast<std::uint32_t>(size);
    groups[g].spans_size += len_field_size(kSpans, size);
  }
  // Spans of each group together, batch order kept within a group (a counting sort).
  scratch.group_begin.assign(groups.size() + 1, 0);
  for (std::size_t i = 0; i < spans.size(); ++i)
    if (spans[i]) ++scratch.group_begin[scratch.group_of[i] + 1];
  for (std::size_t g = 0; g < groups.size(); ++g)
    scratch.group_begin[g + 1] += scratch.group_begin[g];
  scratch.order.resize(scratch.group_begin.back());
  auto& next = scratch.next;
  next.assign(scratch.group_begin.begin(), scratch.group_begin.end() - 1);
  for (std::size_t i = 0; i < spans.size(); ++i)
    if (spans[i]) scratch.order[next[scratch.group_of[i]]++] = static_cast<std::uint32_t>(i);

  std::size_t total = 0;
  for (auto& g : groups) g.body_size = scope_spans_body_size(g);
  for_each_resource(groups, [&](const Resource* r) {
    total += len_field_size(kRequestResourceSpans, resource_spans_body_size(r, groups));
  });

  // Pass 2: write into a buffer of exactly that size.
  out.resize(total);
  Writer w(out.data(), out.data() + out.size());
  for_each_resource(groups, [&](const Resource* r) {
    w.len_header(kRequestResourceSpans, resource_spans_body_size(r, groups));
    if (r != nullptr) {
      w.len_header(kResource, wire::resource_size(*r));
      w = wire::write_resource(w, *r);
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const Group& group = groups[g];
      if (group.resource != r) continue;
      w.len_header(kScopeSpans, group.body_size);
      if (group.scope != nullptr) {
        w.len_header(kScope, wire::scope_size(*group.scope));
        w = wire::write_scope(w, *group.scope);
      }
      for (auto k = scratch.group_begin[g]; k < scratch.group_begin[g + 1]; ++k) {
        const std::uint32_t i = scratch.order[k];
        w.len_header(kSpans, scratch.span_size[i]);
        w = write_span(w, *spans[i]);
      }
      if (group.scope != nullptr && !group.scope->schema_url.empty())
        w.len_field(kScopeSchemaUrl, group.scope->schema_url);
    }
    if (r != nullptr && !r->schema_url().empty()) w.len_field(kResourceSchemaUrl, r->schema_url());
  });
  // A size function that disagreed with its writer would be a bug: never send such bytes.
  if (w.complete(out.data() + out.size())) return true;
  out.clear();
  return false;
}

}  // namespace otel::exporters::otlp
