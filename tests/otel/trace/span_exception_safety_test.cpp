// A Span stays usable after an exception thrown while it records (issue #17): the spin
// lock taken by a recording call must be released even when that call throws.
//
// The allocation failure is injected by replacing the global operator new/delete for
// this test binary. The hook is thread-local and off unless a FailNextAllocation is in
// scope, so every other test (and every other thread) allocates normally. Every plain
// form of new/delete is replaced, all with malloc/free, so the sanitizer build sees
// consistent malloc/free pairs.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <future>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "otel/common/internal_log.h"
#include "otel/logs/log_exporter.h"
#include "otel/logs/processors.h"
#include "otel/metrics/metric_exporter.h"
#include "otel/trace/span_processor.h"
#include "otel/trace/tracer_provider.h"

namespace {
// Allocations left before the injected failure; negative: the hook is off.
thread_local int allocations_before_failure = -1;

void* allocate(std::size_t size) {
  if (allocations_before_failure >= 0 && allocations_before_failure-- == 0) throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
  return allocate(size);
}
void* operator new[](std::size_t size) {
  return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  try {
    return allocate(size);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return operator new(size, std::nothrow);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}

using namespace otel::trace;

namespace {

// Makes the calling thread's next allocation throw std::bad_alloc, while in scope.
class FailNextAllocation {
 public:
  FailNextAllocation() { allocations_before_failure = 0; }
  ~FailNextAllocation() { allocations_before_failure = -1; }
  FailNextAllocation(const FailNextAllocation&) = delete;
  FailNextAllocation& operator=(const FailNextAllocation&) = delete;
};

std::shared_ptr<Tracer> recording_tracer(std::shared_ptr<TracerProvider>& provider) {
  TracerProviderOptions options;
  options.processors.push_back(
      std::make_unique<SimpleSpanProcessor>(std::make_unique<InMemorySpanExporter>()));
  provider = TracerProvider::create(std::move(options));
  return provider->get_tracer("exception-safety");
}

// Calls `record` on a recording span with the next allocation failing, then checks that
// end() on the same span returns: a span left locked would spin forever in end(), so it
// runs on its own thread with a deadline (the thread is detached if it never returns).
void expect_span_usable_after_throw(const std::function<void(Span&)>& record) {
  std::shared_ptr<TracerProvider> provider;
  auto span = recording_tracer(provider)->start_span("op");
  ASSERT_TRUE(span->is_recording());
  bool threw = false;
  {
    FailNextAllocation fail;
    try {
      record(*span);
    } catch (const std::bad_alloc&) {
      threw = true;
    }
  }
  ASSERT_TRUE(threw) << "the injected allocation failure did not reach the span";

  auto ended = std::make_shared<std::promise<void>>();
  auto done = ended->get_future();
  std::thread([span, ended] {
    span->end();
    ended->set_value();
  }).detach();
  ASSERT_EQ(done.wait_for(std::chrono::seconds(2)), std::future_status::ready)
      << "end() did not return: the exception left the span's lock held";
  EXPECT_FALSE(span->is_recording());
}

}  // namespace

TEST(SpanExceptionSafety, SetAttributeThatThrowsLeavesSpanUsable) {
  // The first attribute reserves the span's attribute storage under the lock.
  expect_span_usable_after_throw([](Span& span) { span.set_attribute("key", 1); });
}

TEST(SpanExceptionSafety, SetAttributesThatThrowsLeavesSpanUsable) {
  // The first attribute reserves the span's attribute storage under the lock.
  const otel::Attributes attributes{{"key", 1}};
  expect_span_usable_after_throw([&](Span& span) { span.set_attributes(attributes); });
}

TEST(SpanExceptionSafety, AddEventThatThrowsLeavesSpanUsable) {
  // A name longer than the small-string buffer: copying it allocates under the lock.
  const std::string name(64, 'e');
  expect_span_usable_after_throw([&](Span& span) { span.add_event(name); });
}

TEST(SpanExceptionSafety, AddLinkThatThrowsLeavesSpanUsable) {
  const SpanContext linked(TraceId{{1}}, SpanId{{2}}, TraceFlags(1), true);
  expect_span_usable_after_throw([&](Span& span) { span.add_link(linked); });
}

TEST(SpanExceptionSafety, SetStatusThatThrowsLeavesSpanUsable) {
  const std::string description(64, 'd');
  expect_span_usable_after_throw(
      [&](Span& span) { span.set_status(StatusCode::kError, description); });
}

TEST(SpanExceptionSafety, UpdateNameThatThrowsLeavesSpanUsable) {
  const std::string name(64, 'n');
  expect_span_usable_after_throw([&](Span& span) { span.update_name(name); });
}

TEST(SpanExceptionSafety, HookIsOffOutsideItsScope) {
  // The replacement operator new allocates normally unless a FailNextAllocation is live.
  auto value = std::make_unique<std::string>(1000, 'x');
  EXPECT_EQ(value->size(), 1000u);
}

// Processors and exporters are noexcept (issue #17): an exception inside one becomes a
// line in the SDK's internal log, never an exception in (or a terminate of) the code
// that ended the span.
TEST(PipelineExceptionSafety, ProcessorThatCannotAllocateReportsInsteadOfThrowing) {
  std::vector<std::string> lines;
  otel::internal::set_log_handler(
      [&](otel::internal::LogLevel, std::string_view line) { lines.emplace_back(line); });
  auto exporter = std::make_unique<InMemorySpanExporter>();
  InMemorySpanExporter* exported = exporter.get();
  SimpleSpanProcessor processor(std::move(exporter));
  auto span = std::make_shared<SpanData>();
  span->context = SpanContext(TraceId{{1}}, SpanId{{2}}, TraceFlags(1), true);
  {
    FailNextAllocation fail;  // the one-span batch handed to the exporter
    processor.on_end(span);
  }
  otel::internal::set_log_handler(nullptr);
  EXPECT_TRUE(exported->spans().empty());
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("SimpleSpanProcessor::on_end threw: std::bad_alloc"), std::string::npos)
      << lines[0];
  processor.on_end(span);  // and the processor still works
  EXPECT_EQ(exported->spans().size(), 1u);
}

TEST(PipelineExceptionSafety, ProcessorAndExporterInterfacesAreNoexcept) {
  static_assert(noexcept(std::declval<SpanProcessor&>().on_end(nullptr)));
  static_assert(
      noexcept(std::declval<SpanProcessor&>().shutdown(std::declval<std::chrono::milliseconds>())));
  static_assert(noexcept(std::declval<SpanExporter&>().export_spans(SpanBatch{})));
  static_assert(noexcept(std::declval<otel::logs::LogRecordProcessor&>().on_emit(
      std::declval<otel::logs::LogData&&>())));
  static_assert(noexcept(std::declval<otel::logs::LogRecordExporter&>().export_logs({})));
  static_assert(noexcept(std::declval<otel::metrics::MetricExporter&>().export_metrics(
      std::declval<const otel::metrics::ResourceMetricsProto&>())));
  SUCCEED();
}
