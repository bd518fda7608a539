#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <thread>

#include "otel/context/context.h"
#include "otel/resource/resource.h"
#include "otel/trace/span.h"
#include "scoped_env.h"

namespace {
using testsupport::ScopedEnv;

std::string str(const otel::Resource& r, const char* key) {
  const auto* v = r.get(key);
  return v ? v->to_string() : "<missing>";
}
}  // namespace

TEST(Resource, DefaultHasSdkHostAndProcess) {
  ScopedEnv a("OTEL_SERVICE_NAME", nullptr);
  ScopedEnv b("OTEL_RESOURCE_ATTRIBUTES", nullptr);
  const auto r = otel::Resource::create();
  EXPECT_EQ(str(r, "telemetry.sdk.language"), "cpp");
  EXPECT_EQ(str(r, "telemetry.sdk.version"), otel::sdk_version());
  EXPECT_NE(str(r, "telemetry.sdk.name"), "<missing>");
  EXPECT_EQ(*r.get("process.pid")->as_int(), getpid());
  EXPECT_EQ(str(r, "process.executable.name"), "otel-tests");
  EXPECT_NE(str(r, "host.name"), "<missing>");
  EXPECT_EQ(str(r, "service.name"), "unknown_service:otel-tests");
}

TEST(Resource, EnvironmentAndCodePrecedence) {
  ScopedEnv a("OTEL_RESOURCE_ATTRIBUTES",
              "service.name=from-attrs,deployment.environment.name=dev,team=a%2Cb,broken");
  ScopedEnv b("OTEL_SERVICE_NAME", "gateway");
  auto r = otel::Resource::create({{"service.version", "1.2.3"}, {"team", "code"}});
  EXPECT_EQ(str(r, "service.name"), "gateway");  // OTEL_SERVICE_NAME wins
  EXPECT_EQ(str(r, "deployment.environment.name"), "dev");
  EXPECT_EQ(str(r, "service.version"), "1.2.3");
  EXPECT_EQ(str(r, "team"), "code");  // code wins over the environment
  EXPECT_EQ(otel::Resource::from_env().get("team")->to_string(), "a,b");
}

TEST(Resource, MergeRules) {
  otel::Resource old({{"a", 1}, {"b", 2}}, "https://schema/1");
  otel::Resource updating({{"b", 3}, {"c", 4}});
  auto merged = old.merge(updating);
  EXPECT_EQ(merged.attributes().size(), 3u);
  EXPECT_EQ(*merged.get("b")->as_int(), 3);
  EXPECT_EQ(merged.schema_url(), "https://schema/1");
  EXPECT_EQ(otel::Resource().merge(old).schema_url(), "https://schema/1");
}

TEST(Context, AttachRestoresInReverseOrder) {
  static const otel::ContextKey kKey("test-key");
  EXPECT_EQ(otel::Context::current().value(kKey), nullptr);
  {
    auto scope1 = otel::Context::current().with_value(kKey, std::make_shared<int>(1)).attach();
    EXPECT_EQ(*std::static_pointer_cast<const int>(otel::Context::current().value(kKey)), 1);
    {
      auto scope2 = otel::Context::current().with_value(kKey, std::make_shared<int>(2)).attach();
      EXPECT_EQ(*std::static_pointer_cast<const int>(otel::Context::current().value(kKey)), 2);
    }
    EXPECT_EQ(*std::static_pointer_cast<const int>(otel::Context::current().value(kKey)), 1);
  }
  EXPECT_EQ(otel::Context::current().value(kKey), nullptr);
}

TEST(Context, IsPerThread) {
  auto baggage = otel::Baggage().set("user", "alice");
  auto scope = otel::Context::current().with_baggage(baggage).attach();
  bool other_thread_empty = false;
  std::thread([&] { other_thread_empty = otel::Context::current().baggage().empty(); }).join();
  EXPECT_TRUE(other_thread_empty);
  EXPECT_EQ(*otel::Context::current().baggage().get("user"), "alice");
}

TEST(Context, AttachingTheCurrentContextIsSafe) {
  auto scope1 = otel::Context::current().with_baggage(otel::Baggage().set("k", "v")).attach();
  {
    auto scope2 = otel::Context::current().attach();
    EXPECT_EQ(*otel::Context::current().baggage().get("k"), "v");
  }
  EXPECT_EQ(*otel::Context::current().baggage().get("k"), "v");
}

// with_span/with_baggage/attach on a temporary move its members; on a named context they
// copy and leave it as it was. Both give the same context.
TEST(Context, TemporariesAreMovedNamedContextsAreKept) {
  static const otel::ContextKey kKey("kept-key");
  auto span = std::make_shared<otel::trace::Span>(otel::trace::SpanContext(
      otel::trace::TraceId{{1}}, otel::trace::SpanId{{2}}, otel::trace::TraceFlags(1), true));
  const otel::Context named = otel::Context()
                                  .with_value(kKey, std::make_shared<int>(7))
                                  .with_baggage(otel::Baggage().set("k", "v"));
  otel::Context copied = named.with_span(span);
  otel::Context moved = otel::Context(named).with_span(span).with_baggage(named.baggage());
  EXPECT_EQ(named.span(), nullptr);
  EXPECT_EQ(*named.baggage().get("k"), "v");
  for (const otel::Context* c : {&copied, &moved}) {
    EXPECT_EQ(c->span(), span);
    EXPECT_EQ(*c->baggage().get("k"), "v");
    EXPECT_EQ(*std::static_pointer_cast<const int>(c->value(kKey)), 7);
  }
  {
    auto scope = std::move(moved).attach();
    EXPECT_EQ(otel::Context::current().span(), span);
    EXPECT_EQ(*std::static_pointer_cast<const int>(otel::Context::current().value(kKey)), 7);
    {
      auto inner = otel::Context().attach();
      EXPECT_EQ(otel::Context::current().span(), nullptr);
    }
    EXPECT_EQ(otel::Context::current().span(), span);
  }
  EXPECT_EQ(otel::Context::current().span(), nullptr);
  EXPECT_EQ(span.use_count(), 2);  // `copied` and ours: nothing else kept it
}

TEST(Context, SpanContextWithoutSpanIsInvalid) {
  EXPECT_FALSE(otel::Context().span_context().is_valid());
  EXPECT_FALSE(otel::trace::current_span()->span_context().is_valid());
  EXPECT_FALSE(otel::trace::current_span()->is_recording());
}

TEST(Baggage, SetGetRemoveAreImmutable) {
  otel::Baggage empty;
  auto one = empty.set("a", "1");
  auto two = one.set("b", "2").set("a", "3", "prop=x");
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(*one.get("a"), "1");
  EXPECT_EQ(*two.get("a"), "3");
  EXPECT_EQ(two.entries()[0].metadata, "prop=x");
  EXPECT_EQ(two.remove("a").size(), 1u);
  EXPECT_EQ(one.set("", "x").size(), 1u);
}
