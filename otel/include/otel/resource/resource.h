// Resource: the attributes describing the entity that produces telemetry.
#pragma once

#include <string>

#include "otel/common/attribute_value.h"

namespace otel {

class Resource {
 public:
  Resource() = default;
  explicit Resource(Attributes attributes, std::string schema_url = {})
      : attributes_(std::move(attributes)), schema_url_(std::move(schema_url)) {}

  // The SDK's default resource: telemetry.sdk.*, detected host/process attributes,
  // service.name "unknown_service:<executable>", then OTEL_RESOURCE_ATTRIBUTES and
  // OTEL_SERVICE_NAME on top; finally `attributes` from code on top of all of that.
  static Resource create(const Attributes& attributes = {}, std::string schema_url = {});
  // Only telemetry.sdk.{name,language,version}.
  static Resource sdk();
  // host.name, process.pid, process.executable.{name,path}, process.runtime.name.
  static Resource detect_host_and_process();
  // From OTEL_RESOURCE_ATTRIBUTES (percent-decoded; bad entries skipped with a warning)
  // and OTEL_SERVICE_NAME (which wins over service.name in the former).
  static Resource from_env();
  static Resource empty() { return Resource(); }

  // The specification's merge: attributes of `updating` win over ours; the schema URL
  // is whichever is non-empty (ours when both are set and differ, with a warning).
  Resource merge(const Resource& updating) const;

  const Attributes& attributes() const { return attributes_; }
  const std::string& schema_url() const { return schema_url_; }
  const AttributeValue* get(std::string_view key) const { return find_attribute(attributes_, key); }
  // "key=value, key=value, ..." sorted by key: for a log line or a test message.
  std::string to_string() const;
  friend bool operator==(const Resource&, const Resource&) = default;

 private:
  Attributes attributes_;
  std::string schema_url_;
};

// The SDK's version string (telemetry.sdk.version).
const char* sdk_version();

}  // namespace otel
