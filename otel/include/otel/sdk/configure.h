// configure_from_env(): the whole SDK from OTEL_* variables in one call.
//
//   int main() {
//     auto telemetry = otel::sdk::configure_from_env();   // traces, metrics, logs
//     ...                                                  // flushed + shut down at exit
//   }
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "otel/sdk/signal_setup.h"

namespace otel::sdk {

struct ConfigureOptions {
  // Attributes from code, merged over the detected + environment resource.
  Attributes resource_attributes;
  bool traces = true;
  bool metrics = true;
  bool logs = true;
};

// Owns the installed providers: its destructor force-flushes and shuts them all down
// (each bounded by the timeout), so data buffered at exit is not lost.
class SdkHandle {
 public:
  SdkHandle() = default;
  explicit SdkHandle(std::vector<std::unique_ptr<SignalHandle>> signals)
      : signals_(std::move(signals)) {}
  SdkHandle(SdkHandle&&) noexcept = default;
  SdkHandle& operator=(SdkHandle&& other) noexcept;
  ~SdkHandle();

  bool force_flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  std::vector<std::unique_ptr<SignalHandle>> signals_;
};

// Reads the environment, sets the global propagator, and installs the global
// providers of every signal enabled in `options` (OTEL_SDK_DISABLED=true: no-ops).
[[nodiscard]] SdkHandle configure_from_env(const ConfigureOptions& options = {});
// The settings every signal's setup receives (resource, disabled flag).
SdkSettings settings_from_env(const Attributes& resource_attributes = {});

}  // namespace otel::sdk
