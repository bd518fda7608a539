// The process-wide slot behind get_/set_<signal>_provider(): one implementation for the
// tracer, meter and logger providers. Each signal creates its slot on first use and
// never destroys it (`static auto* slot = new ...`): static destructors elsewhere may
// still trace, record or log through the global provider.
#pragma once

#include <memory>
#include <mutex>
#include <utility>

#include "common/provider_generation.h"

namespace otel::internal {

template <class Provider>
class ProviderSlot {
 public:
  explicit ProviderSlot(std::shared_ptr<Provider> initial) : provider_(std::move(initial)) {}

  std::shared_ptr<Provider> get() const {
    std::lock_guard lock(mutex_);
    return provider_;
  }

  // Installs `next` and bumps the provider generation (hot paths that cached what they
  // derived from a global provider see the change with one atomic load). The previous
  // provider is released after the lock: if this was its last owner, its destructor
  // shuts it down, a final export of up to seconds that no get() may wait for.
  void replace(std::shared_ptr<Provider> next) {
    std::shared_ptr<Provider> previous;
    {
      std::lock_guard lock(mutex_);
      previous = std::exchange(provider_, std::move(next));
    }
    bump_global_provider_generation();
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<Provider> provider_;
};

}  // namespace otel::internal
