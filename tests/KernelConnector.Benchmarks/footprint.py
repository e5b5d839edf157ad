#!/usr/bin/env python3
"""Start-up time and resident memory of ProcMonitor (NativeAOT and JIT) and forkstat.

Run as root from the repository root:  python3 tests/KernelConnector.Benchmarks/footprint.py [RUNS] [--breakdown]

Builds ProcMonitor twice (Release on the JIT; NativeAOT with dotnet publish -r linux-x64), then
starts each monitor RUNS times (default 5), round-robin so that all three share the machine's
noise. A run is timed from just before the monitor is started to the moment it says it listens:
ProcMonitor's "procmonitor: listening" line, forkstat's column header (which it prints once its
process-event subscription is in place). VmRSS is read from /proc/PID/status at that moment and
again 2 s later; then the monitor is stopped with SIGINT. Every monitor is started through
`stdbuf -oL` (forkstat's stdio would otherwise hold the header back), so each pays the same exec.

With --breakdown, each run of the NativeAOT build and of forkstat also reads /proc/PID/smaps at
listening and sorts every mapping's resident pages into a class (the binary's code, its read-only
data, its writable data with .bss and the rehydrated runtime data, the C libraries, thread stacks,
the receive batch, the C heap, the GC heap and other runtime memory); the medians per class are
printed as a second table.
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

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
RUNS = int(ARGS[0]) if ARGS else 5
BREAKDOWN = "--breakdown" in sys.argv
CLASSES = ["binary: code", "binary: read-only data", "binary: data, .bss, rehydrated data", "C libraries (libc, libm, ld.so)",
           "thread stacks", "receive batch (recvmmsg slots)", "C heap (malloc)", "GC heap and other runtime memory"]
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


def smaps_classes(pid, binary):
    """Resident KiB of each mapping class of CLASSES, from /proc/PID/smaps."""
    totals = dict.fromkeys(CLASSES, 0)
    cls, after_binary_data = None, False
    with open(f"/proc/{pid}/smaps") as smaps:
        for line in smaps:
            fields = line.split()
            if "-" in fields[0] and len(fields) >= 5 and ":" in fields[3]:
                start, end = (int(x, 16) for x in fields[0].split("-"))
                size_kib, perms, path = (end - start) // 1024, fields[1], (fields[5] if len(fields) > 5 else "")
                if path == binary:
                    cls = {"r-xp": "binary: code", "r--p": "binary: read-only data"}.get(perms, "binary: data, .bss, rehydrated data")
                elif path == "" and after_binary_data:
                    # The anonymous mapping right after the binary's writable data: .bss and, for
                    # NativeAOT, the runtime data it rehydrates at start (the .hydrated section).
                    cls = "binary: data, .bss, rehydrated data"
                elif path.startswith("/"):
                    cls = "C libraries (libc, libm, ld.so)"
                elif path == "[stack]" or (path == "" and size_kib in (8192, 8196)):
                    # glibc gives every thread an 8 MiB stack mapping (the main thread's is [stack]).
                    cls = "thread stacks"
                elif path == "" and 4096 < size_kib <= 4200:
                    # 64 slots of 64 KiB, with their headers: ConnectorSocket's recvmmsg batch.
                    cls = "receive batch (recvmmsg slots)"
                elif path == "[heap]":
                    cls = "C heap (malloc)"
                else:
                    cls = "GC heap and other runtime memory"
                after_binary_data = path == binary and perms == "rw-p"
            elif fields[0] == "Rss:" and cls is not None:
                totals[cls] += int(fields[1])
    return totals


def run_once(command, marker):
    read, write = os.pipe()
    start = time.perf_counter()
    # SIGINT back to its default in the child: started from a background job, the script inherits
    # it ignored, and the monitors would then never stop on it.
    process = subprocess.Popen(["stdbuf", "-oL", *command], stdout=write, stderr=write, stdin=subprocess.DEVNULL,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
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
    classes = smaps_classes(process.pid, os.path.realpath(command[0])) if BREAKDOWN else None
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
    return elapsed, rss, rss_later, classes


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

    if BREAKDOWN:
        names = [n for n in results if n != "ProcMonitor JIT"]
        print()
        print("| resident at listening, median of the runs (KiB) | " + " | ".join(names) + " |")
        print("| --- |" + " ---: |" * len(names))
        for cls in CLASSES + ["total"]:
            cells = []
            for name in names:
                per_run = [sum(r[3].values()) if cls == "total" else r[3][cls] for r in results[name]]
                cells.append(f"{statistics.median(per_run):.0f}")
            print(f"| {cls} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
