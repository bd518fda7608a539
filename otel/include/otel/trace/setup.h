// Code-based setup of the trace signal, like the workshop's setup_tracing().
#pragma once

#include <memory>
#include <string_view>

#include "otel/trace/batch_span_processor.h"
#include "otel/trace/tracer_provider.h"

namespace otel::trace {

// The exporter OTEL_TRACES_EXPORTER names ("otlp" default, "console", "none"; several
// comma-separated are allowed): one processor per exporter, batch for otlp, simple for
// console. Empty when "none".
std::vector<std::unique_ptr<SpanProcessor>> span_processors_from_env();
std::unique_ptr<SpanExporter> span_exporter_from_name(std::string_view name);

// The exporter OTEL_TRACES_EXPORTER names: an OtlpSpanExporter by default ("otlp",
// configured by the OTEL_EXPORTER_OTLP_* variables), a ConsoleSpanExporter for "console",
// nullptr for "none". With several names, the first (the others are reported).
std::unique_ptr<SpanExporter> span_exporter_from_env();

// Builds a TracerProvider from the environment with `resource`, makes it global and
// returns it (the global propagator is set too). OTEL_SDK_DISABLED=true gives a no-op.
std::shared_ptr<TracerProvider> setup_tracing(const Resource& resource = Resource::create());

}  // namespace otel::trace
