#include "otel/logs/exporters.h"

#include <ctime>
#include <iostream>
#include <map>

#include "common/no_throw.h"
#include "otel/common/internal_log.h"
#include "otel/exporters/otlp/otlp_proto_common.h"
#include "otel/exporters/otlp/otlp_transport.h"

namespace otel::logs {

namespace otlp = exporters::otlp;
namespace pb_logs = opentelemetry::proto::logs::v1;

void to_proto(const LogRecord& record, pb_logs::LogRecord* out) {
  out->set_time_unix_nano(record.timestamp_ns);
  out->set_observed_time_unix_nano(record.observed_timestamp_ns);
  out->set_severity_number(static_cast<pb_logs::SeverityNumber>(record.severity));
  out->set_severity_text(record.severity_text);
  if (!record.body.empty()) otlp::to_proto(record.body, out->mutable_body());
  otlp::to_proto(record.attributes, out->mutable_attributes());
  if (!record.event_name.empty()) out->set_event_name(record.event_name);
  if (record.trace_id.is_valid()) {
    out->set_trace_id(std::string(record.trace_id.as_string_view()));
    out->set_span_id(std::string(record.span_id.as_string_view()));
    out->set_flags(record.trace_flags.value());
  }
}

void to_otlp_request(std::span<const LogData> batch,
                     opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest* out) {
  std::map<const Resource*, pb_logs::ResourceLogs*> resources;
  std::map<const LoggerOrigin*, pb_logs::ScopeLogs*> scopes;
  for (const auto& data : batch) {
    const LoggerOrigin* origin = data.origin.get();
    pb_logs::ScopeLogs*& scope_logs = scopes[origin];
    if (scope_logs == nullptr) {
      const Resource* resource = origin ? origin->resource.get() : nullptr;
      pb_logs::ResourceLogs*& resource_logs = resources[resource];
      if (resource_logs == nullptr) {
        resource_logs = out->add_resource_logs();
        if (resource) {
          otlp::to_proto(*resource, resource_logs->mutable_resource());
          resource_logs->set_schema_url(resource->schema_url());
        }
      }
      scope_logs = resource_logs->add_scope_logs();
      if (origin) {
        otlp::to_proto(origin->scope, scope_logs->mutable_scope());
        scope_logs->set_schema_url(origin->scope.schema_url);
      }
    }
    to_proto(data.record, scope_logs->add_log_records());
  }
}

OtlpLogExporter::OtlpLogExporter(otlp::OtlpExporterOptions options) {
  options.signal = otlp::Signal::kLogs;
  transport_ = std::make_unique<otlp::OtlpTransport>(std::move(options));
}

OtlpLogExporter::~OtlpLogExporter() = default;

std::shared_ptr<OtlpLogExporter> OtlpLogExporter::from_env() {
  return std::make_shared<OtlpLogExporter>(
      otlp::OtlpExporterOptions::from_env(otlp::Signal::kLogs));
}

otlp::SendOutcome OtlpLogExporter::send(std::span<const LogData> batch) {
  if (transport_->options().protocol == otlp::Protocol::kHttpJson) {
    opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest request;
    to_otlp_request(batch, &request);
    return transport_->send(request);
  }
  // Straight to the wire format, into a buffer each exporting thread reuses.
  thread_local std::string bytes;
  if (!serialize_otlp_request(batch, bytes)) {
    otlp::SendOutcome failed;
    failed.error = "encoding failed: sizes and bytes disagree";
    return failed;
  }
  return transport_->send_serialized(bytes);
}

ExportResult OtlpLogExporter::export_logs(std::span<const LogData> batch) noexcept {
  return internal::result_or(ExportResult::kFailure, "OtlpLogExporter::export_logs", [&] {
    if (batch.empty()) return ExportResult::kSuccess;
    const otlp::SendOutcome outcome = send(batch);
    if (!outcome.ok) {
      dropped_ += batch.size();
      if (!warned_.exchange(true)) {
        internal::warn("logs: OTLP export failed (" + outcome.error + "); " +
                       std::to_string(batch.size()) + " log records dropped");
      }
      return ExportResult::kFailure;
    }
    if (warned_.exchange(false)) internal::info("logs: OTLP export works again");
    if (outcome.partial_success && outcome.partial_success->rejected > 0) {
      dropped_ += static_cast<std::uint64_t>(outcome.partial_success->rejected);
      internal::warn("logs: collector rejected " +
                     std::to_string(outcome.partial_success->rejected) +
                     " log records: " + outcome.partial_success->error_message);
    }
    return ExportResult::kSuccess;
  });
}

bool OtlpLogExporter::shutdown(std::chrono::milliseconds /*timeout*/) noexcept {
  return internal::result_or(false, "OtlpLogExporter::shutdown", [&] {
    transport_->shutdown();
    return true;
  });
}

std::string format_log_record(const LogData& data) {
  const LogRecord& r = data.record;
  const std::uint64_t ns = r.timestamp_ns ? r.timestamp_ns : r.observed_timestamp_ns;
  const std::time_t seconds = static_cast<std::time_t>(ns / 1000000000ULL);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char stamp[64];
  std::snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%06uZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<unsigned>((ns / 1000) % 1000000));
  std::string line = stamp;
  line += ' ';
  line += r.severity_text.empty() ? std::string_view("-") : std::string_view(r.severity_text);
  if (data.origin) {
    line += " [";
    line += data.origin->scope.name;
    line += ']';
  }
  line += ' ';
  line += r.body.to_string();
  for (const auto& kv : r.attributes) {
    line += ' ';
    line += kv.key;
    line += '=';
    line += kv.value.to_string();
  }
  if (r.trace_id.is_valid()) {
    line += " trace_id=";
    line += r.trace_id.to_hex();
    line += " span_id=";
    line += r.span_id.to_hex();
  }
  return line;
}

ConsoleLogExporter::ConsoleLogExporter(std::ostream* out) : out_(out ? out : &std::cout) {}

ExportResult ConsoleLogExporter::export_logs(std::span<const LogData> batch) noexcept {
  return internal::result_or(ExportResult::kFailure, "ConsoleLogExporter::export_logs", [&] {
    std::string text;
    for (const auto& data : batch) text += format_log_record(data) + "\n";
    std::lock_guard<std::mutex> lock(mutex_);
    *out_ << text << std::flush;
    return out_->good() ? ExportResult::kSuccess : ExportResult::kFailure;
  });
}

}  // namespace otel::logs
