#!/usr/bin/env bash
# Screening: a profile's conditions refuse the muscles they rule out, with
# the profile's file:line, and neither --muscle, --routine nor the control
# socket's start (a routine or a muscle list) gets past them. The
# popliteus's first-use notice in the daemon's status and in tprctl watch.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"

cat >"$tmp/carol.ini" <<'INI'
[user]
name = carol
routine = knee_front
conditions = dvt_history, varicose_veins
INI
# refused WHAT ARGS...: tprd exits 2 naming carol.ini:4 and the rule, and
# treats nothing (a tprd that accepted would run until the timeout).
refused() {
    local what=$1
    shift
    out=$(timeout 20 "$tprd" --config "$src/config/tprd.conf" --profile "$tmp/carol.ini" \
        --data-dir "$tmp/cli" --quiet "$@" 2>&1)
    local rc=$?
    if [ $rc -ne 2 ] || ! grep -q "carol.ini:4: \[user\] conditions: dvt_history rules out" <<<"$out"; then
        fail "$what: exit $rc: $out"
    else
        echo "ok: $what refused: $out"
    fi
}
refused "--muscle popliteus" --muscle popliteus
refused "--routine knee_back" --routine knee_back
printf '[user]\nname = carol\nroutine = knee_back\nconditions = dvt_history\n' >"$tmp/carol.ini"
refused "a profile's own routine"
printf '[user]\nname = carol\nroutine = knee_front\nconditions = dvt_history, varicose_veins\n' >"$tmp/carol.ini"
printf '[user]\nroutine = knee_front\nconditions = blood_thinners\n' >"$tmp/typo.ini"
out=$(timeout 20 "$tprd" --config "$src/config/tprd.conf" --profile "$tmp/typo.ini" --quiet 2>&1)
rc=$?
[ $rc -eq 2 ] && grep -q "typo.ini:3: \[user\] conditions: unknown condition 'blood_thinners'" <<<"$out" ||
    fail "an unknown condition: exit $rc: $out"

# The control socket: a start asking for a refused muscle or routine is
# refused (tprctl exit 3) with the reason; the daemon stays idle.
printf 'wait 1s\nfollow\n' >"$tmp/follow.hand"
start_daemon "$tmp/carol.ini" "$tmp/follow.hand"
out=$(ctl start --muscles vastus_medialis,soleus 2>&1)
rc=$?
[ $rc -eq 3 ] && grep -q "dvt_history rules out soleus" <<<"$out" ||
    fail "socket start with soleus: exit $rc: $out"
out=$(ctl start --routine knee_back 2>&1)
rc=$?
[ $rc -eq 3 ] && grep -q "rules out gastrocnemius" <<<"$out" ||
    fail "socket start of knee_back: exit $rc: $out"
[ "$(field daemon)" = idle ] || fail "a refused start should leave the daemon idle"
ctl start --muscles vastus_medialis >/dev/null || fail "an allowed muscle should start"
status_ok=$(wait_until "field muscle" vastus_medialis && echo yes)
[ "$status_ok" = yes ] || fail "vastus_medialis should be under way"
stop_daemon || fail "SIGTERM: exit $?"
echo "ok: socket starts of refused muscles and routines refused"

# The popliteus's notice: in the status and the watch view before the
# first press on it (the hand stays off), gone when the session ends.
# When it goes once a hold begins: test_display.
printf '[user]\nname = dave\nmuscles = popliteus\n' >"$tmp/dave.ini"
printf 'wait 600s\n' >"$tmp/off.hand"
start_daemon "$tmp/dave.ini" "$tmp/off.hand"
ctl start >/dev/null || fail "start exit $?"
wait_until "field muscle" popliteus || fail "the popliteus should be under way"
notice=$(field notice)
grep -q "^behind the knee" <<<"$notice" || fail "status notice: '$notice'"
timeout $((1 * ${TPRD_TEST_SLOWDOWN:-1})) "$tprctl" --socket "$sock" watch >"$tmp/watch" 2>&1
grep -q "^!! behind the knee: press only" "$tmp/watch" || fail "watch shows no notice: $(tail -3 "$tmp/watch")"
ctl stop >/dev/null || fail "stop exit $?"
wait_until "field daemon" idle || fail "stop should end the session"
[ -z "$(field notice)" ] || fail "no notice once idle"
stop_daemon || fail "SIGTERM: exit $?"
echo "ok: popliteus notice before the first press: $notice"
[ "$fails" -eq 0 ]
