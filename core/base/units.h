// Durations, probabilities, bandwidths and counts as text, read and
// written: the scenario format's spellings (docs/scenario-format.md), which
// the URL parameters, the JavaScript API and the world's own trace text
// (a link line) share. Every writer gives text its reader takes back
// unchanged; every reader says nothing on bad text (nullopt), so each door
// can say in its own words what was expected, with the hints below.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/base/time.h"

namespace tcplab {

inline constexpr std::string_view kDurationHint = "a duration such as 10ms, 1.5s, 250us or 2min";
inline constexpr std::string_view kProbabilityHint = "a probability such as 5% or 0.05";
inline constexpr std::string_view kBandwidthHint = "a bandwidth such as 10Mbps, 512kbps or 1Gbps, or unlimited";

// --- reading: nullopt when the text is not one ---
// Durations as the format writes them: "10ms", "1.5s", "250us", "2min".
std::optional<Duration> parse_duration(std::string_view s);
std::optional<double> parse_probability(std::string_view s);       // "5%", "0.05"
std::optional<std::uint64_t> parse_bandwidth(std::string_view s);  // bits per second; "unlimited" is 0
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t lo, std::uint64_t hi);

// --- writing: what the readers above give back unchanged ---
std::string format_duration(Duration d);          // "250ms", "1s", "2min", "1500us"
std::string format_number(double v);              // the shortest decimal that reads back exactly
std::string format_bandwidth(std::uint64_t bps);  // "10Mbps", "unlimited"
std::string format_percent(double p);             // "5%", "0.25%": at most two decimals

}  // namespace tcplab
