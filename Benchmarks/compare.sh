#!/usr/bin/env bash
# Compares movied with Redis and memcached, side by side, with the very same tool.
#
# Each server runs pinned to core 0 on a free loopback port with persistence
# off; movieload preloads the same keys into each and then drives each with the
# same load, pinned to core 1. Prints one table of requests/s and latency
# percentiles, with the ratios movied/Redis and movied/memcached. With
# redis-benchmark installed (it comes with redis-server) it also runs
# `redis-benchmark -t get` on the same settings, to show that movieload is not
# the bottleneck (for that row movieload drives Redis as redis-benchmark does:
# RESP arrays and --batch pipelining; the main comparison uses inline commands).
# Everything it starts is stopped when it exits.
#
# Usage: Benchmarks/compare.sh [--duration S] [--warmup S] [--connections N]
#          [--pipelines "1 16"] [--threads T] [--keys K] [--info-size B]
#          [--mix get=100] [--servers movied,redis,memcached] [--no-redis-benchmark]
# Binaries: $MOVIED and $MOVIELOAD if set, else built with `swift build -c release`
# (extra flags for it in $SWIFT_BUILD_FLAGS, e.g. "--scratch-path .build-bench").
set -euo pipefail

duration=10
warmup=2
connections=50
pipelines="1 16"
threads=1
keys=10000
info_size=100
mix="get=100"
servers="movied,redis,memcached"
with_redis_benchmark=1
server_core=0
load_core=1

usage() { sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --pipelines) pipelines="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --info-size) info_size="$2"; shift 2 ;;
        --mix) mix="$2"; shift 2 ;;
        --servers) servers="$2"; shift 2 ;;
        --no-redis-benchmark) with_redis_benchmark=0; shift ;;
        -h|--help) usage 0 ;;
        *) echo "compare.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done

say() { echo "compare.sh: $*" >&2; }

# --- tools -------------------------------------------------------------------

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v memcached >/dev/null || missing+=(memcached)
command -v jq >/dev/null || missing+=(jq)
command -v taskset >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian's packages"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's redis-server package starts a system service on port 6379; ours never uses it.

cores=$(nproc)
if [ "$cores" -lt 2 ]; then
    say "only $cores core: servers and load share core 0"
    load_core=0
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${MOVIED:-}" ] || [ -z "${MOVIELOAD:-}" ]; then
    say "building movied and movieload (release)"
    # shellcheck disable=SC2086
    (cd "$repo" && swift build -c release ${SWIFT_BUILD_FLAGS:-} --product movied >&2 \
        && swift build -c release ${SWIFT_BUILD_FLAGS:-} --product movieload >&2)
    # shellcheck disable=SC2086
    bin=$(cd "$repo" && swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)
    MOVIED=${MOVIED:-$bin/movied}
    MOVIELOAD=${MOVIELOAD:-$bin/movieload}
fi

# --- servers -----------------------------------------------------------------

work=$(mktemp -d /tmp/movied-compare.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nothing listens on: connecting to it is refused.
free_port() {
    for _ in $(seq 1 200); do
        started_port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$started_port") 2>/dev/null; then
            return
        fi
    done
    say "no free port found"; exit 1
}

wait_for_port() {
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.05
    done
    say "nothing listens on port $1"; exit 1
}

# Each start_* runs the server in the background of this shell (so the trap can
# stop it) and leaves its port in $started_port.
start_movied() {
    mkdir -p "$work/movied-data"
    taskset -c "$server_core" "$MOVIED" --bind 127.0.0.1 --port 0 --data-dir "$work/movied-data" --sync never \
        >/dev/null 2>"$work/movied.log" &
    pids+=($!)
    for _ in $(seq 1 200); do
        started_port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/movied.log" | head -n1)
        [ -n "$started_port" ] && return
        sleep 0.05
    done
    say "movied did not start:"; cat "$work/movied.log" >&2; exit 1
}

start_redis() {
    free_port
    taskset -c "$server_core" redis-server --bind 127.0.0.1 --port "$started_port" --save '' --appendonly no \
        --daemonize no --dir "$work" --logfile "$work/redis.log" >/dev/null 2>&1 &
    pids+=($!)
    wait_for_port "$started_port"
}

start_memcached() {
    free_port
    local user=()
    [ "$(id -u)" -eq 0 ] && user=(-u nobody)
    taskset -c "$server_core" memcached -l 127.0.0.1 -p "$started_port" -U 0 -t 1 -m 1024 "${user[@]}" \
        >"$work/memcached.log" 2>&1 &
    pids+=($!)
    wait_for_port "$started_port"
}

declare -A port
IFS=, read -r -a names <<<"$servers"
for name in "${names[@]}"; do
    case "$name" in
        movied) start_movied ;;
        redis) start_redis ;;
        memcached) start_memcached ;;
        *) say "unknown server '$name'"; exit 2 ;;
    esac
    port[$name]=$started_port
    say "$name listening on 127.0.0.1:${port[$name]} (core $server_core)"
done

protocol_of() { case "$1" in movied) echo movie ;; *) echo "$1" ;; esac; }

# Preload every key once, the same keys and values on every server.
for name in "${names[@]}"; do
    taskset -c "$load_core" "$MOVIELOAD" --protocol "$(protocol_of "$name")" --server "127.0.0.1:${port[$name]}" \
        --populate --keys "$keys" --info-size "$info_size" --requests 1 --mix get=1 --quiet --json >/dev/null
done

# --- load ----------------------------------------------------------------------

declare -A rps p50 p99 p999 maxl
ms() { jq -r "$1 / 1000 | . * 1000 | round / 1000" "$2"; }

run_movieload() {  # label protocol server pipeline [more movieload flags]
    local label=$1 protocol=$2 server=$3 pipeline=$4
    shift 4
    local out="$work/$label-$pipeline.json"
    taskset -c "$load_core" "$MOVIELOAD" --protocol "$protocol" --server "127.0.0.1:${port[$server]}" \
        --threads "$threads" --connections "$connections" --pipeline "$pipeline" --duration "$duration" --warmup "$warmup" \
        --keys "$keys" --info-size "$info_size" --mix "$mix" --seed 1 --quiet --json "$@" >"$out"
    local key="$label/$pipeline"
    rps[$key]=$(jq -r '.rates.requests_per_second | round' "$out")
    p50[$key]=$(ms .latency_us.p50 "$out")
    p99[$key]=$(ms .latency_us.p99 "$out")
    p999[$key]=$(ms .latency_us.p99_9 "$out")
    maxl[$key]=$(ms .latency_us.max "$out")
    local failures; failures=$(jq -r '.errors.total' "$out")
    [ "$failures" = 0 ] || say "$label, pipeline $pipeline: $failures failures (see $out)"
}

run_redis_benchmark() {  # pipeline
    local total=$(( (${duration%.*} + 1) * 150000 * $1 ))
    [ "$total" -gt 20000000 ] && total=20000000
    local out="$work/redis-benchmark-$1.csv"
    taskset -c "$load_core" redis-benchmark -h 127.0.0.1 -p "${port[redis]}" -t set -r "$keys" -n $((keys * 20)) \
        -d "$info_size" -c "$connections" -P 16 -q >/dev/null
    taskset -c "$load_core" redis-benchmark -h 127.0.0.1 -p "${port[redis]}" -t get -r "$keys" -n "$total" \
        -d "$info_size" -c "$connections" -P "$1" --threads "$threads" --csv >"$out" 2>/dev/null
    # "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    local line; line=$(grep '^"GET"' "$out" | tr -d '"')
    IFS=, read -r _ r _ _ a _ b c <<<"$line"
    local key="redis-benchmark/$1"
    rps[$key]=$(printf '%.0f' "$r"); p50[$key]=$a; p99[$key]=$b; p999[$key]="-"; maxl[$key]=$c
}

for pipeline in $pipelines; do
    for name in "${names[@]}"; do
        say "$name: $connections connections, pipeline $pipeline, ${duration} s (+${warmup} s warm-up), core $load_core"
        run_movieload "$name" "$(protocol_of "$name")" "$name" "$pipeline"
    done
    if [ "$with_redis_benchmark" = 1 ] && [ -n "${port[redis]:-}" ] && command -v redis-benchmark >/dev/null; then
        say "redis again, in RESP and batched: what redis-benchmark sends, and how"
        run_movieload redis-resp resp redis "$pipeline" --batch
        say "redis-benchmark -t get: $connections connections, pipeline $pipeline"
        run_redis_benchmark "$pipeline"
    fi
done

# --- table ---------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "-" && b != "-") printf "%.2f", a / b; else printf "-" }'; }

echo
echo "movied vs Redis vs memcached: $connections connections, $threads load thread(s), mix $mix, $keys keys, ${info_size}-byte values,"
echo "${duration} s measured after ${warmup} s warm-up; servers on core $server_core, load on core $load_core; latencies in ms"
echo
printf '%-24s %8s %12s %9s %9s %9s %9s\n' "server" "pipeline" "requests/s" "p50" "p99" "p99.9" "max"
for pipeline in $pipelines; do
    for name in "${names[@]}" redis-resp redis-benchmark; do
        key="$name/$pipeline"
        [ -n "${rps[$key]:-}" ] || continue
        label=$name
        [ "$name" = redis ] && label="redis (inline)"
        [ "$name" = redis-resp ] && label="redis (RESP, --batch)"
        [ "$name" = redis-benchmark ] && label="redis (redis-benchmark)"
        printf '%-24s %8s %12s %9s %9s %9s %9s\n' "$label" "$pipeline" "${rps[$key]}" "${p50[$key]}" "${p99[$key]}" "${p999[$key]}" "${maxl[$key]}"
    done
    for other in redis memcached; do
        [ -n "${rps[movied/$pipeline]:-}" ] && [ -n "${rps[$other/$pipeline]:-}" ] || continue
        printf '%-24s %8s %12s %9s %9s %9s %9s\n' "movied/$other" "$pipeline" \
            "$(ratio "${rps[movied/$pipeline]}" "${rps[$other/$pipeline]}")" \
            "$(ratio "${p50[movied/$pipeline]}" "${p50[$other/$pipeline]}")" \
            "$(ratio "${p99[movied/$pipeline]}" "${p99[$other/$pipeline]}")" \
            "$(ratio "${p999[movied/$pipeline]}" "${p999[$other/$pipeline]}")" \
            "$(ratio "${maxl[movied/$pipeline]}" "${maxl[$other/$pipeline]}")"
    done
    if [ -n "${rps[redis-resp/$pipeline]:-}" ] && [ -n "${rps[redis-benchmark/$pipeline]:-}" ]; then
        printf '%-24s %8s %12s\n' "movieload/redis-bench." "$pipeline" "$(ratio "${rps[redis-resp/$pipeline]}" "${rps[redis-benchmark/$pipeline]}")"
    fi
    echo
done
echo "(movied/X: above 1 means movied serves more requests/s, or has the higher latency; X = redis is the inline run."
echo " movieload/redis-bench.: movieload --protocol resp --batch against redis-benchmark -t get: same server, wire format,"
echo " connections and pipelining)"
