// TracerProvider: owns the resource, sampler, limits and processors; hands out Tracers.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "otel/resource/resource.h"
#include "otel/trace/id_generator.h"
#include "otel/trace/sampler.h"
#include "otel/trace/span_limits.h"
#include "otel/trace/span_processor.h"
#include "otel/trace/tracer.h"

namespace otel::trace {

struct TracerProviderOptions {
  Resource resource = Resource::create();
  std::shared_ptr<const Sampler> sampler;  // default parentbased_always_on
  SpanLimits limits;
  std::shared_ptr<IdGenerator> id_generator;  // default random_id_generator()
  std::vector<std::unique_ptr<SpanProcessor>> processors;
};

class TracerProvider {
 public:
  explicit TracerProvider(TracerProviderOptions options);
  ~TracerProvider();  // shuts down (5 s bound) if not done yet
  TracerProvider(const TracerProvider&) = delete;
  TracerProvider& operator=(const TracerProvider&) = delete;

  static std::shared_ptr<TracerProvider> create(TracerProviderOptions options) {
    return std::make_shared<TracerProvider>(std::move(options));
  }
  // The usual provider: `resource` on every span, spans handed to `processor` (none when
  // null), the sampler and limits from OTEL_TRACES_SAMPLER(_ARG) and OTEL_SPAN_*_LIMIT
  // (specification defaults otherwise). OTEL_SDK_DISABLED=true gives a no-op provider.
  static std::shared_ptr<TracerProvider> create(const Resource& resource,
                                                std::unique_ptr<SpanProcessor> processor);
  // A provider whose tracers only propagate the parent's context (no recording).
  static std::shared_ptr<TracerProvider> noop();

  // The same Tracer for the same (name, version, schema_url).
  std::shared_ptr<Tracer> get_tracer(std::string_view name, std::string_view version = {},
                                     std::string_view schema_url = {},
                                     const Attributes& attributes = {});

  bool force_flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Flushes and shuts the processors down; later spans are not recorded. Idempotent.
  bool shutdown(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  const Resource& resource() const;
  bool is_noop() const;

 private:
  struct NoopTag {};
  explicit TracerProvider(NoopTag);
  std::shared_ptr<detail::TracerShared> shared_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<Tracer>> tracers_;
};

// The global provider: a no-op one until set_tracer_provider() (or the SDK setup).
std::shared_ptr<TracerProvider> get_tracer_provider();
void set_tracer_provider(std::shared_ptr<TracerProvider> provider);
// get_tracer_provider()->get_tracer(name, version).
std::shared_ptr<Tracer> get_tracer(std::string_view name, std::string_view version = {});

}  // namespace otel::trace
