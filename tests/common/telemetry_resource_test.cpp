#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "common/telemetry.h"
#include "scoped_env.h"

namespace {

std::string InstanceId(const otel::Resource& resource) {
  const otel::AttributeValue* value = resource.get("service.instance.id");
  if (value == nullptr || value->as_string() == nullptr) return {};
  return *value->as_string();
}

TEST(MakeResource, GivesEachProcessARandomUuidAsServiceInstanceId) {
  testsupport::ScopedEnv no_attributes("OTEL_RESOURCE_ATTRIBUTES", nullptr);
  const std::string first = InstanceId(common::telemetry::MakeResource({{"service.name", "a"}}));
  const std::string second = InstanceId(common::telemetry::MakeResource({{"service.name", "a"}}));
  const std::regex uuid_v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  EXPECT_TRUE(std::regex_match(first, uuid_v4)) << first;
  EXPECT_TRUE(std::regex_match(second, uuid_v4)) << second;
  EXPECT_NE(first, second);
}

TEST(MakeResource, KeepsAServiceInstanceIdFromCodeOrEnvironment) {
  {
    testsupport::ScopedEnv no_attributes("OTEL_RESOURCE_ATTRIBUTES", nullptr);
    EXPECT_EQ(InstanceId(common::telemetry::MakeResource({{"service.instance.id", "code-1"}})),
              "code-1");
  }
  testsupport::ScopedEnv from_env("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=env-1");
  EXPECT_EQ(InstanceId(common::telemetry::MakeResource({{"service.instance.id", "code-1"}})),
            "env-1");
}

}  // namespace
