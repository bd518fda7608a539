// The OTLP log exporter (over the SDK's shared transport: gRPC, HTTP/protobuf,
// HTTP/JSON, retries) and the console exporter.
#pragma once

#include <atomic>
#include <iosfwd>
#include <memory>
#include <mutex>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "otel/exporters/otlp/otlp_options.h"
#include "otel/logs/log_exporter.h"

namespace otel::exporters::otlp {
class OtlpTransport;
}

namespace otel::logs {

// Groups a batch by resource and scope into one OTLP request.
void ToOtlpRequest(std::span<const LogData> batch,
                   opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest* out);
void ToProto(const LogRecord& record, opentelemetry::proto::logs::v1::LogRecord* out);

class OtlpLogExporter : public LogRecordExporter {
 public:
  explicit OtlpLogExporter(exporters::otlp::OtlpExporterOptions options);
  static std::shared_ptr<OtlpLogExporter> from_env();  // OTEL_EXPORTER_OTLP_{,LOGS_}*
  ~OtlpLogExporter() override;

  ExportResult export_logs(std::span<const LogData> batch) override;
  bool shutdown(std::chrono::milliseconds timeout) override;

  uint64_t dropped_records() const { return dropped_.load(); }  // failed or rejected

 private:
  std::unique_ptr<exporters::otlp::OtlpTransport> transport_;
  std::atomic<uint64_t> dropped_{0};
  std::atomic<bool> warned_{false};
};

// One line per record: time, severity, scope, body, attributes, trace/span ids.
class ConsoleLogExporter : public LogRecordExporter {
 public:
  explicit ConsoleLogExporter(std::ostream* out = nullptr);  // std::cout by default
  ExportResult export_logs(std::span<const LogData> batch) override;

 private:
  std::ostream* out_;
  std::mutex mutex_;
};

std::string FormatLogRecord(const LogData& data);

}  // namespace otel::logs
