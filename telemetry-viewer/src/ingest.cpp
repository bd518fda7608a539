#include "ingest.h"

#include <google/protobuf/arena.h>
#include <malloc.h>

#include <algorithm>

#include "otlp_convert.h"
#include "prometheus_state.h"
#include "store.h"
#include "trace_decoder.h"
#include "utf8_items.h"

namespace viewer {
namespace {
constexpr size_t kTrimAfterBytes = 4 << 20;

// The request is parsed into an arena: its many small messages and strings are
// carved from a few blocks and freed together, not allocated and freed one by one.
template <typename Request, typename Store>
std::optional<IngestResult> DecodeAndStore(std::string_view body, BodyEncoding encoding,
                                           std::string* error, Store store) {
  google::protobuf::Arena arena;
  auto* request = google::protobuf::Arena::CreateMessage<Request>(&arena);
  if (DecodeRequest(body, encoding, *request, error)) return store(*request);
  if (encoding != BodyEncoding::kProtobuf) return std::nullopt;
  // Invalid UTF-8 in a few items rejects only those items (utf8_items.h).
  const std::optional<Utf8ItemsDropped> dropped =
      DropItemsWithInvalidUtf8(body, *Request::descriptor());
  std::string retry_error;
  if (!dropped || !DecodeRequest(dropped->body, encoding, *request, &retry_error)) {
    return std::nullopt;
  }
  IngestResult result = store(*request);
  result.rejected += dropped->items;
  if (!result.message.empty()) result.message += "; ";
  result.message += std::to_string(dropped->items) + " item(s) with invalid UTF-8 strings rejected";
  return result;
}
}  // namespace

std::optional<InflightBudget::Permit> InflightBudget::Acquire(size_t bytes,
                                                              std::chrono::milliseconds timeout) {
  bytes = std::min(std::max<size_t>(bytes, 1), capacity_);
  std::unique_lock lock(mutex_);
  if (!released_.wait_for(lock, timeout, [&] { return in_use_ + bytes <= capacity_; })) {
    return std::nullopt;
  }
  in_use_ += bytes;
  return Permit(this, bytes);
}

void InflightBudget::Release(size_t bytes) {
  {
    std::lock_guard lock(mutex_);
    in_use_ -= bytes;
  }
  released_.notify_all();
  // A big request's body and decoded copies are freed by now; without a trim glibc
  // keeps their pages (measured: 8 x 14 MB log uploads, MAX_BYTES=32MiB, steady RSS
  // 358 MiB without, see docs/hostile-input.md).
  if (bytes >= kTrimAfterBytes) malloc_trim(0);
}

std::optional<IngestResult> Ingest::Traces(std::string_view body, BodyEncoding encoding,
                                           std::string* error) {
  // Protobuf bodies go straight from the wire into the model when the direct
  // decoder takes them (it declines anything unusual, which protobuf then decides).
  if (encoding == BodyEncoding::kProtobuf) {
    if (auto converted = DecodeTraces(body)) {
      store_.AddSpans(std::move(converted->items));
      return IngestResult{converted->rejected, std::move(converted->error)};
    }
  }
  return DecodeAndStore<opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest>(
      body, encoding, error, [this](const auto& r) { return Traces(r); });
}

std::optional<IngestResult> Ingest::Logs(std::string_view body, BodyEncoding encoding,
                                         std::string* error) {
  return DecodeAndStore<opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest>(
      body, encoding, error, [this](const auto& r) { return Logs(r); });
}

std::optional<IngestResult> Ingest::Metrics(std::string_view body, BodyEncoding encoding,
                                            std::string* error) {
  return DecodeAndStore<opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest>(
      body, encoding, error, [this](const auto& r) { return Metrics(r); });
}

IngestResult Ingest::Traces(
    const opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest& r) {
  auto converted = ConvertTraces(r);
  store_.AddSpans(std::move(converted.items));
  return {converted.rejected, converted.error};
}

IngestResult Ingest::Logs(
    const opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest& r) {
  auto converted = ConvertLogs(r);
  store_.AddLogs(std::move(converted.items));
  return {converted.rejected, converted.error};
}

IngestResult Ingest::Metrics(
    const opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest& r) {
  auto converted = ConvertMetrics(r);
  store_.AddMetrics(std::move(converted.items));
  if (prometheus_ != nullptr) prometheus_->Add(r);
  return {converted.rejected, converted.error};
}

}  // namespace viewer
