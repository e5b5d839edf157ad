#!/usr/bin/env bash
# The process-event storm with default options, ProcMonitor on the JIT and with NativeAOT against
# forkstat in the same run, optionally beside busy loops: prints each one's CPU time during the
# storm, its ratio to forkstat's, and what each ProcMonitor lost. Needs root, gcc, forkstat.
# Usage: tests/KernelConnector.Benchmarks/stormload.sh [processes] [busy-loops]   (default 20000 0)
# PROCMONITOR_ARGS adds options to both ProcMonitors (e.g. "--batch-delay 0", the loop before
# BatchDelay, which wakes for every event).
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-20000}
busy=${2:-0}
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
samples/ProcMonitor/bin/Release/net10.0/ProcMonitor "${extra[@]}" > "$work/jit.out" 2> "$work/jit.err" &
jit=$!
"$work/aot/ProcMonitor" "${extra[@]}" > "$work/aot.out" 2> "$work/aot.err" &
aot=$!
forkstat > "$work/forkstat.out" 2>&1 &
fs=$!
until grep -q listening "$work/jit.err" && grep -q listening "$work/aot.err"; do sleep 0.2; done
sleep 1

loops=()
for _ in $(seq 1 "$busy"); do
    bash -c 'while :; do :; done' &
    loops+=($!)
done

j0=$(cpu $jit); a0=$(cpu $aot); f0=$(cpu $fs); jw0=$(wakes $jit); aw0=$(wakes $aot); fw0=$(wakes $fs)
start=$(date +%s.%N)
"$work/storm" "$count"
end=$(date +%s.%N)
sleep 2
j1=$(cpu $jit); a1=$(cpu $aot); f1=$(cpu $fs); jw1=$(wakes $jit); aw1=$(wakes $aot); fw1=$(wakes $fs)
if [ "$busy" -gt 0 ]; then kill "${loops[@]}"; fi
load=$(cut -d' ' -f1 /proc/loadavg)
# SIGTERM: background jobs of a script ignore SIGINT; ProcMonitor prints its statistics on it.
kill -TERM $jit $aot $fs
wait $jit $aot 2>/dev/null || true

lost() { awk '/^lost \(sequence gaps\)/ { g = $4 } /^receive overruns/ { o = $3 } END { print g " gaps, " o " overruns" }' "$1"; }
echo "storm: $count processes in $(echo "$end - $start" | bc) s, $busy busy loops, load average $load"
echo "ProcMonitor options: ${PROCMONITOR_ARGS:-(defaults)}"
echo "| monitor | CPU s during the storm | ratio to forkstat | sleeps | lost |"
echo "| --- | ---: | ---: | ---: | --- |"
echo "| forkstat | $(echo "$f1 - $f0" | bc) | 1.00 | $((fw1 - fw0)) | |"
echo "| ProcMonitor JIT | $(echo "$j1 - $j0" | bc) | $(echo "scale=2; ($j1 - $j0) / ($f1 - $f0)" | bc) | $((jw1 - jw0)) | $(lost "$work/jit.out") |"
echo "| ProcMonitor NativeAOT | $(echo "$a1 - $a0" | bc) | $(echo "scale=2; ($a1 - $a0) / ($f1 - $f0)" | bc) | $((aw1 - aw0)) | $(lost "$work/aot.out") |"
grep -h "^exec names" "$work/jit.out" "$work/aot.out" || true
