#!/usr/bin/env bash
# The arm64 package runs: its programs, unpacked, under qemu-aarch64 with
# the cross build's sysroot as their root for libraries. tprd --version; a
# 5-second session on the simulated device, recorded and shown by tprctl;
# tprd --replay of that session's trace and of a synthetic trace (press,
# vibration, an over-limit spike, failed reads, lift-off) byte for byte
# equal to the amd64 package's.
# Usage: tests/package/qemu_smoke.sh TPRD_arm64.deb SYSROOT TPRD_amd64.deb DIR
set -euo pipefail
arm=$(realpath "${1:?usage: qemu_smoke.sh ARM64.deb SYSROOT AMD64.deb DIR}")
sysroot=$(realpath "${2:?}")
amd=$(realpath "${3:?}")
dir=${4:?}
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

dpkg-deb -x "$arm" "$dir/arm64"
dpkg-deb -x "$amd" "$dir/amd64"
a64() { qemu-aarch64 -L "$sysroot" "$dir/arm64/usr/$1" "${@:2}"; }
x64() { "$dir/amd64/usr/$1" "${@:2}"; }
readelf -h "$dir/arm64/usr/sbin/tprd" | grep -q 'Machine: *AArch64' || fail "the arm64 package's tprd is not an arm64 program"

version=$(dpkg-deb -f "$arm" Version | sed 's/-[^-]*$//')
[ "$(a64 sbin/tprd --version)" = "tprd $version" ] || fail "tprd --version under qemu-aarch64"
echo "qemu-aarch64: $(a64 sbin/tprd --version)"

# A session on the simulated device: the package's own system config.
a64 sbin/tprd --config "$dir/arm64/etc/tprd/tprd.conf" --duration 5 --seed 3 --quiet \
    --data-dir "$dir/data" >"$dir/session.log" 2>&1 || fail "5 s session: $(cat "$dir/session.log")"
a64 bin/tprctl --db "$dir/data/sessions.db" show 1 >"$dir/show.txt" || fail "tprctl show 1"
grep -q '^session 1: ' "$dir/show.txt" && grep -q 'stopped after 0:0[56]' "$dir/show.txt" &&
    grep -q '^rectus_femoris ' "$dir/show.txt" || fail "tprctl show 1 does not show the session: $(cat "$dir/show.txt")"
cat "$dir/show.txt"

# Replay: the recorded trace, and a synthetic one through every path of the core.
a64 bin/tprctl --db "$dir/data/sessions.db" export 1 --csv -o "$dir/session.csv"
awk 'BEGIN {
    print "t_ms,pressure_kpa"
    for (t = 0; t < 40000; t++) {
        p = t < 1000 ? 0 : t < 2000 ? (t - 1000) * 0.2 : 200 - (t - 2000) * 0.002
        if (t >= 30000) p = 0
        p += 5 * sin(2 * 3.141592653589793 * 150 * t / 1000)
        if (t >= 9000 && t < 9040) p = 520
        if (t >= 15000 && t < 15030) { print t ",nan"; continue }
        printf "%d,%.3f\n", t, p
    } }' >"$dir/synthetic.csv"
for trace in session synthetic; do
    a64 sbin/tprd --replay "$dir/$trace.csv" --muscle rectus_femoris >"$dir/$trace.arm64.out" ||
        fail "replay of $trace.csv under qemu-aarch64"
    x64 sbin/tprd --replay "$dir/$trace.csv" --muscle rectus_femoris >"$dir/$trace.amd64.out" ||
        fail "replay of $trace.csv on amd64"
    cmp "$dir/$trace.arm64.out" "$dir/$trace.amd64.out" ||
        fail "replay of $trace.csv: arm64 and amd64 differ"
    echo "replay $trace.csv: $(wc -l <"$dir/$trace.csv") rows, arm64 and amd64 output identical ($(md5sum <"$dir/$trace.amd64.out" | cut -c1-12))"
done
for event in over_limit sensor_fault hold_start; do
    grep -q "$event" "$dir/synthetic.amd64.out" || fail "the synthetic trace never reached $event"
done
