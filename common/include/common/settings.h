// Settings from the environment. A bad or missing setting is a StartupError,
// which RunMain turns into ONE line on stderr and a non-zero exit.
#pragma once

#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>

namespace common {

class StartupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The value of `name`; StartupError "missing required setting NAME" when unset or empty.
std::string RequiredSetting(const char* name);
// The value of `name`, or `fallback` when unset or empty.
std::string Setting(const char* name, std::string_view fallback);
// Like RequiredSetting/Setting, but the value must be an http:// or https:// URL.
std::string RequiredUrlSetting(const char* name);
std::string UrlSetting(const char* name, std::string_view fallback);
// A positive number of seconds (decimals allowed, e.g. "0.5").
double SecondsSetting(const char* name, double fallback);
// One of `allowed`; anything else is a StartupError listing the choices.
std::string ChoiceSetting(const char* name, std::string_view fallback,
                          std::initializer_list<std::string_view> allowed);
// HOST (default 127.0.0.1) and PORT (default 5000, 1..65535).
std::string HostSetting();
int PortSetting();

// Runs a service's main body. SIGINT/SIGTERM are blocked first (before any
// thread exists) so that only the server's signal watcher receives them. A
// StartupError (or any other exception) becomes "<service>: error: <message>"
// on stderr and exit status 2.
int RunMain(std::string_view service_name, const std::function<int()>& body);

}  // namespace common
