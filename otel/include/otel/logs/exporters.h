// The OTLP log exporter (over the SDK's shared transport: gRPC, HTTP/protobuf,
// HTTP/JSON, retries) and the console exporter.
#pragma once

#include <atomic>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <span>
#include <string>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "otel/exporters/otlp/otlp_options.h"
#include "otel/logs/log_exporter.h"

namespace otel::exporters::otlp {
class OtlpTransport;
struct SendOutcome;
}  // namespace otel::exporters::otlp

namespace otel::logs {

// The serialized ExportLogsServiceRequest for `batch`, written straight from the records
// into `out` (replacing its contents): byte for byte what ToOtlpRequest() followed by
// SerializeAsString() gives, without building messages. The exporter's path for gRPC and
// OTLP/HTTP protobuf. False (and `out` empty) only on an internal size mismatch.
bool serialize_otlp_request(std::span<const LogData> batch, std::string& out);

// Groups a batch by resource and scope into one OTLP request (the message form: for
// OTLP/JSON, and the reference the wire encoder is tested against).
void to_otlp_request(std::span<const LogData> batch,
                     opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest* out);
void to_proto(const LogRecord& record, opentelemetry::proto::logs::v1::LogRecord* out);

class OtlpLogExporter : public LogRecordExporter {
 public:
  explicit OtlpLogExporter(exporters::otlp::OtlpExporterOptions options);
  static std::shared_ptr<OtlpLogExporter> from_env();  // OTEL_EXPORTER_OTLP_{,LOGS_}*
  ~OtlpLogExporter() override;

  ExportResult export_logs(std::span<const LogData> batch) noexcept override;
  bool shutdown(std::chrono::milliseconds timeout) noexcept override;

  std::uint64_t dropped_records() const { return dropped_.load(); }  // failed or rejected

 private:
  exporters::otlp::SendOutcome send(std::span<const LogData> batch);

  std::unique_ptr<exporters::otlp::OtlpTransport> transport_;
  std::atomic<std::uint64_t> dropped_{0};
  std::atomic<bool> warned_{false};
};

// One line per record: time, severity, scope, body, attributes, trace/span ids.
class ConsoleLogExporter : public LogRecordExporter {
 public:
  explicit ConsoleLogExporter(std::ostream* out = nullptr);  // std::cout by default
  ExportResult export_logs(std::span<const LogData> batch) noexcept override;

 private:
  std::ostream* out_;
  std::mutex mutex_;
};

std::string format_log_record(const LogData& data);

}  // namespace otel::logs
