// Stand-in used only while otel/src/logs/sdk_setup.cpp does not exist (see CMakeLists.txt):
// the logs signal is then simply not set up by configure_from_env().
#include "otel/sdk/signal_setup.h"

namespace otel::sdk {

std::unique_ptr<SignalHandle> setup_logs_from_env(const SdkSettings& /*settings*/) {
  return nullptr;
}

}  // namespace otel::sdk
