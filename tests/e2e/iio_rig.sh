# shellcheck shell=bash
# Sourced by the end-to-end tests of tprd on real libiio (tprd_iio.sh,
# tprd_iio_buffered.sh), inside tests/support/fake_iio.sh: the motor on a
# directory standing in for /sys/class/pwm, the enable line through
# fake_gpiod, a system config for the fake ads1115, and the daemon started
# on them.
#
# The sourcing script is called as SCRIPT TPRD FAKE_GPIOD_LIB. It gets
# what motor_rig.sh gives, rig_config and rig_start.
# shellcheck source=motor_rig.sh
. "$(dirname "${BASH_SOURCE[0]}")/motor_rig.sh"

# The system config, $tmp/tprd.conf: 100 Hz, voltage0 with kPa = raw / 10,
# the PWM motor at 25 kHz. $1: extra [device] lines, $2: extra [pressure]
# lines (the mode).
rig_config() {
    cat >"$tmp/tprd.conf" <<CONF
[device]
rate = 100 Hz
tip_area = 1 cm2
$1
[pressure]
backend = iio
uri = $TPRD_IIO_URI
device = ads1115
channels = voltage0
# 0.01 N a count on 1 cm2: kPa = raw / 10
cal_unit = raw
cal_zero = 0
cal_scale = 0.01
$2
$(motor_section)
[paths]
data_dir = $tmp/data
CONF
}

# Start tprd on rig_config's file for rectus_femoris (band 120-300 kPa,
# hard limit 450 kPa), output in $tmp/out, extra arguments passed on; wait
# until it says it is starting (its device open: libiio has listed the
# sensor's attributes by then).
rig_start() {
    start_tprd --config "$tmp/tprd.conf" --muscle rectus_femoris --no-record --once "$@"
    for _ in $(seq 3000); do
        grep -q '^tprd: starting' "$tmp/out" && return 0
        kill -0 $pid 2>/dev/null || fail "tprd did not start"
        sleep 0.01
    done
    fail "tprd did not start in 30 s"
}
