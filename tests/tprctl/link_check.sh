#!/usr/bin/env bash
# Fails when tprctl's link pulls in the daemon's writing side of the store:
# the recorder (its thread, ring, spool, writer, retention, the database's
# writing open). tprctl only reads the session database.
# Usage: link_check.sh TPRCTL_BINARY [LINK_COMMAND_FILE]
set -euo pipefail
bin=$1
bad=0

# The link command names the library even when no object of it is used.
if [ -n "${2:-}" ] && [ -e "$2" ] && grep -q 'libtprstore\.a' "$2"; then
    echo "$2: tprctl is linked with libtprstore.a (the recorder's library)" >&2
    bad=1
fi

# Writer-side functions of controller/store (tprstore), by name prefix.
writer=$(nm "$bin" | awk '$2 ~ /^[TtDdBbRr]$/ {print $3}' |
    grep -E '^tpr_(recorder|ring|spool|writer|retention)_|^tpr_db_open$' || true)
if [ -n "$writer" ]; then
    echo "$bin links the recorder side of the store:" >&2
    echo "$writer" | sed 's/^/  /' >&2
    bad=1
fi

exit $bad
