#include "core/base/units.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <utility>

namespace tcplab {

namespace {

constexpr std::pair<std::string_view, std::uint64_t> kBandwidthUnits[] = {
    {"Gbps", 1'000'000'000}, {"Mbps", 1'000'000}, {"kbps", 1'000}, {"bps", 1}};

}  // namespace

std::optional<Duration> parse_duration(std::string_view s) {
  // Digits, an optional fraction, a unit; computed in integers so "0.1s" is exactly 100000us.
  std::size_t i = 0;
  std::int64_t whole = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    if (whole > 1'000'000'000'000LL) return std::nullopt;
    whole = whole * 10 + (s[i++] - '0');
  }
  if (i == 0) return std::nullopt;
  std::int64_t frac = 0, frac_scale = 1;
  if (i < s.size() && s[i] == '.') {
    ++i;
    const std::size_t start = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && frac_scale < 1'000'000'000) {
      frac = frac * 10 + (s[i++] - '0');
      frac_scale *= 10;
    }
    if (i == start) return std::nullopt;
  }
  const std::string_view unit = s.substr(i);
  std::int64_t us_per = 0;
  if (unit == "us") us_per = 1;
  else if (unit == "ms") us_per = 1'000;
  else if (unit == "s") us_per = 1'000'000;
  else if (unit == "min") us_per = 60'000'000;
  else return std::nullopt;
  if (frac * us_per % frac_scale != 0) return std::nullopt;  // finer than a microsecond
  if (whole > (std::int64_t{1} << 52) / us_per) return std::nullopt;  // past any useful run, and overflow
  return Duration{whole * us_per + frac * us_per / frac_scale};
}

std::optional<double> parse_probability(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string s(text);
  const bool pct = s.back() == '%';
  if (pct) s.pop_back();
  if (s.empty() || !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '.')) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size()) return std::nullopt;
  const double p = pct ? v / 100.0 : v;
  if (!(p >= 0.0 && p <= 1.0)) return std::nullopt;
  return p;
}

std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t lo, std::uint64_t hi) {
  std::uint64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> parse_bandwidth(std::string_view s) {
  if (s == "unlimited") return 0;  // the link's own default: no serialization delay
  for (const auto& [unit, mult] : kBandwidthUnits) {
    if (s.size() <= unit.size() || s.substr(s.size() - unit.size()) != unit) continue;
    // Above 1 Tbps nothing is serialized for longer than a microsecond anyway.
    const auto v = parse_uint(s.substr(0, s.size() - unit.size()), 1, 1'000'000'000'000ULL / mult);
    if (!v) return std::nullopt;
    return *v * mult;
  }
  return std::nullopt;
}

std::string format_duration(Duration d) {
  const std::int64_t us = micros(d);
  if (us != 0 && us % 60'000'000 == 0) return std::to_string(us / 60'000'000) + "min";
  if (us != 0 && us % 1'000'000 == 0) return std::to_string(us / 1'000'000) + "s";
  if (us % 1'000 == 0) return std::to_string(us / 1'000) + "ms";
  return std::to_string(us) + "us";
}

std::string format_number(double v) {
  // printf is correctly rounded everywhere we build (glibc, musl): the same text natively and in wasm.
  char buf[40];
  if (v > -1e15 && v < 1e15 && v == std::trunc(v)) {
    std::snprintf(buf, sizeof buf, "%.0f", v);  // a whole number in full, never 1e+01
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string format_bandwidth(std::uint64_t bps) {
  if (bps == 0) return "unlimited";
  for (const auto& [unit, mult] : kBandwidthUnits)
    if (bps % mult == 0 && bps / mult <= 1'000'000'000'000ULL / mult) return std::to_string(bps / mult) + std::string(unit);
  return std::to_string(bps) + "bps";
}

std::string format_percent(double p) {
  // Up to two decimals, computed with integers so the text is the same everywhere.
  const auto hundredths = static_cast<long long>(p * 10000.0 + 0.5);
  std::string text = std::to_string(hundredths / 100);
  if (const long long frac = hundredths % 100; frac != 0)
    text += "." + std::string(frac < 10 ? "0" : "") + std::to_string(frac % 10 == 0 ? frac / 10 : frac);
  return text + "%";
}

}  // namespace tcplab
