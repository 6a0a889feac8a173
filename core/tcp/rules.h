// The rules the stack follows, as stable identifiers. Every state change,
// rejected segment and sent segment names the rule behind it, so the trace,
// the UI and the narration explain themselves (and can be translated) from
// events alone.
#pragma once
#include <cstdint>
#include <string_view>

namespace tcplab {

// X(Name, "stable.id", "RFC reference", "one English sentence")
// Add new rules at the end of a group; ids never change once shipped.
#define TCPLAB_RULES(X)                                                                              \
  /* user calls, RFC 9293 §3.10.1-§3.10.6 */                                                         \
  X(OpenPassive, "open.passive", "RFC 9293 §3.10.1", "Passive OPEN: wait for a connection request.")  \
  X(OpenActive, "open.active", "RFC 9293 §3.10.1", "Active OPEN: send SYN and wait for the peer's.")  \
  X(SendInListen, "send.listen", "RFC 9293 §3.10.2",                                                  \
    "SEND on a listening connection: switch to active and send SYN.")                                 \
  X(CloseInListenOrSynSent, "close.early", "RFC 9293 §3.10.4",                                        \
    "CLOSE before the handshake got anywhere: delete the TCB.")                                       \
  X(CloseInSynReceived, "close.syn-received", "RFC 9293 §3.10.4",                                     \
    "CLOSE in SYN-RECEIVED with no data queued: send FIN and enter FIN-WAIT-1.")                      \
  X(CloseInEstablished, "close.established", "RFC 9293 §3.10.4",                                      \
    "CLOSE: send FIN after any queued data and enter FIN-WAIT-1.")                                    \
  X(CloseInCloseWait, "close.close-wait", "RFC 9293 §3.10.4",                                         \
    "CLOSE after the peer closed: send FIN and enter LAST-ACK.")                                      \
  X(Abort, "abort", "RFC 9293 §3.10.5", "ABORT: send RST (when synchronized) and delete the TCB.")    \
  /* segment arrives, RFC 9293 §3.10.7 */                                                            \
  X(SynInListen, "listen.syn", "RFC 9293 §3.10.7.2",                                                  \
    "SYN in LISTEN: answer SYN,ACK and enter SYN-RECEIVED.")                                          \
  X(SynAckInSynSent, "syn-sent.syn-ack", "RFC 9293 §3.10.7.3",                                        \
    "SYN,ACK acknowledging our SYN: send ACK, the connection is ESTABLISHED.")                        \
  X(SynInSynSent, "syn-sent.syn", "RFC 9293 §3.10.7.3",                                               \
    "SYN without ACK in SYN-SENT (simultaneous open): send SYN,ACK, enter SYN-RECEIVED.")             \
  X(RstInSynSent, "syn-sent.rst", "RFC 9293 §3.10.7.3",                                               \
    "RST acknowledging our SYN: the connection is refused.")                                          \
  X(AckInSynReceived, "syn-received.ack", "RFC 9293 §3.10.7.4",                                       \
    "ACK of our SYN in SYN-RECEIVED: the connection is ESTABLISHED.")                                 \
  X(RstInSynReceivedPassive, "syn-received.rst.passive", "RFC 9293 §3.10.7.4",                        \
    "RST in SYN-RECEIVED of a passively opened connection: return to LISTEN.")                        \
  X(RstInSynReceivedActive, "syn-received.rst.active", "RFC 9293 §3.10.7.4",                          \
    "RST in SYN-RECEIVED of an actively opened connection: the connection is refused.")               \
  X(RstInSynchronized, "rst.reset", "RFC 9293 §3.10.7.4",                                             \
    "Acceptable RST: the connection is reset and the TCB deleted.")                                   \
  X(FinInEstablished, "fin.established", "RFC 9293 §3.10.7.4",                                        \
    "FIN in ESTABLISHED: acknowledge it and enter CLOSE-WAIT.")                                       \
  X(AckOfFinInFinWait1, "fin-wait-1.ack", "RFC 9293 §3.10.7.4",                                       \
    "Our FIN is acknowledged in FIN-WAIT-1: enter FIN-WAIT-2.")                                       \
  X(FinInFinWait1, "fin-wait-1.fin", "RFC 9293 §3.10.7.4",                                            \
    "FIN in FIN-WAIT-1 before our FIN is acknowledged (simultaneous close): enter CLOSING.")          \
  X(FinAndAckInFinWait1, "fin-wait-1.fin-ack", "RFC 9293 §3.10.7.4",                                  \
    "FIN that also acknowledges our FIN in FIN-WAIT-1: enter TIME-WAIT.")                             \
  X(FinInFinWait2, "fin-wait-2.fin", "RFC 9293 §3.10.7.4", "FIN in FIN-WAIT-2: enter TIME-WAIT.")     \
  X(AckOfFinInClosing, "closing.ack", "RFC 9293 §3.10.7.4",                                           \
    "Our FIN is acknowledged in CLOSING: enter TIME-WAIT.")                                           \
  X(AckOfFinInLastAck, "last-ack.ack", "RFC 9293 §3.10.7.4",                                          \
    "Our FIN is acknowledged in LAST-ACK: delete the TCB.")                                           \
  X(FinInTimeWait, "time-wait.fin", "RFC 9293 §3.10.7.4",                                             \
    "Retransmitted FIN in TIME-WAIT: acknowledge it and restart the 2MSL timeout.")                   \
  X(RstInListen, "listen.rst", "RFC 9293 §3.10.7.2", "RST in LISTEN: ignore it.")                      \
  X(IgnoredInListen, "listen.ignore", "RFC 9293 §3.10.7.2",                                           \
    "Segment in LISTEN without SYN, ACK or RST: drop it.")                                            \
  X(IgnoredInSynSent, "syn-sent.ignore", "RFC 9293 §3.10.7.3",                                        \
    "Segment in SYN-SENT without SYN or acceptable RST: drop it.")                                    \
  X(SynInSynReceivedPassive, "syn-received.syn.passive", "RFC 9293 §3.10.7.4",                        \
    "New SYN in SYN-RECEIVED of a passively opened connection: return to LISTEN.")                    \
  X(DuplicateSynInSynReceived, "syn-received.dup-syn", "RFC 9293 §3.10.7.4",                          \
    "The peer's SYN again in SYN-RECEIVED: our SYN,ACK was lost, send it again.")                     \
  /* acceptability and resets, RFC 9293 §3.10.7.1-4, RFC 5961 */                                     \
  X(ResetForClosed, "closed.reset", "RFC 9293 §3.10.7.1",                                             \
    "Segment for a connection that does not exist: answer with RST.")                                 \
  X(ResetForListen, "listen.reset", "RFC 9293 §3.10.7.2",                                             \
    "ACK arriving in LISTEN acknowledges nothing we sent: answer with RST.")                          \
  X(ResetForSynSentBadAck, "syn-sent.bad-ack", "RFC 9293 §3.10.7.3",                                  \
    "ACK in SYN-SENT that does not acknowledge our SYN: answer with RST.")                            \
  X(ResetForSynReceivedBadAck, "syn-received.bad-ack", "RFC 9293 §3.10.7.4",                          \
    "ACK in SYN-RECEIVED outside SND.UNA..SND.NXT: answer with RST.")                                 \
  X(UnacceptableSegment, "unacceptable", "RFC 9293 §3.10.7.4",                                        \
    "Segment outside the receive window: drop it and send an ACK.")                                   \
  X(RstOutOfWindow, "rst.out-of-window", "RFC 5961 §3.2", "RST outside the receive window: drop it.") \
  X(RstChallenge, "rst.challenge", "RFC 5961 §3.2",                                                   \
    "RST in the window but not at RCV.NXT: send a challenge ACK, keep the connection.")               \
  X(SynChallenge, "syn.challenge", "RFC 5961 §4.2",                                                   \
    "SYN on a synchronized connection: send a challenge ACK, keep the connection.")                   \
  X(AckChallenge, "ack.challenge", "RFC 5961 §5.2",                                                   \
    "ACK outside the acceptable range: drop it and send a challenge ACK.")                            \
  X(ChallengeAckLimited, "challenge.limited", "RFC 5961 §7",                                          \
    "Challenge ACK suppressed: the per-second limit is reached.")                                     \
  X(IgnoredNoAck, "no-ack", "RFC 9293 §3.10.7.4", "Segment without ACK on a synchronized connection: drop it.") \
  X(AckOfUnsent, "ack.unsent", "RFC 9293 §3.10.7.4",                                                  \
    "ACK for data not yet sent: drop the segment and send an ACK.")                                   \
  X(DuplicateAck, "ack.duplicate", "RFC 9293 §3.10.7.4", "ACK of old data: ignore the acknowledgement.") \
  X(RstUnacceptableInSynSent, "syn-sent.rst.ignore", "RFC 9293 §3.10.7.3",                          \
    "RST in SYN-SENT that does not acknowledge our SYN: drop it.")                                    \
  X(NotForThisConnection, "tuple.mismatch", "RFC 9293 §3.10.7.1",                                     \
    "Segment for another connection (address or port differ): treated as for a closed one.")         \
  /* data and acknowledgement */                                                                     \
  X(DataSegment, "data", "RFC 9293 §3.10.2", "Send queued data within the peer's window.")           \
  X(FinSegment, "fin", "RFC 9293 §3.10.4", "Send FIN once all queued data is sent.")                  \
  X(AckNow, "ack", "RFC 9293 §3.10.7.4", "Acknowledge received data or control.")                     \
  X(DelayedAck, "ack.delayed", "RFC 1122 §4.2.3.2", "Delayed ACK: acknowledge within the delay.")     \
  X(OutOfOrderData, "data.out-of-order", "RFC 9293 §3.10.7.4",                                        \
    "Data beyond RCV.NXT: keep it for reassembly and send a duplicate ACK.")                          \
  X(DataDelivered, "data.in-order", "RFC 9293 §3.10.7.4",                                             \
    "In-order data: advance RCV.NXT and queue it for RECEIVE.")                                       \
  X(WindowUpdate, "window.update", "RFC 9293 §3.8.6", "Window update after the user read data.")      \
  X(QuickAck, "ack.quick", "Linux tcp_incr_quickack",                                                 \
    "Quick-ack mode: the first data segments of a connection are acknowledged at once.")            \
  X(NagleRelease, "data.nagle-release", "RFC 9293 §3.7.4, RFC 1122 §4.2.3.4",                       \
    "Nagle: the small data held while earlier data was unacknowledged goes now (ACK or full segment).") \
  /* timers, RFC 9293 §3.10.8, RFC 6298, RFC 1122 */                                                 \
  X(RetransmitTimeout, "timeout.retransmit", "RFC 6298 §5.4",                                         \
    "Retransmission timeout: resend the oldest unacknowledged segment and double the RTO.")           \
  X(SynRetriesExhausted, "timeout.syn-retries", "RFC 1122 §4.2.3.5",                                  \
    "The SYN was retransmitted as often as allowed: give up.")                                        \
  X(RetriesExhausted, "timeout.retries", "RFC 1122 §4.2.3.5",                                         \
    "A segment was retransmitted as often as allowed (R2): give up.")                                 \
  X(TimeWaitExpired, "timeout.time-wait", "RFC 9293 §3.10.8",                                         \
    "2MSL passed in TIME-WAIT: delete the TCB.")                                                      \
  X(UserTimeoutExpired, "timeout.user", "RFC 9293 §3.10.8",                                           \
    "User timeout: data stayed unacknowledged too long, the connection is aborted.")                  \
  X(PersistProbe, "timeout.persist", "RFC 1122 §4.2.2.17",                                            \
    "The peer's window is zero: send a window probe.")                                                \
  X(KeepaliveProbe, "timeout.keepalive", "RFC 1122 §4.2.3.6", "Idle connection: send a keep-alive probe.") \
  X(KeepaliveExhausted, "timeout.keepalive-dead", "RFC 1122 §4.2.3.6",                              \
    "Keep-alive probes went unanswered: the peer is considered dead.")                              \
  /* congestion control and loss recovery, RFC 5681, RFC 6582, RFC 3042, RFC 9438 */                 \
  X(CcInitialWindow, "cc.initial-window", "RFC 5681 §3.1, RFC 6928",                                  \
    "The connection is synchronized: cwnd starts at the initial window.")                             \
  X(CcInitialWindowAfterSynLoss, "cc.initial-window.syn-lost", "RFC 5681 §3.1",                       \
    "The SYN had to be retransmitted: the initial window is one segment.")                            \
  X(CcSlowStart, "cc.slow-start", "RFC 5681 §3.1",                                                    \
    "Slow start: an ACK of new data grows cwnd by the octets it acknowledges (at most SMSS).")        \
  X(CcCongestionAvoidance, "cc.congestion-avoidance", "RFC 5681 §3.1",                                \
    "Congestion avoidance: cwnd grows by about one SMSS per round trip.")                             \
  X(CcCubic, "cc.cubic", "RFC 9438 §4.2",                                                             \
    "CUBIC: cwnd grows toward W_cubic(t + RTT), the cubic curve around the last W_max.")              \
  X(CcCubicRenoFriendly, "cc.cubic.reno-friendly", "RFC 9438 §4.3",                                   \
    "CUBIC in the Reno-friendly region: cwnd follows the estimate W_est of a Reno flow.")             \
  X(CcDuplicateAck, "cc.dup-ack", "RFC 5681 §2, §3.2",                                                \
    "Duplicate ACK: counted; the third one signals a lost segment.")                                  \
  X(CcFastRetransmit, "cc.fast-retransmit", "RFC 5681 §3.2",                                          \
    "Third duplicate ACK: resend the missing segment, ssthresh = max(FlightSize/2, 2*SMSS), "        \
    "cwnd = ssthresh + 3*SMSS, enter fast recovery.")                                                 \
  X(CcFastRetransmitTahoe, "cc.fast-retransmit.tahoe", "RFC 5681 §3.2 (Tahoe)",                       \
    "Third duplicate ACK (Tahoe): resend the missing segment, ssthresh = max(FlightSize/2, 2*SMSS), " \
    "cwnd = 1 SMSS, slow start.")                                                                     \
  X(CcFastRecoveryInflate, "cc.fast-recovery.inflate", "RFC 5681 §3.2",                               \
    "Another duplicate ACK in fast recovery: a segment left the network, cwnd grows by SMSS.")        \
  X(CcPartialAck, "cc.partial-ack", "RFC 6582 §3.2",                                                  \
    "Partial ACK in fast recovery: resend the next missing segment, deflate cwnd, stay in recovery.") \
  X(CcFastRecoveryExit, "cc.fast-recovery.exit", "RFC 5681 §3.2, RFC 6582 §3.2",                      \
    "The ACK ends fast recovery: cwnd deflates to ssthresh.")                                         \
  X(CcTimeout, "cc.timeout", "RFC 5681 §3.1",                                                         \
    "Retransmission timeout: ssthresh = max(FlightSize/2, 2*SMSS), cwnd = 1 SMSS, slow start.")      \
  X(CcLossRetransmit, "cc.loss.retransmit", "RFC 5681 §3.1, RFC 6582 §4",                             \
    "After a timeout: resend the next segment that was in flight, as cwnd allows.")                   \
  X(CcLossRecovered, "cc.loss.recovered", "RFC 6582 §4",                                              \
    "Everything in flight at the timeout is acknowledged: loss recovery ends.")                       \
  X(CcLimitedTransmit, "cc.limited-transmit", "RFC 3042",                                             \
    "First or second duplicate ACK: send one new segment beyond cwnd (limited transmit).")           \
  X(CcIdleRestart, "cc.idle-restart", "RFC 5681 §4.1",                                                \
    "Nothing sent for longer than the RTO: cwnd restarts from the initial window.")                   \
  /* SACK-based loss recovery, RFC 6675, RFC 6937, RFC 2883 */                                       \
  X(CcSackFastRetransmit, "cc.sack.fast-retransmit", "RFC 6675 §5",                                   \
    "SACK shows a loss (DupThresh duplicate ACKs, or IsLost(SND.UNA)): resend the first hole, "       \
    "ssthresh = cwnd = max(FlightSize/2, 2*SMSS), enter SACK loss recovery.")                         \
  X(CcSackRetransmit, "cc.sack.retransmit", "RFC 6675 §4 NextSeg (1)",                                \
    "SACK recovery: resend the next hole the scoreboard holds lost, while cwnd - pipe leaves room.")  \
  X(CcPrr, "cc.prr", "RFC 6937 §3",                                                                  \
    "Proportional rate reduction: cwnd = pipe + sndcnt, sending as the receiver delivers "           \
    "(ssthresh/RecoverFS of it) until pipe falls to ssthresh, then slow-starting back up to it.")    \
  X(SackDsack, "sack.dsack", "RFC 2883 §4",                                                           \
    "Duplicate data: the ACK names the repeated octets in its first SACK block (D-SACK).")          \
  /* RACK-TLP loss detection, RFC 8985 */                                                            \
  X(RackMarkLost, "rack.lost", "RFC 8985 §6.2",                                                       \
    "RACK: a segment sent before one that has since been delivered waited RACK.rtt + reo_wnd "        \
    "without an ACK: mark it lost.")                                                                   \
  X(RackReorderWait, "rack.reorder-wait", "RFC 8985 §6.2 step 5",                                     \
    "RACK: a segment sent before a delivered one may only be reordered: wait out the reordering "     \
    "window (min_RTT/4) on the reorder timer before marking it lost.")                                \
  X(RackReordering, "rack.reordering", "RFC 8985 §6.2 step 3",                                        \
    "RACK: a segment was delivered after a higher one sent later (not a retransmission): the path "   \
    "reorders, so losses wait min_RTT/4 from now on.")                                                \
  X(RackReoWndDsack, "rack.reo-wnd.dsack", "RFC 8985 §6.2 step 4",                                    \
    "D-SACK: a retransmission was needless; the reordering window grows by min_RTT/4 (at most SRTT) " \
    "for the next 16 recoveries.")                                                                    \
  X(CcRackRecovery, "cc.rack.recovery", "RFC 8985 §6.2, RFC 6675 §5",                                 \
    "RACK marked a segment lost: ssthresh reduced, cwnd = ssthresh, enter SACK loss recovery.")       \
  X(RackRetransmit, "rack.retransmit", "RFC 8985 §6.2, RFC 6675 §4 NextSeg (1)",                      \
    "Resend a segment RACK marked lost, while cwnd - pipe leaves room.")                              \
  X(TlpProbeNew, "tlp.probe.new", "RFC 8985 §7.3",                                                    \
    "Probe timeout (PTO): no ACK for 2*SRTT, so send one new segment as a tail loss probe; its ACK "  \
    "lets RACK find a loss at the tail.")                                                              \
  X(TlpProbeRetransmit, "tlp.probe.retransmit", "RFC 8985 §7.3",                                      \
    "Probe timeout (PTO) with no new data to send: resend the last segment as a tail loss probe.")    \
  X(TlpLossRepaired, "tlp.loss", "RFC 8985 §7.4",                                                     \
    "The ACK goes past the tail loss probe's retransmission and no D-SACK says the original "          \
    "arrived: the probe repaired a loss, so ssthresh is reduced and cwnd = ssthresh.")                \
  X(TlpNoLoss, "tlp.no-loss", "RFC 8985 §7.4",                                                        \
    "A D-SACK (or a duplicate ACK) shows both the original and the tail loss probe arrived: no loss, " \
    "the window stays.")

enum class Rule : std::uint16_t {
#define TCPLAB_RULE_ENUM(name, id, ref, text) name,
  TCPLAB_RULES(TCPLAB_RULE_ENUM)
#undef TCPLAB_RULE_ENUM
};

std::string_view rule_id(Rule r);         // "listen.syn"
std::string_view rule_reference(Rule r);  // "RFC 9293 §3.10.7.2"
std::string_view rule_text(Rule r);       // English sentence

}  // namespace tcplab
