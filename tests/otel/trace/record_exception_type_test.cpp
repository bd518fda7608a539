// record_exception(const std::exception&) records the readable type name in
// exception.type (issue #17): "std::runtime_error", not the mangled "St13runtime_error".
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <typeinfo>

#include "common/demangle.h"
#include "otel/trace/tracer_provider.h"

using namespace otel::trace;

namespace record_exception_test {
// A user exception type in a namespace: its qualified name is recorded.
class QuotaExceeded : public std::runtime_error {
 public:
  QuotaExceeded() : std::runtime_error("quota exceeded") {}
};
}  // namespace record_exception_test

namespace {

// The exception.type of the one exception event recorded for `error`.
std::string recorded_type(const std::exception& error) {
  auto exporter = std::make_unique<InMemorySpanExporter>();
  auto* spans = exporter.get();
  TracerProviderOptions options;
  options.processors.push_back(std::make_unique<SimpleSpanProcessor>(std::move(exporter)));
  auto provider = TracerProvider::create(std::move(options));
  auto span = provider->get_tracer("test")->start_span("op");
  span->record_exception(error);
  span->end();
  const auto& events = spans->spans().at(0)->events;
  if (events.size() != 1 || events[0].name != "exception") return "<no exception event>";
  const auto* type = otel::find_attribute(events[0].attributes, "exception.type");
  return type != nullptr ? type->to_string() : "<no exception.type>";
}

}  // namespace

TEST(RecordException, StandardTypeIsDemangled) {
  EXPECT_EQ(recorded_type(std::runtime_error("boom")), "std::runtime_error");
  EXPECT_EQ(recorded_type(std::invalid_argument("bad")), "std::invalid_argument");
}

TEST(RecordException, UserTypeHasItsQualifiedName) {
  EXPECT_EQ(recorded_type(record_exception_test::QuotaExceeded()),
            "record_exception_test::QuotaExceeded");
}

TEST(RecordException, SharedHelperNamesTypesLikeTheInstrumentation) {
  // The helper behind exception.type and the HTTP instrumentation's error.type.
  EXPECT_EQ(otel::internal::demangled_name(typeid(std::runtime_error)), "std::runtime_error");
  EXPECT_EQ(otel::internal::demangled_name(typeid(record_exception_test::QuotaExceeded)),
            "record_exception_test::QuotaExceeded");
}
