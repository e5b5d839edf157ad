#!/usr/bin/env bash
# Coverage-guided fuzzing of the receive path (datagram reader, router, generated dispatch) with
# SharpFuzz and AFL++. Needs the afl++ Debian package. Usage:
#   tests/KernelConnector.Fuzzing/fuzz.sh [seconds]      (default 3600)
# The corpus AFL++ grows is kept in tests/KernelConnector.Fuzzing/corpus (and replayed by
# ReceivePathCorpusTests in every test run). Exits 0 only when AFL++ ran to the end and saved no
# crash and no hang; otherwise prints where the findings are and exits 1 (2 if AFL++ itself failed).
# It prints the commit it fuzzed, for docs/robustness.md.
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

commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain --untracked-files=no -- src tests/KernelConnector.Fuzzing tests/Shared 2>/dev/null)" ]; then
    commit="$commit plus uncommitted changes"
fi
echo "fuzzing commit $commit for $seconds s"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl_status=0
afl-fuzz -i "$corpus" -o "$out" -t 10000 -m none -V "$seconds" -- dotnet "$bin/KernelConnector.Fuzzing.dll" > "$out.log" 2>&1 || afl_status=$?
echo "findings: $out"
stats="$out/default/fuzzer_stats"
if [ "$afl_status" -ne 0 ] || [ ! -f "$stats" ]; then
    tail -n 30 "$out.log"
    echo "afl-fuzz failed (exit code $afl_status); its log: $out.log"
    exit 2
fi
grep -E "execs_done|corpus_count|saved_crashes|saved_hangs|run_time|edges_found|execs_per_sec" "$stats"

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

stat_value() { grep -E "^$1[[:space:]]*:" "$stats" | grep -oE '[0-9]+' | head -n 1; }
crashes=$(stat_value saved_crashes); hangs=$(stat_value saved_hangs)
crashes=${crashes:-0}; hangs=${hangs:-0}
if [ "$crashes" -ne 0 ] || [ "$hangs" -ne 0 ]; then
    echo "FAILED: $crashes crash(es) in $out/default/crashes, $hangs hang(s) in $out/default/hangs"
    ls -l "$out/default/crashes" "$out/default/hangs"
    echo "Replay one: dotnet $bin/KernelConnector.Fuzzing.dll replay FILE (on a build that is not instrumented)"
    exit 1
fi
echo "no crash, no hang"
