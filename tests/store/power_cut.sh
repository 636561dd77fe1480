#!/usr/bin/env bash
# A power cut at random moments: while tprd records, freeze it, copy
# sessions.db and sessions.db-wal (not -shm) as the disk would hold them,
# let it go on. Every copy opens with integrity_check ok, holds at least the
# committed chunks of the copy before it, each chunk complete, and its
# session becomes interrupted when a new tprd opens it.
# Usage: power_cut.sh TPRD SOURCE_DIR
set -u
tprd=$1
src=$2
. "$(dirname "$0")/recording.sh"
q() { sqlite3 -cmd ".timeout 5000" "$1" "$2"; }

run --data-dir "$tmp/data" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    [ -f "$tmp/data/sessions.db-wal" ] && break
    sleep 0.05
done
# 0.5 to 1.5 s apart: the cuts span a few of the recorder's 2 s batches.
cuts=6
for k in $(seq $cuts); do
    ms=$((RANDOM % 1000 + 500))
    sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
    kill -STOP "$pid"
    mkdir "$tmp/cut$k"
    cp "$tmp/data/sessions.db" "$tmp/cut$k/"
    [ -f "$tmp/data/sessions.db-wal" ] && cp "$tmp/data/sessions.db-wal" "$tmp/cut$k/"
    kill -CONT "$pid"
done
kill -TERM "$pid"
wait "$pid" || fail "tprd exit $? after SIGTERM: $(cat "$tmp/log")"
pid=

prev=0
for k in $(seq $cuts); do
    db="$tmp/cut$k/sessions.db"
    [ "$(q "$db" 'PRAGMA integrity_check')" = ok ] || fail "cut $k: integrity_check"
    n=$(q "$db" "SELECT count(*) FROM trace_chunks")
    [ "$n" -ge "$prev" ] || fail "cut $k: $n chunks, fewer than the $prev of the cut before"
    [ "$(q "$db" 'SELECT count(*) FROM trace_chunks WHERE points * 16 != length(data)')" = 0 ] ||
        fail "cut $k: a chunk is incomplete"
    [ "$(q "$db" 'SELECT count(*) FROM sessions WHERE ended_at IS NULL')" = 1 ] ||
        fail "cut $k: the session should be open"
    (run --data-dir "$tmp/cut$k" --duration 0.2) >"$tmp/log$k" 2>&1 ||
        fail "cut $k: tprd on the copy: $(cat "$tmp/log$k")"
    [ "$(q "$db" 'SELECT end_reason FROM sessions WHERE id = 1')" = interrupted ] ||
        fail "cut $k: not marked interrupted"
    echo "ok: cut $k: $n chunks"
    prev=$n
done
[ "$prev" -gt 0 ] || fail "no chunk was committed in any cut"
[ "$fails" -eq 0 ]
