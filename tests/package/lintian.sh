#!/usr/bin/env bash
# lintian on each package: no error and no warning. A tag the package keeps
# on purpose is overridden, with its reason, in config/debian/lintian-overrides.
# Usage: tests/package/lintian.sh TPRD.deb...
set -euo pipefail
status=0
for deb in "$@"; do
    rc=0
    out=$(lintian --fail-on error,warning "$deb" 2>&1) || rc=$?
    out=$(grep -v 'running with root privileges' <<<"$out" || true)
    if [ $rc -ne 0 ] || [ -n "$out" ]; then
        echo "$out"
        echo "lintian $(basename "$deb"): FAILED"
        status=1
    else
        echo "lintian $(basename "$deb"): no errors, no warnings"
    fi
done
exit $status
