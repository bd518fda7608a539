#include "otel/resource/resource.h"

#include <limits.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <vector>

#include "otel/common/env.h"
#include "otel/common/internal_log.h"
#include "otel/semconv.h"

#ifndef OTEL_SDK_VERSION_STRING
#define OTEL_SDK_VERSION_STRING "0.0.0"
#endif

namespace otel {

const char* sdk_version() {
  return OTEL_SDK_VERSION_STRING;
}

namespace {
std::string executable_path() {
  char buf[PATH_MAX];
  const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
}
std::string base_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}
}  // namespace

Resource Resource::sdk() {
  return Resource(Attributes{{semconv::kTelemetrySdkName, "otel-cpp-compact"},
                             {semconv::kTelemetrySdkLanguage, "cpp"},
                             {semconv::kTelemetrySdkVersion, sdk_version()}});
}

Resource Resource::detect_host_and_process() {
  Attributes attrs;
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) == 0 && host[0] != '\0')
    attrs.push_back({semconv::kHostName, std::string(host)});
  attrs.push_back({semconv::kProcessPid, static_cast<std::int64_t>(getpid())});
  const std::string exe = executable_path();
  if (!exe.empty()) {
    attrs.push_back({semconv::kProcessExecutableName, base_name(exe)});
    attrs.push_back({semconv::kProcessExecutablePath, exe});
  }
  attrs.push_back({semconv::kProcessRuntimeName, "cpp"});
  return Resource(std::move(attrs));
}

Resource Resource::from_env() {
  Attributes attrs;
  for (auto& [key, value] : env::get_key_value_list("OTEL_RESOURCE_ATTRIBUTES"))
    set_attribute(attrs, key, AttributeValue(std::move(value)));
  if (auto name = env::get_string("OTEL_SERVICE_NAME"))
    set_attribute(attrs, semconv::kServiceName, AttributeValue(*name));
  return Resource(std::move(attrs));
}

Resource Resource::create(const Attributes& attributes, std::string schema_url) {
  const std::string exe = base_name(executable_path());
  Resource fallback(
      Attributes{{semconv::kServiceName, "unknown_service" + (exe.empty() ? "" : ":" + exe)}});
  return fallback.merge(sdk())
      .merge(detect_host_and_process())
      .merge(from_env())
      .merge(Resource(attributes, std::move(schema_url)));
}

Resource Resource::merge(const Resource& updating) const {
  Resource out = *this;
  for (const auto& kv : updating.attributes_) set_attribute(out.attributes_, kv.key, kv.value);
  if (out.schema_url_.empty()) {
    out.schema_url_ = updating.schema_url_;
  } else if (!updating.schema_url_.empty() && updating.schema_url_ != schema_url_) {
    internal::warn("merging resources with different schema URLs; keeping " + schema_url_);
  }
  return out;
}

}  // namespace otel

namespace otel {

std::string Resource::to_string() const {
  std::vector<const KeyValue*> sorted;
  sorted.reserve(attributes_.size());
  for (const KeyValue& attribute : attributes_) sorted.push_back(&attribute);
  std::sort(sorted.begin(), sorted.end(),
            [](const KeyValue* a, const KeyValue* b) { return a->key < b->key; });
  std::string text;
  for (const KeyValue* attribute : sorted) {
    if (!text.empty()) text += ", ";
    text += attribute->key;
    text += '=';
    text += attribute->value.to_string();
  }
  return text;
}

}  // namespace otel
