#!/usr/bin/env bash
# tprd's front door: help, version, and clear errors with exit status 2.
set -u
tprd=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # description, expected status, grep pattern, command...
    local what=$1 want=$2 pattern=$3
    shift 3
    out=$("$@" 2>&1)
    rc=$?
    if [ "$rc" -ne "$want" ] || ! grep -q -- "$pattern" <<<"$out"; then
        echo "FAIL: $what (exit $rc, want $want; output: $out)"
        fails=$((fails + 1))
    else
        echo "ok: $what"
    fi
}

check "--help explains the daemon" 0 "Usage: tprd" "$tprd" --help
check "--version names it" 0 "^tprd [0-9]" "$tprd" --version
check "unknown option" 2 "unknown option '--bogus'" "$tprd" --bogus
check "--help-config lists profile keys" 0 "band_min" "$tprd" --help-config
check "--help-config lists system keys" 0 "tip_area" "$tprd" --help-config

printf '[user]\nname = x\nroutine = knee_front\n[muscle.soleus]\nband_min = 300\nband_max = 200\n' >"$tmp/bad.ini"
check "impossible dose named with file:line" 2 "bad.ini:6:" "$tprd" --profile "$tmp/bad.ini" --no-record
printf '[device]\nrate = fast\n' >"$tmp/bad.conf"
check "bad system config named with file:line" 2 "bad.conf:2:" "$tprd" --config "$tmp/bad.conf" --no-record
check "missing profile" 2 "nope.ini" "$tprd" --profile "$tmp/nope.ini" --no-record
check "unknown routine" 2 "unknown routine 'knee_top'" "$tprd" --config "$src/config/tprd.conf" --routine knee_top --no-record
check "bad hand script" 1 "h.hand:1:" bash -c "echo 'jump 3s' >'$tmp/h.hand'; '$tprd' --config '$src/config/tprd.conf' --hand '$tmp/h.hand' --no-record"

echo "$((10 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
