#!/usr/bin/env bash
# The GPIO on/off motor end to end: tprd on the simulated hand (the demo
# profile and hand) with [motor] backend = gpio, its line through
# fake_gpiod on gpiochip0:17.
#
# 1. backend = gpio without its line is refused: exit 2, file:line.
# 2. The line goes high while the session vibrates; kill -9 then releases
#    it (the board's pull-down: low).
# 3. The simulated hand follows the cues of a GPIO LED.
# 4. A session to its end leaves the line low and released.
#
# Usage: tprd_gpio_motor.sh TPRD FAKE_GPIOD_LIB SOURCE_DIR
# shellcheck source=motor_rig.sh
. "$(dirname "$0")/motor_rig.sh"
demo=("--once" "--profile" "$3/config/examples/demo.ini" "--hand" "$3/config/examples/demo.hand")

# The motor as the hardware sees it: the level tprd drives while it holds
# the line, 0 (pull-down) once it is released.
level() {
    local v=''
    if line_held; then
        while [ -z "$v" ]; do read -r v <"$enable_line"; done
        echo "$v"
    else
        echo 0
    fi
}

# 1. No line.
printf '[motor]\nbackend = gpio\n' >"$tmp/no-line.conf"
start_tprd --config "$tmp/no-line.conf" "${demo[@]}" --no-record
wait_tprd
[ $rc -eq 2 ] || fail "backend = gpio without a line: exit $rc, want 2"
grep -q "no-line.conf:2: \[motor\] backend = gpio needs line" "$tmp/out" ||
    fail "the refusal does not name no-line.conf:2 and the line"
echo "ok: no line: $(grep -o 'no-line.conf:2: .*' "$tmp/out")"

# 2. Running, then kill -9.
printf '[motor]\nbackend = gpio\nline = gpiochip0:17\n' >"$tmp/tprd.conf"
start_tprd --config "$tmp/tprd.conf" "${demo[@]}" --no-record -q
deadline=$((SECONDS + 30))
until [ "$(level)" = 1 ]; do
    kill -0 $pid 2>/dev/null || fail "tprd exited before the motor ran"
    [ $SECONDS -lt $deadline ] || fail "the motor line did not go high within 30 s"
    sleep 0.02
done
kill -KILL $pid
wait_tprd 2>/dev/null
[ "$(level)" = 0 ] || fail "line still driven after kill -9"
echo "ok: the line went high while vibrating; kill -9 released it (pull-down: low)"

# 3. The simulated hand follows the cues of a hardware LED as a person
# would: the short routine runs to its end in the band, never over the
# limit. (A hand that saw no cues kept pushing: over the limit, then a
# sensor fault.)
printf '[motor]\nbackend = gpio\nline = gpiochip0:17\n[indicators]\nled = gpiochip0:18\n' >"$tmp/led.conf"
start_tprd --config "$tmp/led.conf" --once --profile "$3/tests/e2e/short.ini" --no-record
wait_tprd
[ $rc -eq 0 ] || fail "with a GPIO LED: exit $rc, want 0"
grep -q "routine_done" "$tmp/out" || fail "with a GPIO LED: the routine did not end"
grep -Eq "over_limit|too_hard|sensor_fault" "$tmp/out" && fail "with a GPIO LED: the hand did not follow the cues"
echo "ok: the simulated hand follows a GPIO LED's cues: the routine done, never too hard"

# 4. A session that ends.
start_tprd --config "$tmp/tprd.conf" "${demo[@]}" --no-record -q --duration 2
wait_tprd
[ $rc -eq 0 ] || fail "exit $rc, want 0"
line_held && fail "the line is still held after exit"
[ "$(level)" = 0 ] || fail "motor on after exit"
echo "ok: exit 0 with the line low and released"
