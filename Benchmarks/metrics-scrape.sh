#!/usr/bin/env bash
# What scraping /metrics costs the line protocol: the latency of line-protocol
# GETs with and without a Prometheus-like scraper fetching GET /metrics over
# HTTP every --interval seconds.
#
# One movied (--sync never: the run only reads) pinned to core 0 serves both
# ports; --keys titles are written once, then movieload, pinned to core 1,
# sends GETs over --connections connections with --pipeline requests in flight
# each (closed loop; an open loop at --rate requests/s if given). Each round
# makes two runs of --duration seconds (after movieload's --warmup), the order
# alternating between rounds: one with no scraper, one with the scraper
#   while true; do curl -s -o /dev/null http://127.0.0.1:HTTPPORT/metrics; sleep 0.1; done
# running for the whole run (warm-up included), pinned to core 1 as well so it
# never takes the server's core (it takes a little of movieload's instead).
# The table shows each round's p50, p99 and requests/s of both runs and the
# p99 difference within the round (scraped minus plain); then the medians, the
# median of the per-round differences, and the spread of the plain p99s, which
# is the noise the difference has to stand out from. Each scrape's body size
# and curl's time_total are recorded too.
#
# That loop starts a bash and a curl ten times a second, some 7 ms of CPU each
# time, on movieload's core: part of what it adds to the latency is movieload
# waiting for its core. Two ways to tell that part from the server's:
#   --scrape-path /favicon.ico scrapes an empty 204 instead, which costs the
#     server next to nothing: the difference it makes is the scraper's own;
#   --scraper keep-alive scrapes as Prometheus does, from one process over one
#     kept-alive connection: curl --rate fetching /metrics?scrape=1, 2, ...
#     every --interval seconds, which costs core 1 next to nothing.
#
# Before each measured run it waits, polling every 10 s for at most
# --quiet-wait seconds (0: never), until no compiler, build or test run is
# running on the machine (swift-build, swift-frontend, swiftc, swift-package,
# swift-test, xctest; another pgrep -f pattern in $BENCH_BUSY_PATTERN) and
# other processes use under 10% of a core (quiet-machine.sh); a run during which
# they took 10% or more is run again, at most twice.
# Everything it starts is stopped when it exits.
#
# Usage: Benchmarks/metrics-scrape.sh [--rounds R] [--duration S] [--warmup S] [--connections N]
#          [--pipeline P] [--rate R] [--keys K] [--interval S] [--scrape-path P]
#          [--scraper loop|keep-alive] [--quiet-wait S]
# Binaries: $MOVIED and $MOVIELOAD if set, else built with `swift build -c release`
# (extra flags for it in $SWIFT_BUILD_FLAGS, e.g. "--scratch-path .build-bench").
set -euo pipefail
. "$(dirname "$0")/common.sh"

rounds=5
duration=5
warmup=1
connections=50
pipeline=1
rate=""
keys=10000
interval=0.1
scrape_path=/metrics
scraper_kind=loop
quiet_wait=600
server_core=0
load_core=1

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --pipeline) pipeline="$2"; shift 2 ;;
        --rate) rate="$2"; shift 2 ;;
        --keys) keys="$2"; shift 2 ;;
        --interval) interval="$2"; shift 2 ;;
        --scrape-path) scrape_path="$2"; shift 2 ;;
        --scraper) scraper_kind="$2"; shift 2 ;;
        --quiet-wait) quiet_wait="$2"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "metrics-scrape.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "metrics-scrape.sh: --rounds must be a positive number" >&2; exit 2 ;; esac
case "$scraper_kind" in loop|keep-alive) ;; *) echo "metrics-scrape.sh: --scraper is loop or keep-alive" >&2; exit 2 ;; esac

for tool in curl jq taskset setsid; do
    command -v "$tool" >/dev/null || { say "$tool is missing (Debian: curl, jq, util-linux)"; exit 1; }
done
if [ "$(nproc)" -lt 2 ]; then
    say "only one core: server, movieload and the scraper share core 0"
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

# --- a quiet machine -----------------------------------------------------------

# shellcheck source=Benchmarks/quiet-machine.sh
. "$repo/Benchmarks/quiet-machine.sh"

# --- the server ----------------------------------------------------------------

work=$(mktemp -d /tmp/movied-scrape.XXXXXX)
pids=()
scraper=""
stop_scraper() {
    [ -n "$scraper" ] || return 0
    # The loop runs in a session of its own: its group holds the loop and its curl.
    kill -- "-$scraper" 2>/dev/null || true
    wait "$scraper" 2>/dev/null || true
    scraper=""
}
cleanup() {
    stop_scraper
    stop_processes
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

movied_command=(taskset -c "$server_core" "$MOVIED" --port 0 --http-port 0 --data-dir "$work/movied-data" --sync never)
"${movied_command[@]}" >/dev/null 2>"$work/movied.log" &
server_pid=$!
pids+=("$server_pid")
line_port=""; http_port=""
for _ in $(seq 1 400); do
    line_port=$(sed -n 's/.*\] listening on .*:\([0-9][0-9]*\)$/\1/p' "$work/movied.log" | head -1)
    http_port=$(sed -n 's/.*http listening on .*:\([0-9][0-9]*\)$/\1/p' "$work/movied.log" | head -1)
    [ -n "$line_port" ] && [ -n "$http_port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.05
done
if [ -z "$line_port" ] || [ -z "$http_port" ]; then
    say "movied did not start with both ports:"; cat "$work/movied.log" >&2; exit 1
fi
say "movied: line protocol on 127.0.0.1:$line_port, http on 127.0.0.1:$http_port (core $server_core)"
metrics_url="http://127.0.0.1:$http_port$scrape_path"

say "writing $keys titles"
taskset -c "$load_core" "$MOVIELOAD" --server "127.0.0.1:$line_port" --populate --keys "$keys" --info-size 60 \
    --requests 1 --mix get=1 --quiet --json >/dev/null

# --- runs ----------------------------------------------------------------------

load_command=(taskset -c "$load_core" "$MOVIELOAD" --server "127.0.0.1:$line_port" --connections "$connections"
    --pipeline "$pipeline" --keys "$keys" --info-size 60 --mix get=100 --seed 1 --duration "$duration" --warmup "$warmup")
[ -n "$rate" ] && load_command+=(--rate "$rate")
if [ "$scraper_kind" = loop ]; then
    scraper_loop="while true; do curl -s -o /dev/null -w '%{size_download} %{time_total}\n' '$metrics_url' >>'$work/scrapes-now.txt'; sleep $interval; done"
else
    # curl's --rate takes whole numbers per hour; its -w goes to stderr, unbuffered, as it is stopped by a signal.
    per_hour=$(awk -v i="$interval" 'BEGIN { printf "%d", 3600 / i }')
    scraper_loop="exec curl -s --rate $per_hour/h -o /dev/null -w '%{stderr}%{size_download} %{time_total}\n' '$metrics_url?scrape=[1-10000000]' 2>>'$work/scrapes-now.txt'"
fi

start_scraper() {
    setsid taskset -c "$load_core" bash -c "$scraper_loop" </dev/null >/dev/null 2>&1 &
    scraper=$!
}

ms() { jq -r "$1 / 1000 | . * 1000 | round / 1000" "$2"; }

# A run during which other processes took 10% of a core or more is run again
# (after waiting for quiet), at most twice; the table shows what they took.
quiet_cores="$server_core $load_core"
quiet_pids=$server_pid
declare -A p50 p99 rps others first
for ((round = 1; round <= rounds; round++)); do
    order=(plain scraped)
    [ $((round % 2)) -eq 0 ] && order=(scraped plain)
    first[$round]=${order[0]}
    for kind in "${order[@]}"; do
        for attempt in 1 2 3; do
            wait_for_quiet
            say "round $round of $rounds: $kind, $connections connections, pipeline $pipeline, ${duration} s (+${warmup} s warm-up)"
            out="$work/$kind-$round.json"
            if [ "$kind" = scraped ]; then
                : >"$work/scrapes-now.txt"
                start_scraper
            fi
            cpu_mark "$work/mark-before"
            started=$(date +%s.%N)
            "${load_command[@]}" --quiet --json >"$out"
            # Stopped (and reaped) first, so that its time and its curls' count as ours.
            stop_scraper
            cpu_mark "$work/mark-after"
            others[$kind/$round]=$(others_percent "$work/mark-before" "$work/mark-after" \
                "$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')")
            [ "${others[$kind/$round]}" -lt 10 ] && break
            say "  other processes took ${others[$kind/$round]}% of a core during the run$([ "$attempt" -lt 3 ] && echo ": once more")"
        done
        [ "$kind" = scraped ] && cat "$work/scrapes-now.txt" >>"$work/scrapes.txt"
        p50[$kind/$round]=$(ms .latency_us.p50 "$out")
        p99[$kind/$round]=$(ms .latency_us.p99 "$out")
        rps[$kind/$round]=$(jq -r '.rates.requests_per_second | round' "$out")
        say "  $kind: ${rps[$kind/$round]} requests/s, p50 ${p50[$kind/$round]} ms, p99 ${p99[$kind/$round]} ms, others ${others[$kind/$round]}%"
        failures=$(jq -r '.errors.total' "$out")
        [ "$failures" = 0 ] || say "  $kind, round $round: $failures failures (see $out)"
    done
done

# --- the table -------------------------------------------------------------------

minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", a - b }'; }

load_text="closed loop"
[ -n "$rate" ] && load_text="open loop at $rate requests/s"
echo
scraper_text="a bash loop starting curl"
[ "$scraper_kind" = keep-alive ] && scraper_text="one curl over one kept-alive connection"
echo "Line-protocol GETs with and without a scraper of $scrape_path every ${interval} s ($scraper_text): movied on core $server_core;"
echo "movieload and the scraper on core $load_core; $connections connections, pipeline $pipeline, $load_text, $keys keys;"
echo "$rounds round(s) of ${duration} s (+${warmup} s warm-up) per run, alternating order"
echo
printf '%-6s %-8s | %12s %8s %8s %5s | %12s %8s %8s %5s | %10s\n' \
    round first "plain req/s" "p50 ms" "p99 ms" "oth%" "scraped r/s" "p50 ms" "p99 ms" "oth%" "p99 diff"
differences=""
for ((round = 1; round <= rounds; round++)); do
    difference=$(minus "${p99[scraped/$round]}" "${p99[plain/$round]}")
    differences+=" $difference"
    printf '%-6s %-8s | %12s %8.3f %8.3f %5s | %12s %8.3f %8.3f %5s | %10s\n' "$round" "${first[$round]}" \
        "${rps[plain/$round]}" "${p50[plain/$round]}" "${p99[plain/$round]}" "${others[plain/$round]}" \
        "${rps[scraped/$round]}" "${p50[scraped/$round]}" "${p99[scraped/$round]}" "${others[scraped/$round]}" "$difference"
done
line=$(printf '%-15s' median)
for kind in plain scraped; do
    values=""; fifties=""; latencies=""
    for ((round = 1; round <= rounds; round++)); do
        values+=" ${rps[$kind/$round]}"; fifties+=" ${p50[$kind/$round]}"; latencies+=" ${p99[$kind/$round]}"
    done
    line+=$(printf ' | %12.0f %8.3f %8.3f %5s' "$(echo "$values" | median)" "$(echo "$fifties" | median)" "$(echo "$latencies" | median)" "")
done
printf '%s | %+10.3f\n' "$line" "$(echo "$differences" | median)"

plain_p99s=""
for ((round = 1; round <= rounds; round++)); do plain_p99s+=" ${p99[plain/$round]}"; done
spread=$(echo "$plain_p99s" | tr ' ' '\n' | grep -v '^$' | sort -g | awk 'NR == 1 { low = $1 } { high = $1 } END { printf "%.3f to %.3f ms", low, high }')
echo
echo "p99 diff: scraped minus plain within the round, in ms; the last row: the median of those differences."
echo "oth%: CPU time of every process but movied, movieload and the scraper during the run, in percent of one core"
echo "(10 or more: the run was disturbed, and it was run again up to twice)."
echo "noise: without scraping, p99 ranged $spread over the rounds."
if [ -s "$work/scrapes.txt" ]; then
    scrapes=$(wc -l <"$work/scrapes.txt")
    sizes=$(awk '{ print $1 }' "$work/scrapes.txt" | sort -n | awk 'NR == 1 { low = $1 } { high = $1 } END { print low " to " high }')
    times=$(awk '{ printf "%.3f\n", $2 * 1000 }' "$work/scrapes.txt" | sort -g \
        | awk '{ v[NR] = $1 } END { p90 = int(NR * 0.9); if (p90 < 1) p90 = 1; printf "median %s ms, p90 %s ms, max %s ms", v[int((NR + 1) / 2)], v[p90], v[NR] }')
    echo "scrapes: $scrapes in all; $scrape_path body $sizes bytes; curl time_total $times"
fi
echo
echo "commands:"
echo "  movied:  ${movied_command[*]}"
echo "  load:    ${load_command[*]} --quiet --json"
echo "  scraper: taskset -c $load_core bash -c \"$scraper_loop\""
