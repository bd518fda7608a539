// The hand-written span wire encoder (serialize_span_request) against libprotobuf: for
// every shape of span, attribute value and grouping, its bytes must equal what
// encode_spans() + SerializeAsString() give, and parse back to the same message.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <string>

#include "exporters/otlp/proto_wire.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"
#include "otel/exporters/otlp/otlp_span_exporter.h"

using namespace otel;
using namespace otel::exporters::otlp;
namespace pbtrace = opentelemetry::proto::collector::trace::v1;

namespace {

std::string reference_bytes(const trace::SpanBatch& spans) {
  pbtrace::ExportTraceServiceRequest request;
  encode_spans(spans, &request);
  std::string out;
  EXPECT_TRUE(request.SerializeToString(&out));
  return out;
}

std::string wire_bytes(const trace::SpanBatch& spans) {
  std::string out = "left over from the previous export";
  EXPECT_TRUE(serialize_span_request(spans, out));
  return out;
}

void expect_same_encoding(const trace::SpanBatch& spans) {
  const std::string expected = reference_bytes(spans);
  const std::string actual = wire_bytes(spans);
  ASSERT_EQ(actual.size(), expected.size());
  EXPECT_TRUE(actual == expected) << "same size, different bytes";
  pbtrace::ExportTraceServiceRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(actual));
  EXPECT_EQ(parsed.SerializeAsString(), expected);
}

trace::TraceId trace_id(std::uint8_t seed) {
  trace::TraceId id;
  for (std::size_t i = 0; i < id.bytes.size(); ++i)
    id.bytes[i] = static_cast<std::uint8_t>(seed + i);
  return id;
}
trace::SpanId span_id(std::uint8_t seed) {
  trace::SpanId id;
  for (std::size_t i = 0; i < id.bytes.size(); ++i)
    id.bytes[i] = static_cast<std::uint8_t>(seed * 3 + i);
  return id;
}

struct Fixture {
  Resource resource{Attributes{{"service.name", "gateway"}, {"service.version", "0.1.0"}},
                    "https://opentelemetry.io/schemas/1.26.0"};
  Resource other_resource{Attributes{{"service.name", "other"}}};
  Resource empty_resource{Attributes{}};
  InstrumentationScope scope{"otel-httplib", "0.1.0", "", {}};
  InstrumentationScope scope_with_everything{"business", "2.0", "https://example.com/schema",
                                             Attributes{{"team", "space"}, {"n", 3}}};
  InstrumentationScope unnamed_scope{};

  std::shared_ptr<trace::SpanData> span(const Resource* r, const InstrumentationScope* s,
                                        std::uint8_t seed) const {
    auto d = std::make_shared<trace::SpanData>();
    d->context = trace::SpanContext(trace_id(seed), span_id(seed), trace::TraceFlags(1), false);
    d->name = "span-" + std::to_string(seed);
    d->kind = trace::SpanKind::kServer;
    d->start_time_unix_nano = 1'700'000'000'000'000'000ULL + seed;
    d->end_time_unix_nano = d->start_time_unix_nano + 1234567;
    d->resource = r;
    d->scope = s;
    return d;
  }
};

TEST(OtlpWireEncoding, EmptyBatchIsAnEmptyRequest) {
  expect_same_encoding({});
  EXPECT_TRUE(wire_bytes({}).empty());
}

TEST(OtlpWireEncoding, EveryAttributeValueType) {
  Fixture f;
  auto s = f.span(&f.resource, &f.scope, 1);
  const std::string long_text(300, 'x');    // two-byte length varint
  const std::string very_long(20000, 'y');  // three-byte length varint
  s->attributes = {
      {"string", "value"},
      {"empty.string", ""},
      {"utf8", "Zürich — 東京 🚀"},
      {"long", long_text},
      {"very.long", very_long},
      {"bool.true", true},
      {"bool.false", false},
      {"int.zero", 0},
      {"int.small", 42},
      {"int.negative", -1},
      {"int.min", std::numeric_limits<std::int64_t>::min()},
      {"int.max", std::numeric_limits<std::int64_t>::max()},
      {"double", 3.25},
      {"double.zero", 0.0},
      {"double.negative.zero", -0.0},
      {"double.inf", std::numeric_limits<double>::infinity()},
      {"double.nan", std::nan("")},
      {"bytes", Bytes{0x00, 0xff, 0x10}},
      {"bytes.empty", Bytes{}},
      {"empty.value", AttributeValue()},
      {"", "empty key"},
      {"array.strings", std::vector<std::string>{"a", "", "ccc"}},
      {"array.ints", std::vector<std::int64_t>{1, -2, 300}},
      {"array.doubles", std::vector<double>{0.5, -1.5}},
      {"array.bools", std::vector<bool>{true, false}},
      {"array.empty", ArrayValue{}},
      {"array.nested", ArrayValue{AttributeValue(ArrayValue{1, "two"}), AttributeValue()}},
      {"kvlist", KeyValueList{{"a", 1}, {"b", KeyValueList{{"c", "deep"}}}, {"", true}}},
      {"kvlist.empty", KeyValueList{}},
  };
  expect_same_encoding({s});
}

TEST(OtlpWireEncoding, SpanFieldsInEveryState) {
  Fixture f;
  trace::SpanBatch batch;
  // Root span, nothing optional.
  batch.push_back(f.span(&f.resource, &f.scope, 1));
  // Remote parent, trace state, error status with message, events and links.
  auto full = f.span(&f.resource, &f.scope, 2);
  auto state = trace::TraceState::parse("vendor=abc,other=x-y");
  ASSERT_TRUE(state.has_value());
  full->context = trace::SpanContext(trace_id(2), span_id(2), trace::TraceFlags(1), false, *state);
  full->parent_span_id = span_id(9);
  full->parent_is_remote = true;
  full->kind = trace::SpanKind::kClient;
  full->status_code = trace::StatusCode::kError;
  full->status_message = "upstream failed";
  full->dropped_attributes_count = 3;
  full->dropped_events_count = 1;
  full->dropped_links_count = 200;  // a two-byte varint
  full->events.push_back({"exception", 1'700'000'000'000'000'100ULL,
                          Attributes{{"exception.type", "std::runtime_error"}}, 2});
  full->events.push_back({"", 0, {}, 0});  // no name, no time: defaults left out
  full->links.push_back(
      {trace::SpanContext(trace_id(7), span_id(7), trace::TraceFlags(0), true, *state),
       Attributes{{"link.kind", "follows"}}, 1});
  full->links.push_back(
      {trace::SpanContext(trace_id(8), span_id(8), trace::TraceFlags(1), false), {}, 0});
  batch.push_back(full);
  // Status set without a message, OK code, unsampled flags, internal kind.
  auto ok = f.span(&f.resource, &f.scope, 3);
  ok->status_code = trace::StatusCode::kOk;
  ok->kind = trace::SpanKind::kInternal;
  ok->context = trace::SpanContext(trace_id(3), span_id(3), trace::TraceFlags(0), false);
  batch.push_back(ok);
  // Zero times, empty name, local parent, every other kind.
  for (auto kind : {trace::SpanKind::kProducer, trace::SpanKind::kConsumer}) {
    auto odd = f.span(&f.resource, &f.scope, 4);
    odd->name.clear();
    odd->start_time_unix_nano = 0;
    odd->end_time_unix_nano = 0;
    odd->parent_span_id = span_id(1);
    odd->kind = kind;
    batch.push_back(odd);
  }
  expect_same_encoding(batch);
}

TEST(OtlpWireEncoding, GroupsByResourceThenScopeInOrderOfFirstAppearance) {
  Fixture f;
  trace::SpanBatch batch;
  const Resource* resources[] = {&f.resource, &f.other_resource, &f.empty_resource, nullptr};
  const InstrumentationScope* scopes[] = {&f.scope, &f.scope_with_everything, &f.unnamed_scope,
                                          nullptr};
  std::uint8_t seed = 0;
  // Interleaved, so that grouping has to reorder spans.
  for (int round = 0; round < 3; ++round)
    for (const auto* r : resources)
      for (const auto* s : scopes) batch.push_back(f.span(r, s, seed++));
  batch.insert(batch.begin() + 5, nullptr);  // skipped, as encode_spans skips it
  expect_same_encoding(batch);

  pbtrace::ExportTraceServiceRequest parsed;
  ASSERT_TRUE(parsed.ParseFromString(wire_bytes(batch)));
  ASSERT_EQ(parsed.resource_spans_size(), 4);
  EXPECT_EQ(parsed.resource_spans(0).resource().attributes(0).value().string_value(), "gateway");
  EXPECT_FALSE(parsed.resource_spans(3).has_resource());
  EXPECT_EQ(parsed.resource_spans(0).scope_spans_size(), 4);
  EXPECT_EQ(parsed.resource_spans(0).scope_spans(0).spans_size(), 3);
}

// Random spans (seeded, so a failure reproduces): attribute sets of every type and size.
AttributeValue random_value(std::mt19937_64& rng, int depth) {
  std::uniform_int_distribution<int> type(0, depth > 1 ? 5 : 7);
  std::uniform_int_distribution<int> length(0, 200);
  switch (type(rng)) {
    case 0:
      return AttributeValue(std::string(static_cast<std::size_t>(length(rng)), 'a'));
    case 1:
      return AttributeValue(rng() % 2 == 0);
    case 2:
      return AttributeValue(static_cast<std::int64_t>(rng()));
    case 3:
      return AttributeValue(std::bit_cast<double>(rng()));
    case 4:
      return AttributeValue(Bytes(static_cast<std::size_t>(length(rng)) % 20, 0x7f));
    case 5:
      return AttributeValue();
    case 6: {
      ArrayValue items;
      for (int i = length(rng) % 4; i > 0; --i) items.push_back(random_value(rng, depth + 1));
      return AttributeValue(std::move(items));
    }
    default: {
      KeyValueList entries;
      for (int i = length(rng) % 4; i > 0; --i)
        entries.push_back({"k" + std::to_string(i), random_value(rng, depth + 1)});
      return AttributeValue(std::move(entries));
    }
  }
}

TEST(OtlpWireEncoding, RandomBatchesMatchLibprotobuf) {
  Fixture f;
  std::mt19937_64 rng(20261207);
  const Resource* resources[] = {&f.resource, &f.other_resource};
  const InstrumentationScope* scopes[] = {&f.scope, &f.scope_with_everything, &f.unnamed_scope};
  for (int batch_number = 0; batch_number < 20; ++batch_number) {
    trace::SpanBatch batch;
    for (int i = 0; i < 100; ++i) {
      auto s = f.span(resources[rng() % 2], scopes[rng() % 3], static_cast<std::uint8_t>(i));
      s->kind = static_cast<trace::SpanKind>(1 + rng() % 5);
      s->start_time_unix_nano = rng();
      s->end_time_unix_nano = rng() % 3 == 0 ? 0 : rng();
      if (rng() % 2 == 0) s->parent_span_id = span_id(static_cast<std::uint8_t>(rng()));
      s->parent_is_remote = rng() % 2 == 0;
      s->status_code = static_cast<trace::StatusCode>(rng() % 3);
      if (rng() % 2 == 0) s->status_message = "message " + std::to_string(rng() % 1000);
      for (int a = static_cast<int>(rng() % 20); a > 0; --a)
        set_attribute(s->attributes, "attr." + std::to_string(rng() % 30), random_value(rng, 0));
      for (int e = static_cast<int>(rng() % 3); e > 0; --e)
        s->events.push_back({"event", rng(), Attributes{{"n", random_value(rng, 1)}},
                             static_cast<std::uint32_t>(rng() % 3)});
      s->dropped_attributes_count = static_cast<std::uint32_t>(rng() % 300);
      batch.push_back(std::move(s));
    }
    SCOPED_TRACE("batch " + std::to_string(batch_number));
    expect_same_encoding(batch);
  }
}

// Should a size function ever undercount, the writer must stop at the end of its buffer
// rather than write past it, and say the bytes are incomplete.
TEST(OtlpWireWriter, StopsAtTheEndOfItsBufferAndSaysSo) {
  std::string buffer(16, '\0');
  buffer += "GUARD";
  char* begin = buffer.data();
  wire::Writer w(begin, begin + 16);
  w.len_field(1, "0123456789");  // 12 bytes: fits
  EXPECT_FALSE(w.complete(begin + 16));
  w.len_field(2, "abcdefgh");  // 10 more: does not fit, nothing of it is written
  w.fixed64_field(3, 42);      // nor anything after
  EXPECT_FALSE(w.complete(begin + 16));
  EXPECT_EQ(buffer.substr(16), "GUARD");
  EXPECT_EQ(buffer.substr(0, 12), std::string("\x0a\x0a") + "0123456789");

  wire::Writer exact(begin, begin + 12);
  exact.len_field(1, "0123456789");
  EXPECT_TRUE(exact.complete(begin + 12));
  exact.varint(1);  // one byte too many, even right at the end, is caught
  EXPECT_FALSE(exact.complete(begin + 12));
}

TEST(OtlpWireWriter, VarintsAndFixedFieldsMatchTheWireFormat) {
  std::string buffer(32, '\0');
  wire::Writer w(buffer.data(), buffer.data() + buffer.size());
  w.varint(300);                     // ac 02
  w.fixed32_field(16, 0x101);        // tag 0x85 0x01, then 01 01 00 00
  w.varint(std::uint64_t{1} << 63);  // ten bytes
  w.fixed64(0x0102030405060708ULL);  // little-endian
  const std::string expected = std::string("\xac\x02\x85\x01\x01\x01\x00\x00", 8) +
                               std::string("\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 10) +
                               std::string("\x08\x07\x06\x05\x04\x03\x02\x01", 8);
  EXPECT_EQ(buffer.substr(0, expected.size()), expected);
  EXPECT_EQ(wire::varint_size(300), 2u);
  EXPECT_EQ(wire::varint_size(std::uint64_t{1} << 63), 10u);
  EXPECT_EQ(wire::varint_size(0), 1u);
}

}  // namespace
