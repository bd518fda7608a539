// The logs' wire encoder (SerializeOtlpRequest) against libprotobuf: its bytes must equal
// ToOtlpRequest() + SerializeAsString() for every record shape and grouping.
#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "otel/logs/exporters.h"

using namespace otel;
using namespace otel::logs;
namespace pblogs = opentelemetry::proto::collector::logs::v1;

namespace {

void expect_same_encoding(const std::vector<LogData>& batch) {
  pblogs::ExportLogsServiceRequest request;
  to_otlp_request(batch, &request);
  const std::string expected = request.SerializeAsString();
  std::string actual = "left over";
  ASSERT_TRUE(serialize_otlp_request(batch, actual));
  ASSERT_EQ(actual.size(), expected.size());
  EXPECT_TRUE(actual == expected) << "same size, different bytes";
}

std::shared_ptr<const LoggerOrigin> origin(std::string name,
                                           std::shared_ptr<const Resource> resource) {
  auto o = std::make_shared<LoggerOrigin>();
  o->scope.name = std::move(name);
  o->resource = std::move(resource);
  return o;
}

LogData record(std::shared_ptr<const LoggerOrigin> from, std::string body) {
  LogData d;
  d.record.timestamp_ns = 1'700'000'000'000'000'000ULL;
  d.record.observed_timestamp_ns = d.record.timestamp_ns + 5;
  d.record.severity = Severity::kInfo;
  d.record.severity_text = "INFO";
  d.record.body = AttributeValue(std::move(body));
  d.origin = std::move(from);
  return d;
}

TEST(OtlpLogWire, EmptyBatch) {
  expect_same_encoding({});
}

TEST(OtlpLogWire, EveryFieldInEveryState) {
  auto resource = std::make_shared<const Resource>(
      Attributes{{"service.name", "iss-distance-service"}}, "https://opentelemetry.io/schemas/1");
  auto o = origin("iss-distance-service", resource);
  std::vector<LogData> batch;
  batch.push_back(record(o, "received request from IP address: 127.0.0.1"));
  // In a span: ids and sampled flags; attributes; an event name.
  auto traced = record(o, "upstream failed");
  traced.record.severity = Severity::kError;
  traced.record.severity_text = "ERROR";
  for (std::size_t i = 0; i < 16; ++i)
    traced.record.trace_id.bytes[i] = static_cast<std::uint8_t>(i + 1);
  for (std::size_t i = 0; i < 8; ++i)
    traced.record.span_id.bytes[i] = static_cast<std::uint8_t>(i + 7);
  traced.record.trace_flags = trace::TraceFlags(1);
  traced.record.attributes = {{"code.function", "Ask"}, {"retry", 2}, {"ok", false}};
  traced.record.event_name = "upstream.failure";
  batch.push_back(traced);
  // A valid trace id with flags 0 (not sampled): the flags field is left out.
  auto unsampled = traced;
  unsampled.record.trace_flags = trace::TraceFlags(0);
  batch.push_back(unsampled);
  // Nothing set at all, and no body.
  LogData bare;
  bare.origin = o;
  batch.push_back(bare);
  // Bodies of every type.
  for (AttributeValue body :
       {AttributeValue(""), AttributeValue(true), AttributeValue(std::int64_t{-5}),
        AttributeValue(std::numeric_limits<double>::quiet_NaN()), AttributeValue(Bytes{1, 2}),
        AttributeValue(ArrayValue{1, "x"}), AttributeValue(KeyValueList{{"k", KeyValueList{}}})}) {
    auto d = record(o, "");
    d.record.body = body;
    batch.push_back(d);
  }
  // An unusual severity number (negative: a ten-byte varint).
  auto odd = record(o, "odd");
  odd.record.severity = static_cast<Severity>(-1);
  batch.push_back(odd);
  expect_same_encoding(batch);
}

TEST(OtlpLogWire, GroupsByLoggerUnderTheirResources) {
  auto r1 = std::make_shared<const Resource>(Attributes{{"service.name", "gateway"}});
  auto r2 = std::make_shared<const Resource>(Attributes{{"service.name", "frontend"}});
  auto a = origin("a", r1), b = origin("b", r2), c = origin("c", r1), d = origin("d", nullptr);
  std::vector<LogData> batch;
  for (int round = 0; round < 3; ++round)
    for (const auto& o : {a, b, c, d, std::shared_ptr<const LoggerOrigin>()})
      batch.push_back(record(o, "round " + std::to_string(round)));
  expect_same_encoding(batch);

  std::string bytes;
  ASSERT_TRUE(serialize_otlp_request(batch, bytes));
  pblogs::ExportLogsServiceRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  ASSERT_EQ(parsed.resource_logs_size(), 3);  // r1 (a, c), r2 (b), none (d and no origin)
  EXPECT_EQ(parsed.resource_logs(0).scope_logs_size(), 2);
  EXPECT_EQ(parsed.resource_logs(0).scope_logs(1).scope().name(), "c");
  EXPECT_EQ(parsed.resource_logs(0).scope_logs(1).log_records_size(), 3);
}

TEST(OtlpLogWire, RandomBatchesMatchLibprotobuf) {
  std::mt19937_64 rng(7122026);
  auto resource = std::make_shared<const Resource>(Attributes{{"service.name", "svc"}});
  const std::shared_ptr<const LoggerOrigin> origins[] = {origin("one", resource),
                                                         origin("two", resource), nullptr};
  for (int n = 0; n < 10; ++n) {
    std::vector<LogData> batch;
    for (int i = 0; i < 200; ++i) {
      auto d = record(origins[rng() % 3], std::string(rng() % 300, 'm'));
      d.record.timestamp_ns = rng() % 4 == 0 ? 0 : rng();
      d.record.observed_timestamp_ns = rng();
      d.record.severity = static_cast<Severity>(rng() % 25);
      d.record.severity_text = rng() % 2 == 0 ? "" : "WARN";
      if (rng() % 2 == 0) {
        for (auto& b : d.record.trace_id.bytes) b = static_cast<std::uint8_t>(rng());
        for (auto& b : d.record.span_id.bytes) b = static_cast<std::uint8_t>(rng());
        d.record.trace_flags = trace::TraceFlags(static_cast<std::uint8_t>(rng() % 2));
      }
      for (int a = static_cast<int>(rng() % 6); a > 0; --a)
        set_attribute(d.record.attributes, "attr." + std::to_string(a),
                      rng() % 2 == 0 ? AttributeValue(static_cast<std::int64_t>(rng()))
                                     : AttributeValue(std::string(rng() % 40, 'v')));
      batch.push_back(std::move(d));
    }
    SCOPED_TRACE("batch " + std::to_string(n));
    expect_same_encoding(batch);
  }
}

}  // namespace
