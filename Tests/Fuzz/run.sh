#!/usr/bin/env bash
# Builds the libFuzzer targets (-sanitize=fuzzer,address) and runs each for a
# while, starting from its committed seeds in Corpus/<target>; what a run finds
# interesting is kept in .build/corpus/<target> for the next run, and a crash
# leaves its input in .build/artifacts/<target>. Exits 1 if any target failed.
#
# Usage: Tests/Fuzz/run.sh [--seconds S | --runs N] [--jobs J] [--max-len B] [TARGET ...]
#   --seconds S   run each target S seconds (default 30)
#   --runs N      run each target N inputs instead (a long run: --runs 10000000)
#   --jobs J      run J targets at once (default 1)
#   --max-len B   longest input, in bytes (default 32768 for journals and
#                 snapshots, 8192 for the rest: a request line's limit)
#   TARGET        FuzzRequests FuzzHTTPRequests FuzzJournal FuzzSnapshot FuzzConfiguration
#                 FuzzResponses FuzzRedisReplies FuzzMemcachedReplies (default: all)
# A crash's input replays with: .build/release/<target> <file>
set -euo pipefail

seconds=30
runs=
jobs=1
max_len_given=
targets=()
all=(FuzzRequests FuzzHTTPRequests FuzzJournal FuzzSnapshot FuzzConfiguration FuzzResponses FuzzRedisReplies FuzzMemcachedReplies)

usage() { sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --jobs) jobs="$2"; shift 2 ;;
        --max-len) max_len_given="$2"; shift 2 ;;
        -h|--help) usage 0 ;;
        -*) echo "run.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
for target in "${targets[@]}"; do
    [ -d "$(dirname "$0")/Sources/$target" ] || { echo "run.sh: no fuzz target '$target'" >&2; exit 2; }
done

cd "$(dirname "$0")"
export PATH="/opt/swift/usr/bin:$PATH"
# gold cannot link libFuzzer into a Swift executable; lld can. -enable-testing lets
# the journal and snapshot targets reach the store's internal readers.
swift build -c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing -Xswiftc -use-ld=lld >&2
# Swift's backtracer would wait on a crash that libFuzzer is there to report.
export SWIFT_BACKTRACE=enable=no

# Inputs a parser of a few KiB is fed; journals and snapshots need room for a header, records and the zeros after them.
max_len() {
    [ -n "$max_len_given" ] && { echo "$max_len_given"; return; }
    case "$1" in
        FuzzJournal|FuzzSnapshot) echo 32768 ;;
        *) echo 8192 ;;
    esac
}

run_one() {
    local target=$1
    local corpus=.build/corpus/$target artifacts=.build/artifacts/$target/ log=.build/logs/$target.log
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    local limit=(-max_total_time="$seconds")
    [ -n "$runs" ] && limit=(-runs="$runs")
    if ./.build/release/"$target" "$corpus" Corpus/"$target" "${limit[@]}" -max_len="$(max_len "$target")" \
        -timeout=20 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$artifacts" >"$log" 2>&1; then
        local executed
        executed=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
        printf '%-22s ok      %12s inputs  %s\n' "$target" "$executed" "$(grep -o 'exec/s: [0-9]*' "$log" | tail -1)"
    else
        printf '%-22s FAILED  (log: Tests/Fuzz/%s; input: Tests/Fuzz/%s)\n' "$target" "$log" "$(ls -t "$artifacts" | head -1 | sed "s|^|$artifacts|")"
        grep -E 'ERROR|Fatal error|precondition|SUMMARY' "$log" | head -5 >&2
        return 1
    fi
}

failed=0
running=0
for target in "${targets[@]}"; do
    run_one "$target" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
exit "$failed"
