#!/usr/bin/env bash
# Fails when a program loads a hardware library (libiio, libgpiod, or what
# libiio brings: libxml2, ICU) at start: only the backend modules
# (tpr-iio.so, tpr-gpiod.so) link them, and tprd loads those when the
# config chooses a hardware backend.
# Usage: links_no_hardware.sh PROGRAM...
set -euo pipefail
bad=0
for bin in "$@"; do
    libs=$(ldd "$bin" | awk '{print $1}' | grep -E '^lib(iio|gpiod|xml2|icu)' || true)
    if [ -n "$libs" ]; then
        echo "$bin loads $(echo "$libs" | tr '\n' ' ')" >&2
        bad=1
    else
        echo "ok: ${bin##*/}"
    fi
done
exit $bad
