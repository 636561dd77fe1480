#!/usr/bin/env bash
# Control-loop timing: tprd's 1 kHz loop on the simulated device and
# cyclictest (the reference periodic thread, same priority and period) side
# by side, so the loop's wake-up latency can be judged against what this
# machine's kernel gives any real-time thread.
# Usage: bench_loop.sh TPRD CONFIG [SECONDS]
set -euo pipefail
tprd=$1
config=$2
secs=${3:-10}

echo "loop: tprd and cyclictest, ${secs} s each at 1000 Hz, SCHED_FIFO 40"
"$tprd" --config "$config" --duration "$secs" --quiet --no-record 2>/dev/null | grep '^loop:' &
if command -v cyclictest >/dev/null; then
    cyclictest -m -p 40 -i 1000 -D "$secs" -q 2>/dev/null |
        awk '/Min:/ { for (i = 1; i <= NF; i++) { if ($i == "Min:") mn = $(i+1); if ($i == "Avg:") av = $(i+1); if ($i == "Max:") mx = $(i+1) }
                      printf "cyclictest: latency min %s avg %s max %s us\n", mn, av, mx }'
else
    echo "cyclictest: not installed (Debian package rt-tests)"
fi
wait
