// The eleven states of a TCP connection (RFC 9293 §3.3.2).
#pragma once
#include <array>
#include <cstdint>
#include <string_view>

namespace tcplab {

enum class State : std::uint8_t {
  Closed,
  Listen,
  SynSent,
  SynReceived,
  Established,
  FinWait1,
  FinWait2,
  CloseWait,
  Closing,
  LastAck,
  TimeWait,
};

inline constexpr std::array<State, 11> kAllStates = {
    State::Closed,      State::Listen,   State::SynSent,   State::SynReceived,
    State::Established, State::FinWait1, State::FinWait2,  State::CloseWait,
    State::Closing,     State::LastAck,  State::TimeWait,
};

// The RFC's spelling: "SYN-RECEIVED", "TIME-WAIT".
std::string_view rfc_name(State s);
// One sentence from RFC 9293 §3.3.2 saying what the state represents.
std::string_view meaning(State s);
// ESTABLISHED and every state after it: both sides' sequence numbers are known.
bool is_synchronized(State s);

}  // namespace tcplab
