#!/usr/bin/env bash
# Kill -9 torture of movied --sync always: the CrashTorture end-to-end test
# (Tests/EndToEndTests/CrashTortureTests.swift) with as many cycles as asked, in a
# release build of its own (a debug server replays a big journal slowly). Each
# cycle restarts movied on the same directory, checks that every write that was
# acknowledged or read back since the first cycle is there, then lets three
# pipelining writers and two readers run, with compaction every 64 KiB of
# journal, until a SIGKILL. CI runs 3 cycles inside `swift test`.
#
# Usage: Tests/crash-torture.sh [--cycles N]   (default 100)
set -euo pipefail

cycles=100
while [ $# -gt 0 ]; do
    case "$1" in
        --cycles) cycles="$2"; shift 2 ;;
        -h|--help) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "crash-torture.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done
case "$cycles" in ''|*[!0-9]*|0) echo "crash-torture.sh: --cycles must be a positive number" >&2; exit 2 ;; esac

cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"
MOVIED_TORTURE_CYCLES="$cycles" exec swift test -c release --scratch-path .build-torture --filter CrashTorture
