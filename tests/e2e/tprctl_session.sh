#!/usr/bin/env bash
# tprd records a short session on the simulated device into --data-dir and
# tprctl reads it back: while it runs (the database is open for writing),
# then sessions, show, export (replayable by tprd --replay), plot and
# progress; a second session ended by SIGTERM shows as terminated, a third
# stopped with Ctrl-C as stopped.
set -u
tprd=$1
tprctl=$2
src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { echo "ok: $*"; passed=$((passed + 1)); }
db=$tmp/data/sessions.db

run=("$tprd" --once --config "$src/config/tprd.conf" --profile "$src/tests/e2e/short.ini" --data-dir "$tmp/data"
    --quiet)

# 1. Read while tprd records: the session is there, still running.
"${run[@]}" >"$tmp/tprd.out" 2>&1 &
pid=$!
sleep 2
"$tprctl" --db "$db" --json sessions >"$tmp/live.json" 2>"$tmp/live.err" ||
    fail "sessions during the recording: $(cat "$tmp/live.err")"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d[-1]["end_reason"] is None, d' \
    "$tmp/live.json" || fail "the running session should have no end reason yet"
wait $pid || fail "tprd exit $? ($(tail -3 "$tmp/tprd.out"))"
ok "read while recording"

# 2. sessions and show.
"$tprctl" --db "$db" sessions >"$tmp/sessions" || fail "sessions exit $?"
[ "$(wc -l <"$tmp/sessions")" -eq 2 ] || fail "sessions should list 1 session: $(cat "$tmp/sessions")"
grep -Eq '^ *1 .* e2e +custom .* completed +rectus_femoris +2 +[0-2]$' "$tmp/sessions" ||
    fail "session line: $(cat "$tmp/sessions")"
"$tprctl" --db "$db" show 1 >"$tmp/show" || fail "show exit $?"
[ "$(grep -c '^rectus_femoris  *[12] ' "$tmp/show")" -eq 2 ] || fail "show: $(cat "$tmp/show")"
grep -q "trace kept at 100 Hz, 0 samples dropped" "$tmp/show" || fail "show header: $(cat "$tmp/show")"
ok "sessions and show"

# 3. export: the trace at the default trace rate, the events, and tprd --replay reads the
# trace at that rate.
"$tprctl" --db "$db" export 1 --csv -o "$tmp/s1/" || fail "export exit $?"
head -1 "$tmp/s1/trace.csv" | grep -qx 't_ms,pressure_kpa,filtered_kpa,intensity_pct,state,ok' ||
    fail "trace header"
rows=$(($(wc -l <"$tmp/s1/trace.csv") - 1))
last=$(tail -1 "$tmp/s1/trace.csv" | cut -d, -f1)
# One row every 10th tick of the loop (100 Hz), and the ticks with events.
ticks=$(sed -n 's/^loop: \([0-9]*\) ticks.*/\1/p' "$tmp/tprd.out")
events=$(($(wc -l <"$tmp/s1/events.csv") - 1))
python3 -c 'import sys; r, t, n, e = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]); assert t > 3000 and n // 10 - 1 <= r <= n // 10 + e + 1, (r, t, n, e)' \
    "$rows" "$last" "${ticks:-0}" "$events" || fail "trace: $rows rows up to $last ms ($ticks ticks, $events events)"
grep -q ',routine_done,rectus_femoris#2$' "$tmp/s1/events.csv" || fail "events: no routine_done"
"$tprd" --replay "$tmp/s1/trace.csv" --rate 100 --muscle rectus_femoris --profile "$src/tests/e2e/short.ini" \
    >"$tmp/replay.csv" 2>"$tmp/replay.err" || fail "tprd --replay of the export: $(cat "$tmp/replay.err")"
ok "export ($rows trace rows)"

# 4. plot: a PNG.
"$tprctl" --db "$db" plot 1 -o "$tmp/s1.png" || fail "plot exit $?"
[ "$(head -c 8 "$tmp/s1.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ] ||
    fail "plot did not write a PNG"
[ "$(stat -c %s "$tmp/s1.png")" -gt 10000 ] || fail "the plot is too small to hold a trace"
ok "plot"

# 5. SIGTERM mid-session: terminated, and progress lists both sessions.
"${run[@]}" >"$tmp/tprd2.out" 2>&1 &
pid=$!
sleep 2.5
kill -TERM $pid
wait $pid || fail "SIGTERM exit $?"
"$tprctl" --db "$db" --json show 2 >"$tmp/show2.json" || fail "show 2 exit $?"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["session"]["end_reason"] == "terminated", d' \
    "$tmp/show2.json" || fail "session 2 should be terminated"
"$tprctl" --db "$db" progress e2e rectus_femoris >"$tmp/progress" || fail "progress exit $?"
grep -q '^rectus_femoris (e2e)$' "$tmp/progress" || fail "progress: $(cat "$tmp/progress")"
ok "terminated session and progress"

# 6. Ctrl-C (SIGINT) mid-session: the person stopped it. Job control, so
# that the background tprd does not start with SIGINT ignored.
set -m
"${run[@]}" >"$tmp/tprd3.out" 2>&1 &
pid=$!
set +m
sleep 2.5
kill -INT $pid
wait $pid || fail "SIGINT exit $?"
"$tprctl" --db "$db" --json show 3 >"$tmp/show3.json" || fail "show 3 exit $?"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["session"]["end_reason"] == "stopped", d' \
    "$tmp/show3.json" || fail "session 3 should be stopped"
ok "stopped session"

echo "$passed passed, $fails failed"
[ "$fails" -eq 0 ]
