#!/usr/bin/env bash
# One tprd per data directory: a second one started while the first records
# refuses to start, names the first one's PID and leaves its session alone
# (it used to mark the live session interrupted).
# Usage: single_instance.sh TPRD SOURCE_DIR
set -u
tprd=$1
src=$2
. "$(dirname "$0")/recording.sh"

run --data-dir "$tmp/data" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 150); do
    [ "$(q 'SELECT count(*) FROM trace_chunks' 2>/dev/null)" -ge 1 ] 2>/dev/null && break
    sleep 0.1
done

(run --data-dir "$tmp/data" --duration 1) >"$tmp/second" 2>&1
rc=$?
[ $rc -eq 4 ] || fail "second tprd: exit $rc, want 4 ($(cat "$tmp/second"))"
grep -q "in use by tprd PID $pid" "$tmp/second" || fail "second tprd should name PID $pid: $(cat "$tmp/second")"
[ "$(q 'SELECT count(*) FROM sessions')" = 1 ] || fail "the second tprd started a session"
[ "$(q 'SELECT ifnull(end_reason, "running") FROM sessions WHERE id = 1')" = running ] ||
    fail "the first session should still be running"
kill -0 "$pid" || fail "the first tprd is gone"
echo "ok: the second tprd refused: $(cat "$tmp/second")"

kill -TERM "$pid"
wait "$pid"
rc=$?
pid=
[ $rc -eq 0 ] || fail "first tprd: exit $rc after SIGTERM"
[ "$(q 'SELECT end_reason FROM sessions WHERE id = 1')" = terminated ] ||
    fail "the first session should end terminated"
# Its lock went with it: the next tprd runs.
(run --data-dir "$tmp/data" --duration 0.5) >"$tmp/third" 2>&1 || fail "third tprd: $(cat "$tmp/third")"
echo "ok: the first session ended terminated, the next tprd runs"
[ "$fails" -eq 0 ]
