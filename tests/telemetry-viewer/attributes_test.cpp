// Attributes kept in one block: what goes in comes out (keys, types, texts, order),
// copies are independent, and the model's helpers read them as before.
#include "attributes.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "key_table.h"
#include "model.h"
#include "store.h"

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
  // One block: the index, the values, and the keys the KeyTable did not take
  // (all of them here, unless other tests filled the table).
  size_t keys_in_block = 0;
  for (const char* key : {"http.request.method", "http.response.status_code", "", "long"})
    if (!KeyTable::Instance().Intern(key)) keys_in_block += std::string_view(key).size();
  EXPECT_EQ(ApproxBytes(attributes), 4 * 20 + 3 + 3 + 0 + 1000 + keys_in_block);

  // The builder starts over after Build().
  builder.Add("a", ValueType::kBool, "true");
  const Attributes second = builder.Build();
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].key, "a");
  EXPECT_EQ(attributes.size(), 4u);
}

TEST(Attributes, KeysInAnotherOrderThanTheListBefore) {
  // The builder tries the previous list's key at each position first.
  AttributesBuilder builder;
  const std::vector<std::vector<std::string>> lists = {
      {"a.key", "b.key"}, {"b.key", "a.key"}, {"a.key", "c.key", "b.key"}, {"a.key"}, {"", "a"}};
  for (const auto& keys : lists) {
    for (const auto& key : keys) builder.Add(key, ValueType::kString, "v:" + key);
    const Attributes attributes = builder.Build();
    ASSERT_EQ(attributes.size(), keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      EXPECT_EQ(attributes[i].key, keys[i]);
      EXPECT_EQ(attributes[i].value.text, "v:" + keys[i]);
    }
  }
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
  // Each list has its own block (the keys themselves may be shared, interned).
  EXPECT_NE(copy[0].value.text.data(), moved[0].value.text.data());
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

// "k" + std::to_string(i), spelt out: g++ 12 warns (-Wrestrict) on operator+ here.
std::string NumberedKey(const char* prefix, size_t i) {
  std::string key(prefix);
  key += std::to_string(i);
  return key;
}

TEST(KeyTable, OneSlotPerKeyAndKeysReadBack) {
  KeyTable table;
  const auto a = table.Intern("http.request.method");
  const auto b = table.Intern("url.path");
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(table.Intern("http.request.method"), a);
  EXPECT_EQ(table.Key(*a), "http.request.method");
  EXPECT_EQ(table.Key(*b), "url.path");
  EXPECT_TRUE(table.Intern(""));
  EXPECT_EQ(table.keys(), 3u);
  EXPECT_FALSE(table.Intern(std::string(KeyTable::kMaxKeyBytes + 1, 'k')));  // too long
}

TEST(KeyTable, StopsTakingKeysWhenFullAndKeepsThoseItHas) {
  KeyTable table;
  for (size_t i = 0; i < KeyTable::kMaxKeys; ++i)
    ASSERT_TRUE(table.Intern(NumberedKey("key-", i))) << i;
  EXPECT_FALSE(table.Intern("one-too-many"));
  EXPECT_EQ(table.keys(), KeyTable::kMaxKeys);
  const auto old = table.Intern("key-7");  // still there, same slot
  ASSERT_TRUE(old);
  EXPECT_EQ(table.Key(*old), "key-7");
}

TEST(KeyTable, ThreadsInterningTheSameKeysAgree) {
  KeyTable table;
  constexpr int kKeys = 500, kThreads = 4;
  std::vector<std::vector<uint32_t>> slots(kThreads, std::vector<uint32_t>(kKeys));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int n = 0; n < kKeys; ++n) {
        const int i = t % 2 == 0 ? n : kKeys - 1 - n;  // opposite orders race harder
        slots[static_cast<size_t>(t)][static_cast<size_t>(i)] =
            table.Intern(NumberedKey("k", static_cast<size_t>(i))).value_or(UINT32_MAX);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(table.keys(), static_cast<size_t>(kKeys));
  for (int i = 0; i < kKeys; ++i) {
    for (int t = 1; t < kThreads; ++t)
      EXPECT_EQ(slots[static_cast<size_t>(t)][static_cast<size_t>(i)],
                slots[0][static_cast<size_t>(i)]);
    EXPECT_EQ(table.Key(slots[0][static_cast<size_t>(i)]),
              NumberedKey("k", static_cast<size_t>(i)));
  }
}

TEST(KeyTable, InternedKeysOutliveTheSpansThatBroughtThem) {
  // The first span with a new key is evicted (and freed); spans after it, and
  // copies of their attributes, still read the key.
  Store store({.max_spans = 1, .max_logs = 1, .max_metric_points = 1, .max_bytes = 1ull << 30});
  auto span = [](uint8_t id) {
    Span s;
    s.trace_id[0] = id;
    s.span_id[0] = id;
    AttributesBuilder builder;
    builder.Add("survivor.key.first.seen.in.span.1", ValueType::kInt, std::to_string(id));
    s.attributes = builder.Build();
    return s;
  };
  store.AddSpans({span(1)});
  store.AddSpans({span(2)});  // evicts span 1, the key's first owner
  ASSERT_FALSE(store.GetTrace(TraceId{1}));
  store.AddSpans({span(3)});  // evicts span 2
  const auto trace = store.GetTrace(TraceId{3});
  ASSERT_TRUE(trace);
  const Attributes copy = (*trace)[0]->attributes;
  ASSERT_EQ(copy.size(), 1u);
  EXPECT_EQ(copy[0].key, "survivor.key.first.seen.in.span.1");
  EXPECT_EQ(FindAttribute(copy, "survivor.key.first.seen.in.span.1")->text, "3");
}

}  // namespace
}  // namespace viewer
