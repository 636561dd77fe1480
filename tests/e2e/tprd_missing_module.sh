#!/usr/bin/env bash
# A hardware backend whose module is not installed: tprd refuses to start
# with an error naming the config, the part, the backend and the module's
# file, and never drives the motor (a missing motor module leaves nothing
# open; a missing pressure module closes the motor it opened first).
# tprd is copied alone into a directory, so no module is beside it.
#
# Usage: tprd_missing_module.sh TPRD MODULEDIR SOURCE_DIR
set -euo pipefail
tprd=$1
moduledir=$2
src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*"
    cat "$tmp/out" 2>/dev/null
    exit 1
}
for m in tpr-gpiod tpr-iio; do
    if [ -e "$moduledir/$m.so" ]; then
        echo "skip: $moduledir/$m.so is installed on this machine"
        exit 77
    fi
done
cp "$tprd" "$tmp/tprd"
printf '[motor]\nbackend = gpio\nline = gpiochip0:17\n' >"$tmp/motor.conf"
printf '[pressure]\nbackend = iio\ndevice = ads1115\nchannels = voltage0\n' >"$tmp/pressure.conf"
for case in "motor gpio tpr-gpiod" "pressure iio tpr-iio"; do
    set -- $case
    rc=0
    "$tmp/tprd" --config "$tmp/$1.conf" --once --profile "$src/config/examples/demo.ini" \
        --hand "$src/config/examples/demo.hand" --no-record --duration 1 >"$tmp/out" 2>&1 || rc=$?
    [ $rc -ne 0 ] || fail "[$1] backend = $2 without its module: exit 0"
    want="$tmp/$1.conf: [$1] $2 backend: its module $moduledir/$3.so is missing"
    grep -qF "$want" "$tmp/out" || fail "the error does not say: $want"
    grep -qF "$tmp/$3.so" "$tmp/out" || fail "the error does not name $tmp/$3.so"
    grep -q "session" "$tmp/out" && fail "a session started"
    echo "ok: [$1] $2 without $3.so: exit $rc, $(grep -o 'its module .*' "$tmp/out")"
done
