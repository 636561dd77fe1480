#!/usr/bin/env bash
# kill -9 of tprd mid-session: the database opens cleanly, every committed
# batch is there, and the next start marks the session interrupted.
# Usage: crash_kill9.sh TPRD SOURCE_DIR
set -u
tprd=$1
src=$2
. "$(dirname "$0")/recording.sh"

run --data-dir "$tmp/data" >"$tmp/log" 2>&1 &
pid=$!
chunks=0
# A batch (one chunk) is committed every 2 s.
for _ in $(seq 150); do
    chunks=$(q "SELECT count(*) FROM trace_chunks" 2>/dev/null || echo 0)
    [ "${chunks:-0}" -ge 3 ] && break
    sleep 0.1
done
[ "${chunks:-0}" -ge 3 ] || fail "no committed trace chunks after 15 s (log: $(cat "$tmp/log"))"
kill -9 "$pid"
wait "$pid" 2>/dev/null
pid=

[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check after kill -9"
[ "$(q 'SELECT count(*) FROM sessions WHERE ended_at IS NULL')" = 1 ] ||
    fail "the killed session should be there, still open"
after=$(q "SELECT count(*) FROM trace_chunks")
[ "$after" -ge "$chunks" ] || fail "committed chunks lost: $chunks seen, $after left"
[ "$(q 'SELECT count(*) FROM trace_chunks WHERE points * 16 != length(data)')" = 0 ] ||
    fail "a chunk is incomplete"
[ "$(q "SELECT count(*) FROM events WHERE type = 'contact'")" -ge 1 ] || fail "events lost"
echo "ok: kill -9 after $chunks chunks, $after committed"

# The next start closes the books on it.
(run --data-dir "$tmp/data" --duration 1) >"$tmp/log2" 2>&1 || fail "second run: $(cat "$tmp/log2")"
[ "$(q 'SELECT end_reason FROM sessions WHERE id = 1')" = interrupted ] ||
    fail "session 1 not marked interrupted"
last=$(q "SELECT max(t0_us) / 1000 FROM trace_chunks WHERE session_id = 1")
[ "$(q "SELECT ended_at - started_at >= $last FROM sessions WHERE id = 1")" = 1 ] ||
    fail "session 1 should end at its last recorded tick (after $last ms)"
[ "$(q 'SELECT end_reason FROM sessions WHERE id = 2')" = stopped ] ||
    fail "the second session (--duration) should be stopped"
echo "ok: marked interrupted on the next start"
[ "$fails" -eq 0 ]
