#include <gtest/gtest.h>

#include <map>
#include <string>

#include "otel/propagation/text_map.h"
#include "otel/trace/span.h"

using otel::propagation::BaggagePropagator;
using otel::propagation::TraceContextPropagator;
using Headers = std::map<std::string, std::string>;

namespace {
constexpr const char* kValid = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
}

TEST(TraceParent, ParsesTheSpecExample) {
  auto sc = TraceContextPropagator::parse(kValid);
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->trace_id().to_hex(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_EQ(sc->span_id().to_hex(), "b7ad6b7169203331");
  EXPECT_TRUE(sc->is_sampled());
  EXPECT_TRUE(sc->is_remote());
  EXPECT_EQ(TraceContextPropagator::format_traceparent(*sc), kValid);
}

TEST(TraceParent, RejectsMalformedInput) {
  const char* bad[] = {
      "",
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0",    // short flags
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-",  // v00 with extra
      "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",   // upper case
      "00-00000000000000000000000000000000-b7ad6b7169203331-01",   // zero trace id
      "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",   // zero span id
      "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",   // forbidden version
      "00_0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",   // wrong separator
      "00-0af7651916cd43dd8448eb211c80319g-b7ad6b7169203331-01",   // not hex
      "0-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",    // short version
      "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01x",  // future, no dash
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-xx",   // flags not hex
      "00-0af7651916cd43dd8448eb211c80319c-B7AD6B7169203331-01",   // upper-case span id
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b71692033 1-01",   // space in span id
      "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-0A",   // upper-case flags
  };
  for (const char* input : bad) EXPECT_FALSE(TraceContextPropagator::parse(input)) << input;
  std::string high_byte = kValid;
  high_byte[10] = '\xff';  // negative as a char: must not index a digit table
  EXPECT_FALSE(TraceContextPropagator::parse(high_byte));
}

// Every hex digit decodes to its value and is written back; the characters next to the
// digit ranges in ASCII ('/', ':', '`', 'g' and their upper-case neighbours) are rejected
// wherever they stand in an id.
TEST(TraceParent, DecodesEveryDigitAndRejectsItsNeighbours) {
  const char* every_digit = "00-0123456789abcdeffedcba9876543210-a5b4c3d2e1f00f1e-00";
  auto sc = TraceContextPropagator::parse(every_digit);
  ASSERT_TRUE(sc);
  EXPECT_EQ(sc->trace_id().to_hex(), "0123456789abcdeffedcba9876543210");
  EXPECT_EQ(sc->span_id().to_hex(), "a5b4c3d2e1f00f1e");
  EXPECT_FALSE(sc->is_sampled());
  EXPECT_EQ(TraceContextPropagator::format_traceparent(*sc), every_digit);
  const std::string valid = kValid;
  for (char neighbour : {'/', ':', '`', 'g', '@', 'G', '\x7f'}) {
    for (std::size_t position : {3u, 10u, 34u, 36u, 44u, 51u, 53u, 54u}) {
      std::string bad = valid;
      bad[position] = neighbour;
      EXPECT_FALSE(TraceContextPropagator::parse(bad)) << bad;
    }
  }
}

TEST(TraceParent, AcceptsFutureVersionsWithExtraFields) {
  auto sc = TraceContextPropagator::parse(
      "cc-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-what-the-future-holds");
  ASSERT_TRUE(sc);
  EXPECT_TRUE(sc->is_sampled());
}

TEST(TraceState, ParsesValidAndRejectsInvalid) {
  auto ts =
      otel::trace::TraceState::parse("rojo=00f067aa0ba902b7, congo=t61rcWkgMzE,,tenant@vendor=x");
  ASSERT_TRUE(ts);
  EXPECT_EQ(ts->size(), 3u);
  EXPECT_EQ(*ts->get("congo"), "t61rcWkgMzE");
  EXPECT_EQ(ts->to_header(), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE,tenant@vendor=x");
  EXPECT_FALSE(otel::trace::TraceState::parse("Upper=1"));
  EXPECT_FALSE(otel::trace::TraceState::parse("a=1,a=2"));
  EXPECT_FALSE(otel::trace::TraceState::parse("novalue"));
  EXPECT_FALSE(otel::trace::TraceState::parse("k=a,b"));  // "b" is not a member
  EXPECT_FALSE(otel::trace::TraceState::parse("k="));
  EXPECT_FALSE(otel::trace::TraceState::parse("k=ctl\x01"));
  std::string many;
  for (int i = 0; i < 33; ++i) many += "k" + std::to_string(i) + "=v,";
  EXPECT_FALSE(otel::trace::TraceState::parse(many));
}

TEST(TraceState, SetMovesKeyToFront) {
  auto ts = *otel::trace::TraceState::parse("a=1,b=2");
  auto updated = ts.set("b", "3");
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->to_header(), "b=3,a=1");
  EXPECT_FALSE(ts.set("B", "x"));
  EXPECT_EQ(ts.remove("a").to_header(), "b=2");
}

TEST(TraceContextPropagator, InjectExtractRoundTrip) {
  TraceContextPropagator propagator;
  Headers in{{"TraceParent", kValid}, {"tracestate", "vendor=opaque"}};
  otel::propagation::HeaderCarrier carrier(in);
  const auto ctx = propagator.extract(carrier, otel::Context());
  ASSERT_TRUE(ctx.span_context().is_valid());
  EXPECT_EQ(*ctx.span_context().trace_state().get("vendor"), "opaque");
  Headers out;
  otel::propagation::HeaderCarrier out_carrier(out);
  propagator.inject(ctx, out_carrier);
  EXPECT_EQ(out["traceparent"], kValid);
  EXPECT_EQ(out["tracestate"], "vendor=opaque");
}

TEST(TraceContextPropagator, MalformedHeaderLeavesContextUnchanged) {
  TraceContextPropagator propagator;
  Headers in{{"traceparent", "garbage"}};
  otel::propagation::HeaderCarrier carrier(in);
  auto base = otel::Context().with_baggage(otel::Baggage().set("k", "v"));
  auto ctx = propagator.extract(carrier, base);
  EXPECT_FALSE(ctx.span_context().is_valid());
  EXPECT_EQ(*ctx.baggage().get("k"), "v");
  Headers invalid_state{{"traceparent", kValid}, {"tracestate", "BAD KEY=1"}};
  otel::propagation::HeaderCarrier carrier2(invalid_state);
  auto ctx2 = propagator.extract(carrier2, otel::Context());
  EXPECT_TRUE(ctx2.span_context().is_valid());
  EXPECT_TRUE(ctx2.span_context().trace_state().empty());
}

TEST(Baggage, ParsesDecodesAndSkipsBadMembers) {
  auto b = BaggagePropagator::parse(
      "userId=alice, serverNode = DF%2028 ;prop=1, bad key=x, novalue, isProduction=false");
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(*b.get("userId"), "alice");
  EXPECT_EQ(*b.get("serverNode"), "DF 28");
  EXPECT_EQ(b.entries()[1].metadata, "prop=1");
  EXPECT_EQ(*b.get("isProduction"), "false");
  EXPECT_TRUE(BaggagePropagator::parse(std::string(9000, 'a')).empty());
  EXPECT_TRUE(BaggagePropagator::parse("k=%zz").empty());
}

TEST(Baggage, FormatEncodesAndRoundTrips) {
  auto b = otel::Baggage().set("user", "a b,c;d").set("x", "1", "p");
  const auto header = BaggagePropagator::format(b);
  EXPECT_EQ(header, "user=a%20b%2Cc%3Bd,x=1;p");
  EXPECT_EQ(BaggagePropagator::parse(header), b);
}

TEST(CompositePropagator, FromNamesAndEnvDefault) {
  auto p = otel::propagation::propagator_from_names({"tracecontext", "baggage", "bogus"});
  EXPECT_EQ(p->fields(), (std::vector<std::string>{"traceparent", "tracestate", "baggage"}));
  Headers in{{"traceparent", kValid}, {"baggage", "k=v"}};
  otel::propagation::HeaderCarrier carrier(in);
  auto ctx = p->extract(carrier, otel::Context());
  EXPECT_TRUE(ctx.span_context().is_valid());
  EXPECT_EQ(*ctx.baggage().get("k"), "v");
  Headers out;
  otel::propagation::HeaderCarrier out_carrier(out);
  p->inject(ctx, out_carrier);
  EXPECT_EQ(out.size(), 2u);
  EXPECT_TRUE(otel::propagation::propagator_from_names({"none"})->fields().empty());
}

// Only what the context carries is injected: no empty tracestate or baggage header.
TEST(CompositePropagator, InjectsNoEmptyFields) {
  auto p = otel::propagation::propagator_from_names({"tracecontext", "baggage"});
  auto sc = *TraceContextPropagator::parse(kValid);
  const auto bare = otel::Context().with_span(std::make_shared<otel::trace::Span>(sc));
  Headers out;
  otel::propagation::HeaderCarrier carrier(out);
  p->inject(bare, carrier);
  EXPECT_EQ(out, (Headers{{"traceparent", kValid}}));

  auto with_state = otel::trace::SpanContext(sc.trace_id(), sc.span_id(), sc.trace_flags(), false,
                                             *otel::trace::TraceState::parse("v=1"));
  const auto full = otel::Context()
                        .with_span(std::make_shared<otel::trace::Span>(with_state))
                        .with_baggage(otel::Baggage().set("k", "v"));
  out.clear();
  p->inject(full, carrier);
  EXPECT_EQ(out, (Headers{{"baggage", "k=v"}, {"traceparent", kValid}, {"tracestate", "v=1"}}));
}

TEST(HeaderCarrier, CaseInsensitiveAndReplacing) {
  std::multimap<std::string, std::string> headers{{"TRACEPARENT", "old"}, {"traceparent", "older"}};
  otel::propagation::HeaderCarrier carrier(headers);
  EXPECT_TRUE(carrier.get("traceparent"));
  carrier.set("traceparent", "new");
  EXPECT_EQ(headers.size(), 1u);
  EXPECT_EQ(*carrier.get("TraceParent"), "new");
}

TEST(HeaderCarrier, HeaderNamesCompareCaseInsensitivelyForLettersOnly) {
  using otel::propagation::header_names_equal;
  EXPECT_TRUE(header_names_equal("TraceParent", "traceparent"));
  EXPECT_TRUE(header_names_equal("X-B3-TRACEID", "x-b3-traceid"));
  EXPECT_FALSE(header_names_equal("traceparent", "tracestate"));
  EXPECT_FALSE(header_names_equal("trace", "traceparent"));
  // Only letters fold: '@' (0x40) and '`' (0x60) differ by the case bit, yet are not a
  // case pair; nor are '[' and '{'.
  EXPECT_FALSE(header_names_equal("a@b", "a`b"));
  EXPECT_FALSE(header_names_equal("x[", "x{"));
}
