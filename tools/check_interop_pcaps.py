#!/usr/bin/env python3
"""Dissects every interop capture with tshark (IP and TCP checksums checked).

usage: check_interop_pcaps.py [--flags-only] DIR

--flags-only (for the lessons' captures, where loss comes from the scenario,
not the file name): malformed frames, checksums, zero-window and keep-alive
flags only.

Fails on any malformed frame or bad checksum, and checks tshark's analysis
flags against what each case did: retransmissions only in cases that drop
segments ('-with-loss' in the name), and there Linux's must appear. Elsewhere
our stack (10.77.0.2) must retransmit nothing; Linux may, since its timers
(tail loss probe, RTO) run on real time while our process is scheduled, and
those are counted; zero-window
exactly on the frames that advertise a zero window (a full receive buffer
happens in the bulk transfers: each end's application reads in turns), and
keep-alive never (no case idles).

Duplicate ACKs (no trace here, only the pcap): tshark's duplicate_ack,
duplicate_ack_num and duplicate_ack_frame on every frame must be what
Wireshark's rule gives for the headers as this script reads them from the
file itself (tools/dupacks.py); each duplicate ACK our stack sends must answer
a segment that reached it since its previous frame and did not start at the
ACK it repeats (out of order, already received, or a SYN or RST: RFC 9293
3.10.7.4, RFC 5681 4.2), never come by itself; the peer sends none in a case
without loss (it is sent nothing out of order or twice there), and a case
with loss shows some.
"""
import glob
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dupacks  # noqa: E402

FIELDS = ["frame.number", "_ws.malformed", "ip.checksum.status", "tcp.checksum.status",
          "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
          "tcp.analysis.zero_window", "tcp.analysis.keep_alive", "tcp.window_size_value",
          "tcp.flags.reset", "tcp.flags.syn", "tcp.flags.fin", "ip.src"]
FIELDS = dupacks.with_fields(FIELDS) + ["tcp.analysis.out_of_order", "_ws.expert.message"]
OUT_OF_ORDER = FIELDS.index("tcp.analysis.out_of_order")
EXPERT = FIELDS.index("_ws.expert.message")
# A retransmission Wireshark takes for out-of-order (it came within the first
# RTT of the highest segment and is no fast retransmission, as RFC 6675's
# resend of a later hole does) goes into its reassembly as new data, which
# then reports the repeated octets as an overlap and marks the frame
# malformed. Tolerated for exactly those two messages (see check_pcaps.py).
OUT_OF_ORDER_MESSAGES = {"This frame is a (suspected) out-of-order segment",
                         "New fragment overlaps old data (retransmission?)"}
OURS = "10.77.0.2"


def dupack_problems(path, rows, lossy, interop):
    """Duplicate ACKs: tshark against the rule over the file's headers, then what the case allows.
    Returns (problems, duplicate ACKs by our stack, by the peer)."""
    packets = dupacks.read_pcap(path)
    verdicts = dupacks.wireshark_dupacks(packets)
    frames = [dupacks.frame_from_row(r, FIELDS) for r in rows]
    problems = dupacks.compare(os.path.basename(path), packets, verdicts, frames)
    ours = sum(1 for p, v in zip(packets, verdicts) if v and p.src.split(":")[0] == OURS)
    peer = sum(1 for v in verdicts if v) - ours
    if interop:
        for i in dupacks.unanswered(packets, verdicts, OURS):
            problems.append(f"frame {i + 1} ({dupacks.summary(packets[i])}): our duplicate ACK answers no segment "
                            f"that arrived out of order or again since our previous frame")
    if interop and not lossy and peer:
        problems.append(f"the peer sent {peer} duplicate ACKs in a case without loss")
    if interop and lossy and not ours + peer:
        problems.append("segments were dropped but no duplicate ACK was sent")
    return problems, ours, peer


def main():
    args = sys.argv[1:]
    flags_only = "--flags-only" in args
    args = [a for a in args if a != "--flags-only"]
    files = sorted(glob.glob(os.path.join(args[0], "*.pcap")))
    if not files:
        print("no captures found in", args[0])
        return 1
    bad = 0
    for f in files:
        cmd = ["tshark", "-r", f, "-n", "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
               "-T", "fields", "-E", "separator=|"]
        for x in FIELDS:
            cmd += ["-e", x]
        rows = [line.split("|") for line in subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.splitlines()]
        problems = []
        retrans = sum(1 for r in rows if r[4] or r[5])
        ours = sum(1 for r in rows if (r[4] or r[5]) and r[12] == OURS)
        for r in rows:
            if r[1] and not (r[OUT_OF_ORDER] and set(r[EXPERT].split(",")) <= OUT_OF_ORDER_MESSAGES):
                problems.append(f"frame {r[0]} malformed")
            if r[2] == "0" or r[3] == "0":
                problems.append(f"frame {r[0]} has a bad checksum")
            zero = r[8] == "0" and r[9] not in ("1", "True") and r[10] not in ("1", "True") and r[11] not in ("1", "True")
            if bool(r[6]) != zero:
                problems.append(f"frame {r[0]}: window {r[8]}, tshark zero-window flag {'set' if r[6] else 'not set'}")
            if r[7]:
                problems.append(f"frame {r[0]} flagged keep-alive")
        lossy = "-with-loss" in os.path.basename(f)
        if flags_only:
            pass
        elif lossy and retrans == 0:
            problems.append("segments were dropped but tshark saw no retransmission")
        if not lossy and ours:
            problems.append(f"our stack retransmitted {ours} segments in a case without loss")
        try:
            more, dup_ours, dup_peer = dupack_problems(f, rows, lossy, not flags_only)
            problems += more
        except (ValueError, RuntimeError) as e:
            problems.append(f"duplicate ACKs not compared: {e}")
            dup_ours = dup_peer = 0
        name = os.path.basename(f)
        zeros = sum(1 for r in rows if r[6])
        print(f"{'ok  ' if not problems else 'FAIL'} {name}: {len(rows)} frames, {retrans} retransmissions ({ours} ours), "
              f"{zeros} zero-window, {dup_ours + dup_peer} duplicate ACKs ({dup_ours} ours)")
        for p in problems[:10]:
            print("     " + p)
        bad += bool(problems)
    print(f"tshark: {len(files)} captures, {len(files) - bad} clean")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
