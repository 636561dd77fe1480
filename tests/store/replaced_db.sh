#!/usr/bin/env bash
# The session database moved aside while tprd records (the command tprd
# gives for a damaged one), then a file that is not a database put in its
# place, then removed, then the new database cut to nothing in place:
# tprd says each time what it saw and where the session goes, the moved
# file is left intact with what was recorded into it, the session goes on
# in the database at the path (the damaged file refused: its trace of that
# time counted as the gap; the cut file made whole by its own WAL, or moved
# aside as tprd says), and the end is recorded there with everything
# carried over. tprctl reads it.
# Usage: replaced_db.sh TPRD TPRCTL SOURCE_DIR
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/recording.sh"
wait_log() { # $1: pattern, [$2: times, 1 by default]; up to 20 s
    for _ in $(seq 200); do
        [ "$(grep -c "$1" "$tmp/log")" -ge "${2:-1}" ] && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    fail "no \"$1\" in the log: $(cat "$tmp/log")"
}

run --data-dir "$tmp/data" >"$tmp/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
    [ "$(q 'SELECT count(*) FROM trace_chunks' 2>/dev/null || echo 0)" -ge 2 ] && break
    sleep 0.1
done
mkdir "$tmp/aside"
mv "$db" "$db"-wal "$db"-shm "$tmp/aside/"
wait_log "session 1: $db was moved or removed while recording; the file recorded into so far is left as it is, complete, at $tmp/aside/sessions.db"
wait_log "session 1 goes on as session 1 in $db"
sleep 1
echo "not a database" >"$tmp/junk"
mv "$tmp/junk" "$db"
wait_log "session 1: $db was replaced while recording; the file recorded into so far is removed"
wait_log "cannot carry it over to $db yet: $db: damaged"
sleep 1
rm "$db"
wait_log "session 1 goes on as session 1 in $db" 2
sleep 1
: >"$db" # cut to nothing, as a stray "> sessions.db" does
wait_log "session 1: $db was damaged in place (cut short or written over from its start) while recording; tprd stops writing into it"
for _ in $(seq 100); do
    grep -q "cannot carry it over to $db yet: $db: damaged" "$tmp/log" && break
    [ "$(grep -c "session 1 goes on as session 1 in $db" "$tmp/log")" -ge 3 ] && break
    sleep 0.1
done
if grep -q "cannot carry it over to $db yet: $db: damaged" "$tmp/log"; then
    mkdir "$tmp/cut" && mv "$db" "$db"-wal "$db"-shm "$tmp/cut/"
fi
wait_log "session 1 goes on as session 1 in $db" 3
sleep 1
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
[ "$status" = 3 ] || fail "exit status $status, not 3 (the trace had a gap): $(cat "$tmp/log")"
grep "session 1" "$tmp/log"

# The moved file: intact, the session as far as it got there.
aside=$(sqlite3 "$tmp/aside/sessions.db" 'PRAGMA integrity_check; SELECT count(*) FROM trace_chunks')
[ "$aside" = "ok"$'\n'"$(sqlite3 "$tmp/aside/sessions.db" 'SELECT count(*) FROM trace_chunks')" ] &&
    [ "${aside#ok?}" -ge 2 ] || fail "moved file: $aside"
# The database at the path: the whole session, from its first tick, the gap counted.
row=$(q "SELECT end_reason, trace_gap_ms > 500, (SELECT min(t0_us) FROM trace_chunks) < 100000,
         (SELECT count(*) FROM events WHERE type = 'contact') > 0 FROM sessions WHERE id = 1")
[ "$row" = "terminated|1|1|1" ] || fail "session row at the path: $row: $(q 'SELECT * FROM sessions')"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity"
"$tprctl" --db "$db" show 1 >"$tmp/show" || fail "tprctl show"
grep -Eq "^GAP +[0-9.]+ s of trace" "$tmp/show" || fail "show does not mark the gap: $(cat "$tmp/show")"
echo "ok: moved file intact ($aside), session 1 whole at the path: $row"
[ "$fails" -eq 0 ]
