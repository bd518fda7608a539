#include "common/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "common/settings.h"

namespace common {

void SetupConsoleLogging(std::string_view service_name) {
  std::string level_name =
      ChoiceSetting("LOG_LEVEL", "info", {"trace", "debug", "info", "warn", "error"});
  // A plain (uncoloured) stderr sink: scripts/demo adds its own coloured prefix,
  // and the same lines go to container logs.
  auto logger = spdlog::stderr_logger_mt(std::string(service_name));
  logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %l %v");
  logger->set_level(spdlog::level::from_str(level_name));
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(logger);
}

}  // namespace common
