// Labels of one Prometheus sample: sanitised attribute labels plus the labels the
// exporter itself adds (job, instance, otel_scope_*, le, quantile), which win over an
// attribute that sanitises to the same name.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otel/prometheus/text_writer.h"  // sanitize_label_name, escape_label_value

namespace otel::prometheus {

class LabelSet {
 public:
  // Attributes whose keys sanitise to the same label are joined with ';' in the
  // lexicographic order of their original keys (the specification's rule).
  void add_attribute(std::string_view key, std::string value) {
    attributes_[sanitize_label_name(key)].emplace(std::string(key), std::move(value));
  }
  void add_reserved(std::string name, std::string value) {
    for (auto& [existing, existing_value] : reserved_) {
      if (existing == name) {
        existing_value = std::move(value);
        return;
      }
    }
    reserved_.emplace_back(std::move(name), std::move(value));
  }
  void merge_reserved(const LabelSet& other) {
    for (const auto& [name, value] : other.reserved_) add_reserved(name, value);
  }

  // `{a="1",b="2"}`, or "" when there are no labels. Empty values are written too:
  // Prometheus treats them as absent, which is the intended meaning.
  std::string format() const {
    std::string out;
    auto append = [&out](const std::string& name, std::string_view value) {
      out += out.empty() ? "{" : ",";
      out += name;
      out += "=\"";
      out += escape_label_value(value);
      out += "\"";
    };
    for (const auto& [label, values] : attributes_) {
      if (is_reserved(label)) continue;
      std::string joined;
      for (const auto& [key, value] : values) {
        if (!joined.empty()) joined += ";";
        joined += value;
      }
      append(label, joined);
    }
    for (const auto& [name, value] : reserved_) append(name, value);
    if (!out.empty()) out += "}";
    return out;
  }

 private:
  bool is_reserved(const std::string& label) const {
    for (const auto& [name, value] : reserved_) {
      if (name == label) return true;
    }
    return false;
  }

  std::map<std::string, std::multimap<std::string, std::string>> attributes_;
  std::vector<std::pair<std::string, std::string>> reserved_;
};

}  // namespace otel::prometheus
