// Environment-driven logs setup (otel::sdk::setup_logs_from_env, called by
// otel::sdk::configure_from_env()) and its building block.
#pragma once

#include <memory>
#include <vector>

#include "otel/logs/exporters.h"
#include "otel/logs/logger_provider.h"
#include "otel/logs/processors.h"

namespace otel::logs {

// Processors for OTEL_LOGS_EXPORTER (comma-separated: otlp, console, none; default otlp):
// otlp goes through a BatchLogRecordProcessor (OTEL_BLRP_*), console through a simple one.
std::vector<std::shared_ptr<LogRecordProcessor>> processors_from_env();

// The exporter OTEL_LOGS_EXPORTER names: an OtlpLogExporter by default ("otlp",
// OTEL_EXPORTER_OTLP_*), a ConsoleLogExporter for "console", nullptr for "none". With
// several names, the first (the others are reported).
std::shared_ptr<LogRecordExporter> log_exporter_from_env();

}  // namespace otel::logs
