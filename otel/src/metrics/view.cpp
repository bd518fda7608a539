#include "otel/metrics/view.h"

#include "otel/common/env.h"

namespace otel::metrics {

bool matches(const InstrumentSelector& selector, const InstrumentDescriptor& instrument,
             const std::string& meter_name) {
  if (selector.kind && *selector.kind != instrument.kind) return false;
  if (!selector.meter_name.empty() && selector.meter_name != meter_name) return false;
  if (!selector.unit.empty() && selector.unit != instrument.unit) return false;
  const std::string pattern = env::to_lower(selector.name);
  const std::string name = env::to_lower(instrument.name);
  if (pattern == "*") return true;
  if (!pattern.empty() && pattern.back() == '*') {
    return name.starts_with(std::string_view(pattern).substr(0, pattern.size() - 1));
  }
  return pattern == name;
}

}  // namespace otel::metrics
