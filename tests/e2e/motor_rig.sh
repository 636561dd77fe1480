# shellcheck shell=bash
# Sourced by the end-to-end tests that run tprd with the PWM motor: a
# directory standing in for /sys/class/pwm, the enable line through
# fake_gpiod (tests/support/fake_gpiod.c).
#
# The sourcing script is called as SCRIPT TPRD FAKE_GPIOD_LIB. It gets
# $tmp (removed at exit, with tprd ($pid) and every pid in $helpers
# killed), fail MESSAGE (prints tprd's output, $tmp/out, and the tail of
# $tmp/trail, exits 1), $chan (the PWM channel's directory), motor_section,
# run_tprd and motor.
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
: >"$tmp/out"
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

# The [motor] section for the stand-in: 25 kHz, the enable line on
# gpiochip0:17.
motor_section() {
    cat <<CONF
[motor]
backend = pwm
pwm_root = $tmp/pwm
pwmchip = 0
channel = 0
period = 25 kHz
min_duty = 20 %
enable = gpiochip0:17
CONF
}

# Start tprd in the background with the enable line through fake_gpiod,
# arguments passed on, output in $tmp/out; its pid in $pid.
start_tprd() {
    TPRD_FAKE_GPIO_DIR=$tmp/gpio LD_PRELOAD=$fake_gpiod ASAN_OPTIONS=verify_asan_link_order=0 \
        "$tprd" "$@" >"$tmp/out" 2>&1 &
    pid=$!
}

# Wait for the tprd start_tprd started to exit; its status in $rc.
wait_tprd() {
    wait "$pid"
    rc=$?
    pid=
}

# Whether a process holds the enable line: its lock (fake_gpiod's
# <line>.held) is listed in /proc/locks. Looked up, not taken: taking it,
# even for a moment, would make tprd's request fail then.
line_held() {
    local id
    id=$(stat -c '%Hd %Ld %i' "$enable_line.held" 2>/dev/null) || return 1
    set -- $id
    grep -q " $(printf '%02x:%02x:%s' "$1" "$2" "$3") " /proc/locks
}

# The motor as the hardware sees it: "DUTY_NS ENABLE". ENABLE is the level
# tprd drives while it holds the line; once the line is released (tprd
# gone, whichever way) it is an input, as the Pi's pin controller makes
# it, and the board's pull-down holds it at 0. fake_gpiod empties the line's file before it writes the level, so
# a read that meets the empty file is made again.
motor() {
    local duty='' enable=''
    while [ -z "$duty" ]; do read -r duty <"$chan/duty_cycle"; done
    if line_held; then
        while [ -z "$enable" ]; do read -r enable <"$enable_line"; done
    else
        enable=0
    fi
    echo "$duty $enable"
}
