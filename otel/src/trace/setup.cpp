#include "otel/trace/setup.h"

#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/exporters/console/console_span_exporter.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"
#include "otel/propagation/text_map.h"
#include "otel/sdk/signal_setup.h"

namespace otel::trace {

std::unique_ptr<SpanExporter> span_exporter_from_name(std::string_view name) {
  const auto lower = env::to_lower(env::trim(name));
  if (lower == "otlp")
    return std::make_unique<exporters::otlp::OtlpSpanExporter>(
        exporters::otlp::OtlpExporterOptions::from_env(exporters::otlp::Signal::kTraces));
  if (lower == "console") return std::make_unique<exporters::console::ConsoleSpanExporter>();
  if (lower != "none")
    internal::warn("OTEL_TRACES_EXPORTER: unsupported exporter '" + std::string(name) +
                   "' ignored");
  return nullptr;
}

std::unique_ptr<SpanExporter> span_exporter_from_env() {
  auto names = env::get_list("OTEL_TRACES_EXPORTER");
  if (names.empty()) return span_exporter_from_name("otlp");
  if (names.size() > 1)
    internal::warn("OTEL_TRACES_EXPORTER: one exporter per processor; using '" + names[0] +
                   "', ignoring the others");
  return span_exporter_from_name(names[0]);
}

std::vector<std::unique_ptr<SpanProcessor>> span_processors_from_env() {
  std::vector<std::unique_ptr<SpanProcessor>> out;
  auto names = env::get_list("OTEL_TRACES_EXPORTER");
  if (names.empty()) names = {"otlp"};
  for (const auto& name : names) {
    auto exporter = span_exporter_from_name(name);
    if (!exporter) continue;
    if (env::to_lower(name) == "console")
      out.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exporter)));
    else
      out.push_back(std::make_unique<BatchSpanProcessor>(std::move(exporter),
                                                         BatchSpanProcessorOptions::from_env()));
  }
  return out;
}

std::shared_ptr<TracerProvider> setup_tracing(const Resource& resource) {
  propagation::set_global_propagator(propagation::propagator_from_env());
  std::shared_ptr<TracerProvider> provider;
  if (env::get_bool("OTEL_SDK_DISABLED", false)) {
    provider = TracerProvider::noop();
  } else {
    TracerProviderOptions options;
    options.resource = resource;
    options.sampler = sampler_from_env();
    options.limits = SpanLimits::from_env();
    options.processors = span_processors_from_env();
    provider = TracerProvider::create(std::move(options));
  }
  set_tracer_provider(provider);
  return provider;
}

}  // namespace otel::trace

namespace otel::sdk {
std::unique_ptr<SignalHandle> setup_traces_from_env(const SdkSettings& settings) {
  propagation::set_global_propagator(propagation::propagator_from_env());
  if (settings.disabled) {
    trace::set_tracer_provider(trace::TracerProvider::noop());
    return nullptr;
  }
  return std::make_unique<ProviderHandle<trace::TracerProvider>>(
      trace::setup_tracing(settings.resource));
}

}  // namespace otel::sdk
