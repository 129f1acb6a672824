#!/usr/bin/env bash
# What the reactor buys: movied under each server model (--model reactor,
# threaded, iterative) driven by movieload at growing numbers of concurrent
# connections, then one chart of throughput and p99 against connections.
#
# For each round, each connection count and each model (the models take turns,
# in an order that alternates between rounds): a fresh movied pinned to core 0
# (--sync never: the run only reads), --keys titles written once by a separate
# movieload, then movieload pinned to core 1 sends GETs with one request in
# flight per connection for --duration seconds. Mid-run the server's resident
# memory and thread count are read from /proc. Each CSV row is the median over
# the rounds of every column.
#
# Under the iterative model only the first connection is served; the others
# wait in the listen backlog, and their requests are given up after --timeout
# seconds, which the `timeouts` column counts (there is no warm-up, so that
# they count). `p99_us` covers answered requests only; the chart plots
# `p99_counting_timeouts_us`, where a request given up counts as --timeout:
# it is the timeout itself once more than 1% of requests were given up. Past
# the listen backlog (net.core.somaxconn) its connections never complete:
# movieload opens them 256 at a time and each wave waits out --connect-timeout,
# which is 1 s for the iterative model (10 s for the others) so that such a run
# ends. A run movieload cannot finish leaves its row empty but for the model
# and the count.
#
# Usage: Benchmarks/models.sh [--rounds R] [--duration S] [--connections "1 10 100 1000 10000"]
#          [--models "reactor threaded iterative"] [--keys K] [--timeout S] [--out DIR] [--plot-only]
# Writes DIR/models.csv, DIR/models.svg and DIR/models.png (DIR: Benchmarks/results);
# --plot-only redraws the chart from an existing DIR/models.csv.
# Binaries: $MOVIED and $MOVIELOAD if set, else built with `swift build -c release`
# (extra flags for it in $SWIFT_BUILD_FLAGS, e.g. "--scratch-path .build-bench").
set -euo pipefail
. "$(dirname "$0")/common.sh"

rounds=3
duration=5
connection_counts="1 10 100 1000 10000"
models="reactor threaded iterative"
keys=1000
timeout=3
plot_only=0
repo=$(cd "$(dirname "$0")/.." && pwd)
out="$repo/Benchmarks/results"
server_core=0
load_core=1

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connection_counts="$2"; shift 2 ;;
        --models) models="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --timeout) timeout="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --plot-only) plot_only=1; shift ;;
        -h|--help) usage 0 ;;
        *) echo "models.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "models.sh: --rounds must be a positive number" >&2; exit 2 ;; esac

missing=()
command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
command -v jq >/dev/null || missing+=(jq)
command -v taskset >/dev/null || missing+=(util-linux)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian's packages"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

csv="$out/models.csv"
plot() {  # terminal, file
    gnuplot <<EOF
set terminal $1 size 1000,420 font "sans,11"
set output "$2"
set datafile separator ","
set multiplot layout 1,2 title "movied under each server model: GET, one request in flight per connection"
set logscale x 10
set xlabel "concurrent connections"
set key top left
set grid
set logscale y 10
set ylabel "requests per second"
plot for [model in "$models"] "$csv" using (strcol(1) eq model ? \$2 : 1/0):3 with linespoints lw 2 title model
set ylabel "p99 (ms), a given-up request as ${timeout} s"
plot for [model in "$models"] "$csv" using (strcol(1) eq model ? \$2 : 1/0):(\$7 / 1000) with linespoints lw 2 title model
unset multiplot
EOF
}
draw() {
    plot "svg dynamic" "$out/models.svg"
    plot "pngcairo" "$out/models.png"
    say "wrote $out/models.svg and $out/models.png"
}
if [ "$plot_only" = 1 ]; then
    [ -f "$csv" ] || { say "no $csv to draw"; exit 1; }
    draw
    exit 0
fi

[ "$(nproc)" -lt 2 ] && { say "only one core: server and load share it"; load_core=0; }

largest=$(echo "$connection_counts" | tr ' ' '\n' | sort -n | tail -1)
ulimit -n $((largest * 2 + 1000)) 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ "$(ulimit -n)" -ge $((largest + 100)) ] || { say "descriptor limit $(ulimit -n) is too low for $largest connections"; exit 1; }

if [ -z "${MOVIED:-}" ] || [ -z "${MOVIELOAD:-}" ]; then
    say "building movied and movieload (release)"
    (cd "$repo" && swift build -c release ${SWIFT_BUILD_FLAGS:-} --product movied >&2 \
        && swift build -c release ${SWIFT_BUILD_FLAGS:-} --product movieload >&2)
    bin=$(cd "$repo" && swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)
    MOVIED=${MOVIED:-$bin/movied}
    MOVIELOAD=${MOVIELOAD:-$bin/movieload}
fi

work=$(mktemp -d /tmp/movied-models.XXXXXX)
server_pid=
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Starts movied under model $1 on port 0 and sets server_pid and port.
start_server() {
    local log="$work/movied-$1.log"
    rm -rf "$work/data"
    : >"$log"
    taskset -c "$server_core" "$MOVIED" --model "$1" --port 0 --http-port off --data-dir "$work/data" --sync never \
        --max-connections $((largest + 100)) --idle-timeout 0 2>"$log" &
    server_pid=$!
    for _ in $(seq 1 400); do
        port=$(sed -n 's/.*listening on .*:\([0-9][0-9]*\)$/\1/p' "$log" | head -1)
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    say "movied --model $1 did not start:"; cat "$log" >&2; exit 1
}

stop_server() {
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=
}

# One measurement: model $1 at $2 connections; appends a raw row.
measure() {
    local model=$1 connections=$2 json="$work/run.json"
    start_server "$model"
    taskset -c "$load_core" "$MOVIELOAD" --server "127.0.0.1:$port" --populate --keys "$keys" --requests 1 \
        --connections 1 --quiet >/dev/null
    local connect_timeout=10
    [ "$model" = iterative ] && connect_timeout=1
    # Connecting takes a wave of --connect-timeout per 256 connections at worst; then the
    # run, draining for up to --timeout, and connections lost to timeouts reconnecting.
    timeout -s KILL $((connect_timeout * (connections / 256 + 1) * 2 + duration + timeout * 2 + 30)) \
        taskset -c "$load_core" "$MOVIELOAD" --server "127.0.0.1:$port" \
        --mix get=100 --keys "$keys" --connections "$connections" --pipeline 1 --duration "$duration" --warmup 0 \
        --timeout "$timeout" --connect-timeout "$connect_timeout" --quiet --json >"$json" 2>"$work/movieload.log" &
    local load_pid=$!
    # Mid-run: connections are open and busy.
    sleep "$(awk -v d="$duration" 'BEGIN { print 1 + d / 2 }')"
    local rss threads
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
    threads=$(awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status")
    if ! wait "$load_pid" || ! jq -e .rates "$json" >/dev/null 2>&1; then
        stop_server
        echo "$model,$connections,,,,,,,," >>"$work/raw.csv"
        say "round $round: $model at $connections connections: no result ($(tail -1 "$work/movieload.log" 2>/dev/null || echo "movieload was stopped"))"
        return
    fi
    stop_server
    local counted
    counted=$(jq -r --argjson limit "$timeout" \
        'if .errors.timeouts * 100 > .totals.responses + .errors.timeouts then $limit * 1000000 else .latency_us.p99 end' "$json")
    printf '%s,%s,%s,%s,%s,%s,%s,%s,%s,%s\n' "$model" "$connections" \
        "$(jq -r '.rates.requests_per_second | round' "$json")" \
        "$(jq -r '.latency_us.p50' "$json")" "$(jq -r '.latency_us.p99' "$json")" "$(jq -r '.latency_us.p99_9' "$json")" \
        "$counted" "$(jq -r '.errors.timeouts // 0' "$json")" "$rss" "$threads" >>"$work/raw.csv"
    say "round $round: $model at $connections connections: $(jq -r '.rates.requests_per_second | round' "$json") requests/s, p99 $(jq -r '.latency_us.p99' "$json") us, RSS $rss KiB, $threads threads"
}

: >"$work/raw.csv"
for round in $(seq 1 "$rounds"); do
    order=$models
    [ $((round % 2)) -eq 0 ] && order=$(echo "$models" | tr ' ' '\n' | tac | tr '\n' ' ')
    for connections in $connection_counts; do
        for model in $order; do
            measure "$model" "$connections"
        done
    done
done

mkdir -p "$out"
echo "model,connections,requests_per_second,p50_us,p99_us,p99_9_us,p99_counting_timeouts_us,timeouts,rss_kib,threads" >"$csv"
# The median of each column over the rounds, in the order models and counts were given.
for model in $models; do
    for connections in $connection_counts; do
        row="$model,$connections"
        for column in 3 4 5 6 7 8 9 10; do
            median=$(awk -F, -v m="$model" -v c="$connections" -v k="$column" '$1 == m && $2 == c && $k != "" { print $k }' "$work/raw.csv" \
                | sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
            row="$row,$median"
        done
        echo "$row" >>"$csv"
    done
done
say "wrote $csv"
column -s, -t <"$csv" >&2

draw
