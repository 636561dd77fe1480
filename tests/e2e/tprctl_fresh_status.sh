#!/usr/bin/env bash
# A command's reply comes after the loop applied it: `tprctl --json status`
# run right after `tprctl pause` (resume, next, stop, start) shows its
# effect every time, with no wait in between; many times over, so that a
# reply sent before the status caught up would show.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"

cat >"$tmp/user.ini" <<'INI'
[user]
name = fresh
muscles = rectus_femoris, vastus_medialis
[muscle.rectus_femoris]
hold = 60 s
reps = 4
rest = 600 s
INI
printf 'follow\n' >"$tmp/follow.hand"
start_daemon "$tmp/user.ini" "$tmp/follow.hand"
wait_until "field daemon" idle || fail "the daemon never came up: $(cat "$tmp/out")"

# 50 rounds; 10 under memcheck (TPRD_TEST_SLOWDOWN), where each tprctl
# takes seconds to start and the same code paths are what it checks.
n=50
[ "${TPRD_TEST_SLOWDOWN:-1}" -gt 1 ] && n=10
for i in $(seq $n); do
    ctl pause >/dev/null 2>&1 # refused while idle: it must not change anything
    [ $((i % 5)) -eq 1 ] && { ctl start >/dev/null || fail "start $i: exit $?"; is daemon running "start $i"; }
    ctl pause >/dev/null || fail "pause $i: exit $?"
    is daemon paused "pause $i"
    ctl resume >/dev/null || fail "resume $i: exit $?"
    is daemon running "resume $i"
    if [ $((i % 5)) -eq 0 ]; then
        ctl next >/dev/null || fail "next $i: exit $?"
        is state 'done|rest' "next $i" # the repetition ended at once (a long rest follows)
        ctl stop >/dev/null || fail "stop $i: exit $?"
        is daemon idle "stop $i"
    fi
    [ "$fails" -gt 3 ] && break
done
sessions=$(q "SELECT count(*) || ' ' || group_concat(DISTINCT end_reason) FROM sessions")
[ "$sessions" = "$((n / 5)) stopped" ] || fail "sessions: $sessions, want $((n / 5)) stopped"
echo "ok: $n rounds of pause and resume, $((n / 5)) of start, next and stop: status right after each shows it"
stop_daemon || fail "SIGTERM: exit $?"
[ "$fails" -eq 0 ]
