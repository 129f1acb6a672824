#!/usr/bin/env bash
# HTTP keep-alive GETs, movied against nginx, side by side with the very same
# tool: wrk, one thread, --connections kept-alive connections, GET /movies/Heat.
#
# movied (--sync never: the run only reads) and nginx (Debian's, one process:
# worker_processes 1, master_process off, access_log off) run pinned to core 0
# on free loopback ports; wrk runs pinned to core 1. nginx serves, at the same
# path and as application/json, a file holding exactly the body movied answers
# GET /movies/Heat with, fetched from movied first, so the bodies match byte for
# byte. nginx's keepalive_requests is raised to 1,000,000: by default it closes
# a kept-alive connection after 1,000 requests, which would make wrk reconnect
# where movied never makes it. With --open-file-cache nginx keeps the file open
# (open_file_cache) instead of opening, reading and closing it per request.
# Both are warmed up with --warmup seconds of the same load; then --rounds
# rounds, the servers taking turns in an order that alternates between rounds.
# The table shows each round's requests/s, p50 and p99 (wrk --latency), the
# server's CPU use and CPU time per request, wrk's CPU use (a single wrk thread
# can be the limit, and then CPU per request is the fairer comparison), and
# movied/nginx within the round; then the medians, each ratio being the median
# of the per-round ratios (so a slow moment of the machine hits both). Unless
# --no-syscalls, it then counts every system call each server makes per
# request (perf stat -e raw_syscalls:sys_enter) over --duration seconds of the
# same load; --strace adds each server's most frequent calls per request
# (strace -c, which slows the servers down many times: only counts mean much).
#
# Before each measured run it waits, polling every 10 s for at most
# --quiet-wait seconds (0: never), until no compiler, build or test run is
# running on the machine (swift-build, swift-frontend, swiftc, swift-package,
# swift-test, xctest; another pgrep -f pattern in $BENCH_BUSY_PATTERN) and
# other processes use under 10% of a core (quiet-machine.sh); a run during which
# they took 10% or more is run again, at most twice.
# wrk and nginx are installed from Debian's packages when missing, unless
# --no-install. Everything it starts is stopped when it exits.
#
# Usage: Benchmarks/http-vs-nginx.sh [--rounds R] [--duration S] [--connections N] [--warmup S]
#          [--quiet-wait S] [--no-syscalls] [--strace] [--open-file-cache] [--no-install]
# Binaries: $MOVIED if set, else built with `swift build -c release`
# (extra flags for it in $SWIFT_BUILD_FLAGS, e.g. "--scratch-path .build-bench").
# compare.sh runs this too, after its own table (unless --no-http).
set -euo pipefail
. "$(dirname "$0")/common.sh"

rounds=3
duration=5
connections=50
warmup=2
quiet_wait=600
with_syscalls=1
with_strace=0
open_file_cache=0
install=1
server_core=0
load_core=1
path=/movies/Heat

while [ $# -gt 0 ]; do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --duration) duration="$2"; shift 2 ;;
        --connections) connections="$2"; shift 2 ;;
        --warmup) warmup="$2"; shift 2 ;;
        --quiet-wait) quiet_wait="$2"; shift 2 ;;
        --no-syscalls) with_syscalls=0; shift ;;
        --strace) with_strace=1; shift ;;
        --open-file-cache) open_file_cache=1; shift ;;
        --no-install) install=0; shift ;;
        -h|--help) usage 0 ;;
        *) echo "http-vs-nginx.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done
case "$rounds" in ''|*[!0-9]*|0) echo "http-vs-nginx.sh: --rounds must be a positive number" >&2; exit 2 ;; esac
# wrk takes whole seconds.
case "$duration" in ''|*[!0-9]*|0) echo "http-vs-nginx.sh: --duration must be a positive number of seconds" >&2; exit 2 ;; esac
case "$warmup" in ''|*[!0-9]*) echo "http-vs-nginx.sh: --warmup must be a number of seconds" >&2; exit 2 ;; esac

# --- tools -------------------------------------------------------------------

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
command -v taskset >/dev/null || missing+=(util-linux)
[ "$with_strace" = 1 ] && ! command -v strace >/dev/null && missing+=(strace)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$install" = 0 ]; then
        say "missing: ${missing[*]} (Debian packages); run without --no-install to install them"; exit 1
    fi
    say "installing ${missing[*]} from Debian's packages"
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# Debian's nginx package may start a system service on port 80; ours never uses it.
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ "$with_syscalls" = 1 ] && ! { command -v perf >/dev/null && perf stat -e raw_syscalls:sys_enter -- true >/dev/null 2>&1; }; then
    say "perf cannot count syscall tracepoints here (install linux-perf; try as root): no syscall counts"
    with_syscalls=0
fi

if [ "$(nproc)" -lt 2 ]; then
    say "only one core: servers and wrk share core 0"
    load_core=0
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${MOVIED:-}" ]; then
    say "building movied (release)"
    # shellcheck disable=SC2086
    (cd "$repo" && swift build -c release ${SWIFT_BUILD_FLAGS:-} --product movied >&2)
    # shellcheck disable=SC2086
    MOVIED=$(cd "$repo" && swift build -c release ${SWIFT_BUILD_FLAGS:-} --show-bin-path)/movied
fi

# --- a quiet machine -----------------------------------------------------------

# shellcheck source=Benchmarks/quiet-machine.sh
. "$repo/Benchmarks/quiet-machine.sh"

# --- servers -----------------------------------------------------------------

work=$(mktemp -d /tmp/movied-http.XXXXXX)
pids=()
cleanup() {
    stop_processes
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

declare -A port pid url command
movied_command=(taskset -c "$server_core" "$MOVIED" --port 0 --http-port 0 --data-dir "$work/movied-data" --sync never)
"${movied_command[@]}" >/dev/null 2>"$work/movied.log" &
pid[movied]=$!
pids+=("${pid[movied]}")
for _ in $(seq 1 400); do
    port[movied]=$(sed -n 's/.*http listening on .*:\([0-9][0-9]*\)$/\1/p' "$work/movied.log" | head -1)
    [ -n "${port[movied]}" ] && break
    kill -0 "${pid[movied]}" 2>/dev/null || break
    sleep 0.05
done
[ -n "${port[movied]}" ] || { say "movied did not start:"; cat "$work/movied.log" >&2; exit 1; }
url[movied]="http://127.0.0.1:${port[movied]}$path"
command[movied]="${movied_command[*]}"
say "movied: http listening on 127.0.0.1:${port[movied]} (core $server_core)"

# Heat is in the shipped sample catalogue; a movied that found none gets it here.
status=$(curl -s -o "$work/movied-body" -w '%{http_code}' "${url[movied]}")
if [ "$status" = 404 ]; then
    curl -s -f -o /dev/null -X PUT -H 'Content-Type: application/json' \
        --data '{"info":"1995; Michael Mann; crime thriller, a detective hunts a master thief"}' "${url[movied]}"
    status=$(curl -s -o "$work/movied-body" -w '%{http_code}' "${url[movied]}")
fi
[ "$status" = 200 ] || { say "movied answers GET $path with $status"; exit 1; }

# The same bytes at the same path, as application/json (no extension, so the
# empty types map leaves every file to default_type).
mkdir -p "$work/nginx/www${path%/*}" "$work/nginx/temp"
cp "$work/movied-body" "$work/nginx/www$path"
port[nginx]=$(free_port)
nginx_file_cache=""
[ "$open_file_cache" = 1 ] && nginx_file_cache="    open_file_cache max=16 inactive=1h;
    open_file_cache_valid 1h;
"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes 1;
master_process off;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
worker_rlimit_nofile 8192;
events {
    worker_connections 4096;
}
http {
    access_log off;
    keepalive_requests 1000000;
$nginx_file_cache    keepalive_timeout 75s;
    client_body_temp_path $work/nginx/temp/client_body;
    proxy_temp_path $work/nginx/temp/proxy;
    fastcgi_temp_path $work/nginx/temp/fastcgi;
    uwsgi_temp_path $work/nginx/temp/uwsgi;
    scgi_temp_path $work/nginx/temp/scgi;
    types { }
    default_type application/json;
    server {
        listen 127.0.0.1:${port[nginx]};
        root $work/nginx/www;
    }
}
EOF
nginx_command=(taskset -c "$server_core" "$nginx_bin" -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf")
"${nginx_command[@]}" >>"$work/nginx/out.log" 2>&1 &
pid[nginx]=$!
pids+=("${pid[nginx]}")
wait_for_port "${port[nginx]}" "$work/nginx/out.log" "${pid[nginx]}"
url[nginx]="http://127.0.0.1:${port[nginx]}$path"
command[nginx]="${nginx_command[*]}"
say "nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'): listening on 127.0.0.1:${port[nginx]} (core $server_core)"

curl -s -o "$work/nginx-body" "${url[nginx]}"
if ! cmp -s "$work/movied-body" "$work/nginx-body"; then
    say "nginx's body differs from movied's:"; cat "$work/movied-body" "$work/nginx-body" >&2; exit 1
fi
body_bytes=$(wc -c <"$work/movied-body")
declare -A header_bytes content_type
for name in movied nginx; do
    read -r "header_bytes[$name]" "content_type[$name]" < <(curl -s -o /dev/null -w '%{size_header} %{content_type}\n' "${url[$name]}")
done

names=(movied nginx)
quiet_cores="$server_core $load_core"
quiet_pids="${pid[movied]} ${pid[nginx]}"

# --- wrk ---------------------------------------------------------------------

ticks_per_second=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
now() { date +%s.%N; }
wrk_arguments() {  # name seconds
    wrk_args=(taskset -c "$load_core" wrk -t1 -c"$connections" -d"${2}s" --latency "${url[$1]}")
}
wrk_command() { wrk_arguments "$@"; echo "${wrk_args[*]}"; }
# Runs wrk against a server for $2 seconds; its report in $3, and in $3.cpu the
# server's, wrk's and all other processes' CPU use, in percent of one core.
run_wrk() {  # name seconds out
    local before after start end
    cpu_mark "$work/mark-before"
    before=$(cpu_ticks "${pid[$1]}")
    start=$(now)
    # `times` in the subshell: its second line is the CPU time of its children, wrk.
    wrk_arguments "$1" "$2"
    (
        "${wrk_args[@]}" >"$3"
        times >"$3.times"
    )
    end=$(now)
    after=$(cpu_ticks "${pid[$1]}")
    cpu_mark "$work/mark-after"
    awk -v t=$((after - before)) -v hz="$ticks_per_second" -v s="$start" -v e="$end" \
        -v others="$(others_percent "$work/mark-before" "$work/mark-after" "$2")" '
        NR == 2 {
            split($1, u, /m|s/); split($2, k, /m|s/)
            wall = e - s
            printf "%.0f %.0f %s\n", t / hz / wall * 100, (u[1] * 60 + u[2] + k[1] * 60 + k[2]) / wall * 100, others
        }' "$3.times" >"$3.cpu"
}

# wrk's latencies come as 184.00us, 1.23ms or 1.01s; in ms.
wrk_ms() {  # percentile file
    awk -v p="$1%" '$1 == p {
        v = $2
        if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v) }
        else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }
        printf "%.3f", v
    }' "$2"
}
wrk_requests_per_second() { awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1"; }
wrk_requests() { awk '/ requests in / { print $1 }' "$1"; }
wrk_problems() {  # file; nothing when none
    awk '/Socket errors:/ { gsub(/,/, ""); if ($4 + $6 + $8 + $10 > 0) printf "socket errors: %s ", $0 }
         /Non-2xx or 3xx responses:/ { printf "non-2xx answers: %s ", $NF }' "$1"
}

if [ "$warmup" -gt 0 ]; then
    for name in "${names[@]}"; do
        wait_for_quiet
        say "warming up $name: ${warmup} s"
        run_wrk "$name" "$warmup" "$work/$name-warmup.txt"
        problems=$(wrk_problems "$work/$name-warmup.txt")
        [ -z "$problems" ] || say "$name warm-up: $problems"
    done
fi

# A run during which other processes took 10% of a core or more is run again
# (after waiting for quiet), at most twice; the table marks one that stayed so.
declare -A rps p50 p99 server_cpu wrk_cpu others first
for ((round = 1; round <= rounds; round++)); do
    order=("${names[@]}")
    [ $((round % 2)) -eq 0 ] && order=(nginx movied)
    first[$round]=${order[0]}
    for name in "${order[@]}"; do
        for attempt in 1 2 3; do
            wait_for_quiet
            say "round $round of $rounds: $name, wrk -t1 -c$connections, ${duration} s"
            out="$work/$name-$round.txt"
            run_wrk "$name" "$duration" "$out"
            read -r "server_cpu[$name/$round]" "wrk_cpu[$name/$round]" "others[$name/$round]" <"$out.cpu"
            [ "${others[$name/$round]}" -lt 10 ] && break
            say "  other processes took ${others[$name/$round]}% of a core during the run$([ "$attempt" -lt 3 ] && echo ": once more")"
        done
        rps[$name/$round]=$(wrk_requests_per_second "$out")
        p50[$name/$round]=$(wrk_ms 50 "$out")
        p99[$name/$round]=$(wrk_ms 99 "$out")
        say "  $name: ${rps[$name/$round]} requests/s, p50 ${p50[$name/$round]} ms, p99 ${p99[$name/$round]} ms, server CPU ${server_cpu[$name/$round]}%, wrk CPU ${wrk_cpu[$name/$round]}%, others ${others[$name/$round]}%"
        problems=$(wrk_problems "$out")
        [ -z "$problems" ] || say "  $name, round $round: $problems(see $out)"
    done
done

# --- system calls per request --------------------------------------------------

declare -A syscalls
if [ "$with_syscalls" = 1 ]; then
    for name in "${names[@]}"; do
        wait_for_quiet
        say "counting system calls: $name, ${duration} s of the same load"
        out="$work/$name-syscalls.txt"
        wrk_arguments "$name" "$duration"
        perf stat -x, -o "$work/$name-perf.csv" -e raw_syscalls:sys_enter -p "${pid[$name]}" -- "${wrk_args[@]}" >"$out"
        made=$(awk -F, '/raw_syscalls:sys_enter/ { print $1 }' "$work/$name-perf.csv")
        syscalls[$name]=$(awk -v s="$made" -v r="$(wrk_requests "$out")" 'BEGIN { if (r > 0 && s ~ /^[0-9]+$/) printf "%.3f", s / r; else printf "-" }')
    done
fi

declare -A strace_top
if [ "$with_strace" = 1 ]; then
    for name in "${names[@]}"; do
        wait_for_quiet
        say "strace -c: $name, ${duration} s of the same load"
        out="$work/$name-strace-wrk.txt"
        strace -c -f -o "$work/$name-strace.txt" -p "${pid[$name]}" 2>>"$work/strace.log" &
        tracer=$!
        pids+=("$tracer")
        sleep 1
        wrk_arguments "$name" "$duration"
        "${wrk_args[@]}" >"$out"
        kill -INT "$tracer"; wait "$tracer" 2>/dev/null || true
        requests=$(wrk_requests "$out")
        strace_top[$name]=$(awk -v r="$requests" '$NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" {
                calls = $4; printf "%s %.3f\n", $NF, calls / r }' "$work/$name-strace.txt" \
            | sort -k2 -g -r | head -6 | awk '{ printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2 }')
    done
fi

# --- the table -------------------------------------------------------------------

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && a != "-" && b + 0 > 0) printf "%.2f", a / b; else printf "-" }'; }

echo
echo "HTTP GET $path over kept-alive connections: movied vs nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), the same ${body_bytes}-byte JSON body"
echo "(response headers: movied ${header_bytes[movied]} bytes, nginx ${header_bytes[nginx]} bytes; Content-Type ${content_type[movied]} and ${content_type[nginx]});"
echo "servers on core $server_core, wrk -t1 -c$connections on core $load_core; $rounds round(s) of ${duration} s after ${warmup} s of warm-up each, alternating order"
echo
printf '%-7s %-7s | %12s %7s %7s %4s %5s %4s %4s | %12s %7s %7s %4s %5s %4s %4s | %5s %5s %5s\n' \
    round first "movied req/s" "p50 ms" "p99 ms" cpu% "us/r" wrk% oth% "nginx req/s" "p50 ms" "p99 ms" cpu% "us/r" wrk% oth% \
    req/s p99 us/r
per_round_rps=""; per_round_p99=""; per_round_cost=""
declare -A cost
for ((round = 1; round <= rounds; round++)); do
    line=$(printf '%-7s %-7s' "$round" "${first[$round]}")
    for name in "${names[@]}"; do
        cost[$name/$round]=$(awk -v c="${server_cpu[$name/$round]}" -v r="${rps[$name/$round]}" 'BEGIN { if (r > 0) printf "%.2f", c / 100 / r * 1000000; else printf "-" }')
        line+=$(printf ' | %12s %7.3f %7.3f %4s %5s %4s %4s' "${rps[$name/$round]}" "${p50[$name/$round]}" "${p99[$name/$round]}" \
            "${server_cpu[$name/$round]}" "${cost[$name/$round]}" "${wrk_cpu[$name/$round]}" "${others[$name/$round]}")
    done
    r=$(ratio "${rps[movied/$round]}" "${rps[nginx/$round]}")
    l=$(ratio "${p99[movied/$round]}" "${p99[nginx/$round]}")
    c=$(ratio "${cost[movied/$round]}" "${cost[nginx/$round]}")
    per_round_rps+=" $r"; per_round_p99+=" $l"; per_round_cost+=" $c"
    echo "$line | $(printf '%5s %5s %5s' "$r" "$l" "$c")"
done
line=$(printf '%-15s' median)
for name in "${names[@]}"; do
    values=""; fifties=""; latencies=""; cpus=""; costs=""; wrks=""; rest=""
    for ((round = 1; round <= rounds; round++)); do
        values+=" ${rps[$name/$round]}"; fifties+=" ${p50[$name/$round]}"; latencies+=" ${p99[$name/$round]}"
        cpus+=" ${server_cpu[$name/$round]}"; costs+=" ${cost[$name/$round]}"; wrks+=" ${wrk_cpu[$name/$round]}"
        rest+=" ${others[$name/$round]}"
    done
    line+=$(printf ' | %12.0f %7.3f %7.3f %4.0f %5.2f %4.0f %4.0f' "$(echo "$values" | median)" "$(echo "$fifties" | median)" \
        "$(echo "$latencies" | median)" "$(echo "$cpus" | median)" "$(echo "$costs" | median)" "$(echo "$wrks" | median)" \
        "$(echo "$rest" | median)")
done
echo "$line | $(printf '%5s %5s %5s' "$(echo "$per_round_rps" | median)" "$(echo "$per_round_p99" | median)" "$(echo "$per_round_cost" | median)")"
for name in "${names[@]}"; do
    wrks=""
    for ((round = 1; round <= rounds; round++)); do wrks+=" ${wrk_cpu[$name/$round]}"; done
    busiest=$(echo "$wrks" | median)
    if awk -v w="$busiest" 'BEGIN { exit !(w >= 90) }'; then
        echo "note: wrk used a median ${busiest}% of its core against $name: there wrk itself is near its limit, so"
        echo "      $name's requests/s is a lower bound of what it could serve; us/r compares the servers' cost regardless."
    fi
done
if [ "$with_syscalls" = 1 ]; then
    echo
    echo "system calls per request (perf stat -e raw_syscalls:sys_enter, ${duration} s of the same load):" \
        "movied ${syscalls[movied]}, nginx ${syscalls[nginx]}"
fi
if [ "$with_strace" = 1 ]; then
    echo "most frequent per request (strace -c -f): movied: ${strace_top[movied]:--}"
    echo "                                           nginx:  ${strace_top[nginx]:--}"
fi
echo
echo "req/s: wrk's Requests/sec; p50/p99 ms: wrk --latency percentiles; cpu%: the server's user + system time"
echo "(/proc/PID/stat) over the run, in percent of one core; us/r: that CPU time per request, in µs; wrk%: wrk's own"
echo "CPU use (near 100: wrk is the limit); oth%: what the two cores spent on anything else (10 or more: the run was"
echo "disturbed, and it was run again up to twice)."
echo "movied/nginx (last three columns): the ratio within each round, then the median of those ratios; above 1 means"
echo "movied serves more requests/s, or has the higher p99, or spends more CPU per request."
echo "nginx: worker_processes 1, master_process off, daemon off, access_log off, keepalive_requests 1000000 (the default,"
echo "1000, would close each kept-alive connection every 1000 requests), keepalive_timeout 75s, sendfile off and"
if [ "$open_file_cache" = 1 ]; then
    echo "open_file_cache max=16 inactive=1h, open_file_cache_valid 1h (--open-file-cache: the file stays open)."
else
    echo "open_file_cache off (nginx's defaults: every request opens, stats, reads and closes the file; --open-file-cache"
    echo "keeps it open)."
fi
echo
echo "commands:"
echo "  movied: ${command[movied]}"
echo "  nginx:  ${command[nginx]}   (configured as said above; listen 127.0.0.1:${port[nginx]}, root holding ${path#/})"
echo "  load:   $(wrk_command movied "$duration")"
echo "          $(wrk_command nginx "$duration")"
