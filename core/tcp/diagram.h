// The edges of RFC 9293's state diagram (Figure 5) and of its notes, as data:
// the UI draws them, the property tests check every transition against them.
#pragma once
#include <optional>
#include <span>
#include <string_view>

#include "core/tcp/state.h"

namespace tcplab {

enum class EdgeSource : unsigned char {
  Figure,  // drawn in RFC 9293 Figure 5
  Note,    // stated by the figure's notes or §3.10 but not drawn (timeouts, RST, ABORT)
};

struct DiagramEdge {
  State from;
  State to;
  std::string_view event;   // what happens: "rcv SYN", "CLOSE", "Timeout=2MSL"
  std::string_view action;  // what the TCP does: "snd SYN,ACK", "delete TCB", "x" (nothing)
  EdgeSource source;
};

std::span<const DiagramEdge> diagram_edges();
// The edge from -> to, preferring one drawn in the figure; nullopt if the RFC has none.
std::optional<DiagramEdge> find_edge(State from, State to);

}  // namespace tcplab
