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

#include "core/base/units.h"
#include "core/sim/actions.h"
#include "core/tcp/congestion.h"
#include "core/tcp/rules.h"
#include "core/wire/segment.h"  // flags_long() writes what parse_flags() reads

namespace tcplab {

inline constexpr std::string_view kFlagsHint = "control flags such as RST or SYN,ACK";
inline constexpr std::string_view kSeqExprHint = "a sequence number such as 1000, rcv_nxt, rcv_nxt+100 or snd_una-1";
inline constexpr std::string_view kFilterHint = "a segment filter such as SYN,ACK, pure ACK, data or #12";
// "a port number from 1 to 65535"
std::string range_hint(std::string_view what, std::uint64_t lo, std::uint64_t hi);

// --- reading: nullopt when the text is not one (durations, probabilities,
// bandwidths and counts: core/base/units.h) ---
// Two hex digits per octet: "00ff" -> {0x00, 0xff}.
std::optional<std::vector<std::uint8_t>> parse_hex(std::string_view s);
std::optional<Flags> parse_flags(std::string_view s);              // "SYN,ACK"; "none" as flags_long() writes no flag
std::optional<SeqExpr> parse_seq_expr(std::string_view s);
// One word of a filter: flags, "pure", "data" or "#ID"; false if it is none.
bool add_filter_word(SegmentFilter& f, std::string_view word);
// Filter words separated by spaces; empty text: any segment.
std::optional<SegmentFilter> parse_filter(std::string_view s);
// "slow-start", "congestion-avoidance", "fast-recovery", "loss-recovery" (phase_id's words).
inline constexpr std::string_view kPhaseHint =
    "a phase (slow-start, congestion-avoidance, fast-recovery, loss-recovery)";
std::optional<CongestionPhase> parse_phase(std::string_view s);
// A rule's stable id (core/tcp/rules.h): "listen.syn", "cc.fast-retransmit".
std::optional<Rule> parse_rule_id(std::string_view s);
// "client->server": the sending host's index.
std::optional<DirectionIndex> parse_direction(std::string_view s, const std::vector<std::string>& hosts);

// --- writing: what the readers above give back unchanged ---
std::string format_filter(const SegmentFilter& f);  // "#3 data ACK"; empty for any segment
// A string in double quotes: printable ASCII as is, \" \\ \n \t, any other byte as \xHH.
std::string quote(std::string_view bytes);

// --- link settings, by their scenario and URL names ---
inline constexpr std::array<std::string_view, 10> kLinkKeys{
    "latency", "jitter", "bandwidth", "queue", "loss", "duplicate", "reorder", "reorder_delay", "corrupt", "mtu"};
bool is_link_key(std::string_view key);
// The ranges of the counted link settings: a queue limit in packets, an MTU in octets.
inline constexpr std::uint64_t kMaxQueueLimit = 1'000'000, kMinMtu = 68, kMaxMtu = 65535;
// Sets `key` (one of kLinkKeys) from its text; when the text is not a value
// of it, returns what one looks like ("a probability such as 5% or 0.05").
std::optional<std::string> set_link_setting(LinkChange& c, std::string_view key, std::string_view value);
// The settings `c` changes, in kLinkKeys order, as (key, value text).
std::vector<std::pair<std::string_view, std::string>> link_settings(const LinkChange& c);

}  // namespace tcplab
