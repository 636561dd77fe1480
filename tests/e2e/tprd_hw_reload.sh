#!/bin/bash
# Hardware changes on reload apply when idle: a tip area changed while a
# session runs leaves the device as it is until the session ends, then the
# daemon runs on the new one; a hardware config that does not open is
# refused with the reason in the reply and the log, the old device keeps
# running and the next session starts on it.
set -u
tprd=$1
tprctl=$2
src=$3
. "$(dirname "$0")/daemon_rig.sh"
status() { wait_until "field $1" "$2" || fail "status $1 never became $2 (it is $(field "$1" 2>&1))"; }
hw_lines() { grep -c 'hardware reloaded' "$tmp/out"; }

config=$tmp/tprd.conf
cp "$src/config/tprd.conf" "$config"
printf 'wait 1s\nfollow\n' >"$tmp/follow.hand"
start_daemon "$src/tests/e2e/long.ini" "$tmp/follow.hand"
status daemon idle

ctl reload >/dev/null || fail "reload of the same config: exit $?"
grep -q 'hardware reloaded\|hardware change' "$tmp/out" && fail "the same hardware should stay as it is: $(cat "$tmp/out")"
ctl start >/dev/null || fail "start exit $?"
status daemon running
sed -i 's/^tip_area = 1 cm2$/tip_area = 2 cm2/' "$config"
out=$(ctl reload 2>&1) || fail "reload during a session: exit $?: $out"
grep -q 'hardware change applies when the session ends' "$tmp/out" ||
    fail "the log should say the hardware waits: $(cat "$tmp/out")"
is daemon running "after the reload"
[ "$(hw_lines)" = 0 ] || fail "the device changed under a running session"
ctl stop >/dev/null || fail "stop exit $?"
wait_until hw_lines 1 || fail "no new device after the session ended: $(cat "$tmp/out")"
status daemon idle
ctl start >/dev/null || fail "start on the new device: exit $?"
status daemon running
ctl stop >/dev/null || fail "stop exit $?"
status daemon idle
echo "ok: tip area reloaded during a session: applied when it ended"

# A pressure sensor that is not there: refused, the simulated one stays.
sed -i '0,/^backend = sim$/s//backend = iio\ndevice = no_such_adc\nchannels = voltage0/' "$config"
out=$(ctl reload 2>&1)
[ $? -ne 0 ] || fail "a device that does not open should fail the reload: $out"
grep -q 'old device stays: .*\[pressure\]' <<<"$out" || fail "the reply should give the reason: $out"
grep -q 'old device stays: .*\[pressure\]' "$tmp/out" || fail "the log should give the reason: $(cat "$tmp/out")"
[ "$(hw_lines)" = 1 ] || fail "a failed open should leave the device in force"
ctl start >/dev/null || fail "start after the failed reload: exit $?"
status daemon running
ctl stop >/dev/null || fail "stop exit $?"
echo "ok: broken hardware refused ($out), the next session ran"

# A bad key in a backend's section: refused with its file and line.
cp "$src/config/tprd.conf" "$config"
sed -i 's/^\[motor\]$/[motor]\nno_such_key = 1/' "$config"
out=$(ctl reload 2>&1)
[ $? -ne 0 ] || fail "a bad key should fail the reload: $out"
grep -q 'tprd.conf:[0-9]*:.*no_such_key' <<<"$out" || fail "the reply should name file and line: $out"
kill -0 $pid || fail "the daemon died on a bad reload"
ctl start >/dev/null || fail "start after the bad key: exit $?"
status daemon running
echo "ok: bad key refused ($out)"

stop_daemon || fail "SIGTERM: exit $?"
[ "$(q "SELECT count(*) FROM sessions WHERE end_reason = 'stopped'")" = 3 ] ||
    fail "sessions: $(q 'SELECT id, end_reason FROM sessions')"
[ "$fails" -eq 0 ]
