// The instrumentation scope (library name/version) that produced telemetry.
#pragma once

#include <string>

#include "otel/common/attribute_value.h"

namespace otel {

struct InstrumentationScope {
  std::string name;
  std::string version;
  std::string schema_url;
  Attributes attributes;

  friend bool operator==(const InstrumentationScope&, const InstrumentationScope&) = default;
};

}  // namespace otel
