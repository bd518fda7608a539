#!/usr/bin/env python3
"""Normal requests while slow-header (slowloris) connections are open.

Usage: slow_headers.py PORT [slow=32] [seconds=5] [path=/healthz]
Opens `slow` connections that each send a request line and then one header line
every 0.5 s, and meanwhile sends a normal GET every 100 ms (1 s timeout).
Prints how many normal requests were answered and the slowest answer.
"""
import socket
import sys
import threading
import time


def main():
    port = int(sys.argv[1])
    slow = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 5
    path = sys.argv[4] if len(sys.argv) > 4 else "/healthz"
    sockets = []
    for _ in range(slow):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        sockets.append(s)
    stop = threading.Event()

    def trickle():
        while not stop.is_set():
            for s in sockets:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass
            time.sleep(0.5)

    threading.Thread(target=trickle, daemon=True).start()
    time.sleep(0.5)
    answered = sent = 0
    slowest = 0.0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        sent += 1
        start = time.monotonic()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.settimeout(1)
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    answered += 1
                    slowest = max(slowest, time.monotonic() - start)
        except OSError:
            pass
        time.sleep(0.1)
    stop.set()
    print(f"{slow} slow-header connections: {answered}/{sent} normal requests answered, "
          f"slowest {slowest * 1000:.0f} ms")


if __name__ == "__main__":
    main()
