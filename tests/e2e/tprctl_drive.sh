#!/usr/bin/env bash
# The resident daemon driven through its control socket by tprctl: start,
# pause, resume, next and stop, watched by `tprctl watch --json`; the
# session is recorded once, stopped. Then reload: a broken profile is
# refused with its file and line and the daemon keeps going; a good one
# applies to the session under way from its next muscle. SIGTERM ends the
# daemon with exit 0.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"
wpid=
cleanup_more() { [ -n "$wpid" ] && kill $wpid 2>/dev/null; }
# status NAME VALUE: until the daemon's status says so.
status() { wait_until "field $1" "$2" || fail "status $1 never became $2 (it is $(field "$1" 2>&1))"; }

cat >"$tmp/user.ini" <<'INI'
[user]
name = driven
muscles = rectus_femoris, vastus_medialis
[muscle.rectus_femoris]
hold = 20 s
reps = 2
rest = 2 s
hold_min = 10 s
INI
printf 'wait 1s\nfollow\n' >"$tmp/follow.hand"
start_daemon "$tmp/user.ini" "$tmp/follow.hand"
status daemon idle

ctl watch --json >"$tmp/watch" 2>&1 &
wpid=$!
for _ in $(seq 100); do [ -s "$tmp/watch" ] && break; sleep 0.05; done # the idle view first
ctl start >/dev/null || fail "start exit $?"
status state hold
ctl pause >/dev/null || fail "pause exit $?"
is daemon paused
[ "$(field intensity_pct)" = 0.0 ] || fail "paused with the motor at $(field intensity_pct) %"
ctl resume >/dev/null || fail "resume exit $?"
is daemon running
# next ends the repetition at once; the next one follows its rest.
ctl next >/dev/null || fail "next exit $?"
status rep 2 # the next repetition of the same muscle ...
ctl next >/dev/null || fail "next exit $?"
status muscle vastus_medialis # ... and after the last, the next muscle
ctl stop >/dev/null || fail "stop exit $?"
is daemon idle
ctl stop >/dev/null 2>&1
[ $? -eq 3 ] || fail "stop while idle should be refused (exit 3)"
# The idle snapshot went to the watcher before the stop's reply; wait
# until the watcher wrote it out.
wait_until "tail -n 1 '$tmp/watch' | grep -o '\"daemon\":\"[a-z]*\"'" '"daemon":"idle"' ||
    fail "watch --json never showed idle after stop: $(tail -n 1 "$tmp/watch")"
kill $wpid
wait $wpid 2>/dev/null
wpid=
order=$(python3 -c '
import json, sys
seen = []
for line in open(sys.argv[1]):
    s = json.loads(line)
    key = s["daemon"] + ("/" + s["muscle"] if s["muscle"] else "")
    if not seen or seen[-1] != key:
        seen.append(key)
print(" ".join(seen))' "$tmp/watch")
want="idle running/rectus_femoris paused/rectus_femoris running/rectus_femoris running/vastus_medialis idle"
[ "$order" = "$want" ] || fail "watch --json: $order (want $want)"
[ "$(sqlite3 "$db" "SELECT count(*) || ' ' || end_reason FROM sessions")" = "1 stopped" ] ||
    fail "one session, stopped: $(sqlite3 "$db" 'SELECT * FROM sessions')"
[ "$(sqlite3 "$db" "SELECT group_concat(s, ' ') FROM (SELECT muscle || ':' || rep AS s FROM segments ORDER BY id LIMIT 2)")" = \
    "rectus_femoris:1 rectus_femoris:2" ] ||
    fail "next should lead to repetition 2 of rectus_femoris: $(sqlite3 "$db" 'SELECT * FROM segments')"
echo "ok: start, pause, resume, next, stop through tprctl; watch: $order"

# Reload: a bad profile is refused, the daemon keeps its doses.
printf '[user]\nname = driven\nmuscles = rectus_femoris\n[muscle.rectus_femoris]\nhold = forever\n' >"$tmp/user.ini"
out=$(ctl reload 2>&1)
[ $? -eq 3 ] || fail "a bad reload should be refused: $out"
grep -q "user.ini:5:" <<<"$out" || fail "the refusal should name user.ini:5: $out"
grep -q "reload refused.*user.ini:5:" "$tmp/out" || fail "the log should name user.ini:5"
kill -0 $pid || fail "the daemon died on a bad reload"
ctl start >/dev/null || fail "start exit $?"
is hold_target_ms 20000 # the old doses stay
# A good file during the session: its vastus_medialis takes the new hold
# from the next muscle on; the muscle under way keeps its dose.
printf '[user]\nname = driven\nmuscles = rectus_femoris, vastus_medialis\n[muscle.rectus_femoris]\nhold = 40 s\n[muscle.vastus_medialis]\nhold = 25 s\nhold_min = 10 s\n' >"$tmp/user.ini"
kill -HUP $pid
wait_until "grep -c '^tprd: reloaded' '$tmp/out'" 1 || fail "no reload after SIGHUP: $(cat "$tmp/out")"
[ "$(field hold_target_ms)" = 20000 ] || fail "the muscle under way should keep its hold"
ctl next >/dev/null
status rep 2
ctl next >/dev/null
status muscle vastus_medialis
is hold_target_ms 25000 # the next muscle takes the reloaded hold
echo "ok: reload: bad file refused ($out), good one applied from the next muscle"

stop_daemon || fail "SIGTERM: exit $?"
[ "$(sqlite3 "$db" "SELECT group_concat(end_reason, ' ') FROM sessions")" = "stopped terminated" ] ||
    fail "sessions: $(sqlite3 "$db" 'SELECT id, end_reason FROM sessions')"
[ -e "$sock" ] && fail "the socket file should be removed"
echo "ok: SIGTERM mid-session: terminated, socket removed"
[ "$fails" -eq 0 ]
