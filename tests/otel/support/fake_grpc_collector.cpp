#include "support/fake_grpc_collector.h"

#include <grpcpp/grpcpp.h>

#include <deque>
#include <mutex>
#include <thread>

#include "opentelemetry/proto/collector/logs/v1/logs_service.grpc.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.grpc.pb.h"

namespace oteltest {

namespace metrics_pb = opentelemetry::proto::collector::metrics::v1;
namespace logs_pb = opentelemetry::proto::collector::logs::v1;

struct FakeGrpcMetricsLogsCollector::State {
  mutable std::mutex mutex;
  std::deque<ScriptedAnswer> answers;
  std::vector<MetricsRequest> metrics;
  std::vector<LogsRequest> logs;

  // Records the request (under the lock) and answers from the script (outside it).
  template <typename Request>
  grpc::Status Answer(std::vector<Request>& received, const Request& request) {
    ScriptedAnswer answer;
    {
      std::lock_guard lock(mutex);
      received.push_back(request);
      if (!answers.empty()) {
        answer = answers.front();
        answers.pop_front();
      }
    }
    if (answer.delay.count() > 0) std::this_thread::sleep_for(answer.delay);
    if (answer.status == 200 || answer.status == 0) return grpc::Status::OK;
    return grpc::Status(static_cast<grpc::StatusCode>(answer.status), "scripted failure");
  }

  struct Metrics final : metrics_pb::MetricsService::Service {
    explicit Metrics(State& s) : state(s) {}
    grpc::Status Export(grpc::ServerContext*, const MetricsRequest* request,
                        metrics_pb::ExportMetricsServiceResponse*) override {
      return state.Answer(state.metrics, *request);
    }
    State& state;
  };
  struct Logs final : logs_pb::LogsService::Service {
    explicit Logs(State& s) : state(s) {}
    grpc::Status Export(grpc::ServerContext*, const LogsRequest* request,
                        logs_pb::ExportLogsServiceResponse*) override {
      return state.Answer(state.logs, *request);
    }
    State& state;
  };
  Metrics metrics_service{*this};
  Logs logs_service{*this};
};

FakeGrpcMetricsLogsCollector::FakeGrpcMetricsLogsCollector() : state_(std::make_unique<State>()) {
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  builder.RegisterService(&state_->metrics_service);
  builder.RegisterService(&state_->logs_service);
  server_ = builder.BuildAndStart();
}

FakeGrpcMetricsLogsCollector::~FakeGrpcMetricsLogsCollector() {
  // Calls still sleeping in a scripted delay are cancelled after the grace period.
  server_->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
}

void FakeGrpcMetricsLogsCollector::script(std::vector<ScriptedAnswer> answers) {
  std::lock_guard lock(state_->mutex);
  state_->answers.assign(answers.begin(), answers.end());
}

std::vector<FakeGrpcMetricsLogsCollector::MetricsRequest>
FakeGrpcMetricsLogsCollector::metrics_requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->metrics;
}

std::vector<FakeGrpcMetricsLogsCollector::LogsRequest> FakeGrpcMetricsLogsCollector::logs_requests()
    const {
  std::lock_guard lock(state_->mutex);
  return state_->logs;
}

size_t FakeGrpcMetricsLogsCollector::calls() const {
  std::lock_guard lock(state_->mutex);
  return state_->metrics.size() + state_->logs.size();
}

bool FakeGrpcMetricsLogsCollector::wait_for_calls(size_t n,
                                                  std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (calls() < n && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return calls() >= n;
}

}  // namespace oteltest
