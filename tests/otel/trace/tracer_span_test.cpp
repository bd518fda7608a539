#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "otel/trace/tracer_provider.h"

using namespace otel::trace;

namespace {

struct TestProvider {
  InMemorySpanExporter* exporter = nullptr;
  std::shared_ptr<TracerProvider> provider;
  std::shared_ptr<Tracer> tracer;

  explicit TestProvider(SpanLimits limits = {}, std::shared_ptr<const Sampler> sampler = nullptr) {
    auto exp = std::make_unique<InMemorySpanExporter>();
    exporter = exp.get();
    TracerProviderOptions options;
    options.resource = otel::Resource(otel::Attributes{{"service.name", "test"}});
    options.limits = limits;
    options.sampler = std::move(sampler);
    options.processors.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exp)));
    provider = TracerProvider::create(std::move(options));
    tracer = provider->get_tracer("test-scope", "1.0");
  }
};

}  // namespace

TEST(Span, RecordsEverythingAndEndsOnce) {
  TestProvider t;
  auto span = t.tracer->start_span("op", SpanKind::kClient);
  ASSERT_TRUE(span->is_recording());
  span->set_attribute("s", "v").set_attribute("i", 7).set_attribute("d", 0.5).set_attribute("b",
                                                                                            true);
  span->set_attribute("arr", std::vector<std::string>{"x", "y"});
  span->add_event("evt", {{"k", 1}});
  span->add_link(SpanContext(TraceId{{1}}, SpanId{{2}}, TraceFlags(1), true), {{"l", "x"}});
  span->update_name("op2");
  span->set_status(StatusCode::kError, "boom");
  span->end();
  span->end();
  span->set_attribute("after", 1);
  EXPECT_FALSE(span->is_recording());
  auto spans = t.exporter->spans();
  ASSERT_EQ(spans.size(), 1u);
  const auto& d = *spans[0];
  EXPECT_EQ(d.name, "op2");
  EXPECT_EQ(d.kind, SpanKind::kClient);
  EXPECT_EQ(d.attributes.size(), 5u);
  EXPECT_EQ(otel::find_attribute(d.attributes, "after"), nullptr);
  ASSERT_EQ(d.events.size(), 1u);
  EXPECT_EQ(d.events[0].name, "evt");
  ASSERT_EQ(d.links.size(), 1u);
  EXPECT_EQ(d.status_code, StatusCode::kError);
  EXPECT_EQ(d.status_message, "boom");
  EXPECT_GE(d.end_time_unix_nano, d.start_time_unix_nano);
  EXPECT_EQ(d.scope->name, "test-scope");
  EXPECT_EQ(d.resource->get("service.name")->to_string(), "test");
}

TEST(Span, StatusOkIsFinalAndDescriptionOnlyForError) {
  TestProvider t;
  auto span = t.tracer->start_span("s");
  span->set_status(StatusCode::kOk, "ignored");
  span->set_status(StatusCode::kError, "late");
  span->end();
  EXPECT_EQ(t.exporter->spans()[0]->status_code, StatusCode::kOk);
  EXPECT_EQ(t.exporter->spans()[0]->status_message, "");
}

TEST(Span, RecordExceptionAddsEvent) {
  TestProvider t;
  auto span = t.tracer->start_span("s");
  span->record_exception(std::runtime_error("bad thing"), {{"extra", 1}});
  span->end();
  const auto& e = t.exporter->spans()[0]->events.at(0);
  EXPECT_EQ(e.name, "exception");
  EXPECT_EQ(otel::find_attribute(e.attributes, "exception.message")->to_string(), "bad thing");
  EXPECT_NE(otel::find_attribute(e.attributes, "exception.type"), nullptr);
  EXPECT_NE(otel::find_attribute(e.attributes, "extra"), nullptr);
}

TEST(Span, LimitsDropAndCount) {
  SpanLimits limits;
  limits.attribute_count_limit = 2;
  limits.event_count_limit = 1;
  limits.link_count_limit = 1;
  limits.attribute_value_length_limit = 3;
  TestProvider t(limits);
  auto span = t.tracer->start_span("s");
  span->set_attribute("a", "abcdef")
      .set_attribute("b", 1)
      .set_attribute("c", 2)
      .set_attribute("a", "xyzw");
  span->add_event("e1").add_event("e2");
  SpanContext link(TraceId{{1}}, SpanId{{1}}, TraceFlags(0), false);
  span->add_link(link).add_link(link);
  span->end();
  const auto& d = *t.exporter->spans()[0];
  EXPECT_EQ(d.attributes.size(), 2u);
  EXPECT_EQ(d.dropped_attributes_count, 1u);
  EXPECT_EQ(otel::find_attribute(d.attributes, "a")->to_string(), "xyz");
  EXPECT_EQ(d.dropped_events_count, 1u);
  EXPECT_EQ(d.dropped_links_count, 1u);
}

TEST(Tracer, ScopedSpanIsCurrentAndNests) {
  TestProvider t;
  {
    auto outer = t.tracer->start_as_current_span("outer");
    EXPECT_EQ(current_span(), outer.span());
    {
      auto inner = t.tracer->start_as_current_span("inner");
      EXPECT_EQ(inner->data().parent_span_id, outer->span_context().span_id());
      EXPECT_EQ(inner->span_context().trace_id(), outer->span_context().trace_id());
    }
    EXPECT_EQ(current_span(), outer.span());
  }
  EXPECT_FALSE(current_span()->span_context().is_valid());
  auto spans = t.exporter->spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->name, "inner");  // ends first
  EXPECT_FALSE(spans[1]->parent_span_id.is_valid());
}

TEST(Tracer, WithSpanRecordsExceptionsAndRethrows) {
  TestProvider t;
  EXPECT_THROW(t.tracer->with_span("failing", [](Span&) -> int { throw std::runtime_error("no"); }),
               std::runtime_error);
  const int value = t.tracer->with_span("ok", [](Span& span) {
    span.set_attribute("x", 1);
    return 42;
  });
  EXPECT_EQ(value, 42);
  auto spans = t.exporter->spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->status_code, StatusCode::kError);
  EXPECT_EQ(spans[0]->events.at(0).name, "exception");
  EXPECT_EQ(spans[1]->status_code, StatusCode::kUnset);
}

TEST(Tracer, WrapIsADecorator) {
  TestProvider t;
  auto add = t.tracer->wrap("add", [](int a, int b) {
    EXPECT_TRUE(current_span()->is_recording());
    return a + b;
  });
  EXPECT_EQ(add(2, 3), 5);
  EXPECT_EQ(add(4, 4), 8);
  auto spans = t.exporter->spans();
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0]->name, "add");
}

TEST(Tracer, ScopedSpanMarksErrorWhenUnwinding) {
  TestProvider t;
  try {
    auto span = t.tracer->start_as_current_span("unwinding");
    throw std::logic_error("x");
  } catch (const std::logic_error&) {
  }
  EXPECT_EQ(t.exporter->spans().at(0)->status_code, StatusCode::kError);
}

TEST(Tracer, ExplicitParentAndRemoteParent) {
  TestProvider t;
  SpanContext remote(*TraceId::from_hex("0af7651916cd43dd8448eb211c80319c"),
                     *SpanId::from_hex("b7ad6b7169203331"), TraceFlags(1), true);
  auto parent = otel::Context().with_span(std::make_shared<Span>(remote));
  StartSpanOptions options;
  options.parent = &parent;
  auto span = t.tracer->start_span("child", options);
  span->end();
  const auto& d = *t.exporter->spans().at(0);
  EXPECT_EQ(d.context.trace_id(), remote.trace_id());
  EXPECT_EQ(d.parent_span_id, remote.span_id());
  EXPECT_TRUE(d.parent_is_remote);
}

TEST(Tracer, SameScopeSameTracer) {
  TestProvider t;
  EXPECT_EQ(t.provider->get_tracer("a", "1"), t.provider->get_tracer("a", "1"));
  EXPECT_NE(t.provider->get_tracer("a", "1"), t.provider->get_tracer("a", "2"));
}

TEST(Span, ThreadSafeUnderConcurrentWrites) {
  TestProvider t;
  auto span = t.tracer->start_span("shared");
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] {
      for (int j = 0; j < 20; ++j)
        span->set_attribute("t" + std::to_string(i) + "_" + std::to_string(j), j);
    });
  for (auto& th : threads) th.join();
  span->end();
  EXPECT_EQ(t.exporter->spans().at(0)->attributes.size(), 80u);
}

TEST(TracerProvider, NoopPropagatesParentButRecordsNothing) {
  auto provider = TracerProvider::noop();
  auto tracer = provider->get_tracer("x");
  EXPECT_FALSE(tracer->enabled());
  auto root = tracer->start_span("root");
  EXPECT_FALSE(root->is_recording());
  EXPECT_FALSE(root->span_context().is_valid());
  SpanContext remote(TraceId{{9}}, SpanId{{9}}, TraceFlags(1), true);
  auto parent = otel::Context().with_span(std::make_shared<Span>(remote));
  StartSpanOptions options;
  options.parent = &parent;
  auto child = tracer->start_span("child", options);
  EXPECT_FALSE(child->is_recording());
  EXPECT_EQ(child->span_context(), remote);
}

TEST(TracerProvider, ShutdownStopsRecordingAndIsIdempotent) {
  TestProvider t;
  EXPECT_TRUE(t.provider->shutdown());
  EXPECT_TRUE(t.provider->shutdown());
  auto span = t.tracer->start_span("late");
  EXPECT_FALSE(span->is_recording());
}

TEST(TracerProvider, GlobalDefaultsToNoopAndCanBeSet) {
  auto previous = get_tracer_provider();
  TestProvider t;
  set_tracer_provider(t.provider);
  EXPECT_EQ(get_tracer_provider(), t.provider);
  get_tracer("global")->start_span("g")->end();
  EXPECT_EQ(t.exporter->spans().size(), 1u);
  set_tracer_provider(nullptr);
  EXPECT_TRUE(get_tracer_provider()->is_noop());
  set_tracer_provider(previous);
}

// Start attributes passed by rvalue are moved into the span, with the same result as the
// copying path: limits, truncation and duplicate keys behave alike.
TEST(Tracer, MovedStartAttributesMatchTheCopyingPath) {
  SpanLimits limits;
  limits.attribute_count_limit = 3;
  limits.attribute_value_length_limit = 4;
  TestProvider t(limits);
  auto options_with = [](otel::Attributes attributes) {
    StartSpanOptions options;
    options.attributes = std::move(attributes);
    return options;
  };
  const std::vector<otel::Attributes> cases = {
      {{"url.full", "http://example"}, {"server.port", 80}},  // adopted as is (truncated)
      {{"a", 1}, {"a", 2}, {"b", "long value"}},              // duplicate key: last wins
      {{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}},               // over the count limit
      {{"", 1}, {"k", true}},                                 // empty key ignored
  };
  for (const auto& attributes : cases) {
    t.exporter->clear();
    const StartSpanOptions copied = options_with(attributes);
    t.tracer->start_span("copied", copied)->end();
    t.tracer->start_span("moved", options_with(attributes))->end();
    const auto spans = t.exporter->spans();
    ASSERT_EQ(spans.size(), 2u);
    const auto& a = spans[0]->attributes;
    const auto& b = spans[1]->attributes;
    ASSERT_EQ(a.size(), b.size()) << attributes.front().key;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].key, b[i].key);
      EXPECT_EQ(a[i].value.to_string(), b[i].value.to_string());
    }
    EXPECT_EQ(spans[0]->dropped_attributes_count, spans[1]->dropped_attributes_count);
    EXPECT_EQ(copied.attributes.size(), attributes.size());  // the lvalue is left alone
  }
  t.exporter->clear();
  t.tracer->start_span("moved", options_with(cases[0]))->end();
  const auto& moved = *t.exporter->spans()[0];
  EXPECT_EQ(otel::find_attribute(moved.attributes, "url.full")->to_string(), "http");
  t.exporter->clear();
  t.tracer->start_span("over", options_with(cases[2]))->end();
  EXPECT_EQ(t.exporter->spans()[0]->attributes.size(), 3u);
  EXPECT_EQ(t.exporter->spans()[0]->dropped_attributes_count, 1u);
}
