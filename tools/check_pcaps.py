#!/usr/bin/env python3
"""Checks every lesson's pcap captures with tshark.

usage: check_pcaps.py [--min-dupacks N] [--each-flag] TCPLAB TSHARK OUTDIR SCENARIO...

For each scenario and each capture point (both hosts), runs
`tcplab run SCENARIO --pcap ... --capture HOST --trace ...` and asks tshark,
with IP and TCP checksum validation on, for every frame's analysis. Fails if
any frame is malformed or has a bad checksum, or if tshark's expert analysis
(fast retransmission, retransmission, duplicate ACK, zero-window probe,
window full) disagrees with the rule the trace names for a frame the
capturing host sent (tools/rule_flags.py: the mapping, and the known
heuristic differences, each printed per frame). Frames a host receives are
not compared: which copy reaches it first depends on what the link lost, so
the receiver's view legitimately differs from the sender's; every frame is
compared at its sender, since each lesson is captured at every host.

Duplicate ACKs, on every frame of both capture points: the frames the trace
says the host's interface saw are run through Wireshark's duplicate-ACK rule
(tools/dupacks.py, computed from the trace's seq, ack, flags, win and
payload, not from tshark), and tshark's tcp.analysis.duplicate_ack,
duplicate_ack_num and duplicate_ack_frame must match on every frame; so must
the header tshark read and the trace's. Each duplicate ACK the capturing
host sends must answer a segment that reached it since its previous frame
and could not advance its ACK (dupacks.unanswered). --min-dupacks N fails the run when
fewer than N duplicate ACKs were found in all (so a scenario meant to make
them cannot silently stop doing so); --each-flag likewise fails unless each
of the five flags is set, by both tshark and the rule, on some frame.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dupacks  # noqa: E402
import rule_flags  # noqa: E402

# Rules whose segments tshark may call out-of-order rather than retransmitted
# (see rule_flags.KNOWN), and then malformed:
#  cc.sack.retransmit: RFC 6675 resends a later hole within an RTT of the
#  highest segment sent; Wireshark calls any older segment that comes within
#  its first RTT of that one, and is no fast retransmission, "out-of-order",
#  and its reassembly then reports the repeated octets as an overlap
#  ("New fragment overlaps old data (retransmission?)", marked malformed).
#  The octets are the same; the trace names the rule.
OUT_OF_ORDER_TOLERATED = {"cc.sack.retransmit"}
OUT_OF_ORDER_MESSAGES = {"This frame is a (suspected) out-of-order segment",
                         "New fragment overlaps old data (retransmission?)"}
FIELDS = dupacks.with_fields(["frame.number", "_ws.malformed", "ip.checksum.status", "tcp.checksum.status",
                              *rule_flags.FLAG_FIELDS, "_ws.expert.message"])
EXPERT = FIELDS.index("_ws.expert.message")


def trace_packet(r):
    return dupacks.Packet(r["src"], r["dst"], r["seq"], r["ack"], dupacks.flags_from_names(r["flags"]), r["win"],
                          r["payload"])


def captured_frames(jsonl_path, host):
    """The trace's packets in the order to_pcap writes them:
    (sent_by_host, retransmission, id, why, header as a dupacks.Packet,
    rule_flags.Sent for a frame the host sent, else None)."""
    sent = {}
    frames = []
    windows = rule_flags.Windows()
    with open(jsonl_path) as f:
        for line in f:
            r = json.loads(line)
            if r["type"] == "segment":
                sent[r["id"]] = r
                windows.syn_seen(r)
                if r["from"] == host and r["origin"] == "stack":
                    frames.append((True, r["retransmission"], r["id"], r["why"], trace_packet(r), windows.sent(r)))
            elif r["type"] == "fate" and r["fate"] in ("delivered", "corrupted"):
                s = sent.get(r["id"])
                if s and r["fate"] == "delivered":
                    windows.received(s)
                if s and s["to"] == host:
                    # A corrupted copy arrives as it was changed on the link: read its header from its bytes.
                    packet = trace_packet(s) if r["fate"] == "delivered" else \
                        dupacks.parse_ipv4_tcp(bytes.fromhex(r["bytes"]), f"trace segment #{r['id']} as it arrived")
                    frames.append((False, s["retransmission"], r["id"], s["why"], packet, None))
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


def check_dupacks(pcap, rows, expected, problems):
    """Wireshark's duplicate-ACK rule over the trace's frames against tshark: (frames, dup ACKs)."""
    packets = [e[4] for e in expected]
    verdicts = dupacks.wireshark_dupacks(packets)
    frames = [dupacks.frame_from_row(row, FIELDS) for row in rows]
    problems += dupacks.compare(pcap, packets, verdicts, frames)
    sent = [e for e in expected if e[0]]
    if sent:
        for i in dupacks.unanswered(packets, verdicts, sent[0][4].src.split(":")[0]):
            problems.append(f"{pcap} frame {i + 1} (trace segment #{expected[i][2]}, {expected[i][3]}): a duplicate "
                            f"ACK that answers no segment arrived since the host's previous frame")
    found = [(n, v, e) for n, (v, e) in enumerate(zip(verdicts, expected), start=1) if v]
    if found:
        print(f"{os.path.basename(pcap)}: " + ", ".join(
            f"frame {n} dup ACK #{v[0]} of {v[1]} ({'sent' if e[0] else 'received'}, {e[3]})" for n, v, e in found))
    return len(packets), len(found)


def main():
    args = sys.argv[1:]
    min_dupacks = 0
    if args[:1] == ["--min-dupacks"]:
        min_dupacks, args = int(args[1]), args[2:]
    each_flag = args[:1] == ["--each-flag"]
    if each_flag:
        args = args[1:]
    tcplab, tshark, outdir, scenarios = args[0], args[1], args[2], args[3:]
    os.makedirs(outdir, exist_ok=True)
    problems = []
    checked = 0
    frames_compared = dupacks_found = 0
    tally, notes = {}, []
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
            for row, (by_host, retrans, seg_id, why, _, sent) in zip(rows, expected):
                frame, malformed, ip_ck, tcp_ck = row[0], row[1], row[2], row[3]
                where = f"{os.path.basename(pcap)} frame {frame} (trace segment #{seg_id})"
                out_of_order = why in OUT_OF_ORDER_TOLERATED and set(row[EXPERT].split(",")) <= OUT_OF_ORDER_MESSAGES
                if malformed and not out_of_order:
                    problems.append(f"{where}: malformed: {row[EXPERT]}")
                if ip_ck != "1" or tcp_ck != "1":
                    problems.append(f"{where}: checksum status ip={ip_ck} tcp={tcp_ck} (1 is good)")
                if by_host:
                    problems += rule_flags.compare(where, sent, rule_flags.tshark_flags(row, FIELDS), tally, notes)
            try:
                n, d = check_dupacks(pcap, rows, expected, problems)
            except (ValueError, RuntimeError) as e:
                problems.append(f"{pcap}: duplicate ACKs not compared: {e}")
                n = d = 0
            frames_compared += n
            dupacks_found += d
            checked += 1
    if dupacks_found < min_dupacks:
        problems.append(f"{dupacks_found} duplicate ACKs in all, fewer than the {min_dupacks} asked for")
    if each_flag:
        problems += [f"no frame of any capture is a {name} by both tshark and the trace's rule"
                     for name in rule_flags.NAMES if not tally.get(name, [0])[0]]
    for n in notes:
        print(n)
    for p in problems:
        print(p)
    print("tshark against the trace's rules, frames each host sent: " + ", ".join(
        f"{name} {tally.get(name, [0, 0])[0]} (of {tally.get(name, [0, 0])[1]} frames)" for name in rule_flags.NAMES) +
        f"; {len(notes)} known differences")
    print(f"{checked} captures checked, {frames_compared} frames compared with Wireshark's duplicate-ACK rule, "
          f"{dupacks_found} duplicate ACKs, {len(problems)} problems")
    return 1 if problems or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
