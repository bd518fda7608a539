// OTLP requests whose only fault is invalid UTF-8 in some strings (issue #19).
//
// protobuf rejects a whole message when one proto3 string is not valid UTF-8, so
// one bad span or log record used to cost every other item of its batch (512 log
// records and ~500 spans of other requests in the test). When a protobuf
// body does not parse, the ingest path asks this for a copy without the items that
// hold invalid strings — a span, a log record or a metric, or the scope or
// resource block whose own attributes are invalid — and stores the rest, with the
// dropped items counted in partial_success. It walks the wire with the messages'
// descriptors, so only a body that fails to parse pays for it.
#pragma once

#include <google/protobuf/descriptor.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace viewer {

struct Utf8ItemsDropped {
  std::string body;   // the request without the items with invalid strings
  int64_t items = 0;  // spans, log records or data points dropped
};

// nullopt when nothing could be dropped to make the body valid UTF-8 (invalid
// strings outside any item, or a body that is malformed for other reasons).
std::optional<Utf8ItemsDropped> DropItemsWithInvalidUtf8(
    std::string_view body, const google::protobuf::Descriptor& request_type);

}  // namespace viewer
