// libFuzzer target for the OTLP/HTTP decoders and the proto → model conversion.
// The first input byte picks the signal and the encoding; the rest is the body.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "otlp_convert.h"
#include "request_decoder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const viewer::BodyEncoding encoding =
      data[0] & 1 ? viewer::BodyEncoding::kJson : viewer::BodyEncoding::kProtobuf;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string error;
  switch ((data[0] >> 1) % 3) {
    case 0: {
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
