#include "otel/sdk/configure.h"

#include <algorithm>
#include <vector>

#include "common/deadline.h"
#include "otel/common/env.h"

namespace otel::sdk {

SdkSettings settings_from_env(const Attributes& resource_attributes) {
  SdkSettings settings;
  settings.disabled = env::get_bool("OTEL_SDK_DISABLED", false);
  settings.resource = Resource::create(resource_attributes);
  return settings;
}

SdkHandle configure_from_env(const ConfigureOptions& options) {
  const SdkSettings settings = settings_from_env(options.resource_attributes);
  std::vector<std::unique_ptr<SignalHandle>> signals;
  if (options.traces)
    if (auto h = setup_traces_from_env(settings)) signals.push_back(std::move(h));
  if (options.metrics)
    if (auto h = setup_metrics_from_env(settings)) signals.push_back(std::move(h));
  if (options.logs)
    if (auto h = setup_logs_from_env(settings)) signals.push_back(std::move(h));
  return SdkHandle(std::move(signals));
}

SdkHandle& SdkHandle::operator=(SdkHandle&& other) noexcept {
  if (this != &other) {
    shutdown();
    signals_ = std::move(other.signals_);
  }
  return *this;
}

SdkHandle::~SdkHandle() {
  shutdown();
}

bool SdkHandle::force_flush(std::chrono::milliseconds timeout) {
  return internal::call_each_within(
      signals_, timeout,
      [](SignalHandle& s, std::chrono::milliseconds left) { return s.force_flush(left); });
}

bool SdkHandle::shutdown(std::chrono::milliseconds timeout) {
  // Reverse order: logs (which may be written while spans end) go last-in, first-out.
  std::vector<SignalHandle*> last_first;
  for (auto it = signals_.rbegin(); it != signals_.rend(); ++it) last_first.push_back(it->get());
  const bool ok = internal::call_each_within(
      last_first, timeout,
      [](SignalHandle& s, std::chrono::milliseconds left) { return s.shutdown(left); });
  signals_.clear();
  return ok;
}

}  // namespace otel::sdk
