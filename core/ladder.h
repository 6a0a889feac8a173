// The trace as a text ladder diagram: one line per segment (time, direction,
// flags, seq, ack, len, win, fate) with both hosts' states beside it, and an
// indented line for each state change, timer expiry, user call and fault.
#pragma once
#include <string>

#include "world.h"

namespace tcplab {

std::string ladder(const World& w);

}  // namespace tcplab
