#!/usr/bin/env python3
"""The table of the Linux interop runs under loss (issue 13, "Measured").

usage: interop_loss.py [--check] DIR

DIR holds what `linux_interop TUN DIR --bulk OCTETS` wrote for each case:
NAME.pcap (captured at our stack), NAME-at-linux.pcap (at the kernel's end
of the TUN), NAME-drops.txt (each data segment the lab's links dropped:
direction, sequence number, length, time) and NAME.summary (octets each
way, whether they arrived exact, our retransmissions by rule and RTOs, the
kernel's TCP counters over the run).

Each sender is judged on the capture at its own end, where every segment
it sent is present (tshark cannot call a segment retransmitted when the
capture never held the original): ours in NAME.pcap, Linux's in
NAME-at-linux.pcap. For every dropped segment the first later segment from
the same sender that covers its first octet is the resend; the table says
how tshark flagged those resends (tcp.analysis.fast_retransmission, or only
tcp.analysis.retransmission, or out-of-order, or nothing); "had" counts
dropped copies never resent whose octets the receiver acknowledged all the
same: another copy delivered them (a go-back-N resend after a timeout
repeats octets the receiver has or that are still queued ahead), so no
resend was needed.

Why not every resend is "fast" by tshark: Wireshark calls a retransmission
fast only when it repeats the sequence number the receiver's duplicate ACKs
ask for (at least two of them, the last within 20 ms). With SACK a sender
resends every hole of a window in one recovery; only the first hole is what
the duplicate ACKs name, so the others are plain retransmissions there even
though no timer fired. RTOs are therefore counted from the senders
themselves: our retransmission timer's expiries (TimerFired events) and the
kernel's TcpExtTCPTimeouts.

--check (the ctest): fails unless both directions are byte-exact, every
dropped segment was resent, and in each direction that lost data tshark
marks at least one fast retransmission.
"""
import glob
import os
import subprocess
import sys

OURS = "10.77.0.2"
LINUX = "10.77.0.1"
FIELDS = ["frame.time_epoch", "ip.src", "tcp.seq", "tcp.len", "tcp.analysis.retransmission",
          "tcp.analysis.fast_retransmission", "tcp.analysis.spurious_retransmission", "tcp.analysis.out_of_order",
          "tcp.ack", "tcp.options.sack_le", "tcp.options.sack_re"]


def frames(path):
    cmd = ["tshark", "-n", "-r", path, "-o", "tcp.relative_sequence_numbers:FALSE", "-Y", "tcp",
           "-T", "fields", "-E", "separator=|"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        t, src, seq, length, retrans, fast, spurious, ooo, ack, sack_le, sack_re = line.split("|")
        blocks = list(zip([int(x) for x in sack_le.split(",") if x], [int(x) for x in sack_re.split(",") if x]))
        rows.append({"us": round(float(t) * 1e6), "src": src, "seq": int(seq), "len": int(length),
                     "retrans": bool(retrans or fast or spurious), "fast": bool(fast), "ooo": bool(ooo),
                     "ack": int(ack or 0), "sacks": blocks})
    return rows


def read_summary(path):
    out = {}
    failures = []
    with open(path) as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("=")
            if k == "failure":
                failures.append(v)
            else:
                out[k] = v
    out["failures"] = failures
    return out


def read_drops(path):
    drops = []
    with open(path) as f:
        for line in f:
            direction, seq, length, at, why = line.split()
            drops.append((direction, int(seq), int(length), int(at), why))
    return drops


def covers(row, seq):
    return row["len"] > 0 and (seq - row["seq"]) % (1 << 32) < row["len"]


def before(a, b):
    return ((a - b) & 0xFFFFFFFF) >= 0x80000000


def had_it(rows, sender, seq):
    """A dropped copy the sender never resent, yet the receiver acknowledged or SACKed `seq`:
    another copy (sent before, or still queued ahead of the dropped one) delivered it."""
    return any(r["src"] != sender and (before(seq, r["ack"]) or
                                       any(not before(seq, le) and before(seq, re) for le, re in r["sacks"]))
               for r in rows)


def direction(rows, sender, drops):
    """What one sender's capture shows: retransmissions, fast ones, and how each drop was resent."""
    sent = [r for r in rows if r["src"] == sender]
    resent = {"fast": 0, "retransmission": 0, "out-of-order": 0, "unflagged": 0, "not needed": 0, "never": 0}
    for _, seq, _, at, _ in drops:
        resend = next((r for r in sent if r["us"] > at and covers(r, seq)), None)
        if resend is None and had_it(rows, sender, seq):
            resent["not needed"] += 1
        elif resend is None:
            resent["never"] += 1
        elif resend["fast"]:
            resent["fast"] += 1
        elif resend["retrans"]:
            resent["retransmission"] += 1
        elif resend["ooo"]:
            resent["out-of-order"] += 1
        else:
            resent["unflagged"] += 1
    return {"retrans": sum(r["retrans"] for r in sent), "fast": sum(r["fast"] for r in sent),
            "frames": len(sent), "resent": resent}


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    if len(args) != 1:
        print(__doc__)
        return 2
    summaries = sorted(glob.glob(os.path.join(args[0], "*.summary")))
    if not summaries:
        print(f"no *.summary files in {args[0]}: run linux_interop with --bulk first")
        return 1
    problems = []
    header = (f"{'case':16} {'sender':6} {'octets':>9} {'received':>9} {'equal':5} {'drops':>5} "
              f"{'retrans':>7} {'fast':>5} {'drops resent: fast/retr/ooo/other/had/never':>44} {'RTOs':>4} {'TLPs':>4} {'seconds':>7}")
    print(header)
    for path in summaries:
        name = os.path.basename(path)[:-len(".summary")]
        s = read_summary(path)
        drops = read_drops(os.path.join(args[0], name + "-drops.txt"))
        problems += [f"{name}: {f}" for f in s["failures"]]
        sides = [
            ("lab", OURS, os.path.join(args[0], name + ".pcap"), "to-linux", "to_linux", s["our_rtos"], "-"),
            ("linux", LINUX, os.path.join(args[0], name + "-at-linux.pcap"), "to-us", "to_us",
             s["linux.TcpExtTCPTimeouts"], s["linux.TcpExtTCPLossProbes"]),
        ]
        for label, addr, pcap, drop_dir, key, rtos, tlps in sides:
            mine = [d for d in drops if d[0] == drop_dir]
            d = direction(frames(pcap), addr, mine)
            r = d["resent"]
            exact = s[key + "_exact"] == "1"
            resent = f"{r['fast']}/{r['retransmission']}/{r['out-of-order']}/{r['unflagged']}/{r['not needed']}/{r['never']}"
            print(f"{name:16} {label:6} {s['octets']:>9} {s[key + '_received']:>9} {'yes' if exact else 'NO':5} {len(mine):>5} "
                  f"{d['retrans']:>7} {d['fast']:>5} {resent:>44} {rtos:>4} {tlps:>4} {float(s['seconds']):>7.1f}")
            if not exact:
                problems.append(f"{name}: {label}'s {s['octets']} octets did not arrive exact ({s[key + '_received']} read)")
            if r["never"]:
                problems.append(f"{name}: {r['never']} of {label}'s dropped segments were never resent in its capture")
            if mine and not d["fast"]:
                problems.append(f"{name}: {label} lost {len(mine)} data segments and tshark marks no fast retransmission")
        ours = ", ".join(f"{k[len('our_retransmissions.'):]} {v}" for k, v in s.items() if k.startswith("our_retransmissions."))
        linux = ", ".join(f"{k[len('linux.'):]} {v}" for k, v in s.items() if k.startswith("linux."))
        print(f"    lab's retransmissions by rule: {ours or 'none'}")
        print(f"    kernel counters over the run: {linux}")
    for p in problems:
        print("PROBLEM " + p)
    return 1 if check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
