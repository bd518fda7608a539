// The SDK's background threads carry names (top -H, ps -L, perf, gdb), run at a lower
// priority than the host's threads, and go away with their processor / reader.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <thread>

#include "otel/logs/log_exporter.h"
#include "otel/logs/processors.h"
#include "otel/metrics/console_metric_exporter.h"
#include "otel/metrics/periodic_reader.h"
#include "otel/trace/batch_span_processor.h"
#include "otel/trace/span_processor.h"

namespace {

std::multiset<std::string> ThreadNames() {
  std::multiset<std::string> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) names.insert(name);
  }
  return names;
}

class DiscardingLogExporter final : public otel::logs::LogRecordExporter {
 public:
  otel::ExportResult export_logs(std::span<const otel::logs::LogData>) noexcept override {
    return otel::ExportResult::kSuccess;
  }
};

TEST(ThreadNames, EachBackgroundThreadIsNamedWhileItRuns) {
  const auto before = ThreadNames();
  ASSERT_EQ(before.count("otel-spans"), 0u);
  std::ostringstream console;
  {
    otel::trace::BatchSpanProcessor spans(std::make_unique<otel::trace::InMemorySpanExporter>());
    otel::logs::BatchLogRecordProcessor logs(std::make_shared<DiscardingLogExporter>());
    otel::metrics::PeriodicExportingMetricReader metrics(
        std::make_shared<otel::metrics::ConsoleMetricExporter>(&console));
    // Each thread names itself when it starts: wait for that (bounded).
    auto running = ThreadNames();
    for (int i = 0; i < 200 && (running.count("otel-spans") == before.count("otel-spans") ||
                                running.count("otel-logs") == before.count("otel-logs") ||
                                running.count("otel-metrics") == before.count("otel-metrics"));
         ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      running = ThreadNames();
    }
    EXPECT_EQ(running.count("otel-spans"), before.count("otel-spans") + 1);
    EXPECT_EQ(running.count("otel-logs"), before.count("otel-logs") + 1);
    EXPECT_EQ(running.count("otel-metrics"), before.count("otel-metrics") + 1);
  }
  const auto after = ThreadNames();
  EXPECT_EQ(after.count("otel-spans"), before.count("otel-spans"));
  EXPECT_EQ(after.count("otel-logs"), before.count("otel-logs"));
  EXPECT_EQ(after.count("otel-metrics"), before.count("otel-metrics"));
}

// The nice value (field 19 of /proc/self/task/<tid>/stat) of every thread with `name`.
std::multiset<int> NiceOf(const std::string& name) {
  std::multiset<int> nice;
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string thread_name;
    if (!std::getline(comm, thread_name) || thread_name != name) continue;
    std::ifstream stat_file(task.path() / "stat");
    std::string stat;
    std::getline(stat_file, stat);
    std::istringstream fields(stat.substr(stat.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    for (int i = 3; i <= 19 && fields >> field; ++i) {
      if (i == 19) nice.insert(std::stoi(field));
    }
  }
  return nice;
}

// Export threads run at nice 10 (issue #20: they must not take the core from a request
// in flight), the host's own threads keep theirs.
TEST(ThreadNames, BackgroundThreadsYieldToTheHostsThreads) {
  const int mine = getpriority(PRIO_PROCESS, 0);  // Linux: the calling thread's
  std::ostringstream console;
  otel::trace::BatchSpanProcessor spans(std::make_unique<otel::trace::InMemorySpanExporter>());
  otel::logs::BatchLogRecordProcessor logs(std::make_shared<DiscardingLogExporter>());
  otel::metrics::PeriodicExportingMetricReader metrics(
      std::make_shared<otel::metrics::ConsoleMetricExporter>(&console));
  // Each thread names itself, then lowers its priority, when it starts: wait (bounded).
  auto settled = [] {
    for (const char* name : {"otel-spans", "otel-logs", "otel-metrics"}) {
      const auto nice = NiceOf(name);
      if (nice.empty() || *nice.begin() < 10) return false;
    }
    return true;
  };
  for (int i = 0; i < 200 && !settled(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  for (const char* name : {"otel-spans", "otel-logs", "otel-metrics"}) {
    const auto nice = NiceOf(name);
    ASSERT_FALSE(nice.empty()) << name;
    EXPECT_GE(*nice.begin(), std::max(10, mine)) << name;
  }
  EXPECT_EQ(getpriority(PRIO_PROCESS, 0), mine) << "the calling thread keeps its priority";
}

}  // namespace
