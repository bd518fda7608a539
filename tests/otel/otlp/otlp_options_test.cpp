#include "otel/exporters/otlp/otlp_options.h"

#include <gtest/gtest.h>
#include <stdlib.h>

using namespace otel::exporters::otlp;

namespace {
void clear_env() {
  for (auto n : {"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
                 "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL",
                 "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_EXPORTER_OTLP_TRACES_HEADERS",
                 "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT",
                 "OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"})
    unsetenv(n);
}
}  // namespace

TEST(OtlpOptions, SpecDefaults) {
  clear_env();
  auto o = OtlpExporterOptions::from_env(Signal::kTraces);
  EXPECT_EQ(o.protocol, Protocol::kHttpProtobuf);
  EXPECT_EQ(o.endpoint, "http://localhost:4318/v1/traces");
  EXPECT_EQ(o.timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(o.compression, Compression::kNone);
  setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", 1);
  EXPECT_EQ(OtlpExporterOptions::from_env(Signal::kLogs).endpoint, "http://localhost:4317");
  clear_env();
}

TEST(OtlpOptions, GenericEndpointGetsSignalPathPerSignalIsUsedAsIs) {
  clear_env();
  setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/", 1);
  EXPECT_EQ(OtlpExporterOptions::from_env(Signal::kMetrics).endpoint,
            "http://collector:4318/v1/metrics");
  setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/base", 1);
  EXPECT_EQ(OtlpExporterOptions::from_env(Signal::kLogs).endpoint,
            "http://collector:4318/base/v1/logs");
  setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://other:9999/custom", 1);
  EXPECT_EQ(OtlpExporterOptions::from_env(Signal::kTraces).endpoint, "http://other:9999/custom");
  setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", 1);
  setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317", 1);
  EXPECT_EQ(OtlpExporterOptions::from_env(Signal::kMetrics).endpoint, "http://collector:4317");
  clear_env();
}

TEST(OtlpOptions, HeadersTimeoutCompressionAndPerSignalOverrides) {
  clear_env();
  setenv("OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%20b,tenant=1", 1);
  setenv("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "Tenant=2", 1);
  setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "2500", 1);
  setenv("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "700", 1);
  setenv("OTEL_EXPORTER_OTLP_COMPRESSION", "gzip", 1);
  setenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/json", 1);
  auto t = OtlpExporterOptions::from_env(Signal::kTraces);
  ASSERT_EQ(t.headers.size(), 2u);
  EXPECT_EQ(t.headers[0].second, "a b");
  EXPECT_EQ(t.headers[1].second, "2");
  EXPECT_EQ(t.timeout.count(), 700);
  EXPECT_EQ(t.compression, Compression::kGzip);
  EXPECT_EQ(t.protocol, Protocol::kHttpJson);
  auto m = OtlpExporterOptions::from_env(Signal::kMetrics);
  EXPECT_EQ(m.timeout.count(), 2500);
  EXPECT_EQ(m.protocol, Protocol::kHttpProtobuf);
  unsetenv("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL");
  setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon", 1);
  EXPECT_EQ(OtlpExporterOptions::from_env(Signal::kTraces).protocol, Protocol::kHttpProtobuf);
  clear_env();
}

TEST(OtlpOptions, ParseProtocol) {
  EXPECT_EQ(parse_protocol("GRPC"), Protocol::kGrpc);
  EXPECT_EQ(parse_protocol("http/json"), Protocol::kHttpJson);
  EXPECT_FALSE(parse_protocol("http"));
}
