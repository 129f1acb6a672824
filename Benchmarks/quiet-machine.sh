# shellcheck shell=bash disable=SC2154  # say, quiet_wait, quiet_cores, quiet_pids: the caller's
# Waiting for a quiet machine, and telling how quiet a run was; sourced by
# http-vs-nginx.sh and metrics-scrape.sh, whose measurements another build, test
# run or benchmark on the same cores would disturb.
#
# wait_for_quiet: polls every 10 s, for at most $quiet_wait seconds (0: never
#   waits), until no process matches $busy_pattern (compilers, builds, test
#   runs; $BENCH_BUSY_PATTERN replaces it) and others used under 10% of one of
#   the $quiet_cores over a second; then returns, saying what it waited for.
# cpu_mark FILE before a run and after it, then others_percent BEFORE AFTER
#   SECONDS: the CPU time the $quiet_cores spent on anything but this script,
#   the children it reaped (a load generator, a scraper and what they ran) and
#   the live processes in $quiet_pids (its servers), in percent of one core.
#   It counts from the cores' own accounts (/proc/stat), so a build that starts
#   and ends within the run is seen too. (The softirq time of loopback traffic
#   is charged to the process it interrupted, ours: on a quiet machine the two
#   sides agree within a few ticks.)
# The caller defines say, quiet_wait, quiet_cores ("0 1") and quiet_pids.

busy_pattern=${BENCH_BUSY_PATTERN:-'swift-build|swift-frontend|swiftc|swift-package|swift-test|xctest'}

# The shell that started this script may mention swift build on its command line.
quiet_ancestors=" $$ "
quiet_ancestor=$(awk '{ print $4 }' "/proc/$$/stat")
while [ "$quiet_ancestor" -gt 1 ] 2>/dev/null; do
    quiet_ancestors+="$quiet_ancestor "
    quiet_ancestor=$(awk '{ print $4 }' "/proc/$quiet_ancestor/stat" 2>/dev/null || echo 1)
done

busy_processes() {
    local pid
    for pid in $(pgrep -f "$busy_pattern" || true); do
        case "$quiet_ancestors" in *" $pid "*) continue ;; esac
        ps -o comm= -p "$pid" 2>/dev/null || true
    done | sort -u | tr '\n' ' '
}

# "busy-ticks own-ticks": all but idle and iowait on $quiet_cores; and this
# script's own time with its reaped children's, plus the $quiet_pids' own. A
# command name may hold spaces: /proc/PID/stat fields count from its ")".
cpu_mark() {  # file
    local busy own
    busy=$(awk -v cores=" $quiet_cores " '$1 ~ /^cpu[0-9]+$/ && index(cores, " " substr($1, 4) " ") {
        t += $2 + $3 + $4 + $7 + $8 + $9 } END { print t + 0 }' /proc/stat)
    own=$( {
        awk '{ sub(/^.*\) /, ""); print $12 + $13 + $14 + $15 }' "/proc/$$/stat"
        for pid in $quiet_pids; do awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || true; done
    } | awk '{ t += $1 } END { print t + 0 }')
    echo "$busy $own" >"$1"
}

others_percent() {  # before after seconds
    awk -v seconds="$3" -v hz="$(getconf CLK_TCK)" '
        FNR == NR { busy = $1; own = $2; next }
        { used = ($1 - busy) - ($2 - own); if (used < 0) used = 0; printf "%.0f", used / hz / seconds * 100 }' "$1" "$2"
}

wait_for_quiet() {
    [ "$quiet_wait" -gt 0 ] || return 0
    local waited=0 busy load marks
    marks=$(mktemp)
    while true; do
        busy=$(busy_processes)
        cpu_mark "$marks.before"; sleep 1; cpu_mark "$marks.after"
        load=$(others_percent "$marks.before" "$marks.after" 1)
        if [ -z "$busy" ] && [ "$load" -lt 10 ]; then break; fi
        [ -z "$busy" ] && busy="others using ${load}% of a core "
        if [ "$waited" -ge "$quiet_wait" ]; then
            say "still busy after ${quiet_wait} s: $busy- measuring anyway, the numbers may be disturbed"
            break
        fi
        say "waiting for a quiet machine: $busy"
        sleep 10
        waited=$((waited + 10))
    done
    rm -f "$marks" "$marks.before" "$marks.after"
}
