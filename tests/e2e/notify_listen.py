#!/usr/bin/env python3
"""A stand-in for systemd's notification socket: receive sd_notify
datagrams on SOCKET and write each as "SECONDS MESSAGE" (monotonic time) to
OUT, one line per assignment, until terminated.
Usage: notify_listen.py SOCKET OUT"""
import os
import signal
import socket
import sys
import time

path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
with open(out, "w", buffering=1) as f:
    print("listening", file=f)
    while True:
        data = s.recv(4096).decode()
        now = time.monotonic()
        for line in data.splitlines():
            print(f"{now:.3f} {line}", file=f)
