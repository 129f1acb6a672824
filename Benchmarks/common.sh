# shellcheck shell=bash
# What the benchmark scripts share; each sources it right after its `set` line.
#
# usage [STATUS]    prints the script's header comment (line 2 to `set`), exits STATUS (0)
# say TEXT          one line on stderr, after the script's name
# median            the median of the numbers on stdin, one a line or a word
#                   (empty words and `-` skipped), or `-` when there are none
# free_port         prints a loopback port nothing listens on, below the
#                   ephemeral range: a run can leave thousands of client ports
#                   there in TIME_WAIT, which a server could not bind
# stop_processes    kills every process in the caller's `pids` array, then waits
#                   for each (a cleanup trap's first step)
# wait_for_port PORT LOG [PID]
#                   waits (30 s at most, less once PID is gone) until something
#                   listens on PORT; else prints LOG's tail and exits 1

usage() { sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

say() { echo "${0##*/}: $*" >&2; }

median() {
    tr ' ' '\n' | grep -v '^$' | grep -v '^-$' | sort -g \
        | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

bench_ephemeral_low=$(awk '{ print $1 }' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)

free_port() {
    local candidate
    for _ in $(seq 1 200); do
        candidate=$((10000 + RANDOM % (bench_ephemeral_low - 10000)))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then echo "$candidate"; return; fi
    done
    say "no free port found"; exit 1
}

wait_for_port() {
    local port=$1 log=$2 pid=${3:-}
    for _ in $(seq 1 600); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.05
    done
    say "nothing listens on port $port; the log:"; tail -n 20 "$log" >&2; exit 1
}

stop_processes() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
