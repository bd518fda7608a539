// load-generator's command line (see kUsage).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace load {

extern const char* const kUsage;

struct Options {
  std::string url = "http://127.0.0.1:5000";  // the frontend (loopback or the Docker route)
  bool via_gateway = false;                   // GET /?location= instead of the form's POST /
  double rate = 10;                           // requests started per second
  double duration_seconds = 60;
  std::optional<std::uint64_t> total;  // stop after this many requests
  int concurrency = 16;                // requests in flight at most
  std::uint64_t seed = 1;              // which places, in which order
  double timeout_seconds = 10;
  bool quiet = false;  // no progress lines, only the summary
  bool help = false;
};

// The options, or one line saying what is wrong.
std::optional<Options> ParseOptions(const std::vector<std::string>& args, std::string& error);

}  // namespace load
