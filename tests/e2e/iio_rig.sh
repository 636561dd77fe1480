# shellcheck shell=bash
# Sourced by the end-to-end tests of tprd on real libiio (tprd_iio.sh,
# tprd_iio_buffered.sh), inside tests/support/fake_iio.sh: the motor on a
# directory standing in for /sys/class/pwm, the enable line through
# fake_gpiod, a system config for the fake ads1115, and the daemon started
# on them.
#
# The sourcing script is called as SCRIPT TPRD FAKE_GPIOD_LIB. It gets
# $tmp (removed at exit, with tprd and every pid in $helpers killed),
# fail MESSAGE (prints tprd's output and the tail of $tmp/trail, exits 1),
# rig_config, rig_start and motor.
set -u
tprd=$1
fake_gpiod=$2
tmp=$(mktemp -d)
pid=
helpers=
cleanup() {
    [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    for h in $helpers; do kill "$h" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
: >"$tmp/trail"
fail() {
    echo "FAIL: $*"
    echo "--- tprd output"
    cat "$tmp/out"
    echo "--- last observations"
    tail -n 15 "$tmp/trail"
    exit 1
}

chan=$tmp/pwm/pwmchip0/pwm0
enable_line=$tmp/gpio/gpiochip0/17
mkdir -p "$chan" "$tmp/gpio/gpiochip0"
echo >"$tmp/pwm/pwmchip0/export"
for f in period duty_cycle enable; do echo 0 >"$chan/$f"; done

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
[motor]
backend = pwm
pwm_root = $tmp/pwm
pwmchip = 0
channel = 0
period = 25 kHz
min_duty = 20 %
enable = gpiochip0:17
[paths]
data_dir = $tmp/data
CONF
}

# Start tprd on rig_config's file for rectus_femoris (band 120-300 kPa,
# hard limit 450 kPa), output in $tmp/out, extra arguments passed on; wait
# until it has set up the motor (the period written: the pressure sensor,
# opened before it, is running then).
rig_start() {
    TPRD_FAKE_GPIO_DIR=$tmp/gpio LD_PRELOAD=$fake_gpiod ASAN_OPTIONS=verify_asan_link_order=0 \
        "$tprd" --config "$tmp/tprd.conf" --muscle rectus_femoris --no-record "$@" \
        >"$tmp/out" 2>&1 &
    pid=$!
    for _ in $(seq 1000); do
        [ "$(cat "$chan/period")" = 40000 ] && return 0
        kill -0 $pid 2>/dev/null || fail "tprd did not start"
        sleep 0.01
    done
    fail "tprd did not set up the motor in 10 s"
}

# The motor as the hardware sees it: "DUTY_NS ENABLE". fake_gpiod empties
# the line's file before it writes the level, so a read that meets the
# empty file is made again.
motor() {
    local duty='' enable=''
    while [ -z "$duty" ]; do read -r duty <"$chan/duty_cycle"; done
    while [ -z "$enable" ]; do read -r enable <"$enable_line"; done
    echo "$duty $enable"
}
