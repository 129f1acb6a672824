#!/usr/bin/env bash
# Durable writes, movied against Redis, side by side with the very same tool.
#
# movied runs with --sync always (an answer is sent once an fdatasync covers
# the write), Redis with appendonly yes and appendfsync always (the same
# promise), both on the same disk, pinned to core 0; movieload on core 1 sends
# PUT to movied and SET to Redis (inline), 60-byte values over 10,000 keys, at
# four loads: 1 connection one request at a time, 1 connection pipelining 16,
# 16 connections and 128 connections. --rounds rounds, the servers taking
# turns in alternating order; the table shows medians, and each ratio is the
# median of the ratios within a round.
#
# Usage: Benchmarks/durable-writes.sh [--rounds R] [--duration S] [--warmup S]
# Binaries: $MOVIED and $MOVIELOAD if set, else built with `swift build -c release`.
# compare.sh runs this too, after its own table (unless --no-durable).
set -euo pipefail
. "$(dirname "$0")/common.sh"

rounds=3
duration=5
warmup=1
server_core=0
load_core=1
loads=("1 1" "1 16" "16 1" "128 1")

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "durable-writes.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "durable-writes.sh: --rounds must be a positive number" >&2; exit 2 ;; esac

for tool in redis-server jq taskset; do
    command -v "$tool" >/dev/null || { say "$tool is missing (Debian: redis-server, jq, util-linux)"; exit 1; }
done
[ "$(nproc)" -lt 2 ] && load_core=0

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${MOVIED:-}" ] || [ -z "${MOVIELOAD:-}" ]; then
    say "building movied and movieload (release)"
    (cd "$repo" && swift build -c release --product movied >&2 && swift build -c release --product movieload >&2)
    bin=$(cd "$repo" && swift build -c release --show-bin-path)
    MOVIED=${MOVIED:-$bin/movied}
    MOVIELOAD=${MOVIELOAD:-$bin/movieload}
fi

# On the disk, not in memory: the fsyncs are the point.
work=$(mktemp -d "${TMPDIR:-/tmp}/movied-durable.XXXXXX")
pids=()
cleanup() {
    stop_processes
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A port
port[movied]=$(free_port)
taskset -c "$server_core" "$MOVIED" --bind 127.0.0.1 --port "${port[movied]}" --http-port off --data-dir "$work/movied" \
    --sync always >/dev/null 2>>"$work/movied.log" &
pids+=($!)
wait_for_port "${port[movied]}" "$work/movied.log"

port[redis]=$(free_port)
mkdir -p "$work/redis"
taskset -c "$server_core" redis-server --bind 127.0.0.1 --port "${port[redis]}" --save '' --appendonly yes \
    --appendfsync always --dir "$work/redis" --daemonize no --logfile "$work/redis.log" >>"$work/redis.out" 2>&1 &
pids+=($!)
wait_for_port "${port[redis]}" "$work/redis.out"

protocol_of() { case "$1" in movied) echo movie ;; *) echo "$1" ;; esac; }

declare -A rps p99
names=(movied redis)
for ((round = 1; round <= rounds; round++)); do
    order=("${names[@]}")
    [ $((round % 2)) -eq 0 ] && order=(redis movied)
    for load in "${loads[@]}"; do
        read -r connections pipeline <<<"$load"
        for name in "${order[@]}"; do
            say "round $round of $rounds: $name, $connections connection(s), pipeline $pipeline, ${duration} s (+${warmup} s warm-up)"
            out="$work/$name-$connections-$pipeline-$round.json"
            taskset -c "$load_core" "$MOVIELOAD" --protocol "$(protocol_of "$name")" --server "127.0.0.1:${port[$name]}" \
                --connections "$connections" --pipeline "$pipeline" --keys 10000 --info-size 60 --mix put=100 \
                --seed 1 --duration "$duration" --warmup "$warmup" --quiet --json >"$out"
            rps[$name/$load/$round]=$(jq -r '.rates.requests_per_second | round' "$out")
            p99[$name/$load/$round]=$(jq -r '.latency_us.p99 / 1000 | . * 1000 | round / 1000' "$out")
            failures=$(jq -r '.errors.total' "$out")
            [ "$failures" = 0 ] || say "$name, $load, round $round: $failures failures (see $out)"
        done
    done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }

echo
echo "Durable writes: movied --sync always (PUT) vs Redis appendfsync always (SET), same disk, 60-byte values, 10,000 keys;"
echo "servers on core $server_core, load on core $load_core; medians of $rounds round(s) of ${duration} s after ${warmup} s warm-up"
echo
printf '%-30s %12s %8s %12s %8s %9s %9s\n' load "movied w/s" "p99 ms" "redis w/s" "p99 ms" "w/s ratio" "p99 ratio"
for load in "${loads[@]}"; do
    read -r connections pipeline <<<"$load"
    line=""
    for name in "${names[@]}"; do
        values=""; latencies=""
        for ((round = 1; round <= rounds; round++)); do
            values+=" ${rps[$name/$load/$round]}"; latencies+=" ${p99[$name/$load/$round]}"
        done
        line+=$(printf ' %12.0f %8s' "$(echo "$values" | median)" "$(echo "$latencies" | median)")
    done
    per_round=""; per_round_p99=""
    for ((round = 1; round <= rounds; round++)); do
        per_round+=" $(ratio "${rps[movied/$load/$round]}" "${rps[redis/$load/$round]}")"
        per_round_p99+=" $(ratio "${p99[movied/$load/$round]}" "${p99[redis/$load/$round]}")"
    done
    label="$connections connection(s), pipeline $pipeline"
    printf '%-30s%s %9s %9s\n' "$label" "$line" "$(echo "$per_round" | median)" "$(echo "$per_round_p99" | median)"
done
echo
echo "w/s: acknowledged writes per second; p99 ms: their 99th percentile latency."
echo "ratio: movied over Redis, median of the per-round ratios; above 1 means more writes/s, or the higher latency."
