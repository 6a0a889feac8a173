#!/usr/bin/env python3
"""Checks every preset's pcap captures with tshark.

usage: check_pcaps.py TCPLAB TSHARK OUTDIR SCENARIO...

For each scenario and each capture point (both hosts), runs
`tcplab run SCENARIO --pcap ... --capture HOST --trace ...` and asks tshark,
with IP and TCP checksum validation on, for every frame's analysis. Fails if
any frame is malformed or has a bad checksum, or if tshark's retransmission
analysis disagrees with the trace about a frame the capturing host sent.
(Frames a host receives are not compared: which copy reaches it first
depends on what the link lost, so the receiver's view of "retransmission"
legitimately differs from the sender's.)
"""
import json
import os
import subprocess
import sys

RETRANSMISSION_FLAGS = ("tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
                        "tcp.analysis.spurious_retransmission")
# Rules after which tshark and the core may disagree, with the reason. Keep short.
#  syn-sent.syn: the SYN,ACK of a simultaneous open carries ISS again, so in
#  sequence space it repeats the SYN and tshark calls it a retransmission; the
#  core reports it as a new segment (reported to the core's owners).
TOLERATED = {"syn-sent.syn"}
FIELDS = ["frame.number", "_ws.malformed", "ip.checksum.status", "tcp.checksum.status",
          *RETRANSMISSION_FLAGS, "_ws.expert.message"]


def captured_frames(jsonl_path, host):
    """The trace's packets in the order to_pcap writes them: (sent_by_host, retransmission, id)."""
    sent = {}
    frames = []
    with open(jsonl_path) as f:
        for line in f:
            r = json.loads(line)
            if r["type"] == "segment":
                sent[r["id"]] = r
                if r["from"] == host and r["origin"] == "stack":
                    frames.append((True, r["retransmission"], r["id"], r["why"]))
            elif r["type"] == "fate" and r["fate"] in ("delivered", "corrupted"):
                s = sent.get(r["id"])
                if s and s["to"] == host:
                    frames.append((False, s["retransmission"], r["id"], s["why"]))
    return frames


def hosts_of(jsonl_path):
    hosts = []
    with open(jsonl_path) as f:
        for line in f:
            r = json.loads(line)
            if r["type"] == "segment":
                for h in (r["from"], r["to"]):
                    if h not in hosts:
                        hosts.append(h)
    return hosts


def main():
    tcplab, tshark, outdir, scenarios = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    os.makedirs(outdir, exist_ok=True)
    problems = []
    checked = 0
    for scenario in scenarios:
        name = os.path.splitext(os.path.basename(scenario))[0]
        trace = os.path.join(outdir, name + ".jsonl")
        subprocess.run([tcplab, "run", scenario, "--quiet", "--trace", trace], check=False,
                       stdout=subprocess.DEVNULL)
        for host in hosts_of(trace):
            pcap = os.path.join(outdir, f"{name}-{host}.pcap")
            subprocess.run([tcplab, "run", scenario, "--quiet", "--pcap", pcap, "--capture", host],
                           check=False, stdout=subprocess.DEVNULL)
            cmd = [tshark, "-n", "-r", pcap, "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
                   "-o", "tcp.relative_sequence_numbers:FALSE", "-T", "fields", "-E", "separator=|"]
            for field in FIELDS:
                cmd += ["-e", field]
            out = subprocess.run(cmd, capture_output=True, text=True)
            if out.returncode != 0:
                problems.append(f"{pcap}: tshark failed: {out.stderr.strip()}")
                continue
            rows = [line.split("|") for line in out.stdout.splitlines() if line.strip()]
            expected = captured_frames(trace, host)
            if len(rows) != len(expected):
                problems.append(f"{pcap}: tshark read {len(rows)} frames, the trace has {len(expected)}")
                continue
            for row, (by_host, retrans, seg_id, why) in zip(rows, expected):
                frame, malformed, ip_ck, tcp_ck = row[0], row[1], row[2], row[3]
                flagged = any(x.strip() for x in row[4:4 + len(RETRANSMISSION_FLAGS)])
                where = f"{pcap} frame {frame} (trace segment #{seg_id})"
                if malformed:
                    problems.append(f"{where}: malformed: {row[-1]}")
                if ip_ck != "1" or tcp_ck != "1":
                    problems.append(f"{where}: checksum status ip={ip_ck} tcp={tcp_ck} (1 is good)")
                if by_host and flagged != retrans and why not in TOLERATED:
                    problems.append(f"{where}: tshark says retransmission={flagged}, the trace says {retrans}")
            checked += 1
    for p in problems:
        print(p)
    print(f"{checked} captures checked, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
