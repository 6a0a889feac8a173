#!/usr/bin/env python3
"""Our per-frame TCP analysis (tcplab replay FILE --analysis) against
tshark's tcp.analysis.* flags, frame by frame, for captures we did not write.

usage: check_capture_flags.py TCPLAB TSHARK CAPTURE|DIR...
       check_capture_flags.py --pcapng EDITCAP TCPLAB TSHARK CAPTURE|DIR...

A directory stands for the .pcap and .pcapng files in it (read when the
check runs, so it can name where another test writes its captures). With
--pcapng, every classic pcap is also converted by editcap -F pcapng (a
writer we did not write) and the copy must give the same frames, streams
and flags, both by tshark and by us.

For every TCP frame: the same stream number (tcp.stream), and the same set of
flags, where tshark's names map to ours as below. tshark marks a fast or
spurious retransmission as a retransmission too; that extra name is dropped
before comparing. Duplicate ACKs compare their number and the frame they
repeat as well. RST is tcp.flags.reset. Challenge ACKs (RFC 5961) have no
tshark flag and are not compared. Exits 1 listing every disagreement.
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

TSHARK_TO_OURS = {
    "tcp.analysis.retransmission": "retransmission",
    "tcp.analysis.fast_retransmission": "fast-retransmission",
    "tcp.analysis.spurious_retransmission": "spurious-retransmission",
    "tcp.analysis.out_of_order": "out-of-order",
    "tcp.analysis.lost_segment": "previous-segment-not-captured",
    "tcp.analysis.ack_lost_segment": "acked-unseen-segment",
    "tcp.analysis.duplicate_ack": "duplicate-ack",
    "tcp.analysis.zero_window": "zero-window",
    "tcp.analysis.zero_window_probe": "zero-window-probe",
    "tcp.analysis.zero_window_probe_ack": "zero-window-probe-ack",
    "tcp.analysis.window_full": "window-full",
    "tcp.analysis.window_update": "window-update",
    "tcp.analysis.keep_alive": "keep-alive",
    "tcp.analysis.keep_alive_ack": "keep-alive-ack",
}
EXTRA = ["tcp.analysis.duplicate_ack_num", "tcp.analysis.duplicate_ack_frame", "tcp.flags.reset"]


def tshark_frames(tshark, path):
    fields = ["frame.number", "tcp.stream"] + list(TSHARK_TO_OURS) + EXTRA
    cmd = [tshark, "-n", "-r", path, "-Y", "tcp", "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"tshark failed on {path}: {out.stderr.strip()}")
    frames = {}
    for line in out.stdout.splitlines():
        v = dict(zip(fields, line.split("|")))
        flags = {ours for name, ours in TSHARK_TO_OURS.items() if v[name]}
        if flags & {"fast-retransmission", "spurious-retransmission"}:
            flags.discard("retransmission")
        if v["tcp.flags.reset"] in ("1", "True"):
            flags.add("reset")
        if "duplicate-ack" in flags:
            flags.discard("duplicate-ack")
            flags.add(f"duplicate-ack#{v['tcp.analysis.duplicate_ack_num']} of {v['tcp.analysis.duplicate_ack_frame']}")
        frames[int(v["frame.number"])] = (int(v["tcp.stream"]), flags)
    return frames


def our_frames(tcplab, path):
    out = subprocess.run([tcplab, "replay", path, "--analysis"], capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"tcplab replay failed on {path}: {out.stderr.strip()}")
    frames = {}
    for line in out.stdout.splitlines():
        head, _, rest = line.partition(": ")
        _, number, _, stream = head.split()
        rest, _, dup_of = rest.partition(" of ")
        flags = {f for f in rest.split(",") if f and f != "challenge-ack"}
        for f in list(flags):
            if f.startswith("duplicate-ack#"):
                flags.discard(f)
                flags.add(f"{f} of {dup_of}")
        frames[int(number)] = (int(stream), flags)
    return frames


def expand(args):
    paths = []
    for a in args:
        if os.path.isdir(a):
            paths += sorted(glob.glob(os.path.join(a, "*.pcap")) + glob.glob(os.path.join(a, "*.pcapng")))
        else:
            paths.append(a)
    return paths


def pcapng_copies(editcap, paths, into):
    copies = []
    for p in paths:
        if p.endswith(".pcap"):
            out = os.path.join(into, os.path.basename(p) + "ng")
            subprocess.run([editcap, "-F", "pcapng", p, out], check=True, capture_output=True)
            copies.append((p, out))
    return copies


def main(argv):
    editcap = None
    if len(argv) > 2 and argv[1] == "--pcapng":
        editcap, argv = argv[2], [argv[0]] + argv[3:]
    if len(argv) < 4:
        sys.exit(__doc__)
    tcplab, tshark, paths = argv[1], argv[2], expand(argv[3:])
    problems, compared, flagged = [], 0, 0
    tmp = tempfile.mkdtemp()
    if editcap:
        for original, copy in pcapng_copies(editcap, paths, tmp):
            if our_frames(tcplab, original) != our_frames(tcplab, copy):
                problems.append(f"{copy}: editcap's pcapng copy replays differently from {original}")
            paths.append(copy)
    for path in paths:
        theirs, ours = tshark_frames(tshark, path), our_frames(tcplab, path)
        if set(theirs) != set(ours):
            problems.append(f"{path}: tshark has TCP frames {sorted(set(theirs) - set(ours))} we do not, "
                            f"we have {sorted(set(ours) - set(theirs))} it does not")
        for n in sorted(set(theirs) & set(ours)):
            compared += 1
            flagged += bool(theirs[n][1])
            if theirs[n] != ours[n]:
                problems.append(f"{path} frame {n}: tshark stream {theirs[n][0]} {sorted(theirs[n][1])}, "
                                f"ours stream {ours[n][0]} {sorted(ours[n][1])}")
    shutil.rmtree(tmp)
    for p in problems:
        print(p)
    print(f"{compared} frames in {len(paths)} captures compared, {flagged} with analysis flags, "
          f"{len(problems)} disagreements")
    return 1 if problems or flagged == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
