// Field numbers are those of opentelemetry/proto/{collector/trace,trace}/v1/*.proto.
// Every function returns false to decline the request (see trace_decoder.h); a
// known field with another wire type than its declared one is declined too
// (protobuf would keep it as an unknown field: rare, and left to it).
#include "trace_decoder.h"

#include "otlp_common_decoder.h"
#include "wire_reader.h"

namespace viewer {
namespace {
using wire::Field;
using wire::WireType;

class TraceDecoder {
 public:
  bool Request(std::string_view data);
  Converted<SpanPtr> Take() { return std::move(out_); }

 private:
  bool ResourceSpans(std::string_view data);
  bool ScopeSpans(std::string_view data, const std::shared_ptr<const viewer::Resource>& resource);
  bool SpanMessage(std::string_view data, const std::shared_ptr<const viewer::Resource>& resource,
                   const std::shared_ptr<const viewer::Scope>& scope);
  bool Event(std::string_view data, SpanEvent& event);
  bool Link(std::string_view data, SpanLink& link, bool& usable);
  bool Status(std::string_view data, Span& span);
  bool KeyValue(std::string_view data, AttributesBuilder& attributes) {
    return DecodeKeyValue(data, attributes, value_);
  }

  Converted<SpanPtr> out_;
  // A span's own attributes and those of whatever else is being read (resource,
  // scope, an event or a link, which may sit between a span's attributes).
  AttributesBuilder span_attributes_;
  AttributesBuilder other_attributes_;
  ScalarValue value_;
};

bool TraceDecoder::Request(std::string_view data) {
  return wire::ForEachField(data, [&](const Field& field) {
    if (field.number == 1) {  // resource_spans
      if (field.type != WireType::kLength || !ResourceSpans(field.data)) return false;
    }
    return true;
  });
}

bool TraceDecoder::ResourceSpans(std::string_view data) {
  // The resource may come after the spans on the wire: read it (and check the
  // rest) first, then the scopes.
  const bool well_formed = wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // resource (every occurrence merges into one)
        if (field.type != WireType::kLength ||
            !DecodeResource(field.data, other_attributes_, value_))
          return false;
        break;
      case 2:  // scope_spans, read below
        if (field.type != WireType::kLength) return false;
        break;
      case 3:  // schema_url
        if (!IsString(field)) return false;
        break;
      default:
        break;
    }
    return true;
  });
  if (!well_formed) return false;
  const auto resource = MakeResource(other_attributes_.Build());
  return wire::ForEachField(data, [&](const Field& field) {  // checked above
    return field.number != 2 || ScopeSpans(field.data, resource);
  });
}

bool TraceDecoder::ScopeSpans(std::string_view data,
                              const std::shared_ptr<const viewer::Resource>& resource) {
  viewer::Scope scope;
  const bool well_formed = wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // scope
        if (field.type != WireType::kLength ||
            !DecodeScope(field.data, scope, other_attributes_, value_))
          return false;
        break;
      case 2:  // spans, read below
        if (field.type != WireType::kLength) return false;
        break;
      case 3:  // schema_url
        if (!IsString(field)) return false;
        break;
      default:
        break;
    }
    return true;
  });
  if (!well_formed) return false;
  const auto shared_scope = std::make_shared<const viewer::Scope>(std::move(scope));
  return wire::ForEachField(data, [&](const Field& field) {  // checked above
    return field.number != 2 || SpanMessage(field.data, resource, shared_scope);
  });
}

bool TraceDecoder::SpanMessage(std::string_view data,
                               const std::shared_ptr<const viewer::Resource>& resource,
                               const std::shared_ptr<const viewer::Scope>& scope) {
  auto span = std::make_shared<Span>();
  std::string_view trace_id, span_id, parent_span_id;
  const bool well_formed = wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // trace_id
        if (field.type != WireType::kLength) return false;
        trace_id = field.data;
        break;
      case 2:  // span_id
        if (field.type != WireType::kLength) return false;
        span_id = field.data;
        break;
      case 3:  // trace_state
        if (!IsString(field)) return false;
        break;
      case 4:  // parent_span_id
        if (field.type != WireType::kLength) return false;
        parent_span_id = field.data;
        break;
      case 5:  // name
        if (!IsString(field)) return false;
        span->name = field.data;
        break;
      case 6:  // kind: an open enum, kept as the int32 it was sent as
        if (field.type != WireType::kVarint) return false;
        span->kind = static_cast<int>(field.value);
        break;
      case 7:
        if (field.type != WireType::kFixed64) return false;
        span->start_time_unix_nano = field.value;
        break;
      case 8:
        if (field.type != WireType::kFixed64) return false;
        span->end_time_unix_nano = field.value;
        break;
      case 9:  // attributes
        if (field.type != WireType::kLength || !KeyValue(field.data, span_attributes_))
          return false;
        break;
      case 11: {  // events
        if (field.type != WireType::kLength) return false;
        SpanEvent event;
        if (!Event(field.data, event)) return false;
        span->events.push_back(std::move(event));
        break;
      }
      case 13: {  // links; one with bad ids is left out, the span is kept
        if (field.type != WireType::kLength) return false;
        SpanLink link;
        bool usable = false;
        if (!Link(field.data, link, usable)) return false;
        if (usable) span->links.push_back(std::move(link));
        break;
      }
      case 15:  // status (every occurrence merges into one)
        if (field.type != WireType::kLength || !Status(field.data, *span)) return false;
        break;
      case 10:  // dropped_attributes_count
      case 12:  // dropped_events_count
      case 14:  // dropped_links_count
        if (field.type != WireType::kVarint) return false;
        break;
      case 16:  // flags
        if (field.type != WireType::kFixed32) return false;
        break;
      default:
        break;
    }
    return true;
  });
  if (!well_formed) return false;
  Attributes attributes = span_attributes_.Build();
  if (!CopyId(trace_id, span->trace_id, false) || IsZero(span->trace_id) ||
      !CopyId(span_id, span->span_id, false) || IsZero(span->span_id) ||
      !CopyId(parent_span_id, span->parent_span_id, true)) {
    out_.rejected += 1;
    if (out_.error.empty()) out_.error = kInvalidSpanIds;
    return true;
  }
  span->end_time_unix_nano = std::max(span->end_time_unix_nano, span->start_time_unix_nano);
  span->attributes = std::move(attributes);
  span->resource = resource;
  span->scope = scope;
  out_.items.push_back(std::move(span));
  return true;
}

bool TraceDecoder::Event(std::string_view data, SpanEvent& event) {
  const bool well_formed = wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // time_unix_nano
        if (field.type != WireType::kFixed64) return false;
        event.time_unix_nano = field.value;
        break;
      case 2:  // name
        if (!IsString(field)) return false;
        event.name = field.data;
        break;
      case 3:  // attributes
        if (field.type != WireType::kLength || !KeyValue(field.data, other_attributes_))
          return false;
        break;
      case 4:  // dropped_attributes_count
        if (field.type != WireType::kVarint) return false;
        break;
      default:
        break;
    }
    return true;
  });
  if (!well_formed) return false;
  event.attributes = other_attributes_.Build();
  return true;
}

bool TraceDecoder::Link(std::string_view data, SpanLink& link, bool& usable) {
  std::string_view trace_id, span_id;
  const bool well_formed = wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 1:  // trace_id
        if (field.type != WireType::kLength) return false;
        trace_id = field.data;
        break;
      case 2:  // span_id
        if (field.type != WireType::kLength) return false;
        span_id = field.data;
        break;
      case 3:  // trace_state
        if (!IsString(field)) return false;
        break;
      case 4:  // attributes
        if (field.type != WireType::kLength || !KeyValue(field.data, other_attributes_))
          return false;
        break;
      case 5:  // dropped_attributes_count
        if (field.type != WireType::kVarint) return false;
        break;
      case 6:  // flags
        if (field.type != WireType::kFixed32) return false;
        break;
      default:
        break;
    }
    return true;
  });
  if (!well_formed) return false;
  link.attributes = other_attributes_.Build();
  usable = CopyId(trace_id, link.trace_id, false) && CopyId(span_id, link.span_id, false);
  return true;
}

bool TraceDecoder::Status(std::string_view data, Span& span) {
  return wire::ForEachField(data, [&](const Field& field) {
    switch (field.number) {
      case 2:  // message
        if (!IsString(field)) return false;
        span.status_message = field.data;
        break;
      case 3:  // code: an open enum, as the int32 sent
        if (field.type != WireType::kVarint) return false;
        span.status_code = static_cast<int>(field.value);
        break;
      default:
        break;
    }
    return true;
  });
}

}  // namespace

std::optional<Converted<SpanPtr>> DecodeTraces(std::string_view body) {
  if (body.size() > INT32_MAX) return std::nullopt;  // protobuf's limit
  TraceDecoder decoder;
  if (!decoder.Request(body)) return std::nullopt;
  return decoder.Take();
}

}  // namespace viewer
