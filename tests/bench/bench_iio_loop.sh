#!/usr/bin/env bash
# The control loop on the fake ads1115, polled at 1 kHz: tprd's own exit
# line (its tick's run time, and the newest sample's age at each tick) with
# the pressure read through libiio directly (local:) or through a real iiod
# (--iiod), the motor simulated. Run inside tests/support/fake_iio.sh:
#
#   tests/support/fake_iio.sh [--iiod] bash tests/bench/bench_iio_loop.sh TPRD SECONDS
set -euo pipefail
tprd=$1
seconds=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo 200 >"$TPRD_FAKE_IIO/in_voltage0_raw"
cat >"$tmp/tprd.conf" <<CONF
[device]
rate = 1000 Hz
[pressure]
backend = iio
uri = $TPRD_IIO_URI
device = ads1115
channels = voltage0
mode = polled
CONF
"$tprd" --config "$tmp/tprd.conf" --quiet --no-record --duration "$seconds" >"$tmp/out" 2>&1 ||
    { cat "$tmp/out" >&2; exit 1; }
echo "$TPRD_IIO_URI: $(grep '^loop:' "$tmp/out" | sed 's/^loop: //')"
