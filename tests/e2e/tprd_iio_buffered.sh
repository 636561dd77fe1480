#!/usr/bin/env bash
# tprd end to end in buffered mode on real libiio: the fake ads1115 (run
# inside tests/support/fake_iio.sh) delivers sample frames through the
# FIFO standing in for /dev/iio:device0, the motor on the stand-in PWM
# directory, the enable line through fake_gpiod (tests/e2e/iio_rig.sh).
#
# A feeder writes a refill of frames every 10 ms at the level the test
# sets, or nothing while paused (an ADC that stopped converting). The
# daemon's capture thread and control loop run on their own clocks, so the
# test waits, with generous deadlines, for what a user would see: the
# motor's duty and enable line, and the daemon's live status line (state,
# kPa, events) printed once a second. Nothing is asserted to happen within
# a time, so a loaded machine only makes the test slower.
#
# Usage: tprd_iio_buffered.sh TPRD FAKE_GPIOD_LIB
# shellcheck source=iio_rig.sh
. "$(dirname "$0")/iio_rig.sh"

# 500 ms without a new sample is a fault: well above a loaded machine's
# scheduling delays of the feeder, well below the refill timeout (1 s).
rig_config "stale = 500 ms" "mode = buffered
buffer = 4"

# Level in raw counts (kPa x 10), or "pause".
echo 200 >"$tmp/level"
(
    exec 3<>"$TPRD_FAKE_IIO_DEV"
    i=0
    while :; do
        read -r level <"$tmp/level"
        if [ "$level" != pause ]; then
            # A refill of 4 frames: with voltage0 the only channel
            # enabled, a frame is its le:s16 sample. The value moves by a
            # count from refill to refill so that it never looks stuck.
            v=$((level + i % 3))
            printf -v f '\\x%02x\\x%02x' $((v & 255)) $((v >> 8 & 255))
            printf "$f$f$f$f" >&3
            i=$((i + 1))
        fi
        sleep 0.01
    done
) &
helpers=$!
rig_start

# The newest live line: "T s MUSCLE rep R/N STATE KPA kPa PCT % hold ... [events]".
live() { grep ' rep ' "$tmp/out" | tail -n 1; }
# Live lines from number $1 on.
live_since() { grep ' rep ' "$tmp/out" | tail -n +"$1"; }
lines() { grep -c ' rep ' "$tmp/out"; }

# Wait up to 30 s for the command $2... to succeed; $1 says what for.
wait_for() {
    local what=$1 deadline=$((SECONDS + 30))
    shift
    until "$@"; do
        kill -0 $pid 2>/dev/null || fail "tprd exited while waiting for $what"
        [ $SECONDS -lt $deadline ] || fail "no $what within 30 s"
        echo "$(motor) | $(live)" >>"$tmp/trail"
        sleep 0.02
    done
}
# The motor runs: $1 looks in a row with duty > 0 and enable high.
runs() {
    for _ in $(seq "$1"); do
        set -- $(motor)
        [ "$1" -gt 0 ] && [ "$2" = 1 ] || return 1
        sleep 0.02
    done
}
off() { [ "$(motor)" = "0 0" ]; }
# The motor stays off while $1 more live lines are printed.
stays_off() {
    local until=$(($(lines) + $1))
    while [ "$(lines)" -lt $until ]; do
        off || fail "motor on: $(motor) | $(live)"
        kill -0 $pid 2>/dev/null || fail "tprd exited"
        sleep 0.02
    done
}
# The newest live line shows state $1 and a pressure between $2 and $3 kPa.
shows() {
    set -- "$1" "$2" "$3" $(live)
    [ $# -ge 10 ] && [ "$9" = "$1" ] && awk -v p="${10}" -v lo="$2" -v hi="$3" \
        'BEGIN { exit !(p >= lo && p <= hi) }'
}
# Live lines from number $1 on contain $2 (an event or a state).
says_since() { live_since "$1" | grep -q -- "$2"; }

# Resting on the skin, below contact (20 kPa): the daemon reads the frames
# and keeps the motor off.
wait_for "20 kPa read from the buffer" shows idle 15 25
stays_off 2
echo "ok: below contact, $(live | awk '{print $7}') kPa read, motor off"

# In the band (200 kPa): the motor runs, enable high.
echo 2000 >"$tmp/level"
wait_for "motor running in the band" runs 10
wait_for "state hold at 200 kPa" shows hold 190 210
echo "ok: in band, motor $(motor)"

# Over the hard limit (500 kPa > 450): duty 0 and enable low, over_limit
# reported.
from=$(($(lines) + 1))
echo 5000 >"$tmp/level"
wait_for "motor off above the limit" off
wait_for "over_limit in the output" says_since "$from" over_limit
wait_for "state over" shows over 480 520
stays_off 1
echo "ok: over the limit, motor $(motor), $(live_since "$from" | grep -o '\[.*over_limit.*\]' | head -n 1)"

# Back in the band, then the ADC stops delivering: a sensor fault, the
# motor off.
echo 2000 >"$tmp/level"
wait_for "motor running again in the band" runs 10
from=$(($(lines) + 1))
echo pause >"$tmp/level"
wait_for "motor off with the ADC stalled" off
wait_for "sensor_fault in the output" says_since "$from" sensor_fault
wait_for "state fault" says_since "$from" ' fault '
# Past the refill timeout too (1 s): the capture thread's error path.
stays_off 2
echo "ok: ADC stalled, $(live_since "$from" | grep -o '\[.*sensor_fault.*\]' | head -n 1), motor off"

# The ADC comes back: the fault clears and the motor runs again; SIGTERM
# then stops the daemon with the motor off.
echo 2000 >"$tmp/level"
wait_for "motor running after the fault cleared" runs 10
kill -TERM $pid
deadline=$((SECONDS + 30))
while kill -0 $pid 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.05; done
kill -0 $pid 2>/dev/null && fail "tprd still running 30 s after SIGTERM"
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] || fail "tprd exit $rc"
off || fail "motor not off after SIGTERM: $(motor)"
grep -q 'motor off, stopping' "$tmp/out" || fail "no 'motor off, stopping' in the output"
echo "ok: SIGTERM with the motor running: exit 0, motor off"
