#!/usr/bin/env bash
# SD card wear: a recorded session syncs the database about once every 2 s
# (one commit), not ten times a second, counted with strace over a session
# of a few seconds; a fixed number of syncs at start and end comes on top.
# Usage: sync_rate.sh TPRD SOURCE_DIR   (exit 77 without strace)
set -u
tprd=$1
src=$2
. "$(dirname "$0")/recording.sh"
command -v strace >/dev/null || { echo "strace not installed: skipped"; exit 77; }
secs=8
# LeakSanitizer cannot run under ptrace (the sanitizer build); the rest can.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
strace -f -c -o "$tmp/strace" -e trace=fdatasync,fsync \
    "$tprd" --config "$src/config/tprd.conf" --profile "$src/tests/e2e/long.ini" --quiet \
    --duration "$secs" --data-dir "$tmp/data" >"$tmp/log" 2>&1 ||
    fail "tprd: $(cat "$tmp/log")"
syncs=$(awk '$NF == "fdatasync" || $NF == "fsync" { n += $4 } END { print n + 0 }' "$tmp/strace")
# Start and end cost about 15 syncs; a commit every 100 ms would add 80.
[ "$syncs" -le $((secs + 20)) ] || fail "$syncs syncs in a $secs s session"
[ "$(sqlite3 "$tmp/data/sessions.db" 'SELECT trace_rate_hz FROM sessions')" = 100 ] ||
    fail "the trace is not kept at 100 Hz by default"
echo "ok: $syncs syncs in a $secs s session"
[ "$fails" -eq 0 ]
