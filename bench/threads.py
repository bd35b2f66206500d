#!/usr/bin/env python3
"""Where a running server's CPU goes, by thread, over a window (issue 15, docs/benchmarks.md).

Usage: bench/threads.py PID SECONDS
Prints each thread's CPU time over the window (user + system, from /proc/PID/task/*/stat; the
virtual-thread carriers ForkJoinPool-1-* summed) and the share of 10 ms samples in which each
thread was running or runnable, and in which every onnx-embed thread (the embedder's pool, onnx-embed-N,
and the indexer's, onnx-embed-iN) was asleep at once.
"""
import collections
import os
import sys
import time


def cpu(pid):
    ticks = {}
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            name = open(f"/proc/{pid}/task/{task}/comm").read().strip()
            fields = open(f"/proc/{pid}/task/{task}/stat").read().rsplit(")", 1)[1].split()
            ticks[(task, name)] = int(fields[11]) + int(fields[12])
        except OSError:
            pass
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return ticks, int(fields[11]) + int(fields[12])


def label(name):
    return "FJ-carriers" if name.startswith("ForkJoinPool-1") else name


def main():
    pid, seconds = sys.argv[1], float(sys.argv[2])
    before, process_before = cpu(pid)
    running = collections.Counter()
    samples = both_asleep = 0
    end = time.time() + seconds
    while time.time() < end:
        state = collections.Counter()
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                name = label(open(f"/proc/{pid}/task/{task}/comm").read().strip())
                code = open(f"/proc/{pid}/task/{task}/stat").read().rsplit(")", 1)[1].split()[0]
            except OSError:
                continue
            if code == "R":
                running[name] += 1
                state[name] += 1
        samples += 1
        if not any(n.startswith("onnx-embed") for n in state):  # the model's pool and the indexer's
            both_asleep += 1
        time.sleep(0.01)
    after, process_after = cpu(pid)
    by_thread = collections.Counter()
    for key, ticks in after.items():
        by_thread[label(key[1])] += ticks - before.get(key, 0)
    total = process_after - process_before
    print(f"process CPU {total / 100:.2f} s over {seconds:.0f} s; threads that ended meanwhile "
          f"{(total - sum(by_thread.values())) / 100:.2f} s; loadavg {open('/proc/loadavg').read().strip()}")
    for name, ticks in by_thread.most_common(10):
        print(f"  {ticks / 100:6.2f} s CPU, runnable in {running[name] / samples * 100:5.1f} % of samples  {name}")
    print(f"{samples} samples; every onnx-embed thread asleep in {both_asleep / samples * 100:.1f} %")


if __name__ == "__main__":
    main()
