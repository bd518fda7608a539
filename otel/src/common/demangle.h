// Readable C++ type names, for exception.type (Span::record_exception) and error.type
// (the HTTP instrumentation): one helper, so both record the same name.
#pragma once

#include <string>
#include <typeinfo>

namespace otel::internal {

// The demangled name of `type` ("std::runtime_error"), or its raw name() when the ABI
// cannot demangle it.
std::string demangled_name(const std::type_info& type);

}  // namespace otel::internal
