#include "core/base/json.h"

#include <cstdio>

namespace tcplab {

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + '"';
}

std::string json_seconds(std::int64_t micros) {
  const bool negative = micros < 0;
  const std::uint64_t us = negative ? 0 - static_cast<std::uint64_t>(micros) : static_cast<std::uint64_t>(micros);
  std::string out = (negative ? "-" : "") + std::to_string(us / 1'000'000);
  if (const std::uint64_t frac = us % 1'000'000) {
    std::string digits = std::to_string(frac);
    digits.insert(0, 6 - digits.size(), '0');
    while (digits.back() == '0') digits.pop_back();
    out += "." + digits;
  }
  return out;
}

std::string json_array(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? "," : "") + items[i];
  return out + "]";
}

JsonObject& JsonObject::raw(std::string_view key, std::string_view json) {
  // Keys are escaped like any string: some are names a learner chose (host names).
  if (out_.size() > 1) out_ += ',';
  out_ += json_string(key);
  out_ += ':';
  out_ += json;
  return *this;
}

}  // namespace tcplab
