#!/usr/bin/env bash
# tprd end to end on real libiio and sysfs-style PWM: pressure from the fake
# ads1115 (run inside tests/support/fake_iio.sh), the motor on a directory
# standing in for /sys/class/pwm, the enable line through fake_gpiod.
#
# The raw attribute becomes a FIFO (once libiio has listed it: it lists
# regular files only), so every read the daemon's reader thread makes waits
# for the value this test hands it. With the test-only TPRD_TEST_LOCKSTEP
# the reader reads once a tick asks for a sample and that tick waits for
# it (hal/sampler.h): one read a tick, and the test knows which tick took
# which pressure. When the test can open the FIFO again the next tick has
# asked, so the previous tick has written the motor: the duty and enable
# line logged then are that tick's output. Proven that way, not by
# wall-clock timing, the over-limit cut must appear in the very tick that
# took the over-limit value, however loaded the machine is.
#
# The latency from a sample's read to the end of the tick that acted on it
# (its motor write included; tprd's exit line: "sample age ... max") is
# bounded by what the test measures itself: a read starts when the test's
# open of the FIFO returns, and the tick that used the sample has ended
# before the next open returns, so every such age is below the longest
# stretch between two opens (the first from before the start).
#
# Usage: tprd_iio.sh TPRD FAKE_GPIOD_LIB
# shellcheck source=iio_rig.sh
. "$(dirname "$0")/iio_rig.sh"

raw=$TPRD_FAKE_IIO/in_voltage0_raw
echo 0 >"$raw"

# Each tick waits in its read for the test's hand-over, far longer than a
# period: a stale of 10 s, so that the loop's wait is not taken for a
# stalled loop (a tick more than stale after the last is a sensor fault).
rig_config "stale = 10 s" "mode = polled"
export TPRD_TEST_LOCKSTEP=1
# The longest stretch between two opens of the FIFO, in µs; the first
# from before tprd started (its first read is taken at start).
longest=0
opened_at=${EPOCHREALTIME//[!0-9]/}
opened() {
    local t=${EPOCHREALTIME//[!0-9]/}
    [ $((t - opened_at)) -gt $longest ] && longest=$((t - opened_at))
    opened_at=$t
}
# Once rig_start returns, libiio has listed the raw attribute and it can
# become the FIFO (renamed into place: the daemon reads either the file or
# the FIFO).
rig_start -q
# Should tprd die, this opens the FIFO so the test's next hand-over returns.
(
    while kill -0 $pid 2>/dev/null; do sleep 0.1; done
    exec 5<"$raw"
    cat <&5 >/dev/null
) &
watchdog=$!
helpers=$watchdog

mkfifo /sys/bus/iio/raw.fifo
mv /sys/bus/iio/raw.fifo "$raw"

ticks=0
# Hand value $1 to the daemon's next read, after logging the output of the
# tick before it: "value-of-that-tick duty enable". Each read gets a FIFO
# of its own, swapped in before the value goes out: the daemon may still
# hold the last one open (until its fclose) when the next hand-over starts,
# and an open that met that old reader would return a tick too early.
last=
hand() {
    exec 4>"$raw"
    opened
    kill -0 $pid 2>/dev/null || fail "tprd exited (after $ticks reads)"
    [ -n "$last" ] && echo "$last $(motor)" >>"$tmp/trail"
    mkfifo /sys/bus/iio/raw.fifo
    mv /sys/bus/iio/raw.fifo "$raw"
    echo "$1" >&4
    exec 4>&-
    last=$1
    ticks=$((ticks + 1))
}
# The state after the last tick handed a value.
state() { tail -n 1 "$tmp/trail"; }

# Resting on the skin, below contact (20 kPa): the motor stays off.
for i in $(seq 30); do hand $((200 + i % 2)); done
[ "$(state | cut -d' ' -f2-)" = "0 0" ] || fail "motor on below contact: $(state)"

# In the band (200 kPa, a count of noise so it is not stuck): the motor
# runs; wait for 20 ticks in a row of it running (past the entry cue).
on=0
for i in $(seq 600); do
    hand $((2000 + i % 2))
    set -- $(state)
    if [ "$2" -gt 0 ] && [ "$3" = 1 ]; then on=$((on + 1)); else on=0; fi
    [ $on -ge 20 ] && break
done
[ $on -ge 20 ] || fail "motor never ran steadily in the band: $(state)"
echo "ok: in band, duty $2 ns with enable high"

# Over the hard limit (450 kPa): this one tick must cut it.
hand 5000
hand 5001
set -- $(tail -n 2 "$tmp/trail" | head -n 1)
[ "$1" -lt 4500 ] && [ "$2" -gt 0 ] && [ "$3" = 1 ] || fail "motor not running before the cut"
set -- $(state)
[ "$1" = 5000 ] || fail "bookkeeping: last tick saw $1"
[ "$2" = 0 ] || fail "duty $2 after the over-limit tick"
[ "$3" = 0 ] || fail "enable $3 after the over-limit tick"
echo "ok: the tick that read 500 kPa wrote duty 0 and enable low"
for i in $(seq 20); do hand $((5000 + i % 2)); done
[ "$(state | cut -d' ' -f2-)" = "0 0" ] || fail "motor back on above the limit: $(state)"

# A clean stop: SIGTERM, then values until the daemon has gone (the
# watchdog takes the last one).
kill -TERM $pid
for i in $(seq 200); do
    exec 4>"$raw"
    opened
    kill -0 $pid 2>/dev/null || break
    mkfifo /sys/bus/iio/raw.fifo
    mv /sys/bus/iio/raw.fifo "$raw"
    echo 100 >&4
    exec 4>&-
done
exec 4>&-
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] || fail "tprd exit $rc"
[ "$(cat "$enable_line")" = 0 ] || fail "enable line not low at exit"
# From a sample's read to its tick's motor write: at most the longest
# stretch the test measured (1 ms for the two clocks: the test's wall
# clock, tprd's monotonic one).
age=$(sed -n 's/.*sample age min [0-9]* p50 [0-9]* p99 [0-9]* max \([0-9]*\) us.*/\1/p' "$tmp/out")
[ -n "$age" ] || fail "no sample age in the exit line"
[ "$age" -le $((longest + 1000)) ] ||
    fail "$age us from a read to its tick's end; the test saw at most $longest us"
echo "ok: from a read to its tick's motor write at most $age us (the test's longest hand-over: $longest us)"
echo "ok: $ticks ticks in lock-step, clean exit"
