# shellcheck shell=sh
# Sourced by the guest tests of the kernel rig (busybox sh, as root, in the
# guest that tests/kernel/rig.sh boots): tprd and tprctl are on the PATH,
# /tmp is the initramfs's own, writable.

# fail MESSAGE: say what went wrong, show the files named in $show, exit 1.
show=
fail() {
    echo "FAIL: $*"
    for f in $show; do
        [ -f "$f" ] && echo "--- $f" && cat "$f"
    done
    exit 1
}

# load MODULE [PARAM=VALUE]...: insmod its dependencies, then it.
load() {
    m=$1
    shift
    [ -f "/rig/modules/$m" ] || fail "module $m not in the initramfs (its '# modules:' line)"
    for ko in $(cat "/rig/modules/$m"); do
        name=${ko##*/}
        name=$(echo "${name%.ko}" | tr - _)
        grep -q "^$name " /proc/modules && continue
        if [ "$ko" = "$(tail -n 1 "/rig/modules/$m")" ]; then
            insmod "$ko" "$@" || fail "insmod $ko $*"
        else
            insmod "$ko" || fail "insmod $ko"
        fi
    done
}

# wait_for TENTHS COMMAND...: run COMMAND every 0.1 s until it succeeds;
# 1 when it never did. The bounds are generous: TCG on a busy host runs
# the guest several times slower than the hardware.
wait_for() {
    n=$1
    shift
    while [ "$n" -gt 0 ]; do
        "$@" && return 0
        sleep 0.1
        n=$((n - 1))
    done
    return 1
}

# A directory standing in for /sys/class/pwm with pwmchip0/pwm0, as the
# end-to-end tests on the host use: $pwm_root, and $pwm the channel.
pwm_root=/tmp/pwm
pwm=$pwm_root/pwmchip0/pwm0
pwm_standin() {
    mkdir -p "$pwm"
    : >"$pwm_root/pwmchip0/export"
    for f in period duty_cycle enable; do echo 0 >"$pwm/$f"; done
}
# The first line: tprd rewrites duty_cycle in place, as on sysfs, so a
# shorter value leaves the tail of a longer one behind it in a plain file.
motor_duty() { head -n 1 "$pwm/duty_cycle"; }
motor_running() { [ "$(motor_duty)" -gt 0 ] && [ "$(head -n 1 "$pwm/enable")" = 1 ]; }
motor_stopped() { [ "$(motor_duty)" = 0 ]; }

# An ADS1015 on the i2c-stub bus, served by the mainline ti-ads1015 driver:
# stub_ads1015 sets it up ($bus, $client, $iio: its IIO directory),
# set_raw COUNT makes COUNT the next conversion result.
stub_ads1015() {
    load i2c-stub chip_addr=0x48
    load i2c-dev
    load ti-ads1015
    for d in /sys/bus/i2c/devices/i2c-*; do
        grep -q "SMBus stub driver" "$d/name" && bus=${d##*/i2c-}
    done
    [ -n "${bus:-}" ] || fail "no i2c-stub bus"
    client=$bus-0048
    echo ads1015 0x48 >"/sys/bus/i2c/devices/i2c-$bus/new_device" || fail "new_device"
    iio=/sys/bus/iio/devices/iio:device0
    wait_for 100 grep -qx ads1015 "$iio/name" || fail "the ads1015 driver did not bind"
}

# The driver reads the conversion register as a big-endian 16-bit word
# (an SMBus word, swapped) and takes the top 12 bits: count << 4, bytes
# swapped, is what the stub must hold.
set_raw() {
    w=$((($1 << 4) & 0xfff0))
    i2cset -f -y "$bus" 0x48 0x00 $(((w >> 8) | ((w & 0xff) << 8))) w || fail "i2cset $1"
}

# GPIO lines on the arm64 guest's PL061, as the kernel's debugfs shows them
# (the level read from the chip, whoever holds the line). line_state NAME:
# "CONSUMER DIRECTION LEVEL" ("tprd out hi") for a requested line, "free"
# for one nobody holds.
line_state() {
    awk -v n="$1" 'index($0, "(" n " ") || index($0, "(" n "|") {
        if (!index($0, "|")) { print "free"; exit }
        split($0, a, "|"); split(a[2], b, ")"); c = b[1]; sub(/ +$/, "", c)
        split(b[2], f, " "); print c, f[1], f[2]; exit }' /sys/kernel/debug/gpio
}
# line_is NAME STATE: whether line_state NAME is STATE.
line_is() { [ "$(line_state "$1")" = "$2" ]; }

# press_power: QEMU's power button (rig.sh sends system_powerdown for each
# such line): one pulse on the PL061's line 3, high for 100 ms of the
# guest's clock.
presses=0
press_power() {
    presses=$((presses + 1))
    echo "rig: powerdown $presses"
}
