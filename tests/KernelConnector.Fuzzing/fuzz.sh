#!/usr/bin/env bash
# Coverage-guided fuzzing of the receive path (datagram reader, router, generated dispatch) with
# SharpFuzz and AFL++. Needs the afl++ Debian package. Usage:
#   tests/KernelConnector.Fuzzing/fuzz.sh [seconds]      (default 3600)
# The corpus AFL++ grows is kept in tests/KernelConnector.Fuzzing/corpus; crashes land in
# the findings folder it prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-3600}
out=$(mktemp -d)/findings
dotnet tool restore >/dev/null
dotnet build -c Release tests/KernelConnector.Fuzzing -v q -nologo >/dev/null
bin=tests/KernelConnector.Fuzzing/bin/Release/net10.0
corpus=tests/KernelConnector.Fuzzing/corpus
if [ ! -d "$corpus" ] || [ -z "$(ls -A "$corpus")" ]; then
    # Before instrumenting: instrumented code runs only under the fuzzer.
    dotnet "$bin/KernelConnector.Fuzzing.dll" seeds "$corpus"
fi
dotnet sharpfuzz "$bin/KernelConnector.dll" >/dev/null

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -i "$corpus" -o "$out" -t 10000 -m none -V "$seconds" -- dotnet "$bin/KernelConnector.Fuzzing.dll" > "$out.log" 2>&1 || true
echo "findings: $out"
grep -E "execs_done|corpus_count|saved_crashes|saved_hangs|run_time|paths_total|execs_per_sec" "$out/default/fuzzer_stats" || tail -20 "$out.log"
# Keep what the fuzzer found interesting as the next run's seeds (names safe on every file
# system). The queue starts with a copy of every seed: only contents not yet kept are added.
known=$(md5sum "$corpus"/* | cut -d' ' -f1 | sort -u)
for f in "$out"/default/queue/id:*; do
    [ -e "$f" ] || continue
    sum=$(md5sum < "$f" | cut -d' ' -f1)
    if ! grep -qx "$sum" <<< "$known"; then
        cp "$f" "$corpus/$(basename "$f" | tr -c 'A-Za-z0-9._\n-' '_')"
        known+=$'\n'"$sum"
    fi
done
