// The boundary between the SDK's pipeline and the application: processors, exporters and
// readers are noexcept, as the specification asks of the SDK (it must not throw into the
// code it observes) and as opentelemetry-cpp declares them. Their bodies run through
// these helpers, so a failure inside (bad_alloc while encoding, a stream error while
// printing) becomes a failed result and one line in the SDK's internal log, never a
// std::terminate.
#pragma once

#include <exception>
#include <string_view>
#include <utility>

namespace otel::internal {

// Reports an exception caught at the boundary; never throws itself.
void report_caught(std::string_view where, const char* what) noexcept;

// body() or, when it throws, `on_failure`.
template <class Result, class Body>
Result result_or(Result on_failure, std::string_view where, Body&& body) noexcept {
  try {
    return std::forward<Body>(body)();
  } catch (const std::exception& e) {
    report_caught(where, e.what());
  } catch (...) {
    report_caught(where, "unknown exception");
  }
  return on_failure;
}

// body(), whose exceptions are reported and dropped.
template <class Body>
void run_guarded(std::string_view where, Body&& body) noexcept {
  try {
    std::forward<Body>(body)();
  } catch (const std::exception& e) {
    report_caught(where, e.what());
  } catch (...) {
    report_caught(where, "unknown exception");
  }
}

}  // namespace otel::internal
