// The direct trace decoder against protobuf + ConvertTraces: whenever it accepts a
// body, protobuf must accept it too and give the same spans, rejections and
// message; what it declines goes to protobuf, so Ingest answers as before.
#include "trace_decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ingest.h"
#include "otlp_fixtures.h"
#include "span_compare.h"
#include "store.h"

namespace viewer {
namespace {
namespace trace = opentelemetry::proto::trace::v1;
using viewer_fixtures::TraceRequest;

// Checks the two paths agree on `body`; true when the direct decoder took it.
bool ExpectSameAsProtobuf(const std::string& body, const std::string& what = "") {
  const auto direct = DecodeTraces(body);
  TraceRequest request;
  const bool parsed = request.ParseFromArray(body.data(), static_cast<int>(body.size()));
  if (!direct) return false;
  EXPECT_TRUE(parsed) << "accepted what protobuf rejects: " << what;
  if (!parsed) return true;
  const auto reference = ConvertTraces(request);
  EXPECT_EQ(direct->rejected, reference.rejected) << what;
  EXPECT_EQ(direct->error, reference.error) << what;
  EXPECT_EQ(direct->items.size(), reference.items.size()) << what;
  for (size_t i = 0; i < std::min(direct->items.size(), reference.items.size()); ++i)
    EXPECT_EQ(viewer_testing::SpanDifference(*direct->items[i], *reference.items[i]), "")
        << what << " span " << i;
  return true;
}

// Wire-format pieces for hand-made bodies.
std::string Varint(uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  return out + static_cast<char>(v);
}
std::string Tag(uint32_t field, int type) {
  return Varint(uint64_t{field} << 3 | static_cast<uint64_t>(type));
}
std::string Len(uint32_t field, const std::string& data) {
  return Tag(field, 2) + Varint(data.size()) + data;
}
std::string VarintField(uint32_t field, uint64_t v) {
  return Tag(field, 0) + Varint(v);
}
std::string Fixed64(uint32_t field, uint64_t v) {
  return Tag(field, 1) + std::string(reinterpret_cast<const char*>(&v), 8);
}
std::string StringAttr(const std::string& key, const std::string& value) {
  return Len(1, key) + Len(2, Len(1, value));
}
const std::string kTraceId(16, '\x11'), kSpanId(8, '\x22');
std::string MinimalSpan(const std::string& extra = "") {
  return Len(1, kTraceId) + Len(2, kSpanId) + Len(5, "op") + extra;
}
std::string Body(const std::string& resource, const std::string& scope_spans) {
  return Len(1, resource + scope_spans);
}

TEST(TraceDecoder, AgreesOnTheFixtures) {
  std::mt19937_64 rng(7);
  for (bool failing : {false, true}) {
    auto workshop =
        viewer_fixtures::MakeWorkshopTrace(rng, 1'700'000'000'000'000'000ull, "Paris", failing);
    EXPECT_TRUE(ExpectSameAsProtobuf(workshop.traces.SerializeAsString(), "workshop"));
  }
  EXPECT_TRUE(ExpectSameAsProtobuf(
      viewer_fixtures::MakeHttpSpanBatch(rng, 100, "gateway", 1).SerializeAsString(), "http"));
  EXPECT_TRUE(ExpectSameAsProtobuf(
      viewer_fixtures::MakeSpanBatch(rng, 100, "gateway", 1).SerializeAsString(), "batch"));
  EXPECT_TRUE(ExpectSameAsProtobuf("", "empty body"));
}

TEST(TraceDecoder, AgreesOnEveryScalarValueEventsLinksAndRejections) {
  TraceRequest request;
  auto* rs = request.add_resource_spans();
  rs->set_schema_url("https://opentelemetry.io/schemas/1.24.0");
  auto* ss = rs->add_scope_spans();
  ss->mutable_scope()->set_name("lib");
  ss->mutable_scope()->set_version("1.0");
  auto* scope_attr = ss->mutable_scope()->add_attributes();
  scope_attr->set_key("scope.attr");
  scope_attr->mutable_value()->set_int_value(1);
  auto* span = ss->add_spans();
  span->set_trace_id(kTraceId);
  span->set_span_id(kSpanId);
  span->set_parent_span_id(std::string(8, '\x33'));
  span->set_trace_state("k=v");
  span->set_name("n\xc3\xa9 \xf0\x9f\x9a\x80");            // UTF-8 beyond ASCII
  span->set_kind(static_cast<trace::Span::SpanKind>(-5));  // open enum, negative
  span->set_start_time_unix_nano(200);
  span->set_end_time_unix_nano(100);  // before start: end becomes start
  span->set_flags(0x301);
  span->set_dropped_attributes_count(3);
  auto attr = [&](const std::string& key) {
    auto* kv = span->add_attributes();
    kv->set_key(key);
    return kv->mutable_value();
  };
  attr("s")->set_string_value("text");
  attr("b")->set_bool_value(true);
  attr("f")->set_bool_value(false);
  attr("i")->set_int_value(-9'000'000'000);
  attr("d")->set_double_value(0.1 + 0.2);
  attr("nan")->set_double_value(std::nan(""));
  attr("inf")->set_double_value(-INFINITY);
  attr("bytes")->set_bytes_value(std::string("\x00\xff\x10", 3));
  attr("empty");
  span->add_attributes();  // no key, no value
  auto* event = span->add_events();
  event->set_time_unix_nano(150);
  event->set_name("ev");
  event->add_attributes()->set_key("ek");
  auto* good_link = span->add_links();
  good_link->set_trace_id(std::string(16, '\x44'));
  good_link->set_span_id(std::string(8, '\x55'));
  good_link->set_flags(1);
  good_link->add_attributes()->set_key("lk");
  span->add_links()->set_trace_id("short");  // dropped, span kept
  span->mutable_status()->set_code(trace::Status::STATUS_CODE_ERROR);
  span->mutable_status()->set_message("boom");
  // Rejected spans: bad trace id, zero span id, parent of the wrong size.
  auto* bad = ss->add_spans();
  bad->set_trace_id("123");
  bad->set_span_id(kSpanId);
  auto* zero = ss->add_spans();
  zero->set_trace_id(kTraceId);
  zero->set_span_id(std::string(8, '\0'));
  auto* parent = ss->add_spans();
  parent->set_trace_id(kTraceId);
  parent->set_span_id(kSpanId);
  parent->set_parent_span_id("xx");
  request.add_resource_spans();  // no resource, no scopes
  const std::string body = request.SerializeAsString();
  ASSERT_TRUE(ExpectSameAsProtobuf(body, "all scalar kinds"));
  const auto direct = DecodeTraces(body);
  EXPECT_EQ(direct->rejected, 3);
  EXPECT_EQ(direct->items.size(), 1u);
  EXPECT_EQ(direct->items[0]->links.size(), 1u);
  EXPECT_EQ(direct->items[0]->service(), "unknown_service");
}

TEST(TraceDecoder, AgreesOnMergedAndReorderedFields) {
  const std::string resource = Len(1, Len(1, StringAttr("service.name", "a")));
  const std::string more_resource = Len(1, Len(1, StringAttr("host.name", "h")));
  const std::string scope_spans = Len(2, Len(1, Len(1, "scope")) + Len(2, MinimalSpan()));
  // One span in one scope under `resource`.
  auto one_span = [&](const std::string& span) { return Body(resource, Len(2, Len(2, span))); };
  const std::string status =
      Len(15, Len(2, "m") + VarintField(3, 2)) + Len(15, VarintField(3, 1)) + Len(15, "");
  const std::string two_values =
      Len(9, Len(1, "k") + Len(2, Len(1, "s") + VarintField(3, 7))) +
      Len(9, Len(1, "k2") + Len(2, VarintField(2, 1)) + Len(2, Len(1, "later")) + Len(2, ""));
  const std::string interleaved =
      Len(9, StringAttr("x", "1")) + Len(11, Len(2, "e") + Len(3, StringAttr("ex", "2"))) +
      Len(9, StringAttr("y", "3")) + Len(13, Len(1, kTraceId) + Len(2, kSpanId)) +
      Len(9, StringAttr("z", "4"));
  const std::string unknown_in_span =
      VarintField(96, 1) + Tag(95, 5) + "abcd" + Len(9, Len(1, "k") + Len(9, "u"));
  const std::string unknown_everywhere =
      Len(1, VarintField(99, 5) + resource + Fixed64(98, 1) +
                 Len(2, Len(97, "?") + Len(2, MinimalSpan(unknown_in_span)))) +
      Len(7, "top-level unknown");
  const std::string resource_spans = resource + scope_spans;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"resource after the spans", Body(scope_spans, resource)},
      {"resource twice (merged)", Body(resource + scope_spans, more_resource)},
      {"scope after the spans, twice",
       Len(1, Len(2, Len(2, MinimalSpan()) + Len(1, Len(1, "a")) + Len(1, Len(2, "v"))))},
      {"status twice (merged)", one_span(MinimalSpan(status))},
      {"a value with two oneof fields, and a value field twice", one_span(MinimalSpan(two_values))},
      {"trace id, name and key given twice (last wins)",
       one_span(Len(1, std::string(16, '\x01')) + MinimalSpan(Len(5, "two")) +
                Len(9, Len(1, "a") + Len(1, "b")))},
      {"attributes interleaved with events and links", one_span(MinimalSpan(interleaved))},
      {"unknown fields of every wire type at every level", unknown_everywhere},
      {"non-minimal tag and length encodings",
       std::string("\x8a\x00", 2) + Varint(resource_spans.size()) + resource_spans},
  };
  for (const auto& [what, body] : cases) EXPECT_TRUE(ExpectSameAsProtobuf(body, what)) << what;
}

TEST(TraceDecoder, DeclinesWhatItDoesNotHandleAndIngestAnswersAsProtobufDoes) {
  const std::string resource = Len(1, Len(1, StringAttr("service.name", "a")));
  auto with_span = [&](const std::string& span) { return Body(resource, Len(2, Len(2, span))); };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"an array value",
       with_span(MinimalSpan(Len(9, Len(1, "arr") + Len(2, Len(5, Len(1, Len(1, "x")))))))},
      {"a map value", with_span(MinimalSpan(
                          Len(9, Len(1, "map") + Len(2, Len(6, Len(1, StringAttr("k", "v")))))))},
      {"a name sent as a varint", with_span(MinimalSpan(VarintField(5, 1)))},
      {"a group", with_span(MinimalSpan(Tag(50, 3) + Tag(50, 4)))},
      {"field number 0", with_span(MinimalSpan(VarintField(0, 1)))},
      {"truncated", with_span(MinimalSpan()).substr(0, 20)},
      {"length past the end", Tag(1, 2) + Varint(1000) + "x"},
      {"an 11-byte varint", with_span(MinimalSpan(Tag(6, 0) + std::string(10, '\xff') + "\x01"))},
      {"entity refs in the resource", Body(Len(1, Len(3, "")), "")},
      {"tag zero", std::string("\x00", 1)},
  };
  for (const auto& [what, body] : cases) {
    EXPECT_FALSE(DecodeTraces(body)) << what;
    // Through Ingest: the protobuf path decides, as it did before.
    Store store;
    Ingest ingest(store, nullptr);
    std::string error;
    const auto result = ingest.Traces(body, BodyEncoding::kProtobuf, &error);
    TraceRequest request;
    const bool parsed = request.ParseFromArray(body.data(), static_cast<int>(body.size()));
    EXPECT_EQ(result.has_value(), parsed) << what;
    if (parsed) {
      EXPECT_EQ(store.Stats().spans, ConvertTraces(request).items.size()) << what;
    } else {
      EXPECT_EQ(error, "malformed OTLP/protobuf body") << what;
      EXPECT_EQ(store.Stats().spans, 0u) << what;
    }
  }
}

// Issue #19: protobuf rejects a whole body for one invalid string; Ingest drops
// only the items that hold one (partial success) and stores the rest.
TEST(TraceDecoder, InvalidUtf8RejectsOnlyTheItemsThatHoldIt) {
  const std::string resource = Len(1, Len(1, StringAttr("service.name", "a")));
  auto good_span = [](char id) {
    return Len(2, Len(1, kTraceId) + Len(2, std::string(8, id)) + Len(5, "op"));
  };
  const std::string good = good_span('\x31') + good_span('\x32');
  const std::vector<std::pair<std::string, std::string>> bad_spans = {
      {"invalid UTF-8 in a name", MinimalSpan(Len(5, "\xc3\x28"))},
      {"a surrogate in a key", MinimalSpan(Len(9, StringAttr("\xed\xa0\x80", "v")))},
      {"an overlong form in a value", MinimalSpan(Len(9, StringAttr("k", "\xc0\xaf")))},
      {"in an event's attribute",
       MinimalSpan(Len(11, Len(2, "e") + Len(3, StringAttr("ex", "\xf4\x90\x80\x80"))))},
  };
  for (const auto& [what, span] : bad_spans) {
    const std::string body = Body(resource, Len(2, good_span('\x30') + Len(2, span) + good));
    EXPECT_FALSE(DecodeTraces(body)) << what;
    TraceRequest request;
    EXPECT_FALSE(request.ParseFromArray(body.data(), static_cast<int>(body.size()))) << what;
    Store store;
    Ingest ingest(store, nullptr);
    std::string error;
    const auto result = ingest.Traces(body, BodyEncoding::kProtobuf, &error);
    ASSERT_TRUE(result.has_value()) << what << ": " << error;
    EXPECT_EQ(result->rejected, 1) << what;
    EXPECT_NE(result->message.find("invalid UTF-8"), std::string::npos) << what;
    EXPECT_EQ(store.Stats().spans, 3u) << what;
  }
  {  // an invalid resource attribute: its block (two spans) goes, the other stays
    const std::string bad_resource = Len(1, Len(1, StringAttr("service.name", "\xc0\xaf")));
    const std::string body =
        Body(bad_resource, Len(2, good)) + Body(resource, Len(2, good_span('\x33')));
    Store store;
    Ingest ingest(store, nullptr);
    std::string error;
    const auto result = ingest.Traces(body, BodyEncoding::kProtobuf, &error);
    ASSERT_TRUE(result.has_value()) << error;
    EXPECT_EQ(result->rejected, 2);
    EXPECT_EQ(store.Stats().spans, 1u);
  }
}

// Random damage to valid bodies: the direct decoder may decline anything, but
// what it accepts must be what protobuf makes of it.
TEST(TraceDecoder, AgreesOnDamagedBodies) {
  std::mt19937_64 rng(20261126);
  std::vector<std::string> seeds;
  for (bool failing : {false, true})
    seeds.push_back(
        viewer_fixtures::MakeWorkshopTrace(rng, 1, "Paris", failing).traces.SerializeAsString());
  seeds.push_back(viewer_fixtures::MakeHttpSpanBatch(rng, 4, "gateway", 1).SerializeAsString());
  int accepted = 0, declined = 0;
  for (int i = 0; i < 30'000; ++i) {
    std::string body = seeds[static_cast<size_t>(i) % seeds.size()];
    for (int m = 0; m < 1 + static_cast<int>(rng() % 3); ++m) {
      const size_t at = rng() % body.size();
      switch (rng() % 5) {
        case 0:
          body[at] = static_cast<char>(body[at] ^ (1 << (rng() % 8)));
          break;
        case 1:
          body.resize(at);
          break;
        case 2:
          body.insert(at, body.substr(rng() % body.size(), rng() % 16));
          break;
        case 3:
          body[at] = "\x00\x08\x0a\x12\x1a\x22\x2a\x39\x41\x7f\x80\xc3\xed\xff"[rng() % 14];
          break;
        default:
          body.erase(at, rng() % 8);
      }
      if (body.empty()) break;
    }
    if (ExpectSameAsProtobuf(body, "damaged body " + std::to_string(i)))
      ++accepted;
    else
      ++declined;
    if (HasFailure()) return;
  }
  // Both outcomes happened often.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(declined, 1000);
}

}  // namespace
}  // namespace viewer
