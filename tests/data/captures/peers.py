#!/usr/bin/env python3
"""Real Linux sockets talking over loopback, one case per run, for the
captures in this folder (make_captures.sh runs each inside its own network
namespace while dumpcap records). Usage: peers.py CASE [ADDRESS]"""
import os
import socket
import struct
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "tools"))
from dupacks import _checksum as checksum  # noqa: E402  (RFC 1071, as the tools compute it)

PORT = 8080


def server(family, addr, ready, job):
    s = socket.socket(family, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, PORT))
    s.listen(4)
    ready.set()
    c, _ = s.accept()
    job(c)
    s.close()


def pause():
    time.sleep(0.05)


def run(case, addr):
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ready = threading.Event()

    def client_socket():
        c = socket.socket(family, socket.SOCK_STREAM)
        c.connect((addr, PORT))
        return c

    if case == "client-closes":
        def job(c):
            c.sendall(c.recv(100).upper())
            assert c.recv(100) == b""
            pause()
            c.close()
        t = threading.Thread(target=server, args=(family, addr, ready, job)); t.start(); ready.wait()
        c = client_socket(); c.sendall(b"hello"); c.recv(100); pause(); c.close(); t.join()
    elif case == "server-closes":
        def job(c):
            c.sendall(b"bye now")
            pause()
            c.close()
        t = threading.Thread(target=server, args=(family, addr, ready, job)); t.start(); ready.wait()
        c = client_socket(); c.recv(100); assert c.recv(100) == b""; pause(); c.close(); t.join()
    elif case == "half-close":
        # The client shuts its side; the server keeps sending (FIN-WAIT-2 at the client), then closes.
        def job(c):
            assert c.recv(100) == b""
            for _ in range(3):
                c.sendall(b"x" * 1000)
                pause()
            c.close()
        t = threading.Thread(target=server, args=(family, addr, ready, job)); t.start(); ready.wait()
        c = client_socket(); c.shutdown(socket.SHUT_WR)
        while c.recv(4096):
            pass
        c.close(); t.join()
    elif case == "abort":
        # SO_LINGER with a zero timeout: close() sends RST (the ABORT call of RFC 9293 §3.10.5).
        def job(c):
            c.recv(100)
            pause()
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            c.close()
        t = threading.Thread(target=server, args=(family, addr, ready, job)); t.start(); ready.wait()
        c = client_socket(); c.sendall(b"ping")
        try:
            c.recv(100)
        except ConnectionResetError:
            pass
        c.close(); t.join()
    elif case == "refused":
        # Nobody listens: the SYN is answered with RST,ACK.
        c = socket.socket(family, socket.SOCK_STREAM)
        try:
            c.connect((addr, PORT + 1))
        except ConnectionRefusedError:
            pass
        c.close()
    elif case == "bulk":
        # Many segments one way with a small receive buffer: window updates, window-full, zero windows.
        def job(c):
            got = 0
            while got < 300000:
                time.sleep(0.002)
                d = c.recv(2000)
                if not d:
                    break
                got += len(d)
            c.close()
        def small_server(family, addr, ready, job):
            s = socket.socket(family, socket.SOCK_STREAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.bind((addr, PORT)); s.listen(1); ready.set()
            c, _ = s.accept(); job(c); s.close()
        t = threading.Thread(target=small_server, args=(family, addr, ready, job)); t.start(); ready.wait()
        c = client_socket(); c.sendall(b"z" * 300000); c.close(); t.join()
    elif case == "reuse":
        # The same 4-tuple twice: the second SYN opens a new stream.
        for i in range(2):
            done = threading.Event()
            def job(c):
                c.recv(100); c.close()
            t = threading.Thread(target=server, args=(family, addr, ready, job)); t.start(); ready.wait(); ready.clear()
            c = socket.socket(family, socket.SOCK_STREAM)
            c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            c.bind((addr, 40000))
            c.connect((addr, PORT)); c.sendall(b"again"); c.recv(100); c.close(); t.join()
            # the client closed first and sits in TIME-WAIT; the bind above
            # reuses the port, and Linux accepts a new SYN on a TIME-WAIT tuple
            pause()
    elif case == "challenge":
        # A RST in the server's window but not at RCV.NXT, forged on the
        # client's behalf: Linux answers with a challenge ACK (RFC 5961 §3.2)
        # and keeps the connection, which then closes normally.
        sniffer = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
        sniffer.bind(("lo", 0))
        def job(c):
            c.recv(100)
            time.sleep(0.3)
            c.sendall(b"still here")
            c.recv(100)
            c.close()
        t = threading.Thread(target=server, args=(family, addr, ready, job)); t.start(); ready.wait()
        c = client_socket()
        cport = c.getsockname()[1]
        c.sendall(b"hi")
        seq = None
        deadline = time.time() + 2
        while seq is None and time.time() < deadline:
            frame = sniffer.recv(65535)
            ip = frame[14:]
            ihl = (ip[0] & 0x0F) * 4
            sport, dport, s_seq = struct.unpack("!HHI", ip[ihl:ihl + 8])
            if ip[9] == 6 and sport == cport and dport == PORT and len(ip) - ihl - (ip[ihl + 12] >> 4) * 4 == 2:
                seq = s_seq + 2  # the client's SND.NXT after "hi"
        rst = forge_rst(addr, cport, PORT, seq + 1000)
        raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
        raw.sendto(rst, (addr, 0))
        assert c.recv(100) == b"still here"
        c.close(); t.join()
    else:
        sys.exit(f"unknown case {case}")


def forge_rst(addr, sport, dport, seq):
    """An IPv4 + TCP RST from addr:sport to addr:dport with sequence number seq."""
    src = socket.inet_aton(addr)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, 0, 0x50, 0x04, 0, 0, 0)
    pseudo = src + src + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0, 0x4000, 64, 6, 0, src, src)
    ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
    return ip + tcp



if __name__ == "__main__":
    run(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "127.0.0.1")
