#include "common/settings.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "common/url.h"

namespace common {
namespace {

const char* NonEmptyEnv(const char* name) {
  const char* value = std::getenv(name);
  return (value != nullptr && *value != '\0') ? value : nullptr;
}

std::string CheckedUrl(const char* name, std::string value) {
  if (!SplitUrl(value)) {
    throw StartupError(std::string(name) +
                       " must be an http:// or https:// URL with a host (and a port from 1 to "
                       "65535 if it names one), got '" +
                       value + "'");
  }
  return value;
}

}  // namespace

std::string RequiredSetting(const char* name) {
  const char* value = NonEmptyEnv(name);
  if (value == nullptr) throw StartupError(std::string("missing required setting ") + name);
  return value;
}

std::string Setting(const char* name, std::string_view fallback) {
  const char* value = NonEmptyEnv(name);
  return value != nullptr ? std::string(value) : std::string(fallback);
}

std::string RequiredUrlSetting(const char* name) {
  return CheckedUrl(name, RequiredSetting(name));
}

std::string UrlSetting(const char* name, std::string_view fallback) {
  return CheckedUrl(name, Setting(name, fallback));
}

double SecondsSetting(const char* name, double fallback) {
  const char* text = NonEmptyEnv(name);
  if (text == nullptr) return fallback;
  std::string_view view(text);
  double seconds = 0;
  auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), seconds);
  if (error != std::errc() || end != view.data() + view.size() || !std::isfinite(seconds) ||
      seconds <= 0 || seconds > 3600) {
    throw StartupError(std::string(name) + " must be a number of seconds in (0, 3600], got '" +
                       text + "'");
  }
  return seconds;
}

std::string ChoiceSetting(const char* name, std::string_view fallback,
                          std::initializer_list<std::string_view> allowed) {
  std::string value = Setting(name, fallback);
  std::string choices;
  for (std::string_view choice : allowed) {
    if (value == choice) return value;
    choices += (choices.empty() ? "" : ", ") + std::string(choice);
  }
  throw StartupError(std::string(name) + " must be one of: " + choices + " (got '" + value + "')");
}

std::string HostSetting() {
  return Setting("HOST", "127.0.0.1");
}

int PortSetting() {
  std::string text = Setting("PORT", "5000");
  int port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (error != std::errc() || end != text.data() + text.size() || port < 1 || port > 65535) {
    throw StartupError("PORT must be a port number 1-65535, got '" + text + "'");
  }
  return port;
}

int RunMain(std::string_view service_name, const std::function<int()>& body) {
  // A signal ignored by the parent (e.g. SIGINT for `cmd &` in a script) stays
  // ignored across exec and would never reach sigtimedwait: restore the default.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
  sigset_t shutdown_signals;
  sigemptyset(&shutdown_signals);
  sigaddset(&shutdown_signals, SIGINT);
  sigaddset(&shutdown_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &shutdown_signals, nullptr);
  // A client that disconnects mid-response must not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  try {
    return body();
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%.*s: error: %s\n", static_cast<int>(service_name.size()),
                 service_name.data(), error.what());
    return 2;
  }
}

}  // namespace common
