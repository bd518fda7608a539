// The one-call SDK setup and the per-signal hooks it calls. Each signal (traces here;
// metrics and logs in their own parts) implements setup_<signal>_from_env(), which
// installs its global provider from the environment and returns a handle that flushes
// and shuts it down. configure_from_env() (otel/sdk/configure.h) calls them all.
#pragma once

#include <chrono>
#include <memory>
#include <utility>

#include "otel/resource/resource.h"

namespace otel::sdk {

// What every signal's setup receives.
struct SdkSettings {
  Resource resource;      // Resource::create() unless given in code
  bool disabled = false;  // OTEL_SDK_DISABLED: install no-op providers
};

// Controls one signal's installed provider.
class SignalHandle {
 public:
  virtual ~SignalHandle() = default;
  virtual bool force_flush(std::chrono::milliseconds timeout) = 0;
  virtual bool shutdown(std::chrono::milliseconds timeout) = 0;
};

// The handle of a signal whose provider has force_flush/shutdown(timeout): the same for
// traces, metrics and logs.
template <class Provider>
class ProviderHandle final : public SignalHandle {
 public:
  explicit ProviderHandle(std::shared_ptr<Provider> provider) : provider_(std::move(provider)) {}
  bool force_flush(std::chrono::milliseconds timeout) override {
    return provider_->force_flush(timeout);
  }
  bool shutdown(std::chrono::milliseconds timeout) override { return provider_->shutdown(timeout); }

 private:
  std::shared_ptr<Provider> provider_;
};

// Each returns nullptr when the signal is not set up (its exporter is "none", the SDK is
// disabled, or the signal's part is not built in).
std::unique_ptr<SignalHandle> setup_traces_from_env(const SdkSettings& settings);
// Implemented by otel/src/metrics/sdk_setup.cpp (metrics part).
std::unique_ptr<SignalHandle> setup_metrics_from_env(const SdkSettings& settings);
// Implemented by otel/src/logs/sdk_setup.cpp (logs part).
std::unique_ptr<SignalHandle> setup_logs_from_env(const SdkSettings& settings);

}  // namespace otel::sdk
