#!/usr/bin/env python3
"""Two real Linux sockets whose segments cross a user-space link that loses
chosen ones, for captures with retransmissions, duplicate ACKs and fast
retransmits (tc netem is not available here). Run as root inside a fresh
network namespace (make_captures.sh does): a TUN device tun0 holds
10.9.0.1; the client connects to 10.9.0.50, this link rewrites each packet
as if 10.9.0.51 sent it to 10.9.0.1 (and back), so the kernel's client and
server talk through the TUN device, where dumpcap sees each segment twice:
as the client sent it and as the server received it.

usage: lossy_link.py CASE   (fast-retransmit | rto | reorder | zero-window | keep-alive)
"""
import fcntl
import os
import select
import socket
import struct
import subprocess
import sys
import threading
import time

TUNSETIFF = 0x400454CA
IFF_TUN, IFF_NO_PI = 0x0001, 0x1000
LOCAL, FAR_SERVER, FAR_CLIENT = "10.9.0.1", "10.9.0.50", "10.9.0.51"
PORT = 9000


sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools"))
from dupacks import _checksum as checksum  # noqa: E402  (RFC 1071, as the tools compute it)


def rewrite(pkt, src, dst):
    ihl = (pkt[0] & 0x0F) * 4
    ip = bytearray(pkt[:ihl])
    ip[12:16], ip[16:20] = socket.inet_aton(src), socket.inet_aton(dst)
    ip[10:12] = b"\0\0"
    ip[10:12] = struct.pack("!H", checksum(bytes(ip)))
    tcp = bytearray(pkt[ihl:])
    tcp[16:18] = b"\0\0"
    pseudo = ip[12:20] + struct.pack("!BBH", 0, 6, len(tcp))
    tcp[16:18] = struct.pack("!H", checksum(bytes(pseudo + tcp)))
    return bytes(ip + tcp)


def translate(pkt):
    src, dst = socket.inet_ntoa(pkt[12:16]), socket.inet_ntoa(pkt[16:20])
    if (src, dst) == (LOCAL, FAR_SERVER):
        return rewrite(pkt, FAR_CLIENT, LOCAL)
    if (src, dst) == (LOCAL, FAR_CLIENT):
        return rewrite(pkt, FAR_SERVER, LOCAL)
    return None


def link(fd, drop, stop, hold_third=False):
    """Forwards every packet but those `drop(n, pkt)` chooses (n counts client
    data segments); with hold_third, the third data segment goes after the fourth."""
    data_segments = 0
    held = None
    while not stop.is_set():
        r, _, _ = select.select([fd], [], [], 0.05)
        if not r:
            continue
        pkt = os.read(fd, 65536)
        if len(pkt) < 40 or pkt[0] >> 4 != 4 or pkt[9] != 6:
            continue
        ihl = (pkt[0] & 0x0F) * 4
        payload = len(pkt) - ihl - (pkt[ihl + 12] >> 4) * 4
        to_server = socket.inet_ntoa(pkt[16:20]) == FAR_SERVER
        if to_server and payload > 0:
            data_segments += 1
            if drop(data_segments, pkt):
                continue
            if hold_third and data_segments == 3:
                held = pkt
                continue
        out = translate(pkt)
        if out:
            os.write(fd, out)
        if held and to_server and data_segments == 4:
            os.write(fd, translate(held))
            held = None


def main(case):
    fd = os.open("/dev/net/tun", os.O_RDWR)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", b"tun0", IFF_TUN | IFF_NO_PI))
    subprocess.run(["ip", "addr", "add", f"{LOCAL}/24", "dev", "tun0"], check=True)
    subprocess.run(["ip", "link", "set", "tun0", "up"], check=True)
    time.sleep(3)  # time for dumpcap to open tun0
    stop = threading.Event()
    dropped = set()

    def drop(n, pkt):
        if case == "fast-retransmit" and n == 3 and n not in dropped:
            dropped.add(n)  # once: the retransmission passes
            return True
        if case == "rto" and n == 2 and n not in dropped:
            dropped.add(n)
            return True
        return False

    threading.Thread(target=link, args=(fd, drop, stop, case == "reorder"), daemon=True).start()
    ready = threading.Event()
    received = []

    def server():
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if case == "zero-window":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 2048)
        s.bind((LOCAL, PORT))
        s.listen(1)
        ready.set()
        c, _ = s.accept()
        if case == "zero-window":
            time.sleep(1.5)  # the client fills the window and probes it
        if case == "keep-alive":
            c.recv(10)
            time.sleep(2.5)  # idle: the client's keep-alive probes
        total = 0
        while True:
            d = c.recv(65536)
            if not d:
                break
            total += len(d)
            if case == "zero-window":
                time.sleep(0.05)
        received.append(total)
        c.close()
        s.close()

    t = threading.Thread(target=server)
    t.start()
    ready.wait()
    c = socket.socket()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if case == "keep-alive":
        c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, 1)
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, 1)
    c.connect((FAR_SERVER, PORT))
    if case in ("fast-retransmit", "rto", "reorder"):
        for i in range(2 if case == "rto" else 8):
            c.send(bytes([65 + i]) * 1000)
    elif case == "zero-window":
        c.sendall(b"w" * 40000)
    elif case == "keep-alive":
        c.send(b"k")
        time.sleep(3)
    c.close()
    t.join(timeout=10)
    time.sleep(1)  # the close completes across the link
    stop.set()
    print(f"{case}: server received {received}", flush=True)
    time.sleep(2)  # tun0 stays while the capture is stopped


if __name__ == "__main__":
    main(sys.argv[1])
