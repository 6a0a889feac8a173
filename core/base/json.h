// JSON text, written the one way the trace export, the lab API and the UI's
// test hooks all use: strings escaped here, keys in the order given, numbers
// printed the same on every platform.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tcplab {

// A JSON string literal: '"' and '\' escaped, control characters as \u00XX.
std::string json_string(std::string_view s);
// Microseconds as seconds, exactly: 1500000 -> 1.5, 1 -> 0.000001.
std::string json_seconds(std::int64_t micros);
// Already-written JSON values as an array.
std::string json_array(const std::vector<std::string>& items);

// A JSON object built key by key.
class JsonObject {
 public:
  JsonObject& str(std::string_view key, std::string_view v) { return raw(key, json_string(v)); }
  JsonObject& num(std::string_view key, long long v) { return raw(key, std::to_string(v)); }
  JsonObject& boolean(std::string_view key, bool v) { return raw(key, v ? "true" : "false"); }
  JsonObject& null(std::string_view key) { return raw(key, "null"); }
  JsonObject& raw(std::string_view key, std::string_view json);
  std::string done() const { return out_ + '}'; }

 private:
  std::string out_ = "{";
};

}  // namespace tcplab
