#!/usr/bin/env python3
"""tshark's expert analysis against the rules our trace names, frame by frame
(issue 13, "tshark agrees"). Used by check_pcaps.py on every lesson's capture.

Five flags, each on the frames the capturing host sent (each lesson is
captured at every host, so every segment is compared once, at its sender:
at a receiver tshark's verdicts depend on what the link lost and on timing
the sender did not see):

  fast retransmission  tcp.analysis.fast_retransmission
                       <=> the rule is a fast retransmit (FAST_RULES)
  retransmission       tcp.analysis.retransmission without the fast flag
                       <=> the trace marks the segment a retransmission and
                       its rule is not a fast retransmit
  duplicate ACK        tcp.analysis.duplicate_ack
                       <=> the rule sends an ACK that repeats RCV.NXT because
                       the segment it answers could not advance it (DUP_RULES)
  zero-window probe    tcp.analysis.zero_window_probe
                       <=> the rule is the persist timer's probe
  window full          tcp.analysis.window_full
                       <=> a data segment ends exactly at the right edge of the
                       peer's window as the trace says the host last received
                       it (SEG.ACK + SEG.WND scaled by the agreed shift,
                       RFC 7323 §2.3; a SYN's window unscaled)

Where tshark's heuristics and the rule differ, the difference is listed in
KNOWN below with its reason and a test that must hold for the frame; each
such frame is printed, never skipped silently.
"""
from typing import Dict, List, NamedTuple, Optional, Set, Tuple

FAST_RULES = {"cc.fast-retransmit", "cc.fast-retransmit.tahoe", "cc.sack.fast-retransmit"}
# RFC 5681 §4.2 (out-of-order data: an immediate duplicate ACK), RFC 9293
# §3.10.7.4 (an unacceptable segment, a retransmitted FIN in TIME-WAIT: send
# an ACK of RCV.NXT), RFC 5961 §§3-5 (challenge ACKs carry RCV.NXT).
DUP_RULES = {"data.out-of-order", "unacceptable", "time-wait.fin", "rst.challenge", "syn.challenge", "ack.challenge"}
FLAG_FIELDS = ["tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
               "tcp.analysis.spurious_retransmission", "tcp.analysis.duplicate_ack",
               "tcp.analysis.zero_window_probe", "tcp.analysis.window_full", "tcp.analysis.out_of_order"]
NAMES = ("fast retransmission", "retransmission", "duplicate ACK", "zero-window probe", "window full")


class Sent(NamedTuple):
    """A frame the capturing host sent, as the trace tells it."""
    why: str
    retransmission: bool
    flags: str         # "SYN,ACK"
    payload: int
    seq: int
    win: int
    right_edge: Optional[int]  # the peer's window edge the host last received, None before any
    prev_win: Optional[int]    # the window field of the host's previous frame on this connection
    prev_syn: bool             # that frame was a SYN (its window is never scaled)


# (the flag, a predicate over (Sent, tshark's flag set) that must hold, the reason).
KNOWN: List[Tuple[str, object, str]] = [
    ("retransmission", lambda s, t: s.why == "syn-sent.syn" and "SYN" in s.flags and "ACK" in s.flags,
     "simultaneous open: the SYN,ACK carries ISS again, so in sequence space it repeats the SYN and "
     "tshark calls it a retransmission; RFC 9293 §3.10.7.3 makes it a new segment (it acknowledges the peer's SYN)"),
    ("retransmission", lambda s, t: s.why == "cc.sack.retransmit" and "out of order" in t,
     "RFC 6675 NextSeg resends a later hole within one RTT of the highest segment; Wireshark calls an "
     "older segment that comes within its first RTT of that one, and is not a fast retransmission, "
     "out-of-order; the trace names the rule and the octets are the same"),
    ("duplicate ACK", lambda s, t: s.why in DUP_RULES and s.prev_win is not None and s.prev_win != s.win,
     "the window field differs from the host's previous frame (after its SYN,ACK, whose window is "
     "never scaled, RFC 7323 §2.2): by RFC 5681 §2 (e) and Wireshark's test this ACK is not a duplicate, "
     "though the rule sends it for the same reason as the next ones"),
]


def tshark_flags(row: List[str], fields: List[str]) -> Set[str]:
    v = {f: row[fields.index(f)].strip() for f in FLAG_FIELDS}
    out = set()
    if v["tcp.analysis.fast_retransmission"]:
        out.add("fast retransmission")
    elif v["tcp.analysis.retransmission"] or v["tcp.analysis.spurious_retransmission"]:
        out.add("retransmission")
    if v["tcp.analysis.duplicate_ack"]:
        out.add("duplicate ACK")
    if v["tcp.analysis.zero_window_probe"]:
        out.add("zero-window probe")
    if v["tcp.analysis.window_full"]:
        out.add("window full")
    if v["tcp.analysis.out_of_order"]:
        out.add("out of order")
    return out


def rule_flags(s: Sent) -> Set[str]:
    out = set()
    if s.why in FAST_RULES:
        out.add("fast retransmission")
    elif s.retransmission:
        out.add("retransmission")
    if s.why in DUP_RULES:
        out.add("duplicate ACK")
    if s.why == "timeout.persist":
        out.add("zero-window probe")
    control = any(f in s.flags for f in ("SYN", "FIN", "RST"))
    if s.payload > 0 and not control and s.right_edge is not None and (s.seq + s.payload) & 0xFFFFFFFF == s.right_edge:
        out.add("window full")
    return out


def window_scale(hex_bytes: str) -> Optional[int]:
    """The window scale option of an IPv4+TCP packet, None when it has none."""
    b = bytes.fromhex(hex_bytes)
    tcp = (b[0] & 0x0F) * 4
    end = tcp + (b[tcp + 12] >> 4) * 4
    i = tcp + 20
    while i < end:
        kind = b[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        if kind == 3:
            return b[i + 2]
        i += max(2, b[i + 1])
    return None


class Windows:
    """The peer's window edge each host last received, per connection (the
    trace's segments that reached it), and the window scale both SYNs agreed."""

    def __init__(self):
        self.scale: Dict[Tuple[str, str], Optional[int]] = {}  # (src, dst) -> its SYN's option
        self.edge: Dict[Tuple[str, str], int] = {}              # (receiver, sender) -> ack + window
        self.last: Dict[Tuple[str, str], Tuple[int, bool]] = {}  # (src, dst) -> (window field, was a SYN)

    def syn_seen(self, r) -> None:
        if "SYN" in r["flags"]:
            self.scale[(r["src"], r["dst"])] = window_scale(r["bytes"])

    def received(self, r) -> None:
        """A segment r reached its destination: its ACK and window are what the receiver now knows."""
        if "ACK" not in r["flags"]:
            return
        mine, theirs = self.scale.get((r["src"], r["dst"])), self.scale.get((r["dst"], r["src"]))
        shift = mine if mine is not None and theirs is not None and "SYN" not in r["flags"] else 0
        self.edge[(r["dst"], r["src"])] = (r["ack"] + (r["win"] << shift)) & 0xFFFFFFFF

    def sent(self, r) -> Sent:
        prev = self.last.get((r["src"], r["dst"]))
        self.last[(r["src"], r["dst"])] = (r["win"], "SYN" in r["flags"])
        return Sent(r["why"], r["retransmission"], r["flags"], r["payload"], r["seq"], r["win"],
                    self.edge.get((r["src"], r["dst"])), prev[0] if prev else None, bool(prev and prev[1]))


def compare(where: str, sent: Sent, tshark: Set[str], tally: Dict[str, List[int]], notes: List[str]) -> List[str]:
    """Problems for one frame; tally[name] = [frames where both say yes, frames compared]."""
    ours = rule_flags(sent)
    problems = []
    for name in NAMES:
        a, b = name in ours, name in tshark
        tally.setdefault(name, [0, 0])
        tally[name][1] += 1
        tally[name][0] += a and b
        if a == b:
            continue
        known = next((why for flag, test, why in KNOWN if flag == name and test(sent, tshark)), None)
        side = f"tshark says {name}: {'yes' if b else 'no'}, the trace's rule {sent.why} says {'yes' if a else 'no'}"
        if known:
            notes.append(f"{where}: {side} -- known difference: {known}")
        else:
            problems.append(f"{where}: {side}")
    return problems


def _self_test() -> int:
    """The comparison on hand-made frames, including ones that must disagree."""
    def frame(why, retrans=False, flags="ACK", payload=0, seq=1000, win=500, edge=None, prev=500, prev_syn=False):
        return Sent(why, retrans, flags, payload, seq, win, edge, prev, prev_syn)
    cases = [  # (frame, tshark's flags, problems expected, notes expected)
        (frame("cc.fast-retransmit", True, payload=100), {"fast retransmission"}, 0, 0),
        (frame("cc.fast-retransmit", True, payload=100), {"retransmission"}, 2, 0),
        (frame("timeout.retransmit", True, payload=100), {"retransmission"}, 0, 0),
        (frame("data", payload=100), {"retransmission"}, 1, 0),
        (frame("data.out-of-order"), {"duplicate ACK"}, 0, 0),
        (frame("data.out-of-order"), set(), 1, 0),
        (frame("data.out-of-order", prev=65535, prev_syn=True), set(), 0, 1),
        (frame("ack"), {"duplicate ACK"}, 1, 0),
        (frame("timeout.persist", payload=1), {"zero-window probe"}, 0, 0),
        (frame("timeout.persist", payload=1), set(), 1, 0),
        (frame("data", payload=100, seq=1000, edge=1100), {"window full"}, 0, 0),
        (frame("data", payload=100, seq=1000, edge=1200), {"window full"}, 1, 0),
        (frame("data", payload=100, seq=1000, edge=1100), set(), 1, 0),
        (frame("syn-sent.syn", flags="SYN,ACK"), {"retransmission"}, 0, 1),
        (frame("syn-sent.syn", flags="SYN"), {"retransmission"}, 1, 0),
        (frame("cc.sack.retransmit", True, payload=100), {"out of order"}, 0, 1),
        (frame("cc.sack.retransmit", True, payload=100), set(), 1, 0),
    ]
    bad = 0
    for i, (sent, tshark, want_problems, want_notes) in enumerate(cases):
        notes: List[str] = []
        problems = compare(f"case {i}", sent, tshark, {}, notes)
        if (len(problems), len(notes)) != (want_problems, want_notes):
            bad += 1
            print(f"case {i} ({sent.why}, tshark {sorted(tshark)}): {len(problems)} problems and {len(notes)} notes, "
                  f"expected {want_problems} and {want_notes}: {problems + notes}")
    print(f"rule_flags self-test: {len(cases)} cases, {bad} wrong")
    return 1 if bad else 0


if __name__ == "__main__":
    import sys
    sys.exit(_self_test() if sys.argv[1:] == ["--self-test"] else 2)
