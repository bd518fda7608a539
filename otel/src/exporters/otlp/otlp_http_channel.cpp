// OTLP/HTTP (protobuf or JSON bodies) over libcurl.
#include <curl/curl.h>
#include <google/protobuf/message.h>
#include <zlib.h>

#include <atomic>
#include <mutex>

#include "common/fork_generation.h"
#include "exporters/otlp/otlp_channel.h"
#include "otel/exporters/otlp/otlp_json.h"
#include "otel/resource/resource.h"

namespace otel::exporters::otlp::detail {

std::string gzip_compress(std::string_view data) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK)
    return {};
  std::string out;
  out.resize(deflateBound(&stream, data.size()) + 32);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return rc == Z_STREAM_END ? out : std::string();
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& raw) {
  std::string value = raw;
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  while (!value.empty() && value.front() == ' ') value.erase(0, 1);
  if (value.empty()) return std::nullopt;
  bool digits = true;
  for (char c : value) digits = digits && c >= '0' && c <= '9';
  if (digits && value.size() < 10) return std::chrono::seconds(std::stol(value));
  const time_t when = curl_getdate(value.c_str(), nullptr);
  if (when < 0) return std::nullopt;
  const time_t now = time(nullptr);
  return std::chrono::seconds(when > now ? when - now : 0);
}

namespace {

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  std::string line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    bool match = true;
    for (std::size_t i = 0; i < kName.size(); ++i)
      match =
          match && static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))) == kName[i];
    if (match) *static_cast<std::string*>(user) = line.substr(kName.size());
  }
  return size * count;
}

class HttpChannel final : public Channel {
 public:
  explicit HttpChannel(const OtlpExporterOptions& options) : options_(options) { global_init(); }
  ~HttpChannel() override {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
    if (headers_ != nullptr) curl_slist_free_all(headers_);
  }

  // libcurl asks about progress at least once a second (more often while data moves); a
  // non-zero answer aborts the transfer.
  static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    return static_cast<HttpChannel*>(self)->cancelled_.load() ? 1 : 0;
  }

  void cancel() override { cancelled_.store(true); }

  Attempt send(const Payload& request, google::protobuf::Message& response,
               std::chrono::milliseconds budget) override {
    std::lock_guard lock(mutex_);
    Attempt result;
    if (cancelled_.load()) {
      result.error = "cancelled: the exporter is shutting down";
      return result;
    }
    prepare();
    if (curl_ == nullptr) {
      result.error = "could not create an HTTP client";
      return result;
    }
    const bool json = options_.protocol == Protocol::kHttpJson;
    if (json && request.message == nullptr) {
      result.error = "OTLP/JSON needs the request message";
      return result;
    }
    // The body is the caller's bytes unless it has to be made (JSON) or compressed.
    std::string made;
    if (json) made = to_otlp_json(*request.message);
    if (options_.compression == Compression::kGzip)
      made = gzip_compress(json ? std::string_view(made) : request.protobuf);
    const std::string_view body = json || options_.compression == Compression::kGzip
                                      ? std::string_view(made)
                                      : request.protobuf;
    std::string response_body;
    std::string retry_after;
    // Never NULL: libcurl would then read the body from a callback.
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body.empty() ? "" : body.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response_body);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &retry_after);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS,
                     static_cast<long>(std::max<long>(1, budget.count())));
    curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::max<long>(1, budget.count())));
    const CURLcode rc = curl_easy_perform(curl_);
    if (rc != CURLE_OK) {
      result.error = std::string("HTTP request failed: ") + curl_easy_strerror(rc);
      // Nothing answered (refused, reset, timed out): the collector may come back.
      result.retryable = true;
      return result;
    }
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    result.status_code = static_cast<int>(status);
    if (status >= 200 && status < 300) {
      result.ok = true;
      if (!response_body.empty()) {
        if (json)
          from_otlp_json(response_body, response);
        else
          response.ParseFromString(response_body);
      }
      return result;
    }
    result.retryable = status == 429 || status == 502 || status == 503 || status == 504;
    result.retry_after = parse_retry_after(retry_after);
    result.error = "HTTP " + std::to_string(status);
    if (!response_body.empty()) result.error += ": " + response_body.substr(0, 200);
    return result;
  }

 private:
  // (Re)creates the handle: at first use, and in a forked child (whose inherited
  // keep-alive connection belongs to the parent).
  void prepare() {
    const auto generation = internal::fork_generation();
    if (curl_ != nullptr && generation == generation_) return;
    if (curl_ != nullptr && generation != generation_) curl_ = nullptr;  // parent's: leave it
    generation_ = generation;
    curl_ = curl_easy_init();
    if (curl_ == nullptr) return;
    if (headers_ == nullptr) {
      const bool json = options_.protocol == Protocol::kHttpJson;
      headers_ = curl_slist_append(headers_, json ? "Content-Type: application/json"
                                                  : "Content-Type: application/x-protobuf");
      if (options_.compression == Compression::kGzip)
        headers_ = curl_slist_append(headers_, "Content-Encoding: gzip");
      headers_ = curl_slist_append(headers_, "Expect:");
      for (const auto& [k, v] : options_.headers) {
        std::string line = k;
        line.append(": ").append(v);
        headers_ = curl_slist_append(headers_, line.c_str());
      }
    }
    const std::string agent = std::string("OTel-OTLP-Exporter-Cpp-compact/") + sdk_version();
    curl_easy_setopt(curl_, CURLOPT_URL, options_.endpoint.c_str());
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_USERAGENT, agent.c_str());
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(curl_, CURLOPT_PROXY, "");  // never route telemetry through a proxy env
    curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, this);
    if (!options_.certificate_file.empty())
      curl_easy_setopt(curl_, CURLOPT_CAINFO, options_.certificate_file.c_str());
    if (!options_.client_certificate_file.empty())
      curl_easy_setopt(curl_, CURLOPT_SSLCERT, options_.client_certificate_file.c_str());
    if (!options_.client_key_file.empty())
      curl_easy_setopt(curl_, CURLOPT_SSLKEY, options_.client_key_file.c_str());
  }

  OtlpExporterOptions options_;
  std::mutex mutex_;
  std::atomic<bool> cancelled_{false};
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::uint64_t generation_ = 0;
};

}  // namespace

std::unique_ptr<Channel> make_http_channel(const OtlpExporterOptions& options) {
  return std::make_unique<HttpChannel>(options);
}

}  // namespace otel::exporters::otlp::detail
