#include "core/tcp/diagram.h"

#include <array>

namespace tcplab {
namespace {

using S = State;
constexpr auto F = EdgeSource::Figure;
constexpr auto N = EdgeSource::Note;

constexpr std::array kEdges = {
    // RFC 9293 Figure 5, top to bottom.
    DiagramEdge{S::Closed, S::Listen, "passive OPEN", "create TCB", F},
    DiagramEdge{S::Closed, S::SynSent, "active OPEN", "create TCB, snd SYN", F},
    DiagramEdge{S::Listen, S::Closed, "CLOSE", "delete TCB", F},
    DiagramEdge{S::Listen, S::SynReceived, "rcv SYN", "snd SYN,ACK", F},
    DiagramEdge{S::Listen, S::SynSent, "SEND", "snd SYN", F},
    DiagramEdge{S::SynSent, S::SynReceived, "rcv SYN", "snd SYN,ACK", F},
    DiagramEdge{S::SynSent, S::Established, "rcv SYN,ACK", "snd ACK", F},
    DiagramEdge{S::SynSent, S::Closed, "CLOSE", "delete TCB", F},
    DiagramEdge{S::SynReceived, S::Established, "rcv ACK of SYN", "x", F},
    // Note 1: only when SYN-RECEIVED was reached from a passive OPEN.
    DiagramEdge{S::SynReceived, S::Listen, "rcv RST", "x", F},
    DiagramEdge{S::SynReceived, S::FinWait1, "CLOSE", "snd FIN", F},
    DiagramEdge{S::Established, S::FinWait1, "CLOSE", "snd FIN", F},
    DiagramEdge{S::Established, S::CloseWait, "rcv FIN", "snd ACK", F},
    DiagramEdge{S::FinWait1, S::FinWait2, "rcv ACK of FIN", "x", F},
    DiagramEdge{S::FinWait1, S::Closing, "rcv FIN", "snd ACK", F},
    DiagramEdge{S::CloseWait, S::LastAck, "CLOSE", "snd FIN", F},
    DiagramEdge{S::FinWait2, S::TimeWait, "rcv FIN", "snd ACK", F},
    DiagramEdge{S::Closing, S::TimeWait, "rcv ACK of FIN", "x", F},
    DiagramEdge{S::LastAck, S::Closed, "rcv ACK of FIN", "x", F},
    DiagramEdge{S::TimeWait, S::Closed, "Timeout=2MSL", "delete TCB", F},
    // Note 2: FIN that also acknowledges ours.
    DiagramEdge{S::FinWait1, S::TimeWait, "rcv FIN, ACK of FIN", "snd ACK", N},
    // Not drawn: giving up, resets and ABORT (§3.10.5, §3.10.7, §3.10.8).
    DiagramEdge{S::SynSent, S::Closed, "SYN retries exhausted / rcv RST", "delete TCB", N},
    DiagramEdge{S::SynReceived, S::Closed, "rcv RST (active OPEN) / retries exhausted / ABORT", "delete TCB", N},
    DiagramEdge{S::Established, S::Closed, "rcv RST / ABORT / timeout", "delete TCB", N},
    DiagramEdge{S::FinWait1, S::Closed, "rcv RST / ABORT / timeout", "delete TCB", N},
    DiagramEdge{S::FinWait2, S::Closed, "rcv RST / ABORT", "delete TCB", N},
    DiagramEdge{S::CloseWait, S::Closed, "rcv RST / ABORT / timeout", "delete TCB", N},
    DiagramEdge{S::Closing, S::Closed, "rcv RST / ABORT / timeout", "delete TCB", N},
    DiagramEdge{S::LastAck, S::Closed, "rcv RST / ABORT / timeout", "delete TCB", N},
    DiagramEdge{S::TimeWait, S::Closed, "rcv RST / ABORT", "delete TCB", N},
    DiagramEdge{S::Listen, S::Closed, "ABORT", "delete TCB", N},
};

}  // namespace

std::span<const DiagramEdge> diagram_edges() { return kEdges; }

std::optional<DiagramEdge> find_edge(State from, State to) {
  std::optional<DiagramEdge> found;
  for (const auto& e : kEdges) {
    if (e.from != from || e.to != to) continue;
    if (e.source == EdgeSource::Figure) return e;
    if (!found) found = e;
  }
  return found;
}

}  // namespace tcplab
