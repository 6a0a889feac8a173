// The backquoted shell lines packetdrill scripts begin with, as Linux's own
// TCP tests write them:
//
//   `../common/defaults.sh
//    sysctl -q net.ipv4.tcp_sack=0 net.ipv4.tcp_rmem="4096 87380 6291456"`
//
// The runner cannot run a shell (core has no I/O), so it reads each command
// for what it means to the stack: the defaults script is Linux's defaults
// (the Linux profile), and the net.ipv4.tcp_* settings it knows map onto the
// Profile. Everything else is "unsupported" with its line: the script then
// does not pass, and does not run on settings it did not ask for.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/base/result.h"
#include "core/drill/drill_parser.h"
#include "core/tcp/profile.h"

namespace tcplab::drill {

// What stops a block: something the lab does not have (unsupported: the
// script is outside the subset) or a value Linux would refuse too.
struct ShellProblem {
  Position at;
  std::string what;  // "sysctl net.ipv4.tcp_frto=2"
  bool unsupported = true;
};

// Applies every command of one backquoted block, in order, to `profile`.
// `start` is the block's first character in the script (after the '`').
Result<Ok, ShellProblem> apply_shell_block(std::string_view block, Position start, Profile& profile);

// Linux's window scale for a receive buffer limit (tcp_select_initial_window):
// ilog2(max(tcp_rmem[2], net.core.rmem_max)) - 15, held to 0..14. Measured
// on 6.18: a max of 8388607 gives 7 and 8388608 gives 8 (not "the smallest
// shift that fits the buffer", which would give 8 for both).
std::uint8_t linux_window_scale(std::uint64_t rmem_max_buffer);
// net.core.rmem_max's kernel default (SK_RMEM_MAX: 256 sk_buffs' worth);
// hosts may raise it, which then raises the shift.
inline constexpr std::uint64_t kLinuxCoreRmemMax = 212992;

}  // namespace tcplab::drill
