#!/usr/bin/env bash
# tprd calibrate on the simulated device, through the HAL like any other
# pressure backend: the hand keeps off the tip during the empty step, and
# presses 500 g worth (49.03 kPa on 1 cm2) and keeps it there as a weight
# would, while the tissue under it relaxes, before the loaded one, which the
# test starts only after the hand has pressed. The simulated sensor reads
# kPa, so the written scale is the tip area's: 0.1 N per kPa on 1 cm2.
# Usage: calibrate_sim.sh TPRD
set -euo pipefail
tprd=$1
tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$tmp/out" ] && cat "$tmp/out" "$tmp/errout" >&2; exit 1; }

printf '[device]\ntip_area = 1 cm2\n[pressure]\nbackend = sim\n' >"$tmp/tprd.conf"
# Simulated time is the reads' clock: the empty step (0.5 s from the first
# read) ends long before the press at 2 s.
printf 'tremor 0\nwait 2 s\npress 49.03325 kPa 0.2 s\nkeep 49.03325 kPa 600 s\n' >"$tmp/hand"

mkfifo "$tmp/in"
"$tprd" calibrate --config "$tmp/tprd.conf" --hand "$tmp/hand" --seconds 0.5 --weight "500 g" \
    --yes <"$tmp/in" >"$tmp/out" 2>"$tmp/errout" &
pid=$!
exec 3>"$tmp/in"
echo >&3
for _ in $(seq 200); do grep -q "empty" "$tmp/out" || ! kill -0 $pid 2>/dev/null && break; sleep 0.05; done
grep -q "empty" "$tmp/out" || fail "no empty step"
# The empty step ended within 0.5 s of the first read; 2.5 s later the hand
# has pressed (at 2.2 s) and holds.
sleep 2.5
echo >&3
exec 3>&-
rc=0
wait $pid || rc=$?
pid=
cat "$tmp/out"
[ $rc -eq 0 ] || fail "calibrate exited with $rc"
grep -q "backend = sim), readings in kPa" "$tmp/out" || fail "heading"
grep -q "^cal_unit = raw$" "$tmp/tprd.conf" || fail "cal_unit not written"
zero=$(sed -n 's/^cal_zero = \([-0-9.e]*\).*/\1/p' "$tmp/tprd.conf")
scale=$(sed -n 's/^cal_scale = \([-0-9.e]*\).*/\1/p' "$tmp/tprd.conf")
noise=$(sed -n 's/^noise floor \([0-9.e-]*\) kPa.*/\1/p' "$tmp/out")
# Nothing on the tip reads 0 kPa give or take the sensor's noise (0.8 kPa
# sd, averaged); 500 g = 4.903 N on 49.03 kPa; the noise floor is the
# simulated sensor's.
awk -v z="$zero" -v s="$scale" -v n="$noise" 'BEGIN {
    if (z < -0.5 || z > 0.5) { print "cal_zero " z " is not about 0 kPa"; exit 1 }
    if (s < 0.1 * 0.97 || s > 0.1 * 1.03) { print "cal_scale " s " is not 0.1 N per kPa"; exit 1 }
    if (n < 0.4 || n > 1.6) { print "noise floor " n " kPa is not the sensor noise of 0.8 kPa"; exit 1 }
}' || fail "calibration values"
echo "calibrate_sim: all checks passed"
