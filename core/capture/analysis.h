// Per-packet analysis of one stream, as an observer on the wire sees it:
// the same judgements Wireshark's tcp.analysis.* makes (its rules are
// described, and checked against tshark, in tools/dupacks.py), plus the
// challenge ACK of RFC 5961, which Wireshark does not name.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/capture/streams.h"
#include "core/tcp/rules.h"

namespace tcplab {

enum AnalysisFlag : std::uint32_t {
  kRetransmission = 1u << 0,          // data, SYN or FIN below the highest sequence number already seen
  kFastRetransmission = 1u << 1,      // ... at the ACK repeated by two or more duplicate ACKs (RFC 5681 §3.2)
  kSpuriousRetransmission = 1u << 2,  // ... of data the peer had already acknowledged
  kOutOfOrder = 1u << 3,              // ... sent soon after the highest one: reordered, not resent
  kLostSegment = 1u << 4,             // a gap before this segment: one was not captured
  kAckedUnseen = 1u << 5,             // acknowledges data the capture never showed
  kDuplicateAck = 1u << 6,            // repeats the previous ACK and window, no data (RFC 5681 §2)
  kZeroWindow = 1u << 7,              // advertises a zero window (RFC 9293 §3.8.6)
  kZeroWindowProbe = 1u << 8,         // one octet into a zero window (RFC 9293 §3.8.6.1)
  kZeroWindowProbeAck = 1u << 9,
  kWindowFull = 1u << 10,             // fills the peer's advertised window exactly
  kWindowUpdate = 1u << 11,           // only the window changed
  kKeepAlive = 1u << 12,              // 0 or 1 octet at SND.NXT - 1 (RFC 1122 §4.2.3.6)
  kKeepAliveAck = 1u << 13,
  kReset = 1u << 14,                  // RST
  kChallengeAck = 1u << 15,           // an ACK answering a RST or SYN it did not accept (RFC 5961 §3.2, §4.2)
};

struct PacketAnalysis {
  std::uint32_t flags = 0;
  std::uint32_t dup_ack_num = 0;    // kDuplicateAck: its count since the ACK last moved
  std::uint64_t dup_ack_frame = 0;  // kDuplicateAck: the frame it repeats
  bool has(AnalysisFlag f) const { return (flags & f) != 0; }
};

std::vector<PacketAnalysis> analyze(const std::vector<StreamPacket>& packets);

// "retransmission", "duplicate-ack"... one flag's id, and all of a packet's, comma-separated.
std::string_view flag_id(AnalysisFlag f);
std::string flag_list(const PacketAnalysis& a);
// The rule the sender followed to send such a packet, where core/tcp/rules.h
// names one: a retransmission after a timeout (timeout.retransmit), a window
// probe (timeout.persist), a keep-alive (timeout.keepalive), a duplicate ACK
// for data out of order (data.out-of-order), a window update, a challenge
// ACK (rst.challenge; syn.challenge when `after_syn`).
std::optional<Rule> flag_rule(AnalysisFlag f, bool after_syn = false);
inline constexpr AnalysisFlag kAllAnalysisFlags[] = {
    kRetransmission, kFastRetransmission, kSpuriousRetransmission, kOutOfOrder, kLostSegment, kAckedUnseen,
    kDuplicateAck, kZeroWindow, kZeroWindowProbe, kZeroWindowProbeAck, kWindowFull, kWindowUpdate,
    kKeepAlive, kKeepAliveAck, kReset, kChallengeAck};

}  // namespace tcplab
