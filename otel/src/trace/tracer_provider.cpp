#include "otel/trace/tracer_provider.h"

#include "common/deadline.h"
#include "common/provider_slot.h"
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
  return internal::call_each_within(
      shared_->processors, timeout,
      [](SpanProcessor& p, std::chrono::milliseconds left) { return p.force_flush(left); });
}

bool TracerProvider::shutdown(std::chrono::milliseconds timeout) {
  if (shared_->shut_down.exchange(true)) return true;
  return internal::call_each_within(
      shared_->processors, timeout,
      [](SpanProcessor& p, std::chrono::milliseconds left) { return p.shutdown(left); });
}

const Resource& TracerProvider::resource() const {
  return shared_->resource;
}
bool TracerProvider::is_noop() const {
  return shared_->noop;
}

namespace {
internal::ProviderSlot<TracerProvider>& global_slot() {
  static auto* slot = new internal::ProviderSlot<TracerProvider>(TracerProvider::noop());
  return *slot;
}
}  // namespace

std::shared_ptr<TracerProvider> get_tracer_provider() {
  return global_slot().get();
}

void set_tracer_provider(std::shared_ptr<TracerProvider> provider) {
  global_slot().replace(provider ? std::move(provider) : TracerProvider::noop());
}

std::shared_ptr<Tracer> get_tracer(std::string_view name, std::string_view version) {
  return get_tracer_provider()->get_tracer(name, version);
}

}  // namespace otel::trace
