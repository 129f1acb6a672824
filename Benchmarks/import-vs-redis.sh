#!/usr/bin/env bash
# Bulk loading, movied against Redis: `movie import` of a generated IMDb
# title.basics file into one `movied --sync always`, against `redis-cli --pipe`
# loading the same movies as SETs into Redis with appendonly yes and
# appendfsync always. Servers on core 0, clients on core 1, --rounds rounds in
# alternating order; prints each round's seconds and the medians.
#
# Usage: Benchmarks/import-vs-redis.sh [--movies N] [--rounds R]
# Binaries: $MOVIED and $MOVIE if set, else built with `swift build -c release`.
set -euo pipefail
. "$(dirname "$0")/common.sh"

movies=1000000
rounds=3

while [ $# -gt 0 ]; do
    case "$1" in
        --movies) movies="$2"; shift 2 ;;
        --rounds) rounds="$2"; shift 2 ;;
        -h|--help) usage 0 ;;
        *) echo "import-vs-redis.sh: unknown option '$1'" >&2; usage 2 >&2 ;;
    esac
done

for tool in redis-server redis-cli python3 taskset; do
    command -v "$tool" >/dev/null || { say "$tool is missing"; exit 1; }
done

repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${MOVIED:-}" ] || [ -z "${MOVIE:-}" ]; then
    say "building movied and movie (release)"
    (cd "$repo" && swift build -c release --product movied >&2 && swift build -c release --product movie >&2)
    bin=$(cd "$repo" && swift build -c release --show-bin-path)
    MOVIED=${MOVIED:-$bin/movied}
    MOVIE=${MOVIE:-$bin/movie}
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/movied-import.XXXXXX")
server=""
cleanup() {
    [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "generating $movies movies"
python3 - "$movies" "$work/title.basics.tsv" "$work/redis.resp" <<'EOF'
import random, sys
count, tsv, resp = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rng = random.Random(11)
genres = ["Drama", "Comedy", "Crime", "Documentary", "Action", "Romance", "Thriller"]
endings = ["of the Night", "Returns", "in Paris", "Part II", "Begins"]
with open(tsv, "w") as imdb, open(resp, "w") as redis:
    imdb.write("tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n")
    for number in range(count):
        tid = "tt%07d" % (number + 1)
        title = "Generated Film %07d %s" % (number, rng.choice(endings))
        year, minutes, kinds = 1900 + number % 125, 60 + number % 120, ",".join(rng.sample(genres, 2))
        imdb.write(f"{tid}\tmovie\t{title}\t{title}\t0\t{year}\t\\N\t{minutes}\t{kinds}\n")
        key, info = title.lower(), f"{year}; {minutes} min; {kinds}; {tid}"
        redis.write("*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(key.encode()), key, len(info.encode()), info))
EOF

wait_for_log() {  # file pattern
    for _ in $(seq 1 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done
    say "the server did not start; its log:"; tail -n 20 "$1" >&2; exit 1
}

seconds() { python3 -c 'import sys, time; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.2f}")' "$1" "$2"; }
now() { date +%s.%N; }

declare -a movied_times redis_times
for ((round = 1; round <= rounds; round++)); do
    order=(movied redis)
    [ $((round % 2)) -eq 0 ] && order=(redis movied)
    for name in "${order[@]}"; do
        rm -rf "$work/data" && mkdir -p "$work/data"
        if [ "$name" = movied ]; then
            taskset -c 0 "$MOVIED" --port 0 --http-port off --data-dir "$work/data" --sync always --seed-catalogue /dev/null \
                2>"$work/movied.log" &
            server=$!
            wait_for_log "$work/movied.log" "listening on"
            port=$(grep -o 'listening on [^ ]*' "$work/movied.log" | sed 's/.*://')
            start=$(now)
            taskset -c 1 "$MOVIE" --server "127.0.0.1:$port" import "$work/title.basics.tsv" >"$work/import.out" 2>&1
            movied_times+=("$(seconds "$start" "$(now)")")
            say "round $round: movied ${movied_times[-1]} s ($(tail -n 1 "$work/import.out"))"
        else
            port=$((20000 + RANDOM % 10000))
            taskset -c 0 redis-server --port "$port" --save '' --appendonly yes --appendfsync always \
                --dir "$work/data" --daemonize no --logfile "$work/redis.log" &
            server=$!
            wait_for_log "$work/redis.log" "Ready to accept connections"
            start=$(now)
            taskset -c 1 redis-cli -p "$port" --pipe <"$work/redis.resp" >"$work/pipe.out" 2>&1
            redis_times+=("$(seconds "$start" "$(now)")")
            say "round $round: redis ${redis_times[-1]} s ($(tail -n 1 "$work/pipe.out"))"
        fi
        kill "$server"; wait "$server" 2>/dev/null || true
        server=""
    done
done

movied_median=$(printf '%s\n' "${movied_times[@]}" | median)
redis_median=$(printf '%s\n' "${redis_times[@]}" | median)
echo
echo "Loading $movies movies durably: movie import (movied --sync always) vs redis-cli --pipe (appendfsync always)"
echo "movied: ${movied_times[*]} s, median $movied_median s"
echo "redis:  ${redis_times[*]} s, median $redis_median s"
echo "movied/redis time: $(python3 -c "print(f'{$movied_median / $redis_median:.2f}')") (below 1: movied is faster)"
