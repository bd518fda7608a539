// Logger: emits log records for one instrumentation scope (e.g. an spdlog logger name).
//
//   auto logger = otel::logs::get_logger_provider()->get_logger("iss-distance-service");
//   logger->emit(otel::logs::Severity::kInfo, "started application");
#pragma once

#include <memory>
#include <string_view>

#include "otel/logs/log_record.h"

namespace otel::logs {

namespace detail {
struct ProviderState;
}

class Logger {
 public:
  Logger(std::shared_ptr<const LoggerOrigin> origin,
         std::shared_ptr<detail::ProviderState> provider);

  // Completes the record (observed timestamp, severity text, and the trace id, span id
  // and flags of the calling thread's active span unless already set) and hands it to
  // the provider's processors. Never throws, never blocks on export.
  void emit(LogRecord record) const;
  void emit(Severity severity, AttributeValue body, Attributes attributes = {}) const;

  // False when the provider is disabled or shut down, so callers can skip work.
  // (A Logger outliving its provider stays valid and is disabled.)
  bool enabled() const;
  const InstrumentationScope& scope() const { return origin_->scope; }

 private:
  std::shared_ptr<const LoggerOrigin> origin_;
  // Shared, not weak: emit() then costs no reference counting. The provider breaks the
  // cycle (its state lists the loggers) when it is destroyed.
  std::shared_ptr<detail::ProviderState> provider_;
};

}  // namespace otel::logs
