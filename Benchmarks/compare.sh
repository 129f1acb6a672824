#!/usr/bin/env bash
# Compares movied with Redis and memcached, side by side, with the very same tool.
#
# Each server runs pinned to core 0 on a free loopback port with persistence
# off; movieload preloads the same keys into each and then drives each with the
# same load, pinned to core 1. Its measurements, in one table:
#   requests/s and p99 latency: --rounds rounds, the servers taking turns in
#     alternating order; the table shows medians, and each ratio is the median
#     of the ratios within a round (so a slow moment of the machine hits both);
#   CPU time and system calls per response: the server's user + system time
#     (/proc/PID/stat) and every syscall it makes (perf stat, raw_syscalls)
#     while movieload sends a fixed number of requests;
#   instructions per request: user-space instructions the server executes for
#     a fixed number of requests, counted exactly by valgrind's callgrind with
#     instrumentation switched on only around the load (perf's hardware
#     counters are refused in most VMs, callgrind works everywhere);
#   resident memory per idle connection: VmRSS growth while --idle-connections
#     connections are open that have each made one GET.
# Then, unless --no-durable, durable-writes.sh: movied --sync always against
# Redis appendfsync always at four loads, with the same rounds and duration;
# and unless --no-http, http-vs-nginx.sh: wrk -t1 GETs of /movies/Heat over
# --connections kept-alive connections, movied's HTTP port against nginx
# (worker_processes 1) serving the same body from a file, with the same rounds
# and duration (wrk and nginx are installed from Debian's packages if missing).
# With redis-benchmark installed (it comes with redis-server) the table also
# shows redis-benchmark -t get on the same settings and movieload driving Redis
# the same way (RESP arrays, --batch pipelining), to show that movieload is not
# the bottleneck; the main comparison uses inline commands.
# Everything it starts is stopped when it exits.
#
# Usage: Benchmarks/compare.sh [--rounds R] [--duration S] [--warmup S] [--connections N]
#          [--pipelines "1 16"] [--threads T] [--keys K] [--info-size B] [--mix get=100]
#          [--servers movied,redis,memcached] [--idle-connections N]
#          [--no-redis-benchmark] [--no-syscalls] [--no-instructions] [--no-idle] [--no-durable] [--no-http]
# Binaries: $MOVIED and $MOVIELOAD if set, else built with `swift build -c release`
# (extra flags for it in $SWIFT_BUILD_FLAGS, e.g. "--scratch-path .build-bench").
set -euo pipefail
. "$(dirname "$0")/common.sh"

rounds=3
duration=5
warmup=1
connections=50
pipelines="1 16"
threads=1
keys=10000
info_size=60
mix="get=100"
servers="movied,redis,memcached"
idle_connections=10000
with_redis_benchmark=1
with_syscalls=1
with_instructions=1
with_idle=1
with_durable=1
with_http=1
server_core=0
load_core=1

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --pipelines) pipelines="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --info-size) info_size="$2"; shift 2 ;;
        --mix) mix="$2"; shift 2 ;;
        --servers) servers="$2"; shift 2 ;;
        --idle-connections) idle_connections="$2"; shift 2 ;;
        --no-redis-benchmark) with_redis_benchmark=0; shift ;;
        --no-syscalls) with_syscalls=0; shift ;;
        --no-instructions) with_instructions=0; shift ;;
        --no-idle) with_idle=0; shift ;;
        --no-durable) with_durable=0; shift ;;
        --no-http) with_http=0; shift ;;
        -h|--help) usage 0 ;;
        *) echo "compare.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "compare.sh: --rounds must be a positive number" >&2; exit 2 ;; esac

# --- tools -------------------------------------------------------------------

missing=()
command -v redis-server >/dev/null || missing+=(redis-server)
command -v memcached >/dev/null || missing+=(memcached)
command -v jq >/dev/null || missing+=(jq)
command -v taskset >/dev/null || missing+=(util-linux)
command -v ss >/dev/null || missing+=(iproute2)
[ "$with_instructions" = 1 ] && ! command -v valgrind >/dev/null && missing+=(valgrind)
if [ "$with_syscalls" = 1 ] && ! command -v perf >/dev/null; then
    missing+=(linux-perf)
fi
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian's packages"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null \
        || say "could not install every one of ${missing[*]}; the columns that need them show '-'"
fi
# Debian's redis-server package starts a system service on port 6379; ours never uses it.

if [ "$with_syscalls" = 1 ] && ! perf stat -e raw_syscalls:sys_enter -- true >/dev/null 2>&1; then
    say "perf cannot count syscall tracepoints here (try as root, or kernel.perf_event_paranoid=-1): no syscall column"
    with_syscalls=0
fi
if [ "$with_instructions" = 1 ] && ! command -v callgrind_control >/dev/null; then
    say "valgrind's callgrind is not available: no instruction column"
    with_instructions=0
fi

cores=$(nproc)
if [ "$cores" -lt 2 ]; then
    say "only $cores core: servers and load share core 0"
    load_core=0
fi

# Thousands of idle connections need as many descriptors, on both ends.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$with_idle" = 1 ] && [ "$(ulimit -n)" -lt $((idle_connections + 1000)) ]; then
    say "descriptor limit $(ulimit -n) is too low for $idle_connections idle connections: no idle-memory column"
    with_idle=0
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
    stop_processes
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Connections each server must take at once; valgrind keeps descriptors for
# itself, so the servers under it get a lower limit.
max_clients=$((idle_connections + connections + 100))

# Each start_* runs the server in the background of this shell (so the trap can
# stop it), prefixed by $wrapper (valgrind, for the instruction counts), and
# leaves its port in $started_port and its process id in $started_pid.
# memcached refuses to run as root; under valgrind it must not switch users
# itself (callgrind_control could no longer reach it), so $run_as starts the
# whole of valgrind as nobody instead.
wrapper=()
run_as=()

start_movied() {
    local dir="$work/movied-data-$RANDOM"
    mkdir -p "$dir"
    started_port=$(free_port)
    taskset -c "$server_core" "${wrapper[@]}" "$MOVIED" --bind 127.0.0.1 --port "$started_port" --http-port off --data-dir "$dir" \
        --sync never --max-connections $max_clients >/dev/null 2>>"$work/movied.log" &
    started_pid=$!
    pids+=("$started_pid")
    wait_for_port "$started_port" "$work/movied.log" "$started_pid"
}

start_redis() {
    started_port=$(free_port)
    taskset -c "$server_core" "${wrapper[@]}" redis-server --bind 127.0.0.1 --port "$started_port" --save '' \
        --appendonly no --daemonize no --dir "$work" --logfile "$work/redis.log" \
        --maxclients $max_clients >>"$work/redis.out" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    wait_for_port "$started_port" "$work/redis.out" "$started_pid"
}

start_memcached() {
    started_port=$(free_port)
    local user=()
    [ "$(id -u)" -eq 0 ] && [ ${#run_as[@]} -eq 0 ] && user=(-u nobody)
    taskset -c "$server_core" "${run_as[@]}" "${wrapper[@]}" memcached -l 127.0.0.1 -p "$started_port" -U 0 -t 1 -m 1024 \
        -c $max_clients "${user[@]}" >>"$work/memcached.log" 2>&1 &
    started_pid=$!
    pids+=("$started_pid")
    wait_for_port "$started_port" "$work/memcached.log" "$started_pid"
}

protocol_of() { case "$1" in movied) echo movie ;; *) echo "$1" ;; esac; }

start_server() {  # name
    case "$1" in
        movied) start_movied ;;
        redis) start_redis ;;
        memcached) start_memcached ;;
        *) say "unknown server '$1'"; exit 2 ;;
    esac
}

# Writes every key once, the same keys and values on every server.
populate() {  # name port
    taskset -c "$load_core" "$MOVIELOAD" --protocol "$(protocol_of "$1")" --server "127.0.0.1:$2" \
        --populate --keys "$keys" --info-size "$info_size" --requests 1 --mix get=1 --quiet --json >/dev/null
}

declare -A port pid
IFS=, read -r -a names <<<"$servers"
for name in "${names[@]}"; do
    start_server "$name"
    port[$name]=$started_port
    pid[$name]=$started_pid
    say "$name listening on 127.0.0.1:${port[$name]} (core $server_core)"
    populate "$name" "${port[$name]}"
done

# Runs movieload against a server: movieload_to NAME PORT PIPELINE [more flags]; JSON on stdout.
movieload_to() {
    local name=$1 server_port=$2 pipeline=$3
    shift 3
    taskset -c "$load_core" "$MOVIELOAD" --protocol "$(protocol_of "$name")" --server "127.0.0.1:$server_port" \
        --threads "$threads" --connections "$connections" --pipeline "$pipeline" --keys "$keys" \
        --info-size "$info_size" --mix "$mix" --seed 1 --quiet --json "$@"
}

# A fixed request count for the counting runs: about two seconds of load natively.
counted_requests() { if [ "$1" -le 1 ]; then echo 200000; else echo 2000000; fi; }

# --- throughput and latency, in rounds -----------------------------------------

declare -A rps p99 ratio_rps ratio_p99 cpu syscalls instructions idle_bytes
ms() { jq -r "$1 / 1000 | . * 1000 | round / 1000" "$2"; }

run_round() {  # round
    local order=("${names[@]}")
    if [ $(($1 % 2)) -eq 0 ]; then
        order=()
        for ((i = ${#names[@]} - 1; i >= 0; i--)); do order+=("${names[$i]}"); done
    fi
    for pipeline in $pipelines; do
        for name in "${order[@]}"; do
            say "round $1 of $rounds: $name, $connections connections, pipeline $pipeline, ${duration} s (+${warmup} s warm-up)"
            local out="$work/$name-$pipeline-$1.json"
            movieload_to "$name" "${port[$name]}" "$pipeline" --duration "$duration" --warmup "$warmup" >"$out"
            rps[$name/$pipeline/$1]=$(jq -r '.rates.requests_per_second | round' "$out")
            p99[$name/$pipeline/$1]=$(ms .latency_us.p99 "$out")
            say "  $name: ${rps[$name/$pipeline/$1]} requests/s, p99 ${p99[$name/$pipeline/$1]} ms"
            local failures; failures=$(jq -r '.errors.total' "$out")
            [ "$failures" = 0 ] || say "$name, pipeline $pipeline, round $1: $failures failures (see $out)"
        done
    done
}

for ((round = 1; round <= rounds; round++)); do run_round "$round"; done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && a != "" && b != "" && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }

for pipeline in $pipelines; do
    for name in "${names[@]}"; do
        values=""; latencies=""
        for ((round = 1; round <= rounds; round++)); do
            values+=" ${rps[$name/$pipeline/$round]}"; latencies+=" ${p99[$name/$pipeline/$round]}"
        done
        rps[$name/$pipeline]=$(echo "$values" | median | awk '{ printf "%.0f", $1 }')
        p99[$name/$pipeline]=$(echo "$latencies" | median)
        for other in "${names[@]}"; do
            [ "$name" = movied ] && [ "$other" != movied ] || continue
            per_round=""; per_round_p99=""
            for ((round = 1; round <= rounds; round++)); do
                per_round+=" $(ratio "${rps[movied/$pipeline/$round]}" "${rps[$other/$pipeline/$round]}")"
                per_round_p99+=" $(ratio "${p99[movied/$pipeline/$round]}" "${p99[$other/$pipeline/$round]}")"
            done
            ratio_rps[$other/$pipeline]=$(echo "$per_round" | tr ' ' '\n' | grep -v '^-$' | tr '\n' ' ' | median)
            ratio_p99[$other/$pipeline]=$(echo "$per_round_p99" | tr ' ' '\n' | grep -v '^-$' | tr '\n' ' ' | median)
        done
    done
done

# --- movieload against redis-benchmark ---------------------------------------------

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
    IFS=, read -r _ r _ _ _ _ b _ <<<"$line"
    rps[redis-benchmark/$1]=$(printf '%.0f' "$r"); p99[redis-benchmark/$1]=$b
}

extra_rows=()
if [ "$with_redis_benchmark" = 1 ] && [ -n "${port[redis]:-}" ] && command -v redis-benchmark >/dev/null; then
    extra_rows=(redis-resp redis-benchmark)
    for pipeline in $pipelines; do
        say "redis in RESP, batched as redis-benchmark -P sends, pipeline $pipeline"
        out="$work/redis-resp-$pipeline.json"
        movieload_to resp "${port[redis]}" "$pipeline" --batch --duration "$duration" --warmup "$warmup" >"$out"
        rps[redis-resp/$pipeline]=$(jq -r '.rates.requests_per_second | round' "$out")
        p99[redis-resp/$pipeline]=$(ms .latency_us.p99 "$out")
        say "redis-benchmark -t get, pipeline $pipeline"
        run_redis_benchmark "$pipeline"
    done
fi

# --- CPU time and system calls per response ----------------------------------------

# The server's user + system CPU time so far, in clock ticks (all its threads).
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)

for pipeline in $pipelines; do
    for name in "${names[@]}"; do
        count=$(counted_requests "$pipeline")
        say "counting: $name, $count requests at pipeline $pipeline"
        out="$work/$name-$pipeline-counted.json"
        counter=()
        if [ "$with_syscalls" = 1 ]; then
            counter=(perf stat -x, -o "$work/perf-$name-$pipeline.csv" -e raw_syscalls:sys_enter -p "${pid[$name]}" --)
        fi
        before=$(cpu_ticks "${pid[$name]}")
        "${counter[@]}" taskset -c "$load_core" "$MOVIELOAD" --protocol "$(protocol_of "$name")" \
            --server "127.0.0.1:${port[$name]}" --threads "$threads" --connections "$connections" --pipeline "$pipeline" \
            --keys "$keys" --info-size "$info_size" --mix "$mix" --seed 1 --quiet --json --requests "$count" >"$out"
        after=$(cpu_ticks "${pid[$name]}")
        answered=$(jq -r '.totals.responses' "$out")
        cpu[$name/$pipeline]=$(awk -v t=$((after - before)) -v hz="$ticks_per_second" -v r="$answered" \
            'BEGIN { if (r > 0) printf "%.2f", t * 1000000 / hz / r; else printf "-" }')
        if [ "$with_syscalls" = 1 ]; then
            made=$(awk -F, '/raw_syscalls:sys_enter/ { print $1 }' "$work/perf-$name-$pipeline.csv")
            syscalls[$name/$pipeline]=$(awk -v s="$made" -v r="$answered" 'BEGIN { if (r > 0 && s ~ /^[0-9]+$/) printf "%.3f", s / r; else printf "-" }')
        fi
    done
done

# --- resident memory per idle connection -------------------------------------------

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
established() { ss -Htn state established "( sport = :$1 )" | wc -l; }

if [ "$with_idle" = 1 ]; then
    for name in "${names[@]}"; do
        say "idle memory: $name, $idle_connections connections that have each made one GET"
        before=$(rss_kb "${pid[$name]}")
        taskset -c "$load_core" "$MOVIELOAD" --protocol "$(protocol_of "$name")" --server "127.0.0.1:${port[$name]}" \
            --connections 1 --idle-connections "$idle_connections" --keys "$keys" --info-size "$info_size" \
            --mix get=100 --rate 10 --duration 8 --warmup 0 --quiet --json >"$work/$name-idle.json" &
        load=$!
        reached=0
        for _ in $(seq 1 300); do
            if [ "$(established "${port[$name]}")" -ge $((idle_connections + 1)) ]; then reached=1; break; fi
            sleep 0.05
        done
        sleep 1  # every idle connection's GET answered, and whatever the server frees after it freed
        after=$(rss_kb "${pid[$name]}")
        wait "$load" || true
        if [ "$reached" = 1 ]; then
            idle_bytes[$name]=$(( (after - before) * 1024 / idle_connections ))
        else
            say "$name: not all $idle_connections connections opened (see $work/$name-idle.json)"
            idle_bytes[$name]="-"
        fi
    done
fi

# --- instructions per request ----------------------------------------------------

# Callgrind slows a server some fifty times, so each gets a fresh instance for
# this alone, with instrumentation off until the load starts; each dump holds
# the counts since the one before.
if [ "$with_instructions" = 1 ]; then
    dumps_dir="$work/callgrind"
    mkdir -p "$dumps_dir"
    chmod 711 "$work"
    chmod 1777 "$dumps_dir"
    for name in "${names[@]}"; do
        run_as=()
        if [ "$name" = memcached ] && [ "$(id -u)" -eq 0 ]; then
            run_as=(setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups)
        fi
        wrapper=(valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$dumps_dir/$name.%p")
        max_clients=$((connections + 100))
        # memcached sets its descriptor limit to exactly -c, and valgrind only
        # lets a client set the limit it gave it.
        if [ "$name" = memcached ]; then
            max_clients=$("${run_as[@]}" valgrind --tool=none /bin/sh -c 'ulimit -Hn' 2>/dev/null)
        fi
        start_server "$name"
        wrapper=()
        cg_pid=$started_pid
        populate "$name" "$started_port"
        dumps=0
        for pipeline in $pipelines; do
            count=$(( $(counted_requests "$pipeline") / 20 ))
            say "instructions: $name under callgrind, $count requests at pipeline $pipeline"
            timeout 60 "${run_as[@]}" callgrind_control -i on "$cg_pid" >/dev/null 2>&1
            movieload_to "$name" "$started_port" "$pipeline" --requests "$count" --timeout 60 >"$work/$name-$pipeline-cg.json"
            answered=$(jq -r '.totals.responses' "$work/$name-$pipeline-cg.json")
            timeout 60 "${run_as[@]}" callgrind_control -i off "$cg_pid" >/dev/null 2>&1
            timeout 60 "${run_as[@]}" callgrind_control -d "$cg_pid" >/dev/null 2>&1
            dumps=$((dumps + 1))
            dump="$dumps_dir/$name.$cg_pid.$dumps"
            for _ in $(seq 1 100); do [ -s "$dump" ] && grep -q '^totals:' "$dump" && break; sleep 0.1; done
            total=$(awk '/^totals:/ { print $2 }' "$dump" 2>/dev/null || true)
            instructions[$name/$pipeline]=$(awk -v t="${total:-}" -v r="$answered" 'BEGIN { if (r > 0 && t ~ /^[0-9]+$/) printf "%.0f", t / r; else printf "-" }')
        done
        kill "$cg_pid" 2>/dev/null || true
        wait "$cg_pid" 2>/dev/null || true
        run_as=()
    done
fi

# --- the table -------------------------------------------------------------------

value_or_dash() { if [ -n "${1:-}" ]; then echo "$1"; else echo "-"; fi; }

header=$(printf '%-24s' "server")
for pipeline in $pipelines; do header+=$(printf ' %11s %8s' "req/s p$pipeline" "p99 ms"); done
for pipeline in $pipelines; do header+=$(printf ' %9s' "cpu/r p$pipeline"); done
for pipeline in $pipelines; do header+=$(printf ' %9s' "sys/r p$pipeline"); done
for pipeline in $pipelines; do header+=$(printf ' %10s' "ins/r p$pipeline"); done
header+=$(printf ' %8s' "B/idle")

row() {  # label key-name
    local line; line=$(printf '%-24s' "$1")
    for pipeline in $pipelines; do
        line+=$(printf ' %11s %8s' "$(value_or_dash "${rps[$2/$pipeline]:-}")" "$(value_or_dash "${p99[$2/$pipeline]:-}")")
    done
    for pipeline in $pipelines; do line+=$(printf ' %9s' "$(value_or_dash "${cpu[$2/$pipeline]:-}")"); done
    for pipeline in $pipelines; do line+=$(printf ' %9s' "$(value_or_dash "${syscalls[$2/$pipeline]:-}")"); done
    for pipeline in $pipelines; do line+=$(printf ' %10s' "$(value_or_dash "${instructions[$2/$pipeline]:-}")"); done
    line+=$(printf ' %8s' "$(value_or_dash "${idle_bytes[$2]:-}")")
    echo "$line"
}

ratio_row() {  # other
    local line; line=$(printf '%-24s' "movied/$1")
    for pipeline in $pipelines; do
        line+=$(printf ' %11s %8s' "$(value_or_dash "${ratio_rps[$1/$pipeline]:-}")" "$(value_or_dash "${ratio_p99[$1/$pipeline]:-}")")
    done
    for pipeline in $pipelines; do line+=$(printf ' %9s' "$(ratio "${cpu[movied/$pipeline]:-}" "${cpu[$1/$pipeline]:-}")"); done
    for pipeline in $pipelines; do line+=$(printf ' %9s' "$(ratio "${syscalls[movied/$pipeline]:-}" "${syscalls[$1/$pipeline]:-}")"); done
    for pipeline in $pipelines; do line+=$(printf ' %10s' "$(ratio "${instructions[movied/$pipeline]:-}" "${instructions[$1/$pipeline]:-}")"); done
    line+=$(printf ' %8s' "$(ratio "${idle_bytes[movied]:-}" "${idle_bytes[$1]:-}")")
    echo "$line"
}

echo
echo "movied vs Redis vs memcached: $connections connections, $threads load thread(s), mix $mix, $keys keys, ${info_size}-byte values;"
echo "servers on core $server_core, load on core $load_core; req/s and p99: median of $rounds round(s) of ${duration} s after ${warmup} s warm-up"
echo
echo "$header"
for name in "${names[@]}"; do
    label=$name
    [ "$name" = redis ] && label="redis (inline)"
    row "$label" "$name"
done
for name in "${extra_rows[@]}"; do
    label="redis (RESP, --batch)"
    [ "$name" = redis-benchmark ] && label="redis (redis-benchmark)"
    row "$label" "$name"
done
if [ -n "${pid[movied]:-}" ]; then
    for other in "${names[@]}"; do
        [ "$other" != movied ] && ratio_row "$other"
    done
fi
echo
echo "req/s pN: requests per second at pipeline depth N; p99 ms: its 99th percentile latency."
echo "cpu/r: the server's CPU time (user + system, all threads) per response, in µs, over a fixed number of requests."
echo "sys/r: system calls of the whole server process per response (perf stat -e raw_syscalls:sys_enter)."
echo "ins/r: user-space instructions per request (valgrind --tool=callgrind, instrumentation on around the load only)."
echo "B/idle: resident memory per connection, $idle_connections open after one GET each (VmRSS growth)."
echo "movied/X: per-round ratios, median; above 1 means movied serves more requests/s, or has the higher latency,"
echo "syscall count, instruction count or memory. The redis (RESP, --batch) row is movieload driving Redis as redis-benchmark does."

# --- durable writes ------------------------------------------------------------

if [ "$with_durable" = 1 ]; then
    cleanup
    pids=()
    MOVIED="$MOVIED" MOVIELOAD="$MOVIELOAD" "$repo/Benchmarks/durable-writes.sh" \
        --rounds "$rounds" --duration "$duration" --warmup "$warmup"
fi

# --- HTTP against nginx ----------------------------------------------------------

if [ "$with_http" = 1 ]; then
    cleanup
    pids=()
    # wrk takes whole seconds.
    http_duration=${duration%.*}
    [ "${http_duration:-0}" -ge 1 ] || http_duration=1
    MOVIED="$MOVIED" "$repo/Benchmarks/http-vs-nginx.sh" \
        --rounds "$rounds" --duration "$http_duration" --connections "$connections"
fi
