#!/usr/bin/env python3
"""Binds 127.0.0.1:PORT once and runs N copies of a command that inherit the
listening socket as fd 3 (for servers that cannot share a port themselves,
like workerd with --socket-fd). Waits for them; SIGTERM/SIGINT stops them.

usage: fdshare.py PORT N -- command args...
"""
import os, signal, socket, subprocess, sys

port, n = int(sys.argv[1]), int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1:]
sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock.bind(("127.0.0.1", port))
sock.listen(4096)
if sock.fileno() != 3:
    os.dup2(sock.fileno(), 3)  # fd 3 is free or a stale copy; dup2 makes it inheritable
procs = [subprocess.Popen(cmd, pass_fds=(3,)) for _ in range(n)]
sock.close()
if os.path.exists("/proc/self/fd/3"):
    os.close(3)

def stop(*_):
    for p in procs:
        p.terminate()
signal.signal(signal.SIGTERM, stop)
signal.signal(signal.SIGINT, stop)
for p in procs:
    p.wait()
