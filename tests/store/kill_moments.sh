#!/usr/bin/env bash
# kill -9 of tprd at 50 random moments of its start and session (fixed
# seed), with tprctl reading the same database all along: after every kill
# the database passes integrity_check and holds every batch committed
# before it; the next start marks each killed session interrupted; no
# tprctl read fails.
# Usage: kill_moments.sh TPRD TPRCTL SOURCE_DIR [SEED]
set -u
tprd=$1
tprctl=$2
src=$3
RANDOM=${4:-10}
. "$(dirname "$0")/recording.sh"
rpid=
trap 'kill $rpid 2>/dev/null; cleanup' EXIT
mkdir -p "$tmp/data"

# The reader: sessions, show and export of the newest session, in a loop;
# a line in reader.fail for each read that fails (before the first tprd
# made the database, there is none to read). A new database gets its
# tables one migration at a time (each its own transaction): a read
# between two, or after a kill between two, meets an older schema version,
# which tprctl names, and the next tprd completes it.
reader() {
    while :; do
        # Whether the database was there before the read: one made while
        # tprctl was failing to find it is no failure.
        had_db=false
        [ -s "$db" ] && had_db=true
        "$tprctl" --db "$db" sessions >/dev/null 2>"$tmp/r.err" ||
            { $had_db && grep -v "schema version [0-9]* is older than this tprctl reads" "$tmp/r.err" >>"$tmp/reader.fail"; }
        id=$(q "SELECT max(id) FROM sessions" 2>/dev/null)
        [ -n "$id" ] || continue
        "$tprctl" --db "$db" show "$id" >/dev/null 2>"$tmp/r.err" || cat "$tmp/r.err" >>"$tmp/reader.fail"
        "$tprctl" --db "$db" export "$id" --csv -o "$tmp/r.csv" 2>"$tmp/r.err" || cat "$tmp/r.err" >>"$tmp/reader.fail"
        echo x >>"$tmp/reads"
    done
}
reader &
rpid=$!

kills=0
lost=0
moments=
for i in $(seq 50); do
    ms=$((RANDOM % 3000)) # a batch is committed every 2 s
    run --data-dir "$tmp/data" >"$tmp/log" 2>&1 &
    pid=$!
    sleep "$(printf '0.%03d' "$ms")"
    before=$(q "SELECT count(*) FROM trace_chunks" 2>/dev/null || echo 0)
    kill -9 "$pid"
    wait "$pid" 2>/dev/null
    pid=
    kills=$((kills + 1))
    moments="$moments $ms"
    [ "$(q 'PRAGMA integrity_check' 2>&1)" = ok ] || fail "kill $i at $ms ms: integrity_check $(q 'PRAGMA integrity_check' 2>&1)"
    after=$(q "SELECT count(*) FROM trace_chunks" 2>/dev/null || echo 0)
    [ "${after:-0}" -ge "${before:-0}" ] || { lost=$((lost + 1)); fail "kill $i at $ms ms: $before chunks committed, $after left"; }
done
kill $rpid 2>/dev/null
wait $rpid 2>/dev/null
rpid=

# The next start closes the books on every killed session.
(run --data-dir "$tmp/data" --duration 1) >"$tmp/log2" 2>&1 || fail "the next start: $(cat "$tmp/log2")"
killed=$(q "SELECT count(*) FROM sessions WHERE end_reason = 'interrupted'")
open=$(q "SELECT count(*) FROM sessions WHERE ended_at IS NULL OR end_reason IS NULL")
total=$(q "SELECT count(*) FROM sessions")
[ "$open" = 0 ] || fail "$open sessions left open after the next start"
[ "$killed" -eq $((total - 1)) ] || fail "$killed of $((total - 1)) killed sessions marked interrupted"
[ "$(q 'PRAGMA integrity_check')" = ok ] || fail "integrity_check at the end"
reads=$(wc -l <"$tmp/reads" 2>/dev/null || echo 0)
[ "$reads" -gt 0 ] || fail "tprctl never read a session"
[ "$(q 'SELECT count(*) FROM trace_chunks')" -gt 0 ] || fail "no kill came after a committed batch"
[ -s "$tmp/reader.fail" ] && fail "tprctl reads failed: $(sort "$tmp/reader.fail" | uniq -c | head -5)"
echo "ok: $kills kills at moments (ms after start):$moments"
echo "ok: $total sessions, $killed marked interrupted, $(q 'SELECT count(*) FROM trace_chunks') chunks," \
    "$lost lost; $reads rounds of tprctl sessions/show/export, $(cat "$tmp/reader.fail" 2>/dev/null | wc -l) failed"
[ "$fails" -eq 0 ]
