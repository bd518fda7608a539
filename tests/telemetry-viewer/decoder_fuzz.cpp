// libFuzzer target for the OTLP/HTTP decoders and the proto → model conversion.
// The first input byte picks the signal and the encoding; the rest is the body.
// Protobuf trace bodies also go through the direct decoder (trace_decoder.h):
// whatever it accepts, protobuf must accept and convert to the same spans, or
// the target traps.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "otlp_convert.h"
#include "request_decoder.h"
#include "span_compare.h"
#include "trace_decoder.h"

namespace {
void CheckDirectTraceDecoder(std::string_view body) {
  const auto direct = viewer::DecodeTraces(body);
  if (!direct) return;
  opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest request;
  if (!request.ParseFromArray(body.data(), static_cast<int>(body.size()))) __builtin_trap();
  const auto reference = viewer::ConvertTraces(request);
  if (direct->rejected != reference.rejected || direct->error != reference.error ||
      direct->items.size() != reference.items.size())
    __builtin_trap();
  for (size_t i = 0; i < direct->items.size(); ++i)
    if (!viewer_testing::SpanDifference(*direct->items[i], *reference.items[i]).empty())
      __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const viewer::BodyEncoding encoding =
      data[0] & 1 ? viewer::BodyEncoding::kJson : viewer::BodyEncoding::kProtobuf;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string error;
  switch ((data[0] >> 1) % 3) {
    case 0: {
      if (encoding == viewer::BodyEncoding::kProtobuf) CheckDirectTraceDecoder(body);
      opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest request;
      if (viewer::DecodeRequest(body, encoding, request, &error)) viewer::ConvertTraces(request);
      break;
    }
    case 1: {
      opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest request;
      if (viewer::DecodeRequest(body, encoding, request, &error)) viewer::ConvertMetrics(request);
      break;
    }
    default: {
      opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest request;
      if (viewer::DecodeRequest(body, encoding, request, &error)) viewer::ConvertLogs(request);
    }
  }
  return 0;
}
