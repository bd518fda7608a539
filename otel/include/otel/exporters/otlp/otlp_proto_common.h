// Conversions between the SDK's common types and the generated OTLP protobuf types,
// shared by the trace, metric and log exporters (and the viewer for decoding).
#pragma once

#include "opentelemetry/proto/common/v1/common.pb.h"
#include "opentelemetry/proto/resource/v1/resource.pb.h"
#include "otel/common/attribute_value.h"
#include "otel/common/instrumentation_scope.h"
#include "otel/resource/resource.h"

namespace otel::exporters::otlp {

namespace pb_common = ::opentelemetry::proto::common::v1;
namespace pb_resource = ::opentelemetry::proto::resource::v1;

void to_proto(const AttributeValue& value, pb_common::AnyValue* out);
void to_proto(const Attributes& attributes,
              google::protobuf::RepeatedPtrField<pb_common::KeyValue>* out);
void to_proto(const Resource& resource, pb_resource::Resource* out);
void to_proto(const InstrumentationScope& scope, pb_common::InstrumentationScope* out);

AttributeValue from_proto(const pb_common::AnyValue& value);
Attributes from_proto(const google::protobuf::RepeatedPtrField<pb_common::KeyValue>& kvs);

}  // namespace otel::exporters::otlp
