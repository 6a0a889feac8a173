// The inputs of a World: user calls on connections and faults on the link.
// Scenarios schedule them at times; the UI applies them now. Either way they
// are recorded, which is what makes rewind (replay up to a time) exact.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/sim/link.h"
#include "core/sim/payload.h"
#include "core/wire/segment.h"
#include "core/base/time.h"

namespace tcplab {

// Which segments a targeted fault picks. Flags compare exactly on SYN, FIN,
// RST and ACK; PSH, URG and the ECN bits are ignored unless listed, so "ACK"
// is any segment whose only control bit is ACK.
struct SegmentFilter {
  std::optional<Flags> flags;
  std::optional<bool> has_payload;  // "pure" (false) or "data" (true)
  std::optional<std::uint32_t> id;  // one segment by its trace id
  bool matches(Flags f, std::size_t payload, std::uint32_t seg_id) const;
  std::string describe() const;  // "SYN,ACK", "pure ACK", "any segment"
  bool operator==(const SegmentFilter&) const = default;
};

// A link direction by its sending host's index (two hosts: 0 -> 1, 1 -> 0).
using DirectionIndex = std::size_t;

struct ListenAction {
  std::string host, name;
  std::uint16_t port = 0;
  int backlog = 128;
  bool operator==(const ListenAction&) const = default;
};
struct ConnectAction {
  std::string host, name;
  std::uint16_t local_port = 0;  // 0: an ephemeral port
  std::string remote_host;
  std::uint16_t remote_port = 0;
  bool operator==(const ConnectAction&) const = default;
};
struct SendAction {
  std::string conn;
  Payload data;  // shared, not copied, by every copy of the action (the input log)
  bool operator==(const SendAction&) const = default;
};
struct ReceiveAction {
  std::string conn;
  std::size_t max = 0;
  bool operator==(const ReceiveAction&) const = default;
};
struct CloseAction {
  std::string conn;
  bool operator==(const CloseAction&) const = default;
};
struct AbortAction {
  std::string conn;
  bool operator==(const AbortAction&) const = default;
};
// An application that keeps the send buffer full (a bulk sender, as iperf
// is): it writes whenever room opens, until stopped (`on` false) or, with
// `total`, until it has written that many octets. The octets are the
// pattern_octets() pattern made as room opens, so the input log keeps no
// payload however long the transfer runs.
struct StreamAction {
  std::string conn;
  bool on = true;
  std::optional<std::uint64_t> total;
  bool operator==(const StreamAction&) const = default;
};
// The pattern `send CONN N bytes` and a stream write ('a'..'z' over and
// over), starting at `offset` octets into it: captures show where each
// octet belongs.
void fill_pattern(std::uint8_t* out, std::size_t n, std::uint64_t offset = 0);
std::vector<std::uint8_t> pattern_octets(std::size_t n);
// Whether the application reads arriving data at once (off: the window fills).
struct ReadingAction {
  std::string conn;
  bool on = true;
  bool operator==(const ReadingAction&) const = default;
};
// TCP_NODELAY on a connection: on turns Nagle's algorithm off (RFC 1122 §4.2.3.4).
struct NoDelayAction {
  std::string conn;
  bool on = true;
  bool operator==(const NoDelayAction&) const = default;
};
// The next segment sent in a direction that matches: drop it, or hold it under a label.
struct DropNextAction {
  DirectionIndex dir = 0;
  SegmentFilter filter;
  bool operator==(const DropNextAction&) const = default;
};
struct HoldNextAction {
  DirectionIndex dir = 0;
  SegmentFilter filter;
  std::string label;
  bool operator==(const HoldNextAction&) const = default;
};
// A segment already on the wire (the earliest to arrive that matches).
struct DropInFlightAction {
  DirectionIndex dir = 0;
  SegmentFilter filter;
  bool operator==(const DropInFlightAction&) const = default;
};
struct HoldInFlightAction {
  DirectionIndex dir = 0;
  SegmentFilter filter;
  std::string label;
  bool operator==(const HoldInFlightAction&) const = default;
};
// Put a held segment back on the wire: an old duplicate, arriving late.
struct ReleaseAction {
  std::string label;
  bool operator==(const ReleaseAction&) const = default;
};

// A sequence number for a crafted segment, read off the target connection
// when the segment is made: "rcv_nxt+100" lands in the target's window.
struct SeqExpr {
  enum class Base : std::uint8_t { Absolute, RcvNxt, SndNxt, SndUna, Irs, Iss };
  Base base = Base::Absolute;
  std::int64_t offset = 0;
  bool operator==(const SeqExpr&) const = default;
};
std::string describe(const SeqExpr& e);

// A segment crafted as if the target connection's peer sent it.
struct InjectAction {
  std::string target;  // the connection that receives it
  Flags flags;
  SeqExpr seq, ack;
  std::uint16_t window = 0;
  std::vector<std::uint8_t> payload;
  bool operator==(const InjectAction&) const = default;
};

// Change some settings of one direction (or both) of the link.
struct LinkChange {
  std::optional<DirectionIndex> dir;  // both when empty
  std::optional<Duration> latency, jitter, reorder_delay;
  std::optional<std::uint64_t> bandwidth_bps;
  std::optional<std::size_t> queue_limit, mtu;
  std::optional<double> loss, duplicate, reorder, corrupt;
  void apply(LinkConfig& c) const;
  bool operator==(const LinkChange&) const = default;
};

using Action = std::variant<ListenAction, ConnectAction, SendAction, ReceiveAction, CloseAction,
                            AbortAction, ReadingAction, DropNextAction, HoldNextAction,
                            DropInFlightAction, HoldInFlightAction, ReleaseAction, InjectAction,
                            LinkChange, NoDelayAction, StreamAction>;

}  // namespace tcplab
