#include "otel/metrics/instrument_validation.h"

namespace otel::metrics {
namespace {

bool IsAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool IsNameChar(char c) {
  return IsAsciiLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-' || c == '/';
}

// Printable and safe to quote in a message.
std::string Quote(std::string_view text) {
  std::string out = "'";
  for (char c : text.substr(0, 80)) out.push_back((c >= 0x20 && c < 0x7f) ? c : '?');
  if (text.size() > 80) out += "...";
  return out + "'";
}

}  // namespace

std::string ValidateInstrumentName(std::string_view name) {
  if (name.empty()) return "instrument name is empty";
  if (name.size() > 255) {
    return "instrument name " + Quote(name) + " is longer than 255 characters";
  }
  if (!IsAsciiLetter(name.front())) {
    return "instrument name " + Quote(name) + " must start with an ASCII letter";
  }
  for (char c : name) {
    if (!IsNameChar(c)) {
      return "instrument name " + Quote(name) + " contains a character outside [A-Za-z0-9_.-/]";
    }
  }
  return "";
}

std::string ValidateInstrumentUnit(std::string_view unit) {
  if (unit.size() > 63) return "instrument unit " + Quote(unit) + " is longer than 63 characters";
  for (char c : unit) {
    if (static_cast<unsigned char>(c) > 0x7f)
      return "instrument unit " + Quote(unit) + " is not ASCII";
  }
  return "";
}

std::string ValidateInstrumentDescription(std::string_view description) {
  if (description.size() > 1023) return "instrument description is longer than 1023 characters";
  return "";
}

}  // namespace otel::metrics
