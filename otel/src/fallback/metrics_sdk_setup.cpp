// Stand-in used only while otel/src/metrics/sdk_setup.cpp does not exist (see CMakeLists.txt):
// the metrics signal is then simply not set up by configure_from_env().
#include "otel/sdk/signal_setup.h"

namespace otel::sdk {

std::unique_ptr<SignalHandle> setup_metrics_from_env(const SdkSettings& /*settings*/) {
  return nullptr;
}

}  // namespace otel::sdk
