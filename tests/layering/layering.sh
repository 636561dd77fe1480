#!/usr/bin/env bash
# Fails when a file of a lower folder includes a header of a higher one:
# hal/ must not include config/ headers (the HAL does not know the config
# file; backends declare their own option rows), and common/ (units,
# option tables, the line spec, text files) must include neither.
# Usage: layering.sh SOURCE_DIR
set -euo pipefail
src=$1
bad=0

# check LOWER HIGHER...: every #include "X" of LOWER that names a header
# of one of HIGHER (by file name, or by a path into it).
check() {
    local lower=$1
    shift
    local higher header dir
    for higher in "$@"; do
        while IFS=: read -r file line text; do
            header=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$text")
            [ -n "$header" ] || continue
            dir=$(dirname "$header")
            if [ -e "$src/$higher/$(basename "$header")" ] && [ "$dir" = . ] ||
                [[ "$header" == *"$higher/"* ]]; then
                echo "$file:$line: $lower/ includes $higher/ header \"$header\"" >&2
                bad=1
            fi
        done < <(cd "$src" && grep -rn --include='*.c' --include='*.h' '#[[:space:]]*include' "$lower")
    done
}

check hal config
check common config hal

# calls CALLER CALLEE: CALLER calls no function that CALLEE defines (the
# calls between two files go one way only).
calls() {
    local fn
    for fn in $(sed -n 's/^[a-z].*[ *]\(tpr_[a-z0-9_]*\)(.*/\1/p' "$src/$2"); do
        if grep -q "\b$fn(" "$src/$1"; then
            echo "$1 calls $fn, defined in $2: calls must go one way only" >&2
            bad=1
        fi
    done
}
calls config/profile_select.c config/profile.c

[ $bad -eq 0 ] || exit 1
echo "layering: hal/ includes nothing from config/, common/ nothing from either; profile.c calls the selector, not back"
