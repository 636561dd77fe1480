#!/usr/bin/env bash
# Storage wear of recording: what tprd costs an SD card per recorded hour.
# A session of SECONDS on the simulated device and a short one (start and
# end alone), each under strace (syncs and writes counted) with the bytes
# the kernel sent to the disk for it (write_bytes of /proc/PID/io, which a
# parent gains when it reaps its child); the difference, per second of
# session, extrapolated to an hour.
# Usage: bench_wear.sh TPRD CONFIG [SECONDS [DIR]]   (DIR: a disk, not tmpfs)
set -euo pipefail
tprd=$1
config=$2
secs=${3:-60}
dir=$(mktemp -d "${4:-${TMPDIR:-/tmp}}/tprd-wear.XXXXXX")
trap 'rm -rf "$dir"' EXIT
short=1

if ! command -v strace >/dev/null; then
    echo "wear: strace not installed (Debian package strace)"
    exit 0
fi

# One session: "SECONDS SYNCS WRITES WRITE_BYTES" of what it recorded.
measure() {
    local data="$dir/data$1"
    strace -f -c -o "$dir/strace" -e trace=fdatasync,fsync,pwrite64,write \
        sh -c '"$@" >/dev/null 2>&1; grep "^write_bytes" /proc/$$/io' sh \
        "$tprd" --config "$config" --quiet --duration "$1" --data-dir "$data" >"$dir/io"
    local syncs writes bytes length
    syncs=$(awk '$NF == "fdatasync" || $NF == "fsync" { n += $4 } END { print n + 0 }' "$dir/strace")
    writes=$(awk '$NF == "pwrite64" || $NF == "write" { n += $4 } END { print n + 0 }' "$dir/strace")
    bytes=$(awk '{ print $2 }' "$dir/io")
    length=$(sqlite3 "$data/sessions.db" 'SELECT (ended_at - started_at) / 1000.0 FROM sessions')
    echo "$length $syncs $writes $bytes"
}

read -r s0 y0 w0 b0 < <(measure "$short")
read -r s1 y1 w1 b1 < <(measure "$secs")
rate=$(sqlite3 "$dir/data$secs/sessions.db" 'SELECT trace_rate_hz FROM sessions')
echo "wear: strace -f -c -e trace=fdatasync,fsync,pwrite64,write and /proc/PID/io write_bytes of"
echo "wear:   tprd --config $config --quiet --duration N --data-dir DIR (trace $rate Hz)"
echo "wear: N=$short: $s0 s recorded, $y0 syncs, $w0 writes, $b0 bytes written"
echo "wear: N=$secs: $s1 s recorded, $y1 syncs, $w1 writes, $b1 bytes written"
awk -v n="$secs" -v n0="$short" -v s="$s1" -v s0="$s0" -v y="$y1" -v y0="$y0" -v w="$w1" -v w0="$w0" -v b="$b1" -v b0="$b0" \
    'BEGIN { h = 3600 / (s - s0)
             printf "wear: per recorded hour (N=%s minus N=%s): %.0f syncs (%.2f/s), %.0f writes, %.1f MB written\n",
                    n, n0, (y - y0) * h, (y - y0) / (s - s0), (w - w0) * h, (b - b0) * h / 1e6 }'
