#!/usr/bin/env python3
"""A request head of many small header lines, and a chunked body, against a service.

Usage: header_flood.py PID PORT [megabytes=128]
Sends up to `megabytes` of header lines (64 bytes each), then separately a chunked
POST body of that size; prints what the server took, its answer, the time, and the
service's VmHWM / VmRSS (after the connection closed).
"""
import socket
import sys
import time


def memory(pid):
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0]) // 1024
    return f"VmHWM {values['VmHWM']} MiB, VmRSS {values['VmRSS']} MiB"


def flood(port, head, piece, total):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(head)
    s.settimeout(2)
    sent = 0
    start = time.monotonic()
    try:
        while sent < total:
            sent += s.send(piece)
    except OSError:
        pass
    answer = b""
    try:
        answer = s.recv(200)
    except OSError:
        pass
    took = time.monotonic() - start
    s.close()
    return sent, answer.split(b"\r\n")[0].decode(errors="replace"), took


def main():
    pid, port = int(sys.argv[1]), int(sys.argv[2])
    total = (int(sys.argv[3]) if len(sys.argv) > 3 else 128) << 20
    line = b"X-Flood: " + b"a" * 53 + b"\r\n"
    sent, answer, took = flood(port, b"GET / HTTP/1.1\r\nHost: x\r\n", line * 1024, total)
    time.sleep(0.5)
    print(f"header lines: {sent >> 20} MiB taken in {took:.1f} s, answer '{answer}'; {memory(pid)}")
    chunk = b"10000\r\n" + b"a" * 0x10000 + b"\r\n"
    head = (b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    sent, answer, took = flood(port, head, chunk, total)
    time.sleep(0.5)
    print(f"chunked body: {sent >> 20} MiB taken in {took:.1f} s, answer '{answer}'; {memory(pid)}")


if __name__ == "__main__":
    main()
