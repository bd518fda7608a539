#include "common/demangle.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>

namespace otel::internal {

std::string demangled_name(const std::type_info& type) {
  const char* mangled = type.name();
  int status = 0;
  // __cxa_demangle returns a malloc'd buffer; owned here so nothing leaks if the copy throws.
  const std::unique_ptr<char, decltype(&std::free)> readable(
      abi::__cxa_demangle(mangled, nullptr, nullptr, &status), &std::free);
  return status == 0 && readable != nullptr ? std::string(readable.get()) : std::string(mangled);
}

}  // namespace otel::internal
