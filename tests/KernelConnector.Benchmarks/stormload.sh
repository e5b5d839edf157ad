#!/usr/bin/env bash
# The process-event storm with default options, ProcMonitor on the JIT and with NativeAOT against
# forkstat in the same run, optionally beside busy loops: prints each one's CPU time during the
# storm, its ratio to forkstat's, and what each ProcMonitor lost. Needs root, gcc, forkstat.
# Usage: tests/KernelConnector.Benchmarks/stormload.sh [processes] [busy-loops]   (default 20000 0)
# PROCMONITOR_ARGS adds options to every ProcMonitor (e.g. "--batch-delay 0", the loop before
# BatchDelay, which wakes for every event).
# MONITORS picks the ProcMonitors beside forkstat: "jit aot" (the default), "jit" or "aot" (one
# alone: with three monitors on two cores every wake-up also waits for a core).
# WAIT is how long to wait after every monitor listens before the storm (5 s by default).
# WARMUP runs a storm of that many processes first, not measured (0 by default): the JIT build
# then meets the measured storm with its exec and exit paths compiled, as a monitor that has been
# running a while would.
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-20000}
busy=${2:-0}
monitors=${MONITORS:-jit aot}
warmup=${WARMUP:-0}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

gcc -O2 -o "$work/storm" tests/KernelConnector.Benchmarks/storm.c
dotnet build -c Release samples/ProcMonitor -v q -nologo >/dev/null
dotnet publish samples/ProcMonitor -c Release -r linux-x64 -o "$work/aot" -v q -nologo >/dev/null

cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }
# How often a process's threads went to sleep: for a receiver, about how often it was woken.
wakes() { cat /proc/"$1"/task/*/status | awk '/^voluntary_ctxt_switches/ { n += $2 } END { print n }'; }

# Default options on every monitor: no event selection, text output to a file (ProcMonitor prints
# its statistics there at the end).
read -ra extra <<< "${PROCMONITOR_ARGS:-}"
declare -A binary=([jit]=samples/ProcMonitor/bin/Release/net10.0/ProcMonitor [aot]="$work/aot/ProcMonitor")
declare -A title=([jit]="ProcMonitor JIT" [aot]="ProcMonitor NativeAOT")
declare -A pid
for m in $monitors; do
    "${binary[$m]}" "${extra[@]}" > "$work/$m.out" 2> "$work/$m.err" &
    pid[$m]=$!
done
forkstat > "$work/forkstat.out" 2>&1 &
fs=$!
for m in $monitors; do
    until grep -q listening "$work/$m.err"; do sleep 0.2; done
done
# The JIT build's warm-up (ProcessEventSourceOptions.WarmUp) ends about 3 s after it listens on a
# quiet 2-core machine; WAIT=1 measures a storm that begins while it still compiles.
sleep "${WAIT:-5}"
if [ "$warmup" -gt 0 ]; then
    "$work/storm" "$warmup"
    sleep 2
fi

loops=()
for _ in $(seq 1 "$busy"); do
    bash -c 'while :; do :; done' &
    loops+=($!)
done

declare -A c0 w0 c1 w1
for m in $monitors; do c0[$m]=$(cpu ${pid[$m]}); w0[$m]=$(wakes ${pid[$m]}); done
f0=$(cpu $fs); fw0=$(wakes $fs)
start=$(date +%s.%N)
"$work/storm" "$count"
end=$(date +%s.%N)
sleep 2
for m in $monitors; do c1[$m]=$(cpu ${pid[$m]}); w1[$m]=$(wakes ${pid[$m]}); done
f1=$(cpu $fs); fw1=$(wakes $fs)
if [ "$busy" -gt 0 ]; then kill "${loops[@]}"; fi
load=$(cut -d' ' -f1 /proc/loadavg)
# SIGTERM: background jobs of a script ignore SIGINT; ProcMonitor prints its statistics on it.
for m in $monitors; do kill -TERM ${pid[$m]}; done
kill -TERM $fs
for m in $monitors; do wait ${pid[$m]} 2>/dev/null || true; done

lost() { awk '/^lost \(sequence gaps\)/ { g = $4 } /^receive overruns/ { o = $3 } END { print g " gaps, " o " overruns" }' "$1"; }
echo "storm: $count processes in $(echo "$end - $start" | bc) s, $busy busy loops, warm-up storm $warmup, load average $load"
echo "ProcMonitor options: ${PROCMONITOR_ARGS:-(defaults)}"
echo "| monitor | CPU s during the storm | ratio to forkstat | sleeps | lost |"
echo "| --- | ---: | ---: | ---: | --- |"
echo "| forkstat | $(echo "$f1 - $f0" | bc) | 1.00 | $((fw1 - fw0)) | |"
for m in $monitors; do
    echo "| ${title[$m]} | $(echo "${c1[$m]} - ${c0[$m]}" | bc) | $(echo "scale=2; (${c1[$m]} - ${c0[$m]}) / ($f1 - $f0)" | bc) | $((${w1[$m]} - ${w0[$m]})) | $(lost "$work/$m.out") |"
done
for m in $monitors; do
    echo "${title[$m]}, whole run (warm-up included): $(grep -h "^exec names" "$work/$m.out" || true)"
done
