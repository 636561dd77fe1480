#!/usr/bin/env bash
# tprd calibrate on the fake ads1115 (run inside tests/support/fake_iio.sh):
# noisy readings from a background writer, Enter presses fed on stdin while
# the test moves the reading; checks the written file, its untouched
# comments, the printed noise floor, and the refusals.
# Usage: calibrate.sh TPRD
set -euo pipefail
tprd=$1
raw=$TPRD_FAKE_IIO/in_voltage0_raw
tmp=$(mktemp -d)
writer=
trap '[ -n "$writer" ] && kill $writer 2>/dev/null; rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$tmp/out" ] && cat "$tmp/out" "$tmp/errout" >&2; exit 1; }

cat >"$tmp/tprd.conf" <<CONF
# my device, hand-written
[device]
tip_area = 1 cm2   ; the algometer tip

[pressure]
backend = iio
uri = $TPRD_IIO_URI
device = ads1115
channels = voltage0
# calibration: tprd calibrate rewrites the next two lines
cal_zero = 0  ; factory
cal_scale = 1
CONF
cp "$tmp/tprd.conf" "$tmp/orig.conf"

# The sensor: a base level plus noise -2 +2 -1 +1 counts in random order,
# each value renamed into place (from the same file system, outside the
# device directory) so that no read sees a half-written file. Python, not
# a shell loop: a new value every few hundred µs even on a loaded machine,
# so that the half second of readings averages many of them (tprd's reader
# thread reads on a fixed period; a few slow values, or a fixed cycle
# aliasing with it, gave a mean a count off).
echo 800 >"$tmp/base"
python3 - "$tmp/base" "$raw" <<'PY' &
import os, random, sys, time
level = 800
base, raw = sys.argv[1], sys.argv[2]
new = "/sys/bus/iio/raw.new"
while True:
    try:
        with open(base) as f:
            level = int(f.read())
    except ValueError:  # caught mid-write by the test: the last level stays
        pass
    with open(new, "w") as f:
        f.write("%d\n" % (level + random.choice((-2, 2, -1, 1))))
    os.rename(new, raw)
    time.sleep(0.0002)
PY
writer=$!
for _ in $(seq 200); do [ "$(cat "$raw")" != 0 ] && break; sleep 0.05; done

# Run calibrate with stdin from a FIFO; press Enter once for the empty tip,
# once (at base $1) for the loaded one, then answer $2 if given.
calibrate() {
    local loaded=$1 answer=${2:-}
    shift 2
    rm -f "$tmp/in"
    mkfifo "$tmp/in"
    "$tprd" calibrate --config "$tmp/tprd.conf" --seconds 0.5 "$@" <"$tmp/in" >"$tmp/out" \
        2>"$tmp/errout" &
    local pid=$!
    exec 3>"$tmp/in"
    echo 800 >"$tmp/base"
    sleep 0.2
    echo >&3
    for _ in $(seq 100); do grep -q "empty" "$tmp/out" && break; sleep 0.05; done
    echo "$loaded" >"$tmp/base"
    sleep 0.2
    echo >&3
    [ -z "$answer" ] || echo "$answer" >&3
    exec 3>&-
    local rc=0
    wait $pid || rc=$?
    return $rc
}

# 1. 500 g moving the reading by 4000 counts.
calibrate 4800 "" --weight "500 g" --yes || fail "calibrate exited with $?"
cat "$tmp/out"
grep -q "^# my device, hand-written$" "$tmp/tprd.conf" || fail "first comment lost"
grep -q "^tip_area = 1 cm2   ; the algometer tip$" "$tmp/tprd.conf" || fail "inline comment lost"
grep -q "^# calibration: tprd calibrate rewrites the next two lines$" "$tmp/tprd.conf" ||
    fail "comment lost"
grep -q "^cal_zero = [0-9.]*  ; factory$" "$tmp/tprd.conf" || fail "cal_zero line not edited in place"
grep -q "^cal_unit = raw$" "$tmp/tprd.conf" || fail "cal_unit not written"
zero=$(sed -n 's/^cal_zero = \([-0-9.e]*\).*/\1/p' "$tmp/tprd.conf")
scale=$(sed -n 's/^cal_scale = \([-0-9.e]*\).*/\1/p' "$tmp/tprd.conf")
sd=$(sed -n 's/.*empty .*(sd \([0-9.e-]*\) counts.*/\1/p' "$tmp/out")
noise=$(sed -n 's/^noise floor \([0-9.e-]*\) kPa.*/\1/p' "$tmp/out")
# 500 g = 4.903325 N over 4000 counts; noise floor = sd * scale * 10 / 1 cm2.
awk -v z="$zero" -v s="$scale" -v sd="$sd" -v n="$noise" 'BEGIN {
    if (z < 799 || z > 801) { print "cal_zero " z " is not about 800"; exit 1 }
    if (s < 0.00122583 * 0.995 || s > 0.00122583 * 1.005) { print "cal_scale " s " is not 4.903325 N / 4000"; exit 1 }
    if (sd < 0.5 || sd > 2.5) { print "noise sd " sd " is not that of -2 +2 -1 +1"; exit 1 }
    want = sd * s * 10
    if (n < want * 0.98 || n > want * 1.02) { print "noise floor " n " kPa, expected " want; exit 1 }
}' || fail "calibration values"

# 2. Nothing put on the tip: refused, file untouched.
cp "$tmp/tprd.conf" "$tmp/before.conf"
if calibrate 800 "" --weight 2kg --yes; then fail "a weight that changed nothing was accepted"; fi
grep -q "not more than 5 times its noise" "$tmp/errout" || fail "refusal message"
grep -q "Nothing written" "$tmp/errout" || fail "refusal must say nothing was written"
cmp -s "$tmp/tprd.conf" "$tmp/before.conf" || fail "refused calibration changed the file"

# 3. Declined at the question: file untouched.
if calibrate 4800 n --weight "10 N"; then fail "declining must exit non-zero"; fi
grep -q "Write cal_unit, cal_zero and cal_scale to .*? \[y/N\]" "$tmp/out" || fail "no question asked"
cmp -s "$tmp/tprd.conf" "$tmp/before.conf" || fail "declined calibration changed the file"

# 4. A device that cannot be opened, a bad config, and a bad weight.
sed 's/^device = ads1115$/device = ads1015/' "$tmp/tprd.conf" >"$tmp/other.conf"
rc=0
"$tprd" calibrate --config "$tmp/other.conf" --weight 1kg </dev/null 2>"$tmp/errout" || rc=$?
[ $rc -eq 1 ] && grep -q "no IIO device named ads1015" "$tmp/errout" || fail "no device: rc $rc"
printf '[pressure]\nbackend = spi\n' >"$tmp/bad.conf"
rc=0
"$tprd" calibrate --config "$tmp/bad.conf" --weight 1kg </dev/null 2>"$tmp/errout" || rc=$?
[ $rc -eq 2 ] && grep -q "bad.conf:2: \[pressure\] backend: 'spi' is not one of" "$tmp/errout" ||
    fail "bad config: rc $rc"
rc=0
"$tprd" calibrate --config "$tmp/tprd.conf" --weight "1 kPa" </dev/null 2>"$tmp/errout" || rc=$?
[ $rc -eq 2 ] && grep -q -- "--weight 1 kPa" "$tmp/errout" || fail "bad weight: rc $rc"
echo "calibrate: all checks passed"
