#include "otel/exporters/otlp/otlp_transport.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <random>

#include "exporters/otlp/otlp_channel.h"
#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/common/internal_log.h"

namespace otel::exporters::otlp {

namespace pb = ::opentelemetry::proto::collector;

struct OtlpTransport::Impl {
  OtlpExporterOptions options;
  std::unique_ptr<detail::Channel> channel;
  std::mutex mutex;
  std::condition_variable stop_cv;
  bool stopped = false;
  // Set by begin_shutdown (guarded by mutex): the last moment an export may end.
  std::optional<std::chrono::steady_clock::time_point> final_deadline;

  std::unique_ptr<google::protobuf::Message> new_request() const {
    switch (options.signal) {
      case Signal::kTraces:
        return std::make_unique<pb::trace::v1::ExportTraceServiceRequest>();
      case Signal::kMetrics:
        return std::make_unique<pb::metrics::v1::ExportMetricsServiceRequest>();
      case Signal::kLogs:
        return std::make_unique<pb::logs::v1::ExportLogsServiceRequest>();
    }
    return nullptr;
  }

  std::unique_ptr<google::protobuf::Message> new_response() const {
    switch (options.signal) {
      case Signal::kTraces:
        return std::make_unique<pb::trace::v1::ExportTraceServiceResponse>();
      case Signal::kMetrics:
        return std::make_unique<pb::metrics::v1::ExportMetricsServiceResponse>();
      case Signal::kLogs:
        return std::make_unique<pb::logs::v1::ExportLogsServiceResponse>();
    }
    return nullptr;
  }

  std::optional<PartialSuccess> partial_success(const google::protobuf::Message& response) const {
    PartialSuccess out;
    switch (options.signal) {
      case Signal::kTraces: {
        const auto& r = static_cast<const pb::trace::v1::ExportTraceServiceResponse&>(response);
        if (!r.has_partial_success()) return std::nullopt;
        out = {r.partial_success().rejected_spans(), r.partial_success().error_message()};
        break;
      }
      case Signal::kMetrics: {
        const auto& r = static_cast<const pb::metrics::v1::ExportMetricsServiceResponse&>(response);
        if (!r.has_partial_success()) return std::nullopt;
        out = {r.partial_success().rejected_data_points(), r.partial_success().error_message()};
        break;
      }
      case Signal::kLogs: {
        const auto& r = static_cast<const pb::logs::v1::ExportLogsServiceResponse&>(response);
        if (!r.has_partial_success()) return std::nullopt;
        out = {r.partial_success().rejected_log_records(), r.partial_success().error_message()};
        break;
      }
    }
    if (out.rejected == 0 && out.error_message.empty()) return std::nullopt;
    return out;
  }

  // Waits `delay`, less when shutdown begins meanwhile (the final attempt is then made at
  // once); false when shut down.
  bool sleep(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex);
    stop_cv.wait_for(lock, delay, [&] { return stopped || final_deadline.has_value(); });
    return !stopped;
  }
};

OtlpTransport::OtlpTransport(OtlpExporterOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->channel = impl_->options.protocol == Protocol::kGrpc
                       ? detail::make_grpc_channel(impl_->options)
                       : detail::make_http_channel(impl_->options);
}

OtlpTransport::~OtlpTransport() = default;

const OtlpExporterOptions& OtlpTransport::options() const {
  return impl_->options;
}

void OtlpTransport::begin_shutdown(std::chrono::steady_clock::time_point deadline) {
  std::lock_guard lock(impl_->mutex);
  if (!impl_->final_deadline || deadline < *impl_->final_deadline) impl_->final_deadline = deadline;
  impl_->stop_cv.notify_all();
}

void OtlpTransport::shutdown() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopped = true;
    impl_->stop_cv.notify_all();
  }
  impl_->channel->cancel();  // a send still waiting for the collector ends now
}

SendOutcome OtlpTransport::send(const google::protobuf::Message& request) {
  if (impl_->options.protocol == Protocol::kHttpJson) return send_payload({{}, &request});
  // Serialized once, whatever the number of attempts.
  const std::string bytes = request.SerializeAsString();
  return send_payload({bytes, nullptr});
}

SendOutcome OtlpTransport::send_serialized(std::string_view request) {
  if (impl_->options.protocol != Protocol::kHttpJson) return send_payload({request, nullptr});
  auto message = impl_->new_request();
  if (!message->ParseFromArray(request.data(), static_cast<int>(request.size()))) {
    SendOutcome outcome;
    outcome.error = "the serialized request does not parse";
    internal::error("OTLP " + std::string(signal_name(impl_->options.signal)) +
                    " export: " + outcome.error);
    return outcome;
  }
  return send_payload({{}, message.get()});
}

SendOutcome OtlpTransport::send_payload(const detail::Payload& request) {
  using Clock = std::chrono::steady_clock;
  using std::chrono::milliseconds;
  const auto& options = impl_->options;
  auto deadline = Clock::now() + options.timeout;
  thread_local std::minstd_rand jitter(std::random_device{}());
  auto backoff = options.retry.initial_backoff;
  SendOutcome outcome;
  const std::string what =
      "OTLP " + std::string(signal_name(options.signal)) + " export to " + options.endpoint;
  for (int attempt = 1; attempt <= std::max(1, options.retry.max_attempts); ++attempt) {
    bool final_attempt = false;
    {
      std::lock_guard lock(impl_->mutex);
      if (impl_->stopped) {
        outcome.error = "exporter is shut down";
        return outcome;
      }
      if (impl_->final_deadline) {
        final_attempt = true;
        deadline = std::min(deadline, *impl_->final_deadline);
      }
    }
    const auto budget = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (budget.count() <= 0) {
      outcome.error =
          "timed out after " + std::to_string(outcome.attempts) + " attempt(s): " + outcome.error;
      break;
    }
    auto response = impl_->new_response();
    const detail::Attempt result = impl_->channel->send(request, *response, budget);
    outcome.attempts = attempt;
    outcome.status_code = result.status_code;
    outcome.error = result.error;
    if (result.ok) {
      outcome.ok = true;
      outcome.error.clear();
      outcome.partial_success = impl_->partial_success(*response);
      if (outcome.partial_success)
        internal::warn(what + ": partial success, " +
                       std::to_string(outcome.partial_success->rejected) +
                       " rejected: " + outcome.partial_success->error_message);
      return outcome;
    }
    if (final_attempt) {
      outcome.error += " (shutting down: not retried)";
      break;
    }
    if (!result.retryable || attempt == options.retry.max_attempts) break;
    // Exponential backoff with jitter (50-100% of the current step), or the server's
    // Retry-After/RetryInfo when it gave one; never past the deadline.
    milliseconds delay;
    if (result.retry_after) {
      delay = *result.retry_after;
    } else {
      std::uniform_real_distribution<double> factor(0.5, 1.0);
      delay =
          milliseconds(static_cast<long>(static_cast<double>(backoff.count()) * factor(jitter)));
    }
    backoff = std::min(options.retry.max_backoff,
                       milliseconds(static_cast<long>(static_cast<double>(backoff.count()) *
                                                      options.retry.multiplier)));
    if (Clock::now() + delay >= deadline) {
      outcome.error += " (no time left to retry)";
      break;
    }
    internal::debug(what + " failed (" + result.error + "); retrying");
    if (!impl_->sleep(delay)) {
      outcome.error += " (shut down while waiting to retry)";
      break;
    }
  }
  internal::warn(what + " failed: " + outcome.error);
  return outcome;
}

}  // namespace otel::exporters::otlp
