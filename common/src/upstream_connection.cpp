#include "common/upstream_connection.h"

#include <optional>

#include "common/url.h"
#include "plain_connection.h"

namespace common {
namespace {

// https:// upstreams (Nominatim): cpp-httplib's client, which speaks TLS.
class HttplibConnection final : public UpstreamConnection {
 public:
  explicit HttplibConnection(const std::string& origin) : client_(origin) {
    client_.set_keep_alive(true);
    client_.set_tcp_nodelay(true);
  }

  Exchange Send(std::string_view method, std::string_view target,
                const std::vector<std::pair<std::string, std::string>>& headers,
                const HttpTimeouts& timeouts) override {
    auto seconds = [](std::chrono::milliseconds ms) { return ms.count() / 1000; };
    auto micros = [](std::chrono::milliseconds ms) { return (ms.count() % 1000) * 1000; };
    client_.set_connection_timeout(seconds(timeouts.connect), micros(timeouts.connect));
    client_.set_read_timeout(seconds(timeouts.read), micros(timeouts.read));
    client_.set_write_timeout(seconds(timeouts.read), micros(timeouts.read));
    httplib::Headers httplib_headers(headers.begin(), headers.end());
    const std::string path(target);
    httplib::Result result = method == "POST"
                                 ? client_.Post(path, httplib_headers, "", "text/plain")
                                 : client_.Get(path, httplib_headers);
    Exchange exchange;
    if (!result) {
      exchange.error = result.error();
      return exchange;
    }
    exchange.ok = true;
    exchange.response = HttpResponse{result->status, std::move(result->body),
                                     result->get_header_value("Content-Type")};
    return exchange;
  }

  bool Reusable() const override { return client_.is_socket_open(); }

 private:
  httplib::Client client_;
};

}  // namespace

std::unique_ptr<UpstreamConnection> MakeUpstreamConnection(const std::string& origin) {
  constexpr std::string_view kHttp = "http://";
  if (origin.compare(0, kHttp.size(), kHttp) != 0)
    return std::make_unique<HttplibConnection>(origin);
  const std::string_view authority = std::string_view(origin).substr(kHttp.size());
  // SplitUrl has checked the port; were it bad anyway, port 0 fails to connect and the
  // caller reports the upstream unreachable.
  const HostAndPort where = SplitAuthority(authority, 80).value_or(HostAndPort{authority, 0});
  return std::make_unique<PlainConnection>(std::string(where.host), where.port);
}

}  // namespace common
