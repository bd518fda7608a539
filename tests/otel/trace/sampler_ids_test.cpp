#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>

#include "otel/trace/id_generator.h"
#include "otel/trace/sampler.h"

using namespace otel::trace;

namespace {
SamplingResult decide(const Sampler& s, const SpanContext& parent,
                      const TraceId& id = TraceId{{1}}) {
  return s.should_sample(parent, id, "n", SpanKind::kInternal, {}, {});
}
const SpanContext kNoParent;
SpanContext parent(bool sampled, bool remote) {
  return SpanContext(TraceId{{1}}, SpanId{{1}}, TraceFlags(sampled ? 1 : 0), remote);
}
}  // namespace

TEST(Sampler, AlwaysOnOff) {
  EXPECT_EQ(decide(*always_on_sampler(), kNoParent).decision, SamplingDecision::kRecordAndSample);
  EXPECT_EQ(decide(*always_off_sampler(), kNoParent).decision, SamplingDecision::kDrop);
}

TEST(Sampler, ParentBasedFollowsParent) {
  auto s = parent_based_sampler(always_off_sampler());
  EXPECT_EQ(decide(*s, kNoParent).decision, SamplingDecision::kDrop);  // root → root sampler
  EXPECT_EQ(decide(*s, parent(true, true)).decision, SamplingDecision::kRecordAndSample);
  EXPECT_EQ(decide(*s, parent(true, false)).decision, SamplingDecision::kRecordAndSample);
  EXPECT_EQ(decide(*s, parent(false, true)).decision, SamplingDecision::kDrop);
  EXPECT_NE(s->description().find("ParentBased{root:AlwaysOffSampler"), std::string::npos);
}

TEST(Sampler, TraceIdRatioIsDeterministicAndProportional) {
  auto half = trace_id_ratio_sampler(0.5);
  auto gen = random_id_generator();
  int sampled = 0;
  for (int i = 0; i < 4000; ++i) {
    const auto id = gen->generate_trace_id();
    const bool a = decide(*half, kNoParent, id).decision == SamplingDecision::kRecordAndSample;
    const bool b = decide(*half, kNoParent, id).decision == SamplingDecision::kRecordAndSample;
    EXPECT_EQ(a, b);
    sampled += a;
  }
  EXPECT_GT(sampled, 1700);
  EXPECT_LT(sampled, 2300);
  EXPECT_EQ(decide(*trace_id_ratio_sampler(0.0), kNoParent, gen->generate_trace_id()).decision,
            SamplingDecision::kDrop);
  EXPECT_EQ(decide(*trace_id_ratio_sampler(1.0), kNoParent, gen->generate_trace_id()).decision,
            SamplingDecision::kRecordAndSample);
}

TEST(Sampler, FromNames) {
  EXPECT_EQ(sampler_from_name("always_off", std::nullopt)->description(), "AlwaysOffSampler");
  EXPECT_EQ(sampler_from_name("traceidratio", "0.25")->description(),
            "TraceIdRatioBased{0.250000}");
  EXPECT_EQ(sampler_from_name("traceidratio", "2")->description(), "TraceIdRatioBased{1.000000}");
  EXPECT_NE(sampler_from_name("parentbased_traceidratio", "0.1")->description().find("0.1"),
            std::string::npos);
  EXPECT_NE(sampler_from_name("nonsense", std::nullopt)->description().find("ParentBased"),
            std::string::npos);
  setenv("OTEL_TRACES_SAMPLER", "always_off", 1);
  EXPECT_EQ(sampler_from_env()->description(), "AlwaysOffSampler");
  unsetenv("OTEL_TRACES_SAMPLER");
}

TEST(IdGenerator, UniqueAndValid) {
  auto gen = random_id_generator();
  std::set<TraceId> traces;
  std::set<SpanId> spans;
  for (int i = 0; i < 10000; ++i) {
    auto t = gen->generate_trace_id();
    auto s = gen->generate_span_id();
    EXPECT_TRUE(t.is_valid());
    EXPECT_TRUE(s.is_valid());
    traces.insert(t);
    spans.insert(s);
  }
  EXPECT_EQ(traces.size(), 10000u);
  EXPECT_EQ(spans.size(), 10000u);
}

TEST(IdGenerator, ForkedChildDoesNotRepeatTheParent) {
  auto gen = random_id_generator();
  (void)gen->generate_span_id();  // the parent's generator is seeded now
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t pid = fork();
  if (pid == 0) {
    const auto id = gen->generate_span_id();
    (void)!write(fds[1], id.bytes.data(), 8);
    _exit(0);
  }
  close(fds[1]);
  const auto mine = gen->generate_span_id();
  SpanId child;
  ASSERT_EQ(read(fds[0], child.bytes.data(), 8), 8);
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_NE(mine, child);
}

TEST(Ids, HexRoundTripAndValidation) {
  auto id = TraceId::from_hex("0af7651916cd43dd8448eb211c80319c");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->to_hex(), "0af7651916cd43dd8448eb211c80319c");
  EXPECT_FALSE(TraceId::from_hex("0af7"));
  EXPECT_FALSE(SpanId::from_hex("zzzzzzzzzzzzzzzz"));
  EXPECT_FALSE(TraceId().is_valid());
  EXPECT_TRUE(SpanId::from_bytes(std::string(8, '\1')));
  EXPECT_FALSE(SpanId::from_bytes("short"));
}
