# modules: i2c-stub i2c-dev ti-ads1015
# Guest test (tests/kernel/rig.sh): tprd on the mainline ti-ads1015 driver,
# an ADS1015 stood in by i2c-stub, read polled through libiio's local
# backend with the kernel's own scale; the motor on a stand-in PWM
# directory. Checks the reading, tprd calibrate, the over-limit cut in the
# tick that read it (from the recorded trace), and the driver unbound and
# bound again mid-session.
. /rig/guest_lib.sh
set -u

stub_ads1015
pwm_standin
# Gain 1 (+-4.096 V): 2 mV a count, so that a scale left out shows.
echo 2 >"$iio/in_voltage0_scale" || fail "cannot set the gain"
scale=$(cat "$iio/in_voltage0_scale")
[ "$scale" = 2.000000000 ] || fail "in_voltage0_scale is $scale after setting 2 mV a count"
set_raw 700
[ "$(cat "$iio/in_voltage0_raw")" = 700 ] || fail "raw $(cat "$iio/in_voltage0_raw") after set_raw 700"
echo "ok: ads1015 on i2c-$bus: raw 700 at scale $scale mV"

# Volts through the kernel's scale; 15 N a volt on 1 cm2: 1.4 V is 210 kPa
# (rectus_femoris: band 120-300, hard limit 450). The stub holds one value
# with no noise at all, which a real ADC never does: stuck is set out of
# the way.
cat >/tmp/tprd.conf <<CONF
[device]
rate = 100 Hz
tip_area = 1 cm2
stuck = 600 s
[pressure]
backend = iio
uri = local:
device = ads1015
channels = voltage0
cal_unit = volt
cal_zero = 0
cal_scale = 15
[motor]
backend = pwm
pwm_root = $pwm_root
; this guest has no GPIO chip for the enable line
unsafe_without_enable = true
pwmchip = 0
channel = 0
period = 25 kHz
min_duty = 20 %
[paths]
data_dir = /tmp/data
CONF

# tprd for rectus_femoris, output in /tmp/out.$1, pid $pid; stop_tprd ends
# the session as Ctrl-C does (--duration only bounds a test gone wrong).
start_tprd() {
    show="/tmp/out.$1"
    tprd --config /tmp/tprd.conf --muscle rectus_femoris --duration 60 >"/tmp/out.$1" 2>&1 &
    pid=$!
    wait_for 300 grep -q "^40000$" "$pwm/period" || fail "tprd did not set up the motor"
    # The session has seen the tip lifted and is treating (its once-a-second
    # line names the repetition) before the test presses it: a press that
    # came first would make it wait for a lift. The loop saying how it runs
    # is not enough, as its first reading may come after the press.
    wait_for 300 grep -q " rep 1/" "/tmp/out.$1" || fail "the session did not start treating"
}
alive() { kill -0 "$pid" 2>/dev/null; }
stop_tprd() {
    kill -INT "$pid"
    wait "$pid"
    rc=$?
    [ $rc = 0 ] || fail "tprd exit $rc"
    motor_stopped || fail "motor not off at exit: duty $(motor_duty)"
}
# The recorded trace of session $1: t_ms,pressure_kpa,filtered_kpa,intensity_pct,state,ok
trace() { tprctl --db /tmp/data/sessions.db export "$1" --csv >"/tmp/trace.$1" || fail "export $1"; }

# 1. In the band, then over the hard limit (3.2 V, 480 kPa), then back.
set_raw 0
start_tprd cut
set_raw 700
wait_for 300 motor_running || fail "motor never ran in the band"
sleep 0.5
set_raw 1600
wait_for 50 motor_stopped || fail "motor still running over the limit"
set_raw 700
stop_tprd
trace 1
show="$show /tmp/trace.1"
# Every reading is raw x 2 mV x 15 N/V: 0, 210 or 480 kPa, nothing else.
bad=$(awk -F, 'NR > 1 && $6 == 1 && $2 != 0 && $2 != 210 && $2 != 480' /tmp/trace.1 | head -n 3)
[ -z "$bad" ] || fail "readings other than 0, 210, 480 kPa: $bad"
cut=$(awk -F, 'NR > 1 && $2 > 450 { print prev; print; exit } { prev = $0 }' /tmp/trace.1)
[ -n "$cut" ] || fail "no reading over the limit recorded"
before=$(echo "$cut" | head -n 1 | cut -d, -f4)
at=$(echo "$cut" | tail -n 1 | cut -d, -f4)
awk -v b="$before" 'BEGIN { exit !(b > 0) }' || fail "motor not running the tick before the cut: $cut"
[ "$at" = 0 ] || fail "the tick that read 480 kPa commanded $at %: $cut"
tprctl --db /tmp/data/sessions.db export 1 --csv --events | grep -q ",over_limit," ||
    fail "no over_limit event recorded"
echo "ok: 210 kPa in band through the kernel's scale; the tick that read 480 kPa commanded 0 % (the one before $before %)"

# 2. tprd calibrate through the driver: 0.2 V empty, 1.6 V with 2 kg.
rm -f /tmp/in
mkfifo /tmp/in
show=/tmp/out.cal
set_raw 100
tprd calibrate --config /tmp/tprd.conf --weight 2kg --yes --seconds 0.5 </tmp/in >/tmp/out.cal 2>&1 &
pid=$!
exec 3>/tmp/in
echo >&3
wait_for 300 grep -q "Step 2" /tmp/out.cal || fail "calibrate did not reach step 2"
set_raw 800
echo >&3
exec 3>&-
wait $pid || fail "calibrate exit $?"
zero=$(sed -n 's/^cal_zero = //p' /tmp/tprd.conf)
cal=$(sed -n 's/^cal_scale = //p' /tmp/tprd.conf)
# 2 kg = 19.613 N over 1.4 V: 14.009 N/V.
awk -v z="$zero" -v s="$cal" 'BEGIN { exit !(z > 0.1999 && z < 0.2001 && s > 14.0 && s < 14.02) }' ||
    fail "calibrated zero $zero V, scale $cal N/V; expected 0.2 V and 14.009 N/V"
echo "ok: tprd calibrate through the driver: cal_zero $zero V, cal_scale $cal N/V"
sed -i 's/^cal_zero = .*/cal_zero = 0/; s/^cal_scale = .*/cal_scale = 15/' /tmp/tprd.conf

# 3. The driver unbound mid-session, then bound again: it comes back at
# its default gain, and tprd must read with that scale.
set_raw 0
start_tprd unbind
set_raw 700
wait_for 300 motor_running || fail "motor never ran in the band"
echo "$client" >/sys/bus/i2c/drivers/ads1015/unbind || fail "unbind"
wait_for 50 motor_stopped || fail "motor still running with the driver unbound"
sleep 1.5
alive || fail "tprd died when the driver went away"
motor_stopped || fail "motor back on without the driver"
grep -q "fault .*sensor_fault" /tmp/out.unbind || fail "no sensor_fault in the log"
echo "ok: driver unbound: motor off, sensor_fault logged, tprd running"
echo "$client" >/sys/bus/i2c/drivers/ads1015/bind || fail "bind"
wait_for 100 grep -qx ads1015 "$iio/name" || fail "the driver did not bind again at $iio"
wait_for 300 motor_running || fail "motor never ran again after the driver came back"
alive || fail "tprd died"
stop_tprd
trace 2
show="$show /tmp/trace.2"
rescale=$(cat "$iio/in_voltage0_scale")
last=$(awk -F, 'NR > 1 && $6 == 1 { v = $2 } END { print v }' /tmp/trace.2)
awk -v s="$rescale" -v l="$last" 'BEGIN { k = 700 * s / 1000 * 15 * 10; exit !(l > k - 0.01 && l < k + 0.01) }' ||
    fail "after the rebind at $rescale mV a count tprd read $last kPa"
echo "ok: driver bound again at $rescale mV a count: tprd reads $last kPa with it, motor running, clean exit"
echo "note: log lines: $(grep -c sensor_fault /tmp/out.unbind) with sensor_fault: $(grep -m 1 sensor_fault /tmp/out.unbind)"
