#!/usr/bin/env bash
# A fake IIO ADC for tests that go through the real libiio (and iiod).
#
# Usage: fake_iio.sh [--iiod] COMMAND [ARG]...
#
# Runs COMMAND in a private mount and network namespace where
#   /sys/bus/iio/devices/iio:device0   is an "ads1115" laid out as the
#       mainline ti-ads1015 driver lays it out (tests/kernel checks the
#       real one): in_voltage0_raw and in_voltage1_raw, each with its own
#       _scale (0.125 mV) and _sampling_frequency, scale_available and
#       sampling_frequency_available, scan_elements/ (le:s16/16>>0; the
#       single-ended inputs at indices 4 and 5 after the driver's four
#       differential ones, the timestamp at 8), buffer/ and trigger/. Not
#       like the driver: in_voltage1_offset (100), which the ADS1115 lacks,
#       for the offset arithmetic other ADCs need, and no differential
#       channels
#   /sys/bus/iio/devices/iio:device1   is a "cpu-temp" (another device)
#   /dev/iio:device0                   is a FIFO standing in for the
#       character device: whoever writes whole frames (a little-endian
#       s16 for each enabled channel in index order: 4 bytes with voltage0
#       and voltage1, 2 with one of them) feeds the buffered capture
# and exports TPRD_FAKE_IIO (the device directory), TPRD_FAKE_IIO_DEV (the
# FIFO) and TPRD_IIO_URI: "local:", or with --iiod "ip:127.0.0.1", served by
# Debian's iiod started inside the namespace (its port is private to the
# namespace, so nothing else can hold it, and a left-over iiod cannot
# reach the next run). Tests change readings by writing the raw files.
#
# Exits with COMMAND's status, or 77 (ctest's skip) with the reason printed
# when the namespace cannot be made (not root, no unshare).
set -euo pipefail

if [ -z "${TPRD_FAKE_IIO_INSIDE:-}" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "skip: the fake IIO device needs root (unshare -m, mount)"
        exit 77
    fi
    if ! why=$(unshare -m -n true 2>&1); then
        echo "skip: cannot make a private namespace: unshare -m -n: $why"
        exit 77
    fi
    TPRD_FAKE_IIO_INSIDE=1 exec unshare -m -n --propagation private bash "$0" "$@"
fi

iiod=false
if [ "${1:-}" = "--iiod" ]; then
    iiod=true
    shift
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fake-iio.XXXXXX")
iiod_pid=
cleanup() {
    if [ -n "$iiod_pid" ]; then
        # iiod 0.24 lingers for most of a minute after SIGTERM.
        kill -KILL "$iiod_pid" 2>/dev/null
        wait "$iiod_pid" 2>/dev/null
    fi
    umount -R -l "$tmp" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# /sys/bus/iio may not exist at all on a machine without IIO drivers:
# cover the whole /sys/bus (private to this namespace).
mount -t tmpfs fake-sysbus /sys/bus
dev=/sys/bus/iio/devices/iio:device0
mkdir -p "$dev/scan_elements" "$dev/buffer" "$dev/trigger" /sys/bus/iio/devices/iio:device1
echo ads1115 >"$dev/name"
echo 100 >"$dev/in_voltage1_offset"
echo "0.187500000 0.125000000 0.062500000 0.031250000 0.015625000 0.007812000" \
    >"$dev/scale_available"
echo "8 16 32 64 128 250 475 860" >"$dev/sampling_frequency_available"
for i in 0 1; do
    echo 0 >"$dev/in_voltage${i}_raw"
    echo 0.125000000 >"$dev/in_voltage${i}_scale"
    echo 128 >"$dev/in_voltage${i}_sampling_frequency"
    echo 0 >"$dev/scan_elements/in_voltage${i}_en"
    echo $((i + 4)) >"$dev/scan_elements/in_voltage${i}_index"
    echo "le:s16/16>>0" >"$dev/scan_elements/in_voltage${i}_type"
done
echo 0 >"$dev/scan_elements/in_timestamp_en"
echo 8 >"$dev/scan_elements/in_timestamp_index"
echo "le:s64/64>>0" >"$dev/scan_elements/in_timestamp_type"
echo 0 >"$dev/buffer/enable"
echo 2 >"$dev/buffer/length"
echo 1 >"$dev/buffer/watermark"
echo 0 >"$dev/buffer/data_available"
: >"$dev/trigger/current_trigger"
echo cpu-temp >/sys/bus/iio/devices/iio:device1/name
echo 41000 >/sys/bus/iio/devices/iio:device1/in_temp0_raw

# libiio opens /dev/iio:deviceN for buffers: a private /dev whose entries
# point at the real ones, plus the FIFO.
mount -t tmpfs fake-iio "$tmp"
mkdir "$tmp/dev"
mount --rbind /dev "$tmp/dev"
mount -t tmpfs -o mode=755 fake-dev /dev
for e in "$tmp"/dev/* "$tmp"/dev/.[!.]*; do
    [ -e "$e" ] || [ -L "$e" ] || continue
    ln -s "$e" "/dev/${e##*/}"
done
mkfifo /dev/iio:device0

export TPRD_FAKE_IIO=$dev TPRD_FAKE_IIO_DEV=/dev/iio:device0 TPRD_IIO_URI=local:
if $iiod; then
    ip link set lo up
    iiod >"$tmp/iiod.log" 2>&1 &
    iiod_pid=$!
    for _ in $(seq 100); do
        iio_info -u ip:127.0.0.1 >/dev/null 2>&1 && break
        kill -0 "$iiod_pid" 2>/dev/null || break
        sleep 0.05
    done
    if ! iio_info -u ip:127.0.0.1 >/dev/null 2>&1; then
        echo "fake_iio: iiod did not come up:" >&2
        cat "$tmp/iiod.log" >&2
        exit 1
    fi
    TPRD_IIO_URI=ip:127.0.0.1
fi

set +e
"$@"
