// An Export*ServiceRequest in wire format from a batch of items (spans or log records),
// grouped as OTLP nests them (internal). Traces, metrics and logs share the layout and
// field numbers:
//   request { resource_x = 1 { resource = 1, scope_x = 2 { scope = 1, items = 2,
//             schema_url = 3 }, schema_url = 3 } }
// Groups (one scope_x each) and the resources above them come in order of first
// appearance in the batch, and items keep their batch order within a group: what the
// message-building encoders produce.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "exporters/otlp/otlp_wire_common.h"

namespace otel::exporters::otlp::wire {

// What the request writer needs to know of an item. `Item` is the batch's element type.
//   bool present(const Item&)                   false: skipped (e.g. a null pointer)
//   GroupKey group(const Item&)                 items with equal keys share a scope_x
//   std::size_t size(const Item&)               the item's body size
//   Writer write(Writer, const Item&)           writes that body
struct GroupKey {
  const void* identity = nullptr;  // what tells groups apart (with `resource`)
  const Resource* resource = nullptr;
  const InstrumentationScope* scope = nullptr;
  friend bool operator==(const GroupKey&, const GroupKey&) = default;
};

namespace request_field {
constexpr std::uint32_t kResourceX = 1;                                   // in the request
constexpr std::uint32_t kResource = 1, kScopeX = 2, kResourceSchema = 3;  // in resource_x
constexpr std::uint32_t kScope = 1, kItems = 2, kScopeSchema = 3;         // in scope_x
}  // namespace request_field

namespace detail {

struct Group {
  GroupKey key;
  std::size_t items_size = 0;  // the repeated items field, tags and lengths included
  std::size_t body_size = 0;   // the scope_x body
};

// Scratch reused across exports by each exporting thread.
struct Scratch {
  std::vector<Group> groups;
  std::vector<std::uint32_t> group_of;   // per item: its index in `groups`
  std::vector<std::uint32_t> item_size;  // per item: its body size
  std::vector<std::uint32_t> order;      // item indices, group by group
  std::vector<std::uint32_t> group_begin;
  std::vector<std::uint32_t> next;
};

inline std::size_t string_if(std::uint32_t field, std::size_t n) {
  return n == 0 ? 0 : len_field_size(field, n);
}

inline std::size_t scope_x_body_size(const Group& g) {
  std::size_t n = g.items_size;
  if (g.key.scope != nullptr) {
    n += len_field_size(request_field::kScope, scope_size(*g.key.scope));
    n += string_if(request_field::kScopeSchema, g.key.scope->schema_url.size());
  }
  return n;
}

inline std::size_t resource_x_body_size(const Resource* resource,
                                        const std::vector<Group>& groups) {
  std::size_t n = 0;
  if (resource != nullptr) {
    n += len_field_size(request_field::kResource, resource_size(*resource));
    n += string_if(request_field::kResourceSchema, resource->schema_url().size());
  }
  for (const auto& g : groups)
    if (g.key.resource == resource) n += len_field_size(request_field::kScopeX, g.body_size);
  return n;
}

// The resources of `groups` in order of first appearance (groups are in that order).
template <typename F>
void for_each_resource(const std::vector<Group>& groups, F&& f) {
  for (std::size_t i = 0; i < groups.size(); ++i) {
    bool seen = false;
    for (std::size_t j = 0; j < i && !seen; ++j)
      seen = groups[j].key.resource == groups[i].key.resource;
    if (!seen) f(groups[i].key.resource);
  }
}

}  // namespace detail

// Replaces `out` with the serialized request. False (and `out` empty) when a size
// function disagreed with its writer, which the tests rule out: the bytes are not sent.
template <typename Traits, typename Batch>
bool serialize_request(const Batch& items, std::string& out) {
  using detail::Group;
  namespace f = request_field;
  thread_local detail::Scratch scratch;
  auto& groups = scratch.groups;
  groups.clear();
  const std::size_t n = items.size();
  scratch.group_of.assign(n, 0);
  scratch.item_size.assign(n, 0);

  // Pass 1: group, and size every item once.
  for (std::size_t i = 0; i < n; ++i) {
    if (!Traits::present(items[i])) continue;
    const GroupKey key = Traits::group(items[i]);
    std::size_t g = 0;
    while (g < groups.size() && !(groups[g].key == key)) ++g;
    if (g == groups.size()) groups.push_back(Group{key});
    const std::size_t size = Traits::size(items[i]);
    scratch.group_of[i] = static_cast<std::uint32_t>(g);
    scratch.item_size[i] = static_cast<std::uint32_t>(size);
    groups[g].items_size += len_field_size(f::kItems, size);
  }
  // Items of each group together, batch order kept within a group (a counting sort).
  scratch.group_begin.assign(groups.size() + 1, 0);
  for (std::size_t i = 0; i < n; ++i)
    if (Traits::present(items[i])) ++scratch.group_begin[scratch.group_of[i] + 1];
  for (std::size_t g = 0; g < groups.size(); ++g)
    scratch.group_begin[g + 1] += scratch.group_begin[g];
  scratch.order.resize(scratch.group_begin.back());
  scratch.next.assign(scratch.group_begin.begin(), scratch.group_begin.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    if (Traits::present(items[i]))
      scratch.order[scratch.next[scratch.group_of[i]]++] = static_cast<std::uint32_t>(i);

  std::size_t total = 0;
  for (auto& g : groups) g.body_size = detail::scope_x_body_size(g);
  detail::for_each_resource(groups, [&](const Resource* r) {
    total += len_field_size(f::kResourceX, detail::resource_x_body_size(r, groups));
  });

  // Pass 2: write into a buffer of exactly that size.
  out.resize(total);
  Writer w(out.data(), out.data() + out.size());
  detail::for_each_resource(groups, [&](const Resource* r) {
    w.len_header(f::kResourceX, detail::resource_x_body_size(r, groups));
    if (r != nullptr) {
      w.len_header(f::kResource, resource_size(*r));
      w = write_resource(w, *r);
    }
    for (std::size_t g = 0; g < groups.size(); ++g) {
      const Group& group = groups[g];
      if (group.key.resource != r) continue;
      w.len_header(f::kScopeX, group.body_size);
      if (group.key.scope != nullptr) {
        w.len_header(f::kScope, scope_size(*group.key.scope));
        w = write_scope(w, *group.key.scope);
      }
      for (auto k = scratch.group_begin[g]; k < scratch.group_begin[g + 1]; ++k) {
        const std::uint32_t i = scratch.order[k];
        w.len_header(f::kItems, scratch.item_size[i]);
        w = Traits::write(w, items[i]);
      }
      if (group.key.scope != nullptr && !group.key.scope->schema_url.empty())
        w.len_field(f::kScopeSchema, group.key.scope->schema_url);
    }
    if (r != nullptr && !r->schema_url().empty()) w.len_field(f::kResourceSchema, r->schema_url());
  });
  if (w.complete(out.data() + out.size())) return true;
  out.clear();
  return false;
}

}  // namespace otel::exporters::otlp::wire
