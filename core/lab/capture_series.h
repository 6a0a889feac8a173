// The window lane's series for a replayed capture: per direction, what an
// observer at the capture point can know from the wire, in the same
// SenderSeries the lab's own runs fill, so the lane and the time-sequence
// graph draw both alike.
//
// For the side that sends (its peer is the other side):
// - bytes in flight: the highest sequence number it has sent (SYN and FIN
//   count one each, as in sequence space) minus the highest ACK its peer has
//   sent, as the capture point saw them; a point at every packet that moves
//   either. Far from the sender, this is not what the sender holds in flight.
// - the peer's advertised window, scaled by the peer's shift when both SYNs
//   carried the window scale option (RFC 7323 §2.2; a SYN's own window is
//   never scaled); as sent when the SYNs were not captured (WireScale::Unknown).
// - marks from the analysis (core/capture/analysis.h): the peer's duplicate
//   ACKs, zero windows and window updates; the sender's retransmissions and
//   fast retransmissions. Each mark and point names its frame number, the
//   ladder's segment id for a capture.
// cwnd and ssthresh never cross the wire: the series says so (from_wire)
// rather than guess them.
#pragma once
#include "core/capture/replay.h"
#include "core/sim/window_series.h"

namespace tcplab {

// One SenderSeries per side that sent anything; conn.host is the side.
WindowSeries capture_window_series(const Replay& r);

}  // namespace tcplab
