#!/usr/bin/env bash
# The motor's fail-safe end to end: tprd on the simulated hand (the demo
# profile and hand) with the PWM motor on a directory standing in for
# /sys/class/pwm and the enable line through fake_gpiod. Sysfs PWM keeps
# its last setting when its process dies; only the enable line, released
# by the kernel and pulled down on the board, stops the motor then.
#
# 1. A PWM motor without an enable line is refused: exit 2, file:line.
# 2. kill -9 while the motor runs: the enable line is released, low.
# 3. The next start stops a PWM left running (duty 19965 of 40000,
#    enabled) as the motor opens, even when a later part of the device
#    set-up fails.
# 4. unsafe_without_enable = true runs without the line, with a warning.
#
# Usage: tprd_pwm_failsafe.sh TPRD FAKE_GPIOD_LIB SOURCE_DIR
# shellcheck source=motor_rig.sh
. "$(dirname "$0")/motor_rig.sh"
demo=("--once" "--profile" "$3/config/examples/demo.ini" "--hand" "$3/config/examples/demo.hand")

# The PWM channel's "DUTY_NS ENABLE" (its own enable file, not the line).
pwm() { echo "$(head -n 1 "$chan/duty_cycle") $(head -n 1 "$chan/enable")"; }

# 1. No enable line.
printf '[motor]\nbackend = pwm\npwm_root = %s\nperiod = 25 kHz\n' "$tmp/pwm" >"$tmp/no-enable.conf"
start_tprd --config "$tmp/no-enable.conf" "${demo[@]}" --no-record
wait_tprd
[ $rc -eq 2 ] || fail "a PWM motor without an enable line: exit $rc, want 2"
grep -q "no-enable.conf:2: \[motor\] backend = pwm needs enable" "$tmp/out" ||
    fail "the refusal does not name no-enable.conf:2 and the enable line"
echo "ok: no enable line: $(grep -o 'no-enable.conf:2: .*' "$tmp/out")"

# until_motor_runs: until the started tprd drives the motor.
until_motor_runs() {
    local deadline=$((SECONDS + 30))
    until set -- $(motor) && [ "$1" -gt 0 ] && [ "$2" = 1 ]; do
        kill -0 $pid 2>/dev/null || { fail "tprd exited before the motor ran"; return; }
        [ $SECONDS -lt $deadline ] || { fail "the motor did not run within 30 s: $(motor)"; return; }
        sleep 0.02
    done
}

# 2. kill -9 mid-session, the motor running.
motor_section >"$tmp/tprd.conf"
start_tprd --config "$tmp/tprd.conf" "${demo[@]}" --no-record -q
until_motor_runs
kill -KILL $pid
wait_tprd 2>/dev/null
[ "$(motor | cut -d' ' -f2)" = 0 ] || fail "enable line still driven after kill -9"
echo "ok: kill -9 with the motor running: enable line released (pull-down: low); the PWM kept duty/enable $(pwm)"

# 3. What a process killed mid-session leaves, and a start whose device
# set-up fails after the motor (the hand script is read next).
echo 19965 >"$chan/duty_cycle"
echo 1 >"$chan/enable"
echo 'jump 3s' >"$tmp/bad.hand"
start_tprd --config "$tmp/tprd.conf" --hand "$tmp/bad.hand" --no-record
wait_tprd
[ $rc -eq 1 ] || fail "bad hand script: exit $rc, want 1"
grep -q "bad.hand:1:" "$tmp/out" || fail "the hand script's error is not named"
[ "$(pwm)" = "0 0" ] || fail "the PWM left running was not stopped: duty/enable $(pwm)"
[ "$(motor)" = "0 0" ] || fail "motor not off after the failed start: $(motor)"
echo "ok: a PWM left at 19965/40000, enabled, is at duty 0, disabled, after a start that failed"

# 2b. SIGTERM and SIGINT mid-session, the motor running: the loop's way out
# switches it off (duty 0, disabled, the line low) and the session is
# finalised with its end reason.
for sig in TERM:terminated INT:stopped; do
    set -m # a background job that keeps SIGINT (not ignored)
    start_tprd --config "$tmp/tprd.conf" "${demo[@]}" --data-dir "$tmp/data-${sig%:*}" -q
    set +m
    until_motor_runs
    kill -"${sig%:*}" $pid
    wait_tprd
    [ $rc -eq 0 ] || fail "SIG${sig%:*}: exit $rc: $(cat "$tmp/out")"
    [ "$(pwm)" = "0 0" ] && [ "$(motor | cut -d' ' -f2)" = 0 ] ||
        fail "SIG${sig%:*}: motor not off: duty/enable $(pwm), line $(motor | cut -d' ' -f2)"
    reason=$(sqlite3 "$tmp/data-${sig%:*}/sessions.db" "SELECT end_reason FROM sessions")
    [ "$reason" = "${sig#*:}" ] || fail "SIG${sig%:*}: session ended as '$reason', want ${sig#*:}"
    echo "ok: SIG${sig%:*} with the motor running: duty/enable $(pwm), line low, session $reason"
done

# 4. A bench without the line: runs, and says so.
printf '[motor]\nbackend = pwm\npwm_root = %s\nperiod = 25 kHz\nunsafe_without_enable = true\n' \
    "$tmp/pwm" >"$tmp/bench.conf"
start_tprd --config "$tmp/bench.conf" "${demo[@]}" --no-record -q --duration 1
wait_tprd
[ $rc -eq 0 ] || fail "unsafe_without_enable: exit $rc, want 0"
grep -q "warning: .*unsafe_without_enable" "$tmp/out" || fail "no warning for unsafe_without_enable"
[ "$(pwm)" = "0 0" ] || fail "PWM not off at exit: $(pwm)"
echo "ok: unsafe_without_enable runs with: $(grep -o 'warning: .*' "$tmp/out")"
