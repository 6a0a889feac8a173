#!/usr/bin/env python3
"""Which frames of a capture a Wireshark reader calls "duplicate ACK", worked
out without Wireshark, and compared with what tshark says.

Used by check_pcaps.py (lessons: the frames come from the trace) and
check_interop_pcaps.py (interop: the frames come from the pcap, read here).
`python3 dupacks.py --self-test [TSHARK]` checks the model and the comparison
on hand-made frame lists, including doctored ones that must fail, and (given
tshark) that tshark flags the hand-made frames as the model does.

The rule is Wireshark 4.0's (epan/dissectors/packet-tcp.c, 4.0.17, the tshark
Debian 12 ships), tcp_analyze_sequence_number, reproduced step for step where
it touches the state the duplicate-ACK test reads. A frame is a duplicate ACK
when, compared with the state of its own direction (fwd) before it:

    payload length == 0, no SYN, FIN or RST,
    window != 0 and window == the window of the previous frame in fwd,
    seq == fwd.nextseq (the highest seq + length seen in fwd),
    ack == the ACK field of the previous frame in fwd,

unless an earlier test of the same function claimed the frame first: a zero
window probe (1 octet at fwd.nextseq while the other direction's window is 0)
or a keep-alive ACK (the same test, but the last frame of the other direction
was a keep-alive: 0 or 1 octet at fwd.nextseq - 1). Its number is the count of
such frames since the ACK field last changed in fwd (reset to 1, not
incremented, after an "ACKed unseen segment" in the other direction), and the
frame it duplicates is the last frame of fwd whose ACK field changed.

Raw header values are compared (a window is the 16-bit field, not scaled).
There is no "data outstanding" condition: a pure ACK repeating the previous
ACK and window is a duplicate whether or not anything is in flight (RFC 5681's
definition asks for outstanding data; Wireshark's does not). A SYN whose ISN
differs from its direction's first one starts a new conversation (ports
reused) with fresh state; a SYN with the same ISN restores fwd.nextseq to the
highest acknowledgeable sequence number. Not modelled: more than 10000
unacknowledged segments in one direction (Wireshark stops listing them,
TCP_MAX_UNACKED_SEGMENTS) and IP fragments, both refused with an error here;
MPTCP, whose options no capture of ours carries.
"""
import struct
import subprocess
import sys
from typing import List, NamedTuple, Optional, Tuple

FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
MASK32 = 0xFFFFFFFF
MAX_UNACKED = 10000  # packet-tcp.h TCP_MAX_UNACKED_SEGMENTS
KEEP_ALIVE, ZERO_WINDOW_PROBE = 1, 2  # the lastsegmentflags bits the rule reads


class Packet(NamedTuple):
    src: str      # "a.b.c.d:port"
    dst: str
    seq: int      # raw 32-bit sequence number
    ack: int      # raw ACK field (whatever it holds when the ACK bit is clear)
    flags: int    # FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10, ...
    win: int      # raw 16-bit window field
    payload: int  # payload octets (SYN and FIN not counted)


def flags_from_names(names: str) -> int:
    bits = {"FIN": FIN, "SYN": SYN, "RST": RST, "PSH": PSH, "ACK": ACK, "URG": 0x20, "ECE": 0x40, "CWR": 0x80}
    return sum(bits[n] for n in names.split(",") if n)


def flag_names(flags: int) -> str:
    names = [n for n, b in (("SYN", SYN), ("FIN", FIN), ("RST", RST), ("PSH", PSH), ("ACK", ACK)) if flags & b]
    return ",".join(names) or "none"


def summary(p: Packet) -> str:
    return f"{p.src} > {p.dst} {flag_names(p.flags)} seq={p.seq} ack={p.ack} win={p.win} len={p.payload}"


def gt_seq(x: int, y: int) -> bool:  # GT_SEQ(x, y): (gint32)(y - x) < 0
    d = (y - x) & MASK32
    return d >= 0x80000000


def lt_seq(x: int, y: int) -> bool:  # LT_SEQ(x, y): (gint32)(x - y) < 0
    d = (x - y) & MASK32
    return d >= 0x80000000


class _Flow:
    def __init__(self):
        self.base_seq_set = False
        self.base_seq = 0
        self.window = 0xFFFFFFFF  # G_MAXUINT32: no frame matches before the first
        self.nextseq = 0          # 0 means "nothing seen yet", as in Wireshark
        self.lastack = 0
        self.maxseqtobeacked = 0
        self.lastsegmentflags = 0
        self.dupacknum = 0
        self.lastnondupack = 0
        self.unacked = []         # (seq, nextseq) of segments not yet acknowledged


class _Conversation:
    def __init__(self):
        self.flows = {}

    def pair(self, p: Packet):
        fwd = self.flows.setdefault((p.src, p.dst), _Flow())
        rev = self.flows.setdefault((p.dst, p.src), _Flow())
        return fwd, rev


Verdict = Optional[Tuple[int, int]]  # (duplicate_ack_num, duplicate_ack_frame) or None


def wireshark_dupacks(packets: List[Packet]) -> List[Verdict]:
    """For each frame (numbered from 1 in list order): None, or (number, frame duplicated)."""
    conversations = {}
    out: List[Verdict] = []
    for num, p in enumerate(packets, start=1):
        key = frozenset((p.src, p.dst))
        conv = conversations.get(key)
        if conv is None:
            conv = conversations[key] = _Conversation()
        fwd, rev = conv.pair(p)
        seq, ack, flags, window, seglen = p.seq, p.ack, p.flags, p.win, p.payload

        # dissect_tcp: ports reused / a SYN again, before the analysis
        if flags & (SYN | ACK) == SYN and fwd.base_seq_set:
            if seq != fwd.base_seq:
                conv = conversations[key] = _Conversation()
                fwd, rev = conv.pair(p)
            else:
                fwd.nextseq = fwd.maxseqtobeacked
        if flags & (SYN | ACK) == SYN | ACK and fwd.base_seq_set and seq != fwd.base_seq:
            fwd.base_seq = seq
        if not fwd.base_seq_set:
            fwd.base_seq = seq if flags & SYN else (seq - 1) & MASK32
            fwd.base_seq_set = True
        if not rev.base_seq_set and flags & ACK:
            rev.base_seq = (ack - 1) & MASK32
            rev.base_seq_set = True

        # tcp_analyze_sequence_number
        ta = 0
        verdict: Verdict = None
        no_sfr = flags & (SYN | FIN | RST) == 0
        if seglen == 1 and seq == fwd.nextseq and rev.window == 0:
            ta |= ZERO_WINDOW_PROBE
        else:
            if seglen in (0, 1) and seq == (fwd.nextseq - 1) & MASK32 and no_sfr:
                ta |= KEEP_ALIVE
            repeats = (seglen == 0 and window == fwd.window and seq == fwd.nextseq and ack == fwd.lastack
                       and no_sfr)
            keep_alive_ack = repeats and window != 0 and rev.lastsegmentflags & KEEP_ALIVE
            zero_window_probe_ack = repeats and window == 0 and rev.lastsegmentflags & ZERO_WINDOW_PROBE
            if repeats and window != 0 and not keep_alive_ack and not zero_window_probe_ack:
                fwd.dupacknum = 1 if fwd.dupacknum == -1 else fwd.dupacknum + 1
                verdict = (fwd.dupacknum, fwd.lastnondupack)
        # finished_fwd
        if ack != fwd.lastack:
            fwd.lastnondupack = num
            fwd.dupacknum = 0
        # ACKED LOST PACKET (acknowledges beyond what was seen the other way)
        if rev.maxseqtobeacked and gt_seq(ack, rev.maxseqtobeacked) and flags & ACK:
            if lt_seq(rev.maxseqtobeacked, rev.nextseq):
                rev.maxseqtobeacked = rev.nextseq
            else:
                rev.dupacknum = -1
        # finished_checking_retransmission_type
        nextseq = (seq + seglen) & MASK32
        if seglen or flags & (SYN | FIN):
            if len(fwd.unacked) >= MAX_UNACKED:
                raise ValueError(f"frame {num}: over {MAX_UNACKED} unacknowledged segments, beyond this model")
            if flags & (SYN | FIN):
                nextseq = (nextseq + 1) & MASK32
            fwd.unacked.append((seq, nextseq))
        if gt_seq(nextseq, fwd.nextseq) or not fwd.nextseq:
            if not ta & ZERO_WINDOW_PROBE:
                fwd.nextseq = nextseq
        if seq == fwd.maxseqtobeacked or not fwd.maxseqtobeacked:
            if not ta & ZERO_WINDOW_PROBE:
                fwd.maxseqtobeacked = fwd.nextseq
        fwd.window = window
        fwd.lastack = ack
        fwd.lastsegmentflags = ta
        # the other direction's unacknowledged list, trimmed by this ACK (only its length matters here)
        kept = []
        for s, n in rev.unacked:
            if ack == n or not gt_seq(n, ack):
                continue                     # acknowledged (or older): removed
            if gt_seq(ack, s):
                s = ack                      # partly acknowledged
            kept.append((s, n))
        rev.unacked = kept
        out.append(verdict)
    return out


def unanswered(packets: List[Packet], verdicts: List[Verdict], address: str) -> List[int]:
    """Indexes of the duplicate ACKs sent from `address` (an IP) that answer nothing: a receiver
    repeats its ACK for a segment that could not advance it (out of order, already received, a
    SYN or RST: RFC 9293 3.10.7.4, RFC 5681 4.2), so one must have reached it, on its own capture,
    since its previous frame on that connection, with data, SYN, FIN or RST and a sequence number
    other than the ACK repeated. Meaningful on the sender's own capture only."""
    last = {}
    out = []
    for i, (p, v) in enumerate(zip(packets, verdicts)):
        if v and p.src.split(":")[0] == address:
            if not any(q.src == p.dst and q.dst == p.src and (q.payload or q.flags & (SYN | FIN | RST))
                       and q.seq != p.ack for q in packets[last.get(p.src, -1) + 1:i]):
                out.append(i)
        last[p.src] = i
    return out


# --- tshark's side -------------------------------------------------------

TSHARK_FIELDS = ["frame.number", "tcp.analysis.duplicate_ack", "tcp.analysis.duplicate_ack_num",
                 "tcp.analysis.duplicate_ack_frame", "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport",
                 "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.window_size_value", "tcp.len"]


class TsharkFrame(NamedTuple):
    number: int
    dupack: Verdict
    packet: Optional[Packet]  # the header as tshark read it (None: not TCP over IPv4)


def frame_from_fields(values: List[str]) -> TsharkFrame:
    """One frame from tshark -T fields output for TSHARK_FIELDS, in that order (a field that
    occurs more than once, as tcp.analysis.duplicate_ack does, counts by its first value)."""
    r = [v.split(",")[0] for v in values]
    # The flag, or a number without it (never seen; it would be reported as a disagreement).
    verdict = (int(r[2] or 0), int(r[3] or 0)) if r[1] or r[2] else None
    packet = None
    if r[4] and r[8]:
        packet = Packet(f"{r[4]}:{r[5]}", f"{r[6]}:{r[7]}", int(r[8]), int(r[9]), int(r[10], 16), int(r[11]), int(r[12]))
    return TsharkFrame(int(r[0]), verdict, packet)


def with_fields(fields: List[str]) -> List[str]:
    """fields followed by those of TSHARK_FIELDS not already in it (tshark -T fields garbles
    its columns when one field is asked for twice)."""
    return fields + [f for f in TSHARK_FIELDS if f not in fields]


def frame_from_row(row: List[str], fields: List[str]) -> TsharkFrame:
    """One frame from a row of tshark -T fields output for `fields` (made by with_fields)."""
    return frame_from_fields([row[fields.index(f)] for f in TSHARK_FIELDS])


def tshark_frames(tshark: str, pcap: str) -> List[TsharkFrame]:
    cmd = [tshark, "-n", "-r", pcap, "-T", "fields", "-E", "separator=|"]
    for f in TSHARK_FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"tshark failed on {pcap}: {out.stderr.strip()}")
    return [frame_from_fields(line.split("|")) for line in out.stdout.splitlines() if line.strip()]


def describe(v: Verdict) -> str:
    if v is None:
        return "not a duplicate ACK"
    return f"duplicate ACK #{v[0]} of frame {v[1]}"


def compare(where: str, packets: List[Packet], expected: List[Verdict], frames: List[TsharkFrame]) -> List[str]:
    """Problems, one line each: frame count, header, and duplicate-ACK verdict per frame."""
    problems = []
    if len(frames) != len(packets):
        return [f"{where}: tshark read {len(frames)} frames, the model has {len(packets)}"]
    for p, want, f in zip(packets, expected, frames):
        if f.packet != p:
            problems.append(f"{where} frame {f.number}: header differs: model {summary(p)}, "
                            f"tshark {summary(f.packet) if f.packet else 'not TCP/IPv4'}")
        elif f.dupack != want:
            problems.append(f"{where} frame {f.number} ({summary(p)}): tshark says {describe(f.dupack)}, "
                            f"the model says {describe(want)}")
    return problems


# --- a pcap file read here (classic pcap, raw IPv4 or Ethernet) ----------

def read_pcap(path: str) -> List[Packet]:
    with open(path, "rb") as f:
        data = f.read()
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError(f"{path}: not a classic pcap file")
    linktype = struct.unpack(e + "I", data[20:24])[0]
    off, packets = 24, []
    while off + 16 <= len(data):
        incl = struct.unpack(e + "I", data[off + 8:off + 12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if linktype == 1:
            if pkt[12:14] != b"\x08\x00":
                raise ValueError(f"{path}: packet {len(packets) + 1} is not IPv4")
            pkt = pkt[14:]
        elif linktype not in (101, 228):
            raise ValueError(f"{path}: link type {linktype} not handled")
        packets.append(parse_ipv4_tcp(pkt, f"{path} packet {len(packets) + 1}"))
    return packets


def parse_ipv4_tcp(pkt: bytes, where: str) -> Packet:
    if len(pkt) < 20 or pkt[0] >> 4 != 4 or pkt[9] != 6:
        raise ValueError(f"{where}: not TCP over IPv4")
    ihl = (pkt[0] & 0x0F) * 4
    total = struct.unpack(">H", pkt[2:4])[0]
    if struct.unpack(">H", pkt[6:8])[0] & 0x3FFF:
        raise ValueError(f"{where}: an IP fragment (not modelled)")
    t = pkt[ihl:total]
    sport, dport, seq, ack, off_flags, win = struct.unpack(">HHIIHH", t[:16])
    hlen = (off_flags >> 12) * 4
    ip = lambda b: ".".join(str(x) for x in b)
    return Packet(f"{ip(pkt[12:16])}:{sport}", f"{ip(pkt[16:20])}:{dport}", seq, ack, off_flags & 0x0FFF, win,
                  total - ihl - hlen)


def _checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f">{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def write_pcap(path: str, packets: List[Packet]) -> None:
    """A raw-IPv4 pcap of the packets (payload zeros, checksums right), 1 ms apart."""
    addr = lambda e: bytes(int(x) for x in e.split(":")[0].split("."))
    port = lambda e: int(e.split(":")[1])
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)]
    for i, p in enumerate(packets):
        src, dst = addr(p.src), addr(p.dst)
        tcp = struct.pack(">HHIIHHHH", port(p.src), port(p.dst), p.seq, p.ack, (5 << 12) | p.flags, p.win, 0, 0)
        tcp += bytes(p.payload)
        pseudo = src + dst + struct.pack(">BBH", 0, 6, len(tcp))
        tcp = tcp[:16] + struct.pack(">H", _checksum(pseudo + tcp)) + tcp[18:]
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), i + 1, 0x4000, 64, 6, 0, src, dst)
        ip = ip[:10] + struct.pack(">H", _checksum(ip)) + ip[12:]
        pkt = ip + tcp
        out.append(struct.pack("<IIII", 1, i * 1000, len(pkt), len(pkt)) + pkt)
    with open(path, "wb") as f:
        f.write(b"".join(out))


# --- self-test -----------------------------------------------------------

def _self_test(tshark: Optional[str]) -> int:
    failures = []
    cases = []

    def check(name, cond):
        if not cond:
            failures.append(name)
        print(f"{'ok  ' if cond else 'FAIL'} {name}")

    c, s = "10.0.0.1:40000", "10.0.0.2:80"
    A, B = 1000, 5000
    P = Packet
    # A lost data segment (A+1..A+100 never arrives) followed by three more: three dup ACKs, then
    # the retransmission and a cumulative ACK; a later window update is not a dup ACK, and the
    # pure ACK after it repeating ack and window is one, though nothing is in flight.
    frames = [
        P(c, s, A, 0, SYN, 65535, 0),                 # 1
        P(s, c, B, A + 1, SYN | ACK, 65535, 0),       # 2
        P(c, s, A + 1, B + 1, ACK, 65535, 0),         # 3
        P(c, s, A + 101, B + 1, ACK, 65535, 100),     # 4 (A+1 lost before the capture point)
        P(s, c, B + 1, A + 1, ACK, 65535, 0),         # 5 dup #1 of 2
        P(c, s, A + 201, B + 1, ACK, 65535, 100),     # 6
        P(s, c, B + 1, A + 1, ACK, 65535, 0),         # 7 dup #2 of 2
        P(c, s, A + 301, B + 1, ACK, 65535, 100),     # 8
        P(s, c, B + 1, A + 1, ACK, 65535, 0),         # 9 dup #3 of 2
        P(c, s, A + 1, B + 1, ACK, 65535, 100),       # 10 retransmission
        P(s, c, B + 1, A + 401, ACK, 65135, 0),       # 11 cumulative ACK
        P(s, c, B + 1, A + 401, ACK, 65535, 0),       # 12 window update
        P(s, c, B + 1, A + 401, ACK, 65535, 0),       # 13 dup #1 of 11
        P(s, c, B + 1, A + 401, ACK, 0, 0),           # 14 zero window: never a dup ACK
        P(s, c, B + 1, A + 401, ACK, 0, 0),           # 15 nor this
        P(s, c, B + 1, A + 401, FIN | ACK, 0, 0),     # 16 FIN: never
    ]
    want = [None] * 4 + [(1, 2), None, (2, 2), None, (3, 2)] + [None] * 3 + [(1, 11)] + [None] * 3
    got = wireshark_dupacks(frames)
    check("model: lost segment, three dup ACKs numbered 1-3 of frame 2, window rules", got == want)
    cases.append(("lost-segment", frames))

    # A keep-alive (seq one below nextseq) and its ACKs: they repeat ack and window but are
    # keep-alive ACKs, not dup ACKs, while the other side's last frame is the keep-alive; after
    # data from that side the same ACK is a dup ACK again.
    ka = frames[:3] + [
        P(c, s, A, B + 1, ACK, 65535, 0),             # 4 keep-alive
        P(s, c, B + 1, A + 1, ACK, 65535, 0),         # 5 keep-alive ACK
        P(s, c, B + 1, A + 1, ACK, 65535, 0),         # 6 keep-alive ACK still
        P(c, s, A + 1, B + 1, ACK, 65535, 100),       # 7 data
        P(s, c, B + 1, A + 1, ACK, 65535, 0),         # 8 dup #1 of 2
    ]
    check("model: keep-alive ACKs are not dup ACKs", wireshark_dupacks(ka)[3:] == [None] * 4 + [(1, 2)])
    cases.append(("keep-alive", ka))

    # A SYN with another ISN on the same ports starts a new conversation: the server's challenge
    # ACK repeats its last ACK and window but is its first frame there, so not a dup ACK. With
    # the same ISN (a retransmitted SYN) the conversation goes on and the same ACK is one.
    reused = frames[:3] + [P(c, s, A + 7777, 0, SYN, 65535, 0), P(s, c, B + 1, A + 1, ACK, 65535, 0)]
    check("model: ports reused start a new conversation", wireshark_dupacks(reused)[4] is None)
    again = frames[:3] + [P(c, s, A, 0, SYN, 65535, 0), P(s, c, B + 1, A + 1, ACK, 65535, 0)]
    check("model: a SYN with the same ISN continues the conversation", wireshark_dupacks(again)[4] == (1, 2))
    cases += [("ports-reused", reused), ("syn-again", again)]

    # The same hand-made frames, written to pcaps: tshark must agree with the model on them too
    # (this is what makes the model Wireshark's, not ours).
    if tshark:
        import os
        import tempfile
        version = subprocess.run([tshark, "--version"], capture_output=True, text=True).stdout.splitlines()
        print(f"     against {version[0] if version else tshark} (the rule is 4.0.17's)")
        with tempfile.TemporaryDirectory() as tmp:
            for name, packets in cases:
                path = os.path.join(tmp, name + ".pcap")
                write_pcap(path, packets)
                problems = compare(name, packets, wireshark_dupacks(packets), tshark_frames(tshark, path))
                for x in problems:
                    print("     " + x)
                check(f"tshark agrees with the model on the {name} frames", not problems)

    # The comparison: tshark agreeing passes; a doctored tshark list (flag dropped, flag added,
    # wrong number, wrong frame) fails naming each frame and both verdicts.
    def tsh(verdicts, packets):
        return [TsharkFrame(i + 1, v, p) for i, (v, p) in enumerate(zip(verdicts, packets))]
    check("compare: agreement gives no problem", compare("t", frames, want, tsh(want, frames)) == [])
    doctored = list(want)
    doctored[4] = None          # frame 5 not flagged
    doctored[5] = (1, 4)        # frame 6 (data) flagged
    doctored[6] = (5, 2)        # frame 7 numbered wrong
    doctored[12] = (1, 12)      # frame 13 duplicating the wrong frame
    problems = compare("t", frames, want, tsh(doctored, frames))
    for n, text in ((5, "tshark says not a duplicate ACK, the model says duplicate ACK #1 of frame 2"),
                    (6, "tshark says duplicate ACK #1 of frame 4, the model says not a duplicate ACK"),
                    (7, "tshark says duplicate ACK #5 of frame 2, the model says duplicate ACK #2 of frame 2"),
                    (13, "tshark says duplicate ACK #1 of frame 12, the model says duplicate ACK #1 of frame 11")):
        check(f"compare: doctored tshark frame {n} is reported", any(f"t frame {n} (" in x and text in x for x in problems))
    check("compare: exactly the four doctored frames", len(problems) == 4)
    # A doctored trace (the stack "said" another window on frame 7): the model no longer calls it
    # a dup ACK, the capture still shows one; and a header that differs is named as such.
    bad = list(frames)
    bad[6] = bad[6]._replace(win=65000)
    problems = compare("t", bad, wireshark_dupacks(bad), tsh(want, frames))
    check("compare: a trace whose window differs from the wire is caught",
          any("t frame 7: header differs" in x for x in problems))
    problems = compare("t", frames, wireshark_dupacks(bad), tsh(want, frames))
    check("compare: a model verdict that differs from tshark is caught", len(problems) >= 1)
    check("compare: a frame count mismatch is caught", len(compare("t", frames[:-1], want[:-1], tsh(want, frames))) == 1)

    # The server's dup ACKs 5, 7 and 9 each answer a data segment above the hole; 13 (the pure
    # ACK repeated after the window update) answers nothing, nor does a second copy of 9 sent
    # right after it.
    check("unanswered: only the repeated ACK after the window update answers nothing",
          unanswered(frames, want, "10.0.0.2") == [12])
    spont = frames[:9] + [frames[8]] + frames[9:]
    check("unanswered: a dup ACK sent by itself is caught",
          unanswered(spont, wireshark_dupacks(spont), "10.0.0.2") == [9, 13])
    print(f"{len(failures)} self-test failures")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--self-test"] and len(sys.argv) <= 3:
        sys.exit(_self_test(sys.argv[2] if len(sys.argv) == 3 else None))
    print(__doc__)
    sys.exit(2)
