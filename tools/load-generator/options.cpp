#include "options.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace load {

const char* const kUsage =
    "usage: load-generator [--url URL] [--rate N] [--duration SECONDS] [--total N]\n"
    "                      [--concurrency N] [--seed N] [--timeout SECONDS] [--gateway] [--quiet]\n"
    "Submits places drawn from the geolocator's offline gazetteer to the frontend's form\n"
    "(POST / location=...), at a steady rate, for a while, with a progress line every\n"
    "second and a summary at the end (Ctrl-C stops early, with the summary).\n"
    "  --url URL          the frontend (default http://127.0.0.1:5000, also the Docker route's)\n"
    "  --gateway          ask URL as the gateway instead: GET /?location=...\n"
    "  --rate N           requests started per second, 0.1..5000 (default 10)\n"
    "  --duration SECONDS how long, 0.1..86400 (default 60)\n"
    "  --total N          stop after N requests (default: rate x duration)\n"
    "  --concurrency N    requests in flight at most, 1..512 (default 16); when all are\n"
    "                     busy the rate falls behind, and the summary says so\n"
    "  --seed N           which places, in which order (default 1): the same seed, the same "
    "places\n"
    "  --timeout SECONDS  per request, 0.1..600 (default 10)\n"
    "  --quiet            no progress lines\n"
    "Exit status: 0 done, 1 no request succeeded, 2 bad arguments.\n";

namespace {

std::optional<double> Number(std::string_view text, double low, double high) {
  double value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() ||
      !std::isfinite(value) || value < low || value > high) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> Whole(std::string_view text, std::uint64_t low, std::uint64_t high) {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size() || value < low ||
      value > high) {
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::optional<Options> ParseOptions(const std::vector<std::string>& args, std::string& error) {
  Options options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& name = args[i];
    if (name == "--help" || name == "-h") {
      options.help = true;
      continue;
    }
    if (name == "--gateway") {
      options.via_gateway = true;
      continue;
    }
    if (name == "--quiet") {
      options.quiet = true;
      continue;
    }
    if (i + 1 >= args.size()) {
      error =
          name.rfind("--", 0) == 0 ? name + " needs a value" : "unknown argument '" + name + "'";
      return std::nullopt;
    }
    const std::string& value = args[++i];
    auto bad = [&](const char* what) {
      error = name;
      error.append(" must be ").append(what).append(", got '").append(value).append("'");
      return std::nullopt;
    };
    if (name == "--url") {
      if (value.rfind("http://", 0) != 0 && value.rfind("https://", 0) != 0) {
        return bad("an http:// URL");
      }
      options.url = value;
    } else if (name == "--rate") {
      auto rate = Number(value, 0.1, 5000);
      if (!rate) return bad("a number of requests per second in [0.1, 5000]");
      options.rate = *rate;
    } else if (name == "--duration") {
      auto seconds = Number(value, 0.1, 86400);
      if (!seconds) return bad("a number of seconds in [0.1, 86400]");
      options.duration_seconds = *seconds;
    } else if (name == "--total") {
      auto total = Whole(value, 1, 100'000'000);
      if (!total) return bad("a whole number in [1, 100000000]");
      options.total = *total;
    } else if (name == "--concurrency") {
      auto concurrency = Whole(value, 1, 512);
      if (!concurrency) return bad("a whole number in [1, 512]");
      options.concurrency = static_cast<int>(*concurrency);
    } else if (name == "--seed") {
      auto seed = Whole(value, 0, UINT64_MAX);
      if (!seed) return bad("a whole number");
      options.seed = *seed;
    } else if (name == "--timeout") {
      auto seconds = Number(value, 0.1, 600);
      if (!seconds) return bad("a number of seconds in [0.1, 600]");
      options.timeout_seconds = *seconds;
    } else {
      error = "unknown option '" + name + "'";
      return std::nullopt;
    }
  }
  return options;
}

}  // namespace load
