#!/usr/bin/env python3
"""Peak RSS of a telemetry-viewer while N clients upload big OTLP/HTTP log batches at once.

Usage: viewer_ingest_memory.py PID HTTP_PORT [clients=8] [megabytes=14]
Prints the viewer's VmHWM before and after, each upload's status and the wall time.
(issue #19: 8 x 14 MB with MAX_BYTES=32MiB took the viewer to 396 MiB.)
"""
import http.client
import struct
import sys
import threading
import time


def varint(n):
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def field(number, payload):  # length-delimited
    return varint(number << 3 | 2) + varint(len(payload)) + payload


def logs_body(megabytes):
    records = []
    text = b"x" * 1000
    now = time.time_ns()
    for i in range(megabytes * 1000):
        body = field(5, field(1, text + str(i).encode()))  # body: AnyValue.string_value
        records.append(field(2, varint(1 << 3 | 1) + struct.pack("<Q", now) + body))
    resource = field(1, field(1, field(1, b"service.name") + field(2, field(1, b"flood"))))
    return field(1, resource + field(2, b"".join(records)))


def peak_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return -1


def main():
    pid, port = int(sys.argv[1]), int(sys.argv[2])
    clients = int(sys.argv[3]) if len(sys.argv) > 3 else 8
    megabytes = int(sys.argv[4]) if len(sys.argv) > 4 else 14
    body = logs_body(megabytes)
    statuses = []

    def upload():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", "/v1/logs", body, {"Content-Type": "application/x-protobuf"})
        statuses.append(connection.getresponse().status)

    before = peak_mib(pid)
    start = time.monotonic()
    threads = [threading.Thread(target=upload) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"{clients} x {len(body) / 1e6:.1f} MB: statuses {sorted(statuses)} in "
          f"{time.monotonic() - start:.1f} s; viewer VmHWM {before:.0f} -> {peak_mib(pid):.0f} MiB")


if __name__ == "__main__":
    main()
