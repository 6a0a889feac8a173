// The scenario format's words (docs/scenario-format.md): durations,
// probabilities, bandwidths, flags, segment filters, directions, sequence
// expressions and link settings, read and written. The scenario parser, the
// URL parameters (lab_params.h) and the JavaScript API (lab_api.h) read them
// all here, so every door accepts the same spellings and says the same
// thing about a wrong one: "expected HINT, got 'TEXT'".
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/sim/actions.h"
#include "core/wire/segment.h"  // flags_long() writes what parse_flags() reads
#include "core/base/time.h"

namespace tcplab {

inline constexpr std::string_view kDurationHint = "a duration such as 10ms, 1.5s, 250us or 2min";
inline constexpr std::string_view kProbabilityHint = "a probability such as 5% or 0.05";
inline constexpr std::string_view kBandwidthHint = "a bandwidth such as 10Mbps, 512kbps or 1Gbps, or unlimited";
inline constexpr std::string_view kFlagsHint = "control flags such as RST or SYN,ACK";
inline constexpr std::string_view kSeqExprHint = "a sequence number such as 1000, rcv_nxt, rcv_nxt+100 or snd_una-1";
inline constexpr std::string_view kFilterHint = "a segment filter such as SYN,ACK, pure ACK, data or #12";
// "a port number from 1 to 65535"
std::string range_hint(std::string_view what, std::uint64_t lo, std::uint64_t hi);

// --- reading: nullopt when the text is not one ---
// Durations as the format writes them: "10ms", "1.5s", "250us", "2min".
std::optional<Duration> parse_duration(std::string_view s);
std::optional<double> parse_probability(std::string_view s);       // "5%", "0.05"
std::optional<std::uint64_t> parse_bandwidth(std::string_view s);  // bits per second; "unlimited" is 0
std::optional<std::uint64_t> parse_uint(std::string_view s, std::uint64_t lo, std::uint64_t hi);
// Two hex digits per octet: "00ff" -> {0x00, 0xff}.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view s);
std::optional<Flags> parse_flags(std::string_view s);              // "SYN,ACK"; "none" as flags_long() writes no flag
std::optional<SeqExpr> parse_seq_expr(std::string_view s);
// One word of a filter: flags, "pure", "data" or "#ID"; false if it is none.
bool add_filter_word(SegmentFilter& f, std::string_view word);
// Filter words separated by spaces; empty text: any segment.
std::optional<SegmentFilter> parse_filter(std::string_view s);
// "client->server": the sending host's index.
std::optional<DirectionIndex> parse_direction(std::string_view s, const std::vector<std::string>& hosts);

// --- writing: what the readers above give back unchanged ---
std::string format_duration(Duration d);        // "250ms", "1s", "2min", "1500us"
std::string format_number(double v);            // the shortest decimal that reads back exactly
std::string format_bandwidth(std::uint64_t bps);  // "10Mbps", "unlimited"
std::string format_filter(const SegmentFilter& f);  // "#3 data ACK"; empty for any segment
// A string in double quotes: printable ASCII as is, \" \\ \n \t, any other byte as \xHH.
std::string quote(std::string_view bytes);

// --- link settings, by their scenario and URL names ---
inline constexpr std::array<std::string_view, 10> kLinkKeys{
    "latency", "jitter", "bandwidth", "queue", "loss", "duplicate", "reorder", "reorder_delay", "corrupt", "mtu"};
bool is_link_key(std::string_view key);
// Sets `key` (one of kLinkKeys) from its text; when the text is not a value
// of it, returns what one looks like ("a probability such as 5% or 0.05").
std::optional<std::string> set_link_setting(LinkChange& c, std::string_view key, std::string_view value);
// The settings `c` changes, in kLinkKeys order, as (key, value text).
std::vector<std::pair<std::string_view, std::string>> link_settings(const LinkChange& c);

}  // namespace tcplab
