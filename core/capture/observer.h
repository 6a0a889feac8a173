// Both ends' state machines inferred from what crossed the wire, as an
// observer at the capture point sees it. A segment an end sends proves the
// state it sends from; a segment that reaches an end moves it only if it
// arrived, which the capture shows only when the end's next segment answers
// it. So each inference names the TCP rule the end followed (core/tcp/
// rules.h) and how the observer knows (an ObserverBasis), and is certain or
// assumed: assumed when nothing the end sent afterwards confirms it (the
// capture ends, or the capture point is far from that end), or when the
// segment that would prove it was not captured.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/capture/streams.h"
#include "core/tcp/rules.h"
#include "core/tcp/state.h"

namespace tcplab {

// How the observer knows. X(Name, "stable.id", "one English sentence")
#define TCPLAB_OBSERVER_BASES(X)                                                                          \
  X(Sent, "capture.sent", "The end sent this segment, which it sends only from the new state.")            \
  X(Answered, "capture.answered", "The segment reached the end: its next segment answers it.")            \
  X(Unanswered, "capture.unanswered",                                                                     \
    "The segment was sent to the end; nothing it sent afterwards was captured to show it arrived.")       \
  X(ImpliedBySent, "capture.implied",                                                                     \
    "The end's own segment implies a segment it received that the capture does not show.")               \
  X(ListenAssumed, "capture.listen-assumed",                                                              \
    "The end answered a SYN with SYN,ACK, so it was listening; its passive OPEN was not on the wire.")    \
  X(ResetReply, "capture.reset-reply",                                                                    \
    "The end answered with a reset, as for a connection it does not have: it left this one unseen.")     \
  X(MidStream, "capture.mid-stream",                                                                      \
    "The capture starts after the handshake: the connection is taken to be ESTABLISHED already.")

enum class ObserverBasis : std::uint8_t {
#define TCPLAB_BASIS_ENUM(name, id, text) name,
  TCPLAB_OBSERVER_BASES(TCPLAB_BASIS_ENUM)
#undef TCPLAB_BASIS_ENUM
};
std::string_view basis_id(ObserverBasis b);
std::string_view basis_text(ObserverBasis b);

struct Inference {
  std::size_t packet = 0;  // index in the stream's packets of the segment that caused it
  int side = 0;            // 0: the stream's side a, 1: side b
  State from = State::Closed;
  State to = State::Closed;
  std::optional<Rule> rule;  // the RFC rule the end followed; none for MidStream
  ObserverBasis basis = ObserverBasis::Sent;
  bool certain = true;
  std::optional<std::size_t> proved_by;  // index of the end's segment that confirmed it
};

// In packet order (ties: in the order the ends acted).
std::vector<Inference> infer_states(const std::vector<StreamPacket>& packets);

}  // namespace tcplab
