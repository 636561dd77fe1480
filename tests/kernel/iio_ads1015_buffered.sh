# modules: i2c-stub i2c-dev ti-ads1015 configfs
# Guest test (tests/kernel/rig.sh): buffered mode on the mainline
# ti-ads1015 driver as far as Debian 12's kernel takes it. The driver fills
# its buffer only from a trigger, and this kernel has no software trigger
# (CONFIG_IIO_SW_TRIGGER, CONFIG_IIO_HRTIMER_TRIGGER and
# CONFIG_IIO_SYSFS_TRIGGER are off): tprd must refuse to start with the
# kernel's reason, the motor untouched. The scan elements it would capture
# are checked against what tprd's buffered reader expects.
. /rig/guest_lib.sh
set -u

stub_ads1015
pwm_standin
scan=$iio/scan_elements
[ -f "$scan/in_voltage0_en" ] || fail "no scan element for voltage0: $(ls "$scan")"
echo "note: voltage0 scan element: type $(cat "$scan/in_voltage0_type"), index $(cat "$scan/in_voltage0_index")"

# What was tried for a trigger: none registered, no iio in configfs.
triggers=$(ls /sys/bus/iio/devices | grep trigger || true)
[ -z "$triggers" ] || fail "a trigger exists after all ($triggers): test buffered capture with it"
load configfs
mount -t configfs none /sys/kernel/config || fail "mount configfs"
[ ! -d /sys/kernel/config/iio ] || fail "configfs has iio triggers after all: test buffered capture with them"
echo "note: no IIO trigger: none registered, none in configfs (/sys/kernel/config/iio absent)"

cat >/tmp/tprd.conf <<CONF
[device]
rate = 100 Hz
[pressure]
backend = iio
uri = local:
device = ads1015
channels = voltage0
mode = buffered
[motor]
backend = pwm
pwm_root = $pwm_root
; this guest has no GPIO chip for the enable line
unsafe_without_enable = true
period = 25 kHz
CONF
show=/tmp/out
set_raw 700
tprd --config /tmp/tprd.conf --muscle rectus_femoris --duration 2 --no-record >/tmp/out 2>&1
rc=$?
[ $rc = 1 ] || fail "tprd exit $rc without a trigger, expected 1 (device fault)"
grep -q "device ads1015: cannot create a buffer of [0-9]* samples: Invalid argument" /tmp/out ||
    fail "no clear reason for the missing buffer"
motor_stopped && [ "$(cat "$pwm/enable")" = 0 ] || fail "motor touched: duty $(motor_duty)"
[ "$(cat "$iio/buffer/enable")" = 0 ] || fail "the buffer was left enabled"
echo "ok: buffered mode without a trigger: tprd refuses ($(grep -o 'cannot create.*' /tmp/out)), motor off"
