#!/usr/bin/env bash
# The process-event storm, measured: ProcMonitor (text to /dev/null, and --json to /dev/null),
# forkstat, the library alone and the library keeping a ProcessTable watch the same fork/exec/exit
# storm; prints each one's CPU time. Needs root, gcc, forkstat.
# Usage: tests/KernelConnector.Benchmarks/storm.sh [processes]
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-20000}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

gcc -O2 -o "$work/storm" tests/KernelConnector.Benchmarks/storm.c
dotnet build -c Release samples/ProcMonitor -v q -nologo >/dev/null

cpu() { awk '{ print ($14 + $15) / 100 }' "/proc/$1/stat"; }

dotnet samples/ProcMonitor/bin/Release/net10.0/ProcMonitor.dll -e fork,exec,exit > /dev/null 2> "$work/text.err" &
text=$!
dotnet samples/ProcMonitor/bin/Release/net10.0/ProcMonitor.dll -e fork,exec,exit --json > /dev/null 2> "$work/json.err" &
json=$!
forkstat -e fork,exec,exit > /dev/null 2>&1 &
fs=$!
dotnet build -c Release tests/KernelConnector.Benchmarks -v q -nologo >/dev/null
bench=tests/KernelConnector.Benchmarks/bin/Release/net10.0/KernelConnector.Benchmarks.dll
dotnet $bench listen 3600 2> "$work/lib.err" &
lib=$!
dotnet $bench listen 3600 table 2> "$work/table.err" &
table=$!
dotnet $bench listen 3600 table-all 2> "$work/tableall.err" &
tableall=$!
until grep -q listening "$work/text.err" && grep -q listening "$work/json.err" && grep -q listening "$work/lib.err" \
    && grep -q listening "$work/table.err" && grep -q listening "$work/tableall.err"; do sleep 0.2; done
sleep 1
t0=$(cpu $text); j0=$(cpu $json); f0=$(cpu $fs); l0=$(cpu $lib); b0=$(cpu $table); a0=$(cpu $tableall)
start=$(date +%s.%N)
"$work/storm" "$count"
end=$(date +%s.%N)
sleep 2
t1=$(cpu $text); j1=$(cpu $json); f1=$(cpu $fs); l1=$(cpu $lib); b1=$(cpu $table); a1=$(cpu $tableall)
# SIGTERM: background jobs of a script ignore SIGINT; the programs print their statistics on it.
kill -TERM $text $json $fs $lib $table $tableall
wait $text $json $lib $table $tableall 2>/dev/null || true
echo "storm: $count processes (fork + exec + exit each) in $(echo "$end - $start" | bc) s"
echo "| monitor | CPU s during the storm | ratio to forkstat |"
echo "| --- | ---: | ---: |"
echo "| forkstat | $(echo "$f1 - $f0" | bc) | 1.00 |"
echo "| ProcMonitor (text) | $(echo "$t1 - $t0" | bc) | $(echo "scale=2; ($t1 - $t0) / ($f1 - $f0)" | bc) |"
echo "| ProcMonitor --json | $(echo "$j1 - $j0" | bc) | $(echo "scale=2; ($j1 - $j0) / ($f1 - $f0)" | bc) |"
echo "| ProcessEventSource, counting callback (the library alone) | $(echo "$l1 - $l0" | bc) | $(echo "scale=2; ($l1 - $l0) / ($f1 - $f0)" | bc) |"
echo "| the library + ProcessTable, command line (ProcMonitor's default reads) | $(echo "$b1 - $b0" | bc) | $(echo "scale=2; ($b1 - $b0) / ($f1 - $f0)" | bc) |"
echo "| the library + ProcessTable, every detail | $(echo "$a1 - $a0" | bc) | $(echo "scale=2; ($a1 - $a0) / ($f1 - $f0)" | bc) |"
echo
grep -E "^(fork|exec|exit|lost|receive|dropped|exec names) " "$work/json.err" "$work/lib.err" "$work/table.err" "$work/tableall.err" || true
