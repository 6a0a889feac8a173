// Every piece of text the lab shows, by id, so a second language (zh-CN) is
// one more table. Rule sentences and RFC references come from core's
// rule_text()/rule_reference(); state names stay in the RFC's spelling.
#pragma once
#include <cstddef>
#include <initializer_list>
#include <optional>
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
  X(LessonBanner, "Lesson: {0}. {1}")                                                                   \
  X(Capture, "Download capture (.pcap)")                                                                 \
  X(CaptureTip, "The run so far as the client saw it, a pcap file for Wireshark or tshark.")             \
  /* data transfer: congestion decisions and the course's questions about them (lessons) */              \
  X(NarrCongestion, "{0}: cwnd {1} → {2}, ssthresh {3}. {4}")                                            \
  X(NarrCongestionSame, "{0}: cwnd {1}, ssthresh {2}. {3}")                                              \
  X(NarrDupAck, "{0}: duplicate ACK {1} in a row, cwnd {2}. {3}")                                        \
  X(CwndOneSegment, "1 segment")                                                                         \
  X(CwndSegments, "{0} segments")                                                                        \
  X(CwndOctets, "{0} octets")                                                                            \
  X(SsthreshUnset, "not set yet (arbitrarily high)")                                                     \
  X(CubicReduction, "(CUBIC: ssthresh = β_cubic·cwnd = 0.7·cwnd instead, RFC 9438 §4.6.)")               \
  X(WhySlowStart,                                                                                        \
    "Why is slow start exponential? Each ACK of new data adds one segment to cwnd, and every segment "   \
    "sent brings one ACK back: a round trip that sends N segments gets N ACKs and ends with 2N. So cwnd " \
    "doubles every round trip (1, 2, 4, 8...). It is slow only next to what came before it, sending the " \
    "receiver's whole window at once. With delayed ACKs only every second segment is acknowledged and "  \
    "growth is nearer 1.5 times per round trip, unless the sender counts bytes (RFC 3465).")             \
  X(WhyThreeDupAcks,                                                                                     \
    "Why three duplicate ACKs and not one? A duplicate ACK only says that a segment arrived out of "     \
    "order. The network may have merely reordered a few segments, and then the missing one arrives a "   \
    "moment later: one or two duplicates are common without any loss. Three in a row make a loss far "   \
    "likelier than reordering, so the sender retransmits now instead of waiting for its timer.")         \
  X(WhyHalve,                                                                                            \
    "Why halve? A loss says a queue on the path overflowed: the sender was putting in more than the "    \
    "bottleneck carries. Halving backs off fast enough for all the flows sharing the link to drain that " \
    "queue and to converge to fair shares (multiplicative decrease); one segment more per round trip "   \
    "afterwards probes gently for spare capacity (additive increase): AIMD.")                            \
  X(WhyCubicBeta,                                                                                        \
    "Why 0.7 and not half? CUBIC (RFC 9438 §4.6) multiplies cwnd by β_cubic = 0.7: it gives up less "    \
    "than Reno, then grows along a cubic curve that climbs quickly back toward the window where the loss " \
    "happened (W_max), lingers near it, and only then probes beyond it.")                                \
  X(WhyTimeoutOne,                                                                                       \
    "Why one segment after a timeout, but not after three duplicate ACKs? Duplicate ACKs prove that "    \
    "later segments still get through: the ACK clock runs, so fast recovery keeps data flowing at half " \
    "the rate. A timeout means nothing came back for a whole RTO: the sender no longer knows what the "  \
    "network holds, so it starts again from one segment and slow starts up to ssthresh.")                \
  X(WhyPartialAck,                                                                                       \
    "Why stay in fast recovery? This ACK covers only part of what was outstanding when the loss was "    \
    "found: another segment of the same window is missing. NewReno (RFC 6582) resends it at once, "      \
    "without waiting for three more duplicate ACKs or a timeout, and leaves fast recovery only when all " \
    "that was sent before it began is acknowledged. Reno would leave at this ACK and often end in a "    \
    "timeout.")                                                                                          \
  X(WhyBothWindows,                                                                                      \
    "Why do both windows limit the sender? The receiver's window (here 0) says how much its buffer can " \
    "take: flow control, protecting the receiver. cwnd ({0} here) is the sender's estimate of what the " \
    "network can carry: congestion control, protecting the path. The sender may have at most "           \
    "min(cwnd, receiver's window) unacknowledged, so now the receiver holds it back whatever cwnd "      \
    "allows, and its persist timer probes the closed window.")                                           \
  X(WhyTextbook,                                                                                         \
    "Textbook and real TCP: exercises change cwnd once per round trip, in whole segments (1, 2, 4, 8, "  \
    "then one more each round trip). Real TCP changes it on every ACK as it arrives (the ACK clock), in " \
    "octets: in congestion avoidance each ACK adds SMSS·SMSS/cwnd, a little under one segment per round " \
    "trip, unless the stack counts bytes (RFC 3465). Delayed ACKs halve the ACKs and slow the growth; "  \
    "the first window is 2 to 4 segments (RFC 5681) or 10 (RFC 6928, Linux), not 1; and a round trip "   \
    "is not a fixed tick but lasts as long as the queues make it.")                                       \
  /* languages and the glossary (issue 15; Chinese in strings_zh.cpp) */                               \
  X(LanguageSwitch, "Chinese")                                                                          \
  X(LanguageTip, "Show the lab in Chinese. A link you copy keeps the language.")                         \
  X(FontLoading, "Loading the Chinese font…")                                                            \
  X(Glossary, "Glossary")                                                                                \
  X(GlossaryTip, "The terms of the lab: Chinese, English and the RFC's own word.")                       \
  X(GlossaryChinese, "Chinese")                                                                          \
  X(GlossaryEnglish, "English")                                                                          \
  X(GlossaryRfc, "RFC")                                                                                  \
  X(InspectorSent, "sent {0} s · {1}")                                                                   \
  X(LinkDuplicateMark, "link duplicate")                                                                 \
  X(BytesNotRecorded, "(bytes not recorded for this trace)")                                             \
  X(EarlierLines, "… {0} earlier lines")                                                                 \
  X(RewindTo, "rewind to {0} s")                                                                         \
  /* the page's notice of URL parameters it could not use (ParamError::text() in English) */             \
  X(ParamUnknown, "unknown parameter '{0}'")                                                             \
  X(ParamUnknownHint, "unknown parameter '{0}' ({1})")                                                   \
  X(ParamValue, "parameter '{0}' = '{1}': {2}")                                                          \
  X(ParamEntry, "parameter '{0}', entry {1}: {2}")                                                       \
  X(ParamBare, "parameter '{0}': {1}")                                                                    \
  /* zhmsg: why a URL parameter was refused (core ParamReason, same order; English = param_reason_english) */ \
  X(ReasonFlag, "expected on or off (also true/false, 1/0)")                                             \
  X(ReasonDuration, "expected a duration such as 10ms, 1.5s, 250us or 2min")                             \
  X(ReasonDurationAtMost, "expected a duration such as 10ms, 1.5s, 250us or 2min, at most {0}")          \
  X(ReasonProbability, "expected a probability such as 5% or 0.05")                                      \
  X(ReasonBandwidth, "expected a bandwidth such as 10Mbps, 512kbps or 1Gbps, or unlimited")              \
  X(ReasonQueueLimit, "expected a queue limit in packets from {0} to {1}")                               \
  X(ReasonMtu, "expected an MTU in octets from {0} to {1}")                                              \
  X(ReasonCount, "expected a count from {0} to {1}")                                                     \
  X(ReasonOctets, "expected a number of octets from {0} to {1}")                                         \
  X(ReasonLessonName, "expected a lesson name such as lost-syn")                                         \
  X(ReasonScenarioTooLong, "expected a scenario of at most {0} octets (64 KiB), got {1}")                \
  X(ReasonScenarioSyntax, "{0}:{1}: {2}")                                                                \
  X(ReasonLanguage, "expected a language: {0}")                                                          \
  X(ReasonSpeed, "expected a speed from {0} to {1}, such as 2 or 0.5")                                   \
  X(ReasonProfile, "expected rfc9293 or linux")                                                          \
  X(ReasonMsl, "expected a duration from {0} to 10min such as 5s, or real (the profile's own MSL)")      \
  X(ReasonSeed, "expected a seed: a whole number from 0 to {0}")                                         \
  X(ReasonCongestion, "expected tahoe, reno, newreno or cubic")                                          \
  X(ReasonPanels, "expected panel names separated by commas, from {0}")                                  \
  X(ReasonNoPanel, "expected at least one panel")                                                        \
  X(ReasonLayout, "expected full or compact")                                                            \
  X(ReasonCapture, "expected the address of a pcap or pcapng file on this site")                         \
  X(ReasonGraph, "expected ladder or sequence")                                                          \
  X(ReasonSender, "expected client or server")                                                           \
  X(ReasonCompare, "expected tahoe, reno, newreno, cubic or off")                                        \
  X(ReasonTime, "expected a time such as 2.5s, at most 60min")                                           \
  X(ReasonRunTooLong, "more than {0} inputs; a shared run holds at most {0}")                            \
  X(ReasonRunEntry, "expected STEP@TIME ACTION such as 12@1.5s close c, got '{0}'")                      \
  X(ReasonRunAt, "expected 'at' a duration such as 10ms, 1.5s, 250us or 2min and an action")             \
  X(ReasonRunTooLate, "later than {0}, the longest a shared run may last")                               \
  X(ReasonRunOrder, "comes before entry {0} (inputs are in the order they were given)")                  \
  X(ReasonRunAction, "{0}")                                                                              \
  X(ReasonRunOctets, "the run sends more than {0} octets, the most a shared run may send")               \
  X(ReasonDidYouMean, "did you mean '{0}'?")                                                             \
  X(ReasonLessonAndScenario, "ignored: give 'lesson' or 'scenario', not both")                           \
  X(ReasonIgnoredForLesson, "ignored: the lesson '{0}' sets up its own hosts, profile and link")         \
  X(ReasonIgnoredForScenario, "ignored: the scenario sets up its own hosts, profile and link")           \
  X(ReasonNoLessons, "no lessons are loaded")                                                            \
  X(ReasonNoSuchLesson, "no such lesson; available: {0}")                                                \
  X(ReasonRunBeforeLesson, "given before the lesson's own start (step {0}); replayed there")             \
  X(ReasonRunBeforeWorld, "given before the world's own start (step {0}); replayed there")               \
  /* zhmsg: a lesson's expectations as the narration shows them when it ends (lesson_results.cpp) */        \
  X(ResultsAllMet, "Lesson over: all {0} expectations met")                                              \
  X(ResultsSomeMissed, "Lesson over: {0} of {1} expectations met")                                       \
  X(ResultsSeen, "what the run showed: {0}")                                                             \
  X(ExpectStateAt, "{0} is in {1} at {2}")                                                               \
  X(ExpectStateEnd, "{0} is in {1} when the lesson ends")                                                \
  X(ExpectTransition, "{0} goes from {1} to {2}")                                                        \
  X(ExpectSegments, "segments {1}: {2}{3} ({0})")                                                        \
  X(ExpectAtLeastOne, "at least one")                                                                    \
  X(ExpectExactly, "exactly {0}")                                                                        \
  X(ExpectNone, "no")                                                                                    \
  X(ExpectAnySegment, "any segment")                                                                     \
  X(ExpectPure, "pure")                                                                                  \
  X(ExpectData, "data")                                                                                  \
  X(ExpectFate, ", {0}")                                                                                 \
  X(ExpectSentAt, ", sent at {0}")                                                                       \
  X(ExpectByRule, ", by rule {0}")                                                                       \
  X(ExpectRetransmitted, ", retransmissions only")                                                       \
  X(ExpectDelivered, "{0} delivers {1} bytes to its application")                                        \
  X(ExpectError, "{0}'s last error is \"{1}\"")                                                          \
  X(ExpectWindowAt, "{0} at {2}: {1}")                                                                   \
  X(ExpectWindowEnd, "{0} when the lesson ends: {1}")                                                    \
  X(ExpectDecisions, "congestion decisions of {1}{2} ({0})")                                             \
  X(ExpectWith, ", with {0}")                                                                            \
  X(ExpectSegmentsUnit, "{0} segments")                                                                  \
  X(ExpectOctetsUnit, "{0} octets")                                                                      \
  X(ExpectPhase, "phase {0}")                                                                            \
  X(ExpectListSep, ", ")                                                                                 \
  X(SeenNoConnection, "no connection named '{0}' was created")                                           \
  X(SeenNoStateChange, "no state change")                                                                \
  X(SeenNoError, "no error")                                                                             \
  X(SeenNoneYet, "none yet")                                                                             \
  X(SeenInfinite, "infinite")                                                                            \
  X(SeenMatching, "{0} matching")                                                                        \
  X(SeenAt, "{0} at {1}")                                                                                \
  X(SeenFirstHad, "; the first {0} at {1} had {2}")                                                      \
  X(SeenBytes, "{0} bytes")                                                                              \
  /* zhmsg: core's trace text in the narration, worded again (trace_words.cpp) */                        \
  X(CallListenDetail, "port {0} backlog {1}")                                                            \
  X(CallConnectDetail, "{0} to {1}")                                                                     \
  X(CallOctets, "{0} octets")                                                                            \
  X(CallSendPartial, "{0} octets ({1} taken into the send buffer now; the application keeps the other {2} and hands them over as the buffer empties)") \
  X(CallUpTo, "up to {0}")                                                                               \
  X(FaultDropNext, "armed: drop the next {0} {1}")                                                       \
  X(FaultHoldNext, "armed: hold the next {0} {1} as '{2}'")                                              \
  X(FateDroppedByFault, "dropped by a fault: next {0}")                                                  \
  X(FateDroppedInFlight, "dropped in flight by a fault")                                                 \
  X(FateHeldByFault, "held as '{0}' by a fault")                                                         \
  X(FateHeldInFlight, "held in flight as '{0}'")                                                         \
  X(FateReleasedLabel, "released '{0}'")                                                                 \
  X(FateCopy, "copy is #{0}")                                                                            \
  /* --- pageui: a real capture opened in the page (issue 17) --- */                                     \
  X(OpenCapture, "Open capture…")                                                                       \
  X(OpenCaptureTip, "Open a pcap or pcapng file (Wireshark, tcpdump). It is read here, in the browser: nothing is uploaded. You can also drop the file on the lab.") \
  X(CloseCapture, "Back to the lab")                                                                     \
  X(CloseCaptureTip, "Close the capture and show the lab's own run again.")                              \
  X(CaptureTitle, "Capture {0}")                                                                        \
  X(CaptureError, "Could not open the capture: {0}")                                                    \
  X(CaptureStreams, "Connections in {0} ({1} frames, {2} TCP): pick one")                               \
  X(CaptureStreamRow, "{0}  {1} ↔ {2}  {3} packets, {4} octets, frames {5}-{6}")                        \
  X(CaptureSkipped, "Left out:")                                                                        \
  X(CapturePoint, "{0}, stream {1}: times as the capture point saw them")                               \
  X(CapturePointTip, "A capture is taken at one point on the path, perhaps far from either end: each arrow is drawn at the moment that point saw the packet. A '?' marks a state the wire does not prove (assumed).") \
  X(CaptureAssumedShort, "(assumed)")                                                                  \
  X(CaptureAssumed, "assumed: the capture does not prove it")                                           \
  X(CaptureTimers, "A capture shows segments, not timers: a timer leaves nothing on the wire but what it sends (retransmissions, window probes, keep-alives), which the ladder and the narration mark.") \
  X(CaptureFrame, "frame {0} · {1} s after the first · {2} octets captured")                                \
  X(CaptureCut, "The snapshot length cut this frame: the payload shown is partial.")                  \
  X(EndInFlight, "in flight")                                                                           \
  X(EndDelivered, "delivered")                                                                          \
  X(EndCorrupted, "corrupted on the way")                                                               \
  X(EndLost, "lost")                                                                                    \
  X(EndDropped, "dropped")                                                                              \
  X(EndHeld, "held")                                                                                    \
  X(TagFastRetransmission, "fast retransmission")                                                       \
  X(TagSpurious, "spurious retransmission")                                                             \
  X(TagOutOfOrder, "out of order")                                                                      \
  X(TagNotCaptured, "previous segment not captured")                                                   \
  X(TagAckedUnseen, "ACKs unseen data")                                                                 \
  X(TagDupAck, "duplicate ACK")                                                                         \
  X(TagZeroWindow, "zero window")                                                                       \
  X(TagZeroWindowProbe, "zero-window probe")                                                            \
  X(TagWindowFull, "window full")                                                                       \
  X(TagWindowUpdate, "window update")                                                                   \
  X(TagKeepAlive, "keep-alive")                                                                         \
  X(TagChallengeAck, "challenge ACK")                                                                   \
  X(NarrCaptureHeading, "Capture {0}, stream {1}: {2} {3} and {4} {5}, {6} packets. Both ends' states are inferred from what crossed the wire; '?' marks an assumption.") \
  X(NarrCaptureState, "{0}: {1} → {2}. {3}")                                                           \
  X(NarrCaptureAssumed, "{0}: {1} → {2}, assumed: {3}")                                                \
  X(NarrCaptureMidStream, "{0} is taken to be {2} already: {3}")                                       \
  X(NarrRetransmission, "#{0}: {1} sends {2} again: a retransmission.")                                \
  X(NarrCaptureDupAck, "#{0}: {1} repeats its ACK of #{2} (duplicate ACK {3}): a segment arrived out of order, so one before it is missing.") \
  X(NarrFastRetransmission, "#{0}: {1} resends {2} after duplicate ACKs: a fast retransmission (RFC 5681 §3.2), not waiting for its timer.") \
  X(NarrSpurious, "#{0}: {1} resends {2}, which {3} had already acknowledged: a spurious retransmission.") \
  X(NarrOutOfOrder, "#{0}: {1} sent {2} soon after a later segment: the network reordered them.")     \
  X(NarrNotCaptured, "#{0}: a segment {1} sent before this one was not captured.")                    \
  X(NarrAckedUnseen, "#{0}: {1} acknowledges data the capture never showed.")                         \
  X(NarrZeroWindow, "#{0}: {1} advertises a zero window: its receive buffer is full, and {2} must stop sending.") \
  X(NarrZeroWindowProbe, "#{0}: {1} probes {2}'s zero window with one octet.")                       \
  X(NarrZeroWindowProbeAck, "#{0}: {1} answers the window probe.")                                     \
  X(NarrWindowFull, "#{0}: {1}'s segment fills {2}'s advertised window exactly: {1} must wait for an ACK before sending more.") \
  X(NarrWindowUpdate, "#{0}: {1} announces a larger window (a window update): {2} may send again.")   \
  X(NarrKeepAlive, "#{0}: {1} sends a keep-alive to see whether {2} is still there.")                 \
  X(NarrKeepAliveAck, "#{0}: {1} answers the keep-alive.")                                             \
  X(NarrReset, "#{0}: {1} resets the connection (RST).")                                               \
  X(NarrChallengeAck, "#{0}: {1} does not accept the segment before it; it answers with a challenge ACK (RFC 5961).") \
  /* --- capture: the window lane and the graph for an opened capture (issue 17) --- */                   \
  X(MarkRetransmission, "retransmission")                                                                 \
  X(MarkZeroWindow, "zero window")                                                                        \
  X(LaneWireNote, "cwnd and ssthresh are not on the wire: a capture cannot show them.")                   \
  X(LaneWireFlightTip, "In flight: the highest sequence number this side sent minus the highest ACK its peer sent, as the capture point saw them; far from the sender it differs from what the sender holds.") \
  X(LaneScaleShift, "window scale {0} (from the SYNs)")                                                   \
  X(LaneScaleNone, "no window scaling (a SYN went without the option)")                                   \
  X(LaneScaleUnknown, "window scale unknown: the SYNs were not captured, so windows are drawn as sent")   \
  X(LaneWireTime, "t = {0} s at the capture point")                                                       \
  X(LaneWireValues, "in flight {0}  receiver's window {1}  (set by packet #{2})")                         \
  X(LaneWireEmpty, "This side sent no segment in the capture.")                                           \
  /* --- pageui: teachers' tools (issue 19) --- */                                                        \
  X(EmbedThis, "Embed this")                                                                            \
  X(EmbedThisTip, "The HTML to put this lab, with this lesson and these settings, in a course page (an iframe).") \
  X(EmbedTitle, "Paste this into your page (the run as at t = {0} s):")                                 \
  X(EmbedFrameTitle, "TCP Lab")                                                                         \
  X(EmbedFrameTitleLesson, "TCP Lab: {0}")                                                              \
  X(SaveLadderImage, "Save as image")                                                                   \
  X(SaveLadderImageTip, "Download the ladder as it is drawn now, a PNG image.")                        \
  /* --- pageui: the inspector's field names (issue 19) --- */                                          \
  X(FieldAcknowledgmentNumber, "Acknowledgment number")              \
  X(FieldBadDataOffset, "Bad data offset")                           \
  X(FieldChecksum, "Checksum")                                       \
  X(FieldDSCPECN, "DSCP / ECN")                                      \
  X(FieldDataOffset, "Data offset")                                  \
  X(FieldDestination, "Destination")                                 \
  X(FieldDestinationPort, "Destination port")                        \
  X(FieldEndOfOptions, "End of options")                             \
  X(FieldFlags, "Flags")                                             \
  X(FieldFlagsFragment, "Flags / fragment")                          \
  X(FieldFlowLabel, "Flow label")                                    \
  X(FieldHeaderChecksum, "Header checksum")                          \
  X(FieldHeaderLength, "Header length")                              \
  X(FieldHopLimit, "Hop limit")                                      \
  X(FieldIdentification, "Identification")                           \
  X(FieldMSS, "MSS")                                                 \
  X(FieldMalformedOption, "Malformed option")                        \
  X(FieldNextHeader, "Next header")                                  \
  X(FieldNoOperation, "No-operation")                                \
  X(FieldNotShown, "Not shown")                                      \
  X(FieldPayload, "Payload")                                         \
  X(FieldPayloadLength, "Payload length")                            \
  X(FieldProtocol, "Protocol")                                       \
  X(FieldSACK, "SACK")                                               \
  X(FieldSACKPermitted, "SACK permitted")                            \
  X(FieldSequenceNumber, "Sequence number")                          \
  X(FieldSource, "Source")                                           \
  X(FieldSourcePort, "Source port")                                  \
  X(FieldTTL, "TTL")                                                 \
  X(FieldTimestamps, "Timestamps")                                   \
  X(FieldTotalLength, "Total length")                                \
  X(FieldTrafficClass, "Traffic class")                              \
  X(FieldTruncated, "Truncated")                                     \
  X(FieldUrgentPointer, "Urgent pointer")                            \
  X(FieldVersion, "Version")                                         \
  X(FieldWindow, "Window")                                           \
  X(FieldWindowScale, "Window scale")                                \
  X(FieldOption, "Option {0}")                                                                       \
  X(ChecksumCorrect, "(correct)")                                                                     \
  X(ChecksumWrong, "(WRONG)")                                                                         \
  X(ChecksumNotChecked, "(not checked)")                                                                  \
  /* guided lessons, questions at checkpoints, the course's lesson list (issue 16) */                    \
  X(AskTitle, "Question {0} of {1}")                                                                     \
  X(AskState, "Which state does {0} enter next? Click it in the state diagram.")                        \
  X(AskTimer, "Which timer does {0} start next, and for how long?")                                     \
  X(AskFlags, "Which control flags does the next segment {0} carry?")                                   \
  X(AskSeq, "What sequence number does the next segment {0} carry? Relative or absolute.")              \
  X(AskAck, "What acknowledgment number does the next segment {0} carry? Relative or absolute.")        \
  X(AskFate, "What happens to the next segment {0} on the wire?")                                       \
  X(AskClickState, "Click a state in either diagram.")                                                   \
  X(AskCheck, "Check")                                                                                   \
  X(AskHint, "Hint")                                                                                     \
  X(AskReveal, "Show the answer")                                                                        \
  X(AskWrong, "Not quite: {0} is not it. Try again.")                                                    \
  X(AskRight, "Right: {0}.")                                                                             \
  X(AskRevealed, "The answer: {0}.")                                                                     \
  X(AskRule, "The rule: {0} ({1})")                                                                      \
  X(AskSeen, "What happened: {0}")                                                                       \
  X(AskReplay, "Replay the moment")                                                                      \
  X(AskReplayTip, "Back to the moment of the question, then on past it, so you see it happen.")          \
  X(AskScore, "Score {0}% · {1} of {2} questions")                                                       \
  X(AskContinue, "Continue")                                                                             \
  X(HintState, "Look at the edges leaving the current state: which event is about to happen to it?")    \
  X(HintFlags, "What did this side just receive, and what does its state answer to that?")             \
  X(HintNumbers, "A sequence number counts octets; SYN and FIN each occupy one. An ACK names the next octet expected.") \
  X(HintFate, "Look at the link's settings and the faults armed so far (narration, Link section).")     \
  X(HintTimer, "Which segment waits for an acknowledgment, or which state waits out a time?")            \
  X(FateDelivered, "delivered")                                                                          \
  X(FateLost, "lost")                                                                                    \
  X(FateDropped, "dropped")                                                                              \
  X(FateHeld, "held")                                                                                    \
  X(FateCorrupted, "corrupted")                                                                          \
  X(GuideTitle, "Guided lesson · step {0} of {1}")                                                       \
  X(GuideNext, "Next")                                                                                   \
  X(GuideClose, "Close the guide")                                                                       \
  X(GuideWaiting, "Waiting for you to do it…")                                                           \
  X(GuideDone, "Well done. The Lessons list (Controls panel) has the rest of the course.")               \
  X(AskOn, "ask questions in lessons")                                                                   \
  X(AskOnTip, "A lesson stops before the moments it asks about and waits for your answer.")              \
  /* questions in the learner's language (issue 15/16, zhq): what happened, timer choices, filters, Play */ \
  X(AskSeenSegment, "{0}→{1} {2} (#{3}) at {4}")                                                          \
  X(AskSeenState, "{0}: {1} → {2} at {3}")                                                                \
  X(AskSeenTimer, "{0} starts its {1} timer at {2}")                                                      \
  X(AskTimerChoice, "{0} {1}")                                                                           \
  X(PlayWaitsTip, "A question is waiting: answer it or show the answer, then play on.")                  \
  X(LessonMinutes, "{0} min")                                                                            \
  X(LessonQuestions, "{0} questions")                                                                    \
  X(LessonBest, "done · best {0}%")                                                                      \
  X(GroupSettingUp, "Setting up a connection")                                                           \
  X(GroupClosing, "Closing")                                                                             \
  X(GroupResets, "Resets and attacks")                                                                   \
  X(GroupTimers, "Timers")                                                                               \
  X(GroupDataTransfer, "Data transfer")                                                                  \
  X(GroupCongestion, "Congestion")                                                                       \
  X(GroupMore, "More lessons")                                                                            \
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
  X(KeepFullTip, "The application writes whenever the send buffer has room, until unticked: what limits the sender is then the congestion window and the receiver's window, never the application.") \
  X(Compare, "compare with")                                                                             \
  X(CompareTip, "Runs the same link and seed again with this algorithm and overlays its cwnd on the lane (dashed).") \
  X(CompareNone, "nothing")                                                                              \
  X(ProfileOwn, "profile's own")                                                                         \
  X(CompareLabel, "{0} cwnd (same link, same seed)")                                                    \
  /* --- issue 14 (lane): a sender that keeps its buffer full --- */                                     \
  X(NarrStream, "{0}'s application keeps the send buffer full ({1}): it writes again whenever an ACK frees room, so from now on cwnd and the receiver's window decide how fast data goes, not the application.") \
  X(NarrStreamOff, "{0}'s application stops writing after {1}; TCP still sends what its buffer holds.") \
  X(NarrStreamDone, "{0}'s application has written all {1} it meant to; TCP still sends what its buffer holds.") \
  X(StreamUntilStopped, "until stopped")

enum class Str : int {
#define TCPLAB_UI_STR_ENUM(id, text) id,
  TCPLAB_UI_STRINGS(TCPLAB_UI_STR_ENUM)
#undef TCPLAB_UI_STR_ENUM
};

// The languages the lab speaks; "lang=" in the URL (core/lab/lab_params.h).
enum class Language : int { English, Chinese };
Language language();
void set_language(Language l);
std::optional<Language> parse_language(std::string_view tag);  // "en", "zh-CN"
std::string_view language_tag(Language l);                      // the BCP 47 tag

// The text in the current language: the Chinese table's (strings_zh.cpp)
// when Chinese is chosen and it has one, else the English.
const char* tr(Str id);
// The English text whatever the language (tests, the translation check).
const char* english(Str id);
inline constexpr std::size_t kStrCount = 0
#define TCPLAB_UI_STR_COUNT(id, text) +1
    TCPLAB_UI_STRINGS(TCPLAB_UI_STR_COUNT)
#undef TCPLAB_UI_STR_COUNT
    ;
// tr(id) with {0}, {1}... replaced by the arguments.
std::string fill(Str id, std::initializer_list<std::string_view> args);
std::string fill_text(std::string_view templ, std::initializer_list<std::string_view> args);

}  // namespace tcplab::ui
