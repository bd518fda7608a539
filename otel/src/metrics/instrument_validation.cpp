#include "otel/metrics/instrument_validation.h"

namespace otel::metrics {
namespace {

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_name_char(char c) {
  return is_ascii_letter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' ||
         c == '/';
}

// Printable and safe to quote in a message.
std::string quote(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 80)) out.push_back((c >= 0x20 && c < 0x7f) ? c : '?');
  if (text.size() > 80) out += "...";
  return out + "'";
}

}  // namespace

std::string validate_instrument_name(std::string_view name) {
  if (name.empty()) return "instrument name is empty";
  if (name.size() > 255) {
    return "instrument name " + quote(name) + " is longer than 255 characters";
  }
  if (!is_ascii_letter(name.front())) {
    return "instrument name " + quote(name) + " must start with an ASCII letter";
  }
  for (char c : name) {
    if (!is_name_char(c)) {
      return "instrument name " + quote(name) + " contains a character outside [A-Za-z0-9_.-/]";
    }
  }
  return "";
}

std::string validate_instrument_unit(std::string_view unit) {
  if (unit.size() > 63) return "instrument unit " + quote(unit) + " is longer than 63 characters";
  for (char c : unit) {
    if (static_cast<unsigned char>(c) > 0x7f)
      return "instrument unit " + quote(unit) + " is not ASCII";
  }
  return "";
}

std::string validate_instrument_description(std::string_view description) {
  if (description.size() > 1023) return "instrument description is longer than 1023 characters";
  return "";
}

}  // namespace otel::metrics
