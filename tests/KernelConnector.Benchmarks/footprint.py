#!/usr/bin/env python3
"""Start-up time and resident memory of ProcMonitor (NativeAOT and JIT) and forkstat.

Run as root from the repository root:  python3 tests/KernelConnector.Benchmarks/footprint.py [RUNS]

Builds ProcMonitor twice (Release on the JIT; NativeAOT with dotnet publish -r linux-x64), then
starts each monitor RUNS times (default 5), round-robin so that all three share the machine's
noise. A run is timed from just before the monitor is started to the moment it says it listens:
ProcMonitor's "procmonitor: listening" line, forkstat's column header (which it prints once its
process-event subscription is in place). VmRSS is read from /proc/PID/status at that moment and
again 2 s later; then the monitor is stopped with SIGINT. Every monitor is started through
`stdbuf -oL` (forkstat's stdio would otherwise hold the header back), so each pays the same exec.
"""
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def build(out):
    subprocess.run(["dotnet", "build", "-c", "Release", "samples/ProcMonitor"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["dotnet", "publish", "samples/ProcMonitor", "-c", "Release", "-r", "linux-x64", "-o", out],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return {
        "forkstat": ([shutil.which("forkstat") or "forkstat"], b"Time"),
        "ProcMonitor NativeAOT": ([os.path.join(out, "ProcMonitor")], b"procmonitor: listening"),
        "ProcMonitor JIT": ([os.path.join(ROOT, "samples/ProcMonitor/bin/Release/net10.0/ProcMonitor")], b"procmonitor: listening"),
    }


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def run_once(command, marker):
    read, write = os.pipe()
    start = time.perf_counter()
    process = subprocess.Popen(["stdbuf", "-oL", *command], stdout=write, stderr=write, stdin=subprocess.DEVNULL)
    os.close(write)
    seen = b""
    while marker not in seen:
        ready, _, _ = select.select([read], [], [], 30)
        if not ready:
            raise RuntimeError(f"{command[0]} did not say it listens within 30 s: {seen!r}")
        chunk = os.read(read, 65536)
        if not chunk:
            raise RuntimeError(f"{command[0]} ended before listening: {seen!r}")
        seen += chunk
    elapsed = time.perf_counter() - start
    rss = rss_kib(process.pid)
    # Keep draining while it settles, so that a full pipe never blocks it.
    settle = time.perf_counter() + 2
    while (left := settle - time.perf_counter()) > 0:
        if select.select([read], [], [], left)[0]:
            os.read(read, 65536)
    rss_later = rss_kib(process.pid)
    process.send_signal(signal.SIGINT)
    while os.read(read, 65536):
        pass
    process.wait(timeout=30)
    os.close(read)
    return elapsed, rss, rss_later


def main():
    with tempfile.TemporaryDirectory(prefix="footprint-") as out:
        monitors = build(out)
        results = {name: [] for name in monitors}
        for _ in range(RUNS):
            for name, (command, marker) in monitors.items():
                results[name].append(run_once(command, marker))

    base = results["forkstat"]
    base_time = statistics.median(r[0] for r in base)
    base_rss = statistics.median(r[1] for r in base)
    print(f"load average at the end: {os.getloadavg()}")
    print("| monitor | start to listening, each run (ms) | median | ratio | VmRSS at listening, each run (MiB) | median | ratio | VmRSS 2 s later (MiB, median) |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: |")
    for name, runs in results.items():
        times = [r[0] * 1000 for r in runs]
        rss = [r[1] / 1024 for r in runs]
        later = statistics.median(r[2] for r in runs) / 1024
        median_time = statistics.median(times)
        median_rss = statistics.median(rss)
        print(f"| {name} | {', '.join(f'{t:.0f}' for t in times)} | {median_time:.0f} | {median_time / (base_time * 1000):.2f} "
              f"| {', '.join(f'{m:.1f}' for m in rss)} | {median_rss:.1f} | {median_rss * 1024 / base_rss:.2f} | {later:.1f} |")


if __name__ == "__main__":
    main()
