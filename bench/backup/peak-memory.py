#!/usr/bin/env python3
"""peak-memory.py CMD [ARG...]: runs CMD and prints "<peak RSS MiB> <peak anonymous MiB>" on stdout.

Peak RSS (VmHWM) counts the pages of files the process maps (the database file through SQLite's
memory-mapped I/O): they are the page cache, shared, not memory of the process's own. The anonymous
part (RssAnon, sampled every 10 ms) is the memory the process allocated itself.
"""
import subprocess, sys, time

p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
hwm = anon = 0
while p.poll() is None:
    try:
        with open(f"/proc/{p.pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key == "VmHWM":
                    hwm = max(hwm, int(value.split()[0]))
                elif key == "RssAnon":
                    anon = max(anon, int(value.split()[0]))
    except (FileNotFoundError, ProcessLookupError, ValueError):
        pass
    time.sleep(0.01)
if p.returncode != 0:
    sys.exit(f"{sys.argv[1:]} failed with exit code {p.returncode}")
print(f"{hwm / 1024:.0f} {anon / 1024:.0f}")
