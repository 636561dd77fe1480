#!/usr/bin/env bash
# The resident daemon run by the simulated buttons alone: start/pause while
# idle starts a session, pauses and resumes it, next skips, a long press of
# next stops it; a second session then runs to its end in the same daemon.
# Then SIGTERM mid-session: motor off, the session finalised, exit 0; and
# kill -9 mid-session: the restarted daemon marks it interrupted, idle.
set -u
tprd=$1
src=$2
. "$(dirname "$0")/daemon_rig.sh"
# wait_for SQL VALUE: until the database says so.
wait_for() { wait_until "q \"$1\"" "$2"; }
# Two muscles, one short repetition each.
cat >"$tmp/two.ini" <<'INI'
[user]
name = buttons
muscles = rectus_femoris, vastus_medialis
[muscle.rectus_femoris]
hold = 3 s
hold_min = 2 s
rest = 1 s
reps = 1
[muscle.vastus_medialis]
hold = 3 s
hold_min = 2 s
rest = 1 s
reps = 1
INI

cat >"$tmp/buttons.hand" <<'HAND'
wait 1s
button start_pause      # idle: start a session
follow 2s
button start_pause      # pause
wait 1s
button start_pause      # resume
follow 1s
button next 2s          # long press: stop the session
lift 0.5s
wait 1s
button start_pause      # a second session
follow 2s
button next             # skip the first muscle
follow
HAND
start_daemon "$tmp/two.ini" "$tmp/buttons.hand"
wait_for "SELECT end_reason FROM sessions WHERE id = 1" stopped ||
    fail "session 1 should be stopped by the long press: $(q 'SELECT * FROM sessions') $(cat "$tmp/out")"
wait_for "SELECT end_reason FROM sessions WHERE id = 2" completed ||
    fail "session 2 should run to its end: $(q 'SELECT * FROM sessions') $(cat "$tmp/out")"
kill -0 $pid 2>/dev/null || fail "the daemon should still be running, idle"
[ "$(q "SELECT group_concat(s, ' ') FROM (SELECT muscle || ':' || complete AS s FROM segments WHERE session_id = 2 ORDER BY id)")" = \
    "rectus_femoris:0 vastus_medialis:1" ] ||
    fail "next should cut rectus_femoris short, vastus_medialis run to its end: $(q 'SELECT * FROM segments')"
stop_daemon || fail "SIGTERM while idle: exit $?"
[ "$(q 'SELECT count(*) FROM sessions')" = 2 ] || fail "the daemon started a session by itself"
echo "ok: two sessions by the buttons alone (long-press stop; next, then completed), one daemon"

# SIGTERM mid-session.
printf 'wait 0.5s\nbutton start_pause\nfollow\n' >"$tmp/start.hand"
rm -rf "$tmp/data"
start_daemon "$src/tests/e2e/short.ini" "$tmp/start.hand" "$tmp/term"
wait_for "SELECT count(*) FROM events WHERE type = 'hold_start'" 1 || fail "no hold in the session"
stop_daemon || fail "SIGTERM mid-session: exit $?"
grep -q "Terminated: motor off" "$tmp/term" || fail "no 'motor off' line: $(cat "$tmp/term")"
[ "$(q 'SELECT end_reason FROM sessions WHERE id = 1')" = terminated ] ||
    fail "the session should be finalised as terminated"
echo "ok: SIGTERM mid-session: motor off, session terminated, exit 0"

# kill -9 mid-session: the next start of the daemon marks it interrupted.
start_daemon "$src/tests/e2e/short.ini" "$tmp/start.hand" "$tmp/kill"
wait_for "SELECT count(*) FROM events WHERE session_id = 2 AND type = 'hold_start'" 1 ||
    fail "no hold in session 2"
kill -9 $pid
wait $pid 2>/dev/null
printf 'wait 60s\n' >"$tmp/idle.hand"
start_daemon "$src/tests/e2e/short.ini" "$tmp/idle.hand" "$tmp/restart"
wait_for "SELECT end_reason FROM sessions WHERE id = 2" interrupted ||
    fail "session 2 should be marked interrupted at the restart: $(cat "$tmp/restart")"
grep -q "1 session left running by an earlier tprd marked interrupted" "$tmp/restart" ||
    fail "the restart should say so: $(cat "$tmp/restart")"
[ "$(q 'SELECT count(*) FROM sessions')" = 2 ] || fail "the restarted daemon started a session by itself"
stop_daemon
echo "ok: kill -9 mid-session, marked interrupted when the daemon comes back (idle)"
[ "$fails" -eq 0 ]
