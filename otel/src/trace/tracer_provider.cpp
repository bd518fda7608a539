#include "otel/trace/tracer_provider.h"

#include "common/provider_generation.h"
#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "trace/tracer_shared.h"

namespace otel::trace {

TracerProvider::TracerProvider(TracerProviderOptions options)
    : shared_(std::make_shared<detail::TracerShared>()) {
  shared_->resource = std::move(options.resource);
  shared_->sampler =
      options.sampler ? std::move(options.sampler) : parent_based_sampler(always_on_sampler());
  shared_->limits = options.limits;
  shared_->ids = options.id_generator ? std::move(options.id_generator) : random_id_generator();
  for (auto& p : options.processors)
    if (p) shared_->processors.push_back(std::move(p));
}

std::shared_ptr<TracerProvider> TracerProvider::create(const Resource& resource,
                                                       std::unique_ptr<SpanProcessor> processor) {
  if (env::get_bool("OTEL_SDK_DISABLED", false)) return noop();
  TracerProviderOptions options;
  options.resource = resource;
  options.sampler = sampler_from_env();
  options.limits = SpanLimits::from_env();
  if (processor) options.processors.push_back(std::move(processor));
  return create(std::move(options));
}

TracerProvider::TracerProvider(NoopTag) : shared_(std::make_shared<detail::TracerShared>()) {
  shared_->noop = true;
  shared_->sampler = always_off_sampler();
  shared_->ids = random_id_generator();
}

TracerProvider::~TracerProvider() {
  if (!shared_->noop) shutdown(std::chrono::seconds(5));
}

std::shared_ptr<TracerProvider> TracerProvider::noop() {
  return std::shared_ptr<TracerProvider>(new TracerProvider(NoopTag{}));
}

std::shared_ptr<Tracer> TracerProvider::get_tracer(std::string_view name, std::string_view version,
                                                   std::string_view schema_url,
                                                   const Attributes& attributes) {
  if (name.empty()) internal::debug("get_tracer called with an empty name");
  std::string key;
  key.reserve(name.size() + version.size() + schema_url.size() + 2);
  key.append(name).append(1, '\0').append(version).append(1, '\0').append(schema_url);
  std::lock_guard lock(mutex_);
  auto& tracer = tracers_[key];
  if (!tracer) {
    tracer = std::make_shared<Tracer>(shared_,
                                      InstrumentationScope{std::string(name), std::string(version),
                                                           std::string(schema_url), attributes});
  }
  return tracer;
}

bool TracerProvider::force_flush(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool ok = true;
  for (const auto& p : shared_->processors) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    ok = p->force_flush(std::max(left, std::chrono::milliseconds(0))) && ok;
  }
  return ok;
}

bool TracerProvider::shutdown(std::chrono::milliseconds timeout) {
  if (shared_->shut_down.exchange(true)) return true;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool ok = true;
  for (const auto& p : shared_->processors) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    ok = p->shutdown(std::max(left, std::chrono::milliseconds(0))) && ok;
  }
  return ok;
}

const Resource& TracerProvider::resource() const {
  return shared_->resource;
}
bool TracerProvider::is_noop() const {
  return shared_->noop;
}

namespace {
struct GlobalSlot {
  std::mutex mutex;
  std::shared_ptr<TracerProvider> provider = TracerProvider::noop();
};
GlobalSlot& global_slot() {
  static auto* slot = new GlobalSlot();  // leaked: safe to use during static destruction
  return *slot;
}
}  // namespace

std::shared_ptr<TracerProvider> get_tracer_provider() {
  auto& slot = global_slot();
  std::lock_guard lock(slot.mutex);
  return slot.provider;
}

void set_tracer_provider(std::shared_ptr<TracerProvider> provider) {
  auto& slot = global_slot();
  std::shared_ptr<TracerProvider> previous;
  {
    std::lock_guard lock(slot.mutex);
    previous = std::move(slot.provider);
    slot.provider = provider ? std::move(provider) : TracerProvider::noop();
  }
  internal::bump_global_provider_generation();
  // `previous` is released outside the lock (its destructor may flush).
}

std::shared_ptr<Tracer> get_tracer(std::string_view name, std::string_view version) {
  return get_tracer_provider()->get_tracer(name, version);
}

}  // namespace otel::trace
