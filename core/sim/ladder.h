// The trace as a text ladder diagram: one line per segment (time, direction,
// flags, seq, ack, len, win, fate) with both hosts' states beside it, and an
// indented line for each state change, timer expiry, user call and fault.
#pragma once
#include <string>

#include "core/sim/world.h"

namespace tcplab {

// Sequence and acknowledgment numbers relative to each direction's initial
// sequence number, as Wireshark shows them (SYN seq=0, then 1...), unless
// `absolute` asks for the raw values the pcap has.
std::string ladder(const World& w, bool absolute = false);

}  // namespace tcplab
