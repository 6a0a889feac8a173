// Every piece of text the lab shows, by id, so a second language (zh-CN) is
// one more table. Rule sentences and RFC references come from core's
// rule_text()/rule_reference(); state names stay in the RFC's spelling.
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>

namespace tcplab::ui {

// X(Id, "English text"). Templates use {0}, {1}... for their arguments.
#define TCPLAB_UI_STRINGS(X)                                                                              \
  X(PanelControls, "Controls")                                                                            \
  X(PanelTimers, "Timers")                                                                                \
  X(PanelStateMachines, "State machines")                                                                 \
  X(PanelLadder, "Ladder")                                                                                \
  X(PanelInspector, "Packet inspector")                                                                   \
  X(PanelNarration, "Narration")                                                                          \
  X(Client, "Client")                                                                                     \
  X(Server, "Server")                                                                                     \
  X(Play, "Play")                                                                                         \
  X(Pause, "Pause")                                                                                       \
  X(Step, "Step")                                                                                         \
  X(StepTip, "Run to the next event (a segment arriving, a timer firing). Keys: right arrow; left arrow steps back.")            \
  X(PlayTip, "Run or freeze simulated time. Key: space.")                                                 \
  X(Reset, "Reset")                                                                                       \
  X(ResetTip, "Start again with an empty world and the setup below.")                                     \
  X(Speed, "speed")                                                                                       \
  X(Time, "time")                                                                                         \
  X(TimeTip, "Drag to rewind: the world is replayed exactly up to that moment; play to redo what followed.") \
  X(Listen, "Listen")                                                                                     \
  X(Connect, "Connect")                                                                                   \
  X(SendText, "Send text")                                                                                \
  X(SendBytes, "Send bytes")                                                                              \
  X(Close, "Close")                                                                                       \
  X(Abort, "Abort")                                                                                       \
  X(Port, "port")                                                                                         \
  X(Octets, "octets")                                                                                     \
  X(ListenTip, "Passive OPEN on this port: wait for a SYN.")                                              \
  X(ConnectTip, "Active OPEN from this port to the other side's port: send SYN.")                        \
  X(CloseTip, "CLOSE: no more data from this side; FIN once queued data is sent.")                        \
  X(AbortTip, "ABORT: send RST and forget the connection.")                                               \
  X(SimOpen, "Simultaneous open")                                                                         \
  X(SimOpenTip, "Both sides send SYN at the same instant, each to the other's port.")                     \
  X(SimClose, "Simultaneous close")                                                                       \
  X(SimCloseTip, "Both applications CLOSE at the same instant: the FINs cross.")                          \
  X(Both, "Both sides")                                                                                   \
  X(Link, "Link")                                                                                         \
  X(LinkTip, "Settings of one direction of the wire; they apply at once.")                               \
  X(Latency, "latency ms")                                                                                \
  X(Jitter, "jitter ms")                                                                                  \
  X(Loss, "loss %")                                                                                       \
  X(Duplicate, "duplicate %")                                                                             \
  X(Reorder, "reorder %")                                                                                 \
  X(Corrupt, "corrupt %")                                                                                 \
  X(Bandwidth, "bandwidth kbit/s (0: unlimited)")                                                         \
  X(DropNext, "Drop the next segment")                                                                    \
  X(DropNextTip, "The next segment sent this way vanishes on the wire.")                                  \
  X(Setup, "Setup")                                                                                       \
  X(Profile, "profile")                                                                                   \
  X(ProfileRfc, "RFC 9293")                                                                               \
  X(ProfileLinux, "Linux-like")                                                                           \
  X(Msl, "MSL")                                                                                           \
  X(LabMsl, "lab MSL (seconds)")                                                                          \
  X(RealMsl, "real MSL")                                                                                  \
  X(MslNote, "TIME-WAIT lasts {0}. Applies on Reset.")                                                    \
  X(Lessons, "Lessons")                                                                                   \
  X(Load, "Load")                                                                                         \
  X(LessonLoaded, "Lesson: {0}")                                                                          \
  X(Held, "Held segments")                                                                                \
  X(Release, "Release")                                                                                   \
  X(NoConnection, "no connection")                                                                        \
  X(Stopped, "stopped")                                                                                   \
  X(NoTimers, "no timer running")                                                                        \
  X(Backoff, "backoff {0}, RTO {1}")                                                                      \
  X(MslInUse, "MSL {0}")                                                                                  \
  X(Remaining, "{0} left of {1}")                                                                         \
  X(Relative, "relative numbers")                                                                         \
  X(FollowNow, "follow now")                                                                              \
  X(LadderHint, "wheel: zoom · drag: pan · click a segment to inspect, or one in flight to drop or hold it") \
  X(Drop, "Drop it")                                                                                      \
  X(Hold, "Hold it")                                                                                      \
  X(Inspect, "Inspect")                                                                                   \
  X(InspectorEmpty, "Click a segment in the ladder to see its bytes.")                                    \
  X(Retransmission, "retransmission")                                                                     \
  X(DuplicateMark, "duplicate")                                                                           \
  X(CorruptedMark, "corrupted")                                                                           \
  X(HeldMark, "held")                                                                                     \
  X(LostMark, "lost")                                                                                     \
  X(Field, "field")                                                                                       \
  X(Value, "value")                                                                                       \
  X(NarrationEmpty, "Press Listen on the server, then Connect on the client, or load a lesson.")         \
  X(Visited, "visited")                                                                                   \
  X(EdgeTip, "{0} / {1}")                                                                                 \
  X(StateTipTaken, "entered {0} time(s)")                                                                 \
  /* narration templates: {0} side, then details */                                                      \
  X(NarrSent, "{0} sends {1}.")                                                                           \
  X(NarrSentWhy, "{0} sends {1}: {2}")                                                                    \
  X(NarrRetransmit, "{0} retransmits {1}: {2}")                                                           \
  X(NarrState, "{0}: {1} → {2}. {3}")                                                                     \
  X(NarrLost, "{1} from {0} is lost on the link ({2}).")                                                  \
  X(NarrDropped, "{1} from {0} is dropped: {2}.")                                                         \
  X(NarrCorrupted, "{1} from {0} arrives corrupted; the receiver's checksum check drops it ({2}).")       \
  X(NarrHeld, "{1} from {0} is held off the wire ({2}).")                                                 \
  X(NarrReleased, "{1} from {0} is put back on the wire: an old duplicate.")                              \
  X(NarrDuplicated, "The link duplicates {1} from {0}.")                                                  \
  X(NarrRejected, "{0} drops {1}: {2}")                                                                   \
  X(NarrTimerFired, "{0}: the {1} timer fires.")                                                          \
  X(NarrCall, "{0} calls {1} {2}")                                                                        \
  X(NarrCallFailed, "{0} calls {1}: error \"{2}\"")                                                       \
  X(NarrError, "{0} is told: \"{1}\". {2}")                                                              \
  X(NarrDelivered, "{0} hands {1} octet(s) to its application.")                                         \
  X(NarrBuffered, "{0} keeps {1} octet(s) in its receive buffer: its application is not reading.")        \
  X(NarrFault, "Link: {0}")                                                                               \
  X(NarrHost, "{0}: {1}")                                                                                 \
  /* answers to the syllabus's questions, given when the moment comes */                                 \
  X(WhyThree,                                                                                             \
    "Why a third segment? The server's SYN,ACK must itself be acknowledged: only then does the server "   \
    "know the client received its sequence number. It also protects against an old duplicate SYN: a "     \
    "client that did not ask answers the stray SYN,ACK with RST instead of an ACK, so no connection is "  \
    "made from a ghost.")                                                                                 \
  X(WhyFour,                                                                                              \
    "Why four segments to close? Each direction closes on its own. This ACK only says 'I got your FIN'; " \
    "the application here may still send before it closes its own side with a FIN (half-close).")        \
  X(WhyTimeWait,                                                                                          \
    "Why wait 2MSL ({0} here)? If the last ACK is lost, the peer retransmits its FIN and this side must " \
    "still be there to answer; and after two segment lifetimes no stray segment of this connection can "  \
    "still be on the network to confuse a new one with the same ports.")                                  \
  X(WhyLostThirdAck,                                                                                      \
    "The third ACK of the handshake is lost. The client is already ESTABLISHED; the server stays in "      \
    "SYN-RECEIVED. Nobody resets: when its timer fires the server retransmits its SYN,ACK, the client "    \
    "answers that SYN,ACK with an ACK again (RFC 5961's challenge ACK), and that ACK, or any data "       \
    "segment from the client, which carries the same acknowledgment, completes the handshake.")          \
  X(WhyClosing,                                                                                           \
    "Simultaneous close: this side's FIN crossed the peer's. It acknowledges the peer's FIN and waits in "  \
    "CLOSING for the ACK of its own.")                                                                    \
  X(WhySimOpen,                                                                                           \
    "Simultaneous open: a SYN arrived while this side's own SYN was out, so it answers SYN,ACK and both "  \
    "sides meet in SYN-RECEIVED; four segments, one connection.")                                          \
  X(WhyLastAckLost,                                                                                       \
    "The last ACK is lost: the peer in LAST-ACK will retransmit its FIN, and this side, still in "          \
    "TIME-WAIT, answers it again. This is the first reason for TIME-WAIT.")                               \
  X(Why, "Why?")                                                                                         \
  X(Reading, "app reads")                                                                        \
  X(ReadingTip, "Off: arriving data piles up in the receive buffer and the advertised window shrinks to zero.") \
  X(SpoofRst, "Spoof RST")                                                                               \
  X(SpoofRstTip, "A forged RST arrives at this side, as if from its peer, at RCV.NXT + offset (RFC 5961).") \
  X(Offset, "offset")                                                                                    \
  X(DelayedAck, "delayed ACK")                                                                           \
  X(ReceiveBuffer, "receive buffer (octets)")                                                            \
  X(SynRetries, "SYN retries")                                                                           \
  X(SynAckRetries, "SYN,ACK retries")                                                                    \
  X(EdgeLabels, "edge labels")                                                                           \
  X(CopyLink, "Copy link")                                                                               \
  X(CopyLinkTip, "A link that opens this run again, paused at this moment, with the same settings.")     \
  X(LinkTitle, "This run, paused at t = {0} s:")                                                         \
  X(LinkCopying, "Copying…")                                                                             \
  X(LinkCopied, "Copied to the clipboard.")                                                              \
  X(LinkRefused, "The browser did not allow copying here: select the link and copy it (Ctrl+C).")       \
  X(Done, "Done")                                                                                        \
  X(BurstCount, "(×{0} at once)")                                                                      \
  X(LessonBanner, "Lesson {0}: {1}")                                                                    \
  X(Capture, "Download capture (.pcap)")                                                                 \
  X(CaptureTip, "The run so far as the client saw it, a pcap file for Wireshark or tshark.")               \
  /* --- issue 14: the window lane, the time-sequence graph, data-transfer controls (views) --- */      \
  X(WindowLane, "window lane")                                                                           \
  X(WindowLaneTip, "Under the ladder, on its time axis: the sender's congestion window, ssthresh, bytes in flight and the receiver's advertised window.") \
  X(LaneSender, "sender")                                                                                \
  X(LaneCwnd, "cwnd")                                                                                    \
  X(LaneSsthresh, "ssthresh")                                                                            \
  X(LaneFlight, "in flight")                                                                             \
  X(LanePeerWindow, "receiver's window")                                                                 \
  X(LaneEmpty, "No congestion window yet: it starts when the connection is established and the sender has data.") \
  X(LaneValues, "cwnd {0}  ssthresh {1}  in flight {2}  receiver's window {3}")                          \
  X(LaneDecision, "{0}: {1} (segment #{2})")                                                             \
  X(LaneInfinite, "∞")                                                                                   \
  X(LaneTime, "t = {0} s, {1}")                                                                          \
  X(GraphRetransmissionMark, "R")                                                                        \
  X(PhaseSlowStart, "slow start")                                                                        \
  X(PhaseAvoidance, "congestion avoidance")                                                              \
  X(PhaseFastRecovery, "fast recovery")                                                                  \
  X(PhaseAfterTimeout, "after a timeout")                                                                \
  X(MarkDupAck, "duplicate ACK")                                                                         \
  X(MarkFastRetransmit, "fast retransmit")                                                               \
  X(MarkTimeout, "timeout")                                                                              \
  X(MarkWindowUpdate, "window update")                                                                   \
  X(ViewLadder, "ladder")                                                                                \
  X(ViewSequence, "time-sequence graph")                                                                 \
  X(ViewSequenceTip, "Stevens's time-sequence graph: each data segment a bar at its sequence numbers over time, the ACK line and the receive window's edge above it.") \
  X(GraphAck, "ACK")                                                                                     \
  X(GraphWindow, "window edge")                                                                          \
  X(GraphSack, "SACK")                                                                                   \
  X(GraphRetransmission, "retransmission")                                                               \
  X(GraphDuplicate, "duplicate")                                                                         \
  X(GraphEmpty, "No data sent yet: the graph shows the data one side sends.")                            \
  X(GraphSegment, "#{0} seq {1}..{2} at {3} s")                                                           \
  X(TransferHeader, "Data transfer")                                                                     \
  X(Congestion, "congestion control")                                                                    \
  X(Bottleneck, "bottleneck (bit/s, 0 none)")                                                            \
  X(QueueLimit, "queue (packets, 0 none)")                                                               \
  X(LossPercent, "loss (%)")                                                                             \
  X(SendOctets, "Send N octets")                                                                         \
  X(KeepFull, "keep buffer full")                                                                        \
  X(KeepFullTip, "The application writes again whenever the send buffer empties, so the sender always has data.") \
  X(Compare, "compare with")                                                                             \
  X(CompareTip, "Runs the same link and seed again with this algorithm and overlays its cwnd on the lane (dashed).") \
  X(CompareNone, "nothing")                                                                              \
  X(ProfileOwn, "profile's own")                                                                         \
  X(CompareLabel, "{0} cwnd (same link, same seed)")

enum class Str : int {
#define TCPLAB_UI_STR_ENUM(id, text) id,
  TCPLAB_UI_STRINGS(TCPLAB_UI_STR_ENUM)
#undef TCPLAB_UI_STR_ENUM
};

// The text in the current language (English is the only table so far).
const char* tr(Str id);
// tr(id) with {0}, {1}... replaced by the arguments.
std::string fill(Str id, std::initializer_list<std::string_view> args);
std::string fill_text(std::string_view templ, std::initializer_list<std::string_view> args);

}  // namespace tcplab::ui
