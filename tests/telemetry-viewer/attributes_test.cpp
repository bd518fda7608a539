// Attributes kept in one block: what goes in comes out (keys, types, texts, order),
// copies are independent, and the model's helpers read them as before.
#include "attributes.h"

#include <gtest/gtest.h>

#include "model.h"

namespace viewer {
namespace {

TEST(Attributes, BuilderKeepsKeysTypesTextsAndOrder) {
  AttributesBuilder builder;
  builder.Add("http.request.method", ValueType::kString, "GET");
  builder.Add("http.response.status_code", ValueType::kInt, "200");
  builder.Add("", ValueType::kEmpty, "");
  builder.Add("long", ValueType::kString, std::string(1000, 'x'));
  const Attributes attributes = builder.Build();
  ASSERT_EQ(attributes.size(), 4u);
  EXPECT_EQ(attributes[0].key, "http.request.method");
  EXPECT_EQ(attributes[0].value.type, ValueType::kString);
  EXPECT_EQ(attributes[0].value.text, "GET");
  EXPECT_EQ(attributes[1].value.type, ValueType::kInt);
  EXPECT_EQ(attributes[1].value.text, "200");
  EXPECT_EQ(attributes[2].key, "");
  EXPECT_EQ(attributes[2].value.type, ValueType::kEmpty);
  EXPECT_EQ(attributes[3].value.text.size(), 1000u);
  EXPECT_EQ(FindAttribute(attributes, "http.response.status_code")->text, "200");
  EXPECT_FALSE(FindAttribute(attributes, "missing"));
  // One block: the index and the characters, nothing per attribute.
  EXPECT_EQ(ApproxBytes(attributes), 4 * 20 + 19 + 3 + 25 + 3 + 4 + 1000u);

  // The builder starts over after Build().
  builder.Add("a", ValueType::kBool, "true");
  const Attributes second = builder.Build();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].key, "a");
  EXPECT_EQ(attributes.size(), 4u);
}

TEST(Attributes, EmptyListsCostNothing) {
  AttributesBuilder builder;
  const Attributes empty = builder.Build();
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(ApproxBytes(empty), 0u);
  EXPECT_EQ(empty.begin(), empty.end());
  EXPECT_FALSE(empty.Find(""));
  const Attributes copy = empty;
  EXPECT_TRUE(copy.empty());
}

TEST(Attributes, CopiesAndMovesAreIndependent) {
  Attributes original = {{"service.name", {ValueType::kString, "gateway"}},
                         {"port", {ValueType::kInt, "5001"}}};
  Attributes copy = original;
  Attributes moved = std::move(original);
  original = copy;  // assign back into the moved-from object
  for (const Attributes* a : {&copy, &moved, &original}) {
    ASSERT_EQ(a->size(), 2u);
    EXPECT_EQ((*a)[0].key, "service.name");
    EXPECT_EQ((*a)[0].value.text, "gateway");
    EXPECT_EQ((*a)[1].value.text, "5001");
  }
  EXPECT_NE((*copy.begin()).key.data(), (*moved.begin()).key.data());
  copy = copy;  // self-assignment keeps it
  EXPECT_EQ(copy[1].key, "port");
}

TEST(Attributes, IterationAndSeriesKey) {
  const Attributes attributes = {{"b", {ValueType::kString, "2"}}, {"a", {ValueType::kInt, "1"}}};
  std::vector<std::string> keys;
  for (const AttributeView a : attributes) keys.emplace_back(a.key);
  EXPECT_EQ(keys, (std::vector<std::string>{"b", "a"}));
  // Sorted by key, whatever the order they came in.
  EXPECT_EQ(AttributesKey(attributes),
            "a\x1f"
            "1\x1e"
            "b\x1f"
            "2\x1e");
}

}  // namespace
}  // namespace viewer
