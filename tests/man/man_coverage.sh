#!/usr/bin/env bash
# The manual pages cover what the programs say they accept: every option of
# `tprd --help` in tprd(8), every option and command of `tprctl --help` in
# tprctl(1), every section and key of the system config in `tprd
# --help-config` in tprd.conf(5), and every profile key, muscle and routine
# in tprd-profile(5). Read from the built programs, so an option added later
# fails here until its page documents it.
# Usage: tests/man/man_coverage.sh TPRD TPRCTL MANDIR
set -euo pipefail
tprd=${1:?usage: man_coverage.sh TPRD TPRCTL MANDIR}
tprctl=${2:?}
mandir=${3:?}
missing=0

# A page as plain words: roff's \- is -, font changes and quotes go.
page_text() {
    sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\(>=/>=/g' -e 's/"//g' "$mandir/$1"
}

# need PAGE WHAT TOKEN...: each TOKEN appears in PAGE as a word of its own.
need() {
    local page=$1 what=$2 text token re
    shift 2
    text=$(page_text "$page")
    for token in "$@"; do
        re=${token//./\\.}
        re=${re//[/\\[}
        re=${re//]/\\]}
        if ! grep -qE -- "(^|[^A-Za-z0-9_-])$re([^A-Za-z0-9_-]|$)" <<<"$text"; then
            echo "$page: $what '$token' is not documented"
            missing=$((missing + 1))
        fi
    done
}

# Options: every --long and -s in the help text.
options() { grep -oE -- '(^|[ [,|])--?[A-Za-z][A-Za-z-]*' | sed 's/^[ [,|]//' | sort -u; }

mapfile -t opts < <("$tprd" --help | options)
need tprd.8 option "${opts[@]}"
mapfile -t opts < <("$tprctl" --help | options)
need tprctl.1 option "${opts[@]}"
mapfile -t cmds < <("$tprctl" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
need tprctl.1 command "${cmds[@]}"

config=$("$tprd" --help-config)
system=$(sed -n '/^System config/,/^User profile/p' <<<"$config")
profile=$(sed -n '/^User profile/,/^Muscle library/p' <<<"$config")
keys() { awk '/^\[/ { print } /^  [a-z_]+( =|$)/ { print $1 }'; }
mapfile -t keys_system < <(keys <<<"$system")
need tprd.conf.5 key "${keys_system[@]}"
mapfile -t keys_profile < <(keys <<<"$profile")
need tprd-profile.5 key "${keys_profile[@]}"
mapfile -t muscles < <(sed -n '/^Muscle library/,/^Routines/p' <<<"$config" | awk '/^  [a-z_]+ \(/ { print $1 }')
need tprd-profile.5 muscle "${muscles[@]}"
mapfile -t routines < <(sed -n '/^Routines/,$p' <<<"$config" | awk '/^  [a-z_]+:/ { sub(":", "", $1); print $1 }')
need tprd-profile.5 routine "${routines[@]}"

# The matcher itself: a word no page has must be reported.
before=$missing
need tprd.8 option --no-such-option >/dev/null
[ $missing -eq $((before + 1)) ] || { echo "FAIL: the check did not notice a missing option"; exit 1; }
missing=$before

counts="${#keys_system[@]} system config keys and sections, ${#keys_profile[@]} profile keys and sections, ${#muscles[@]} muscles, ${#routines[@]} routines"
[ ${#keys_system[@]} -gt 30 ] && [ ${#keys_profile[@]} -gt 10 ] && [ ${#muscles[@]} -gt 10 ] ||
    { echo "FAIL: too little read from tprd --help-config ($counts)"; exit 1; }
if [ $missing -ne 0 ]; then
    echo "FAIL: $missing undocumented"
    exit 1
fi
echo "man pages cover tprd --help, tprctl --help and tprd --help-config ($counts)"
