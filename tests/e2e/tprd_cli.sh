#!/usr/bin/env bash
# tprd's front door: help, version, and clear errors with exit status 2.
set -u
tprd=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
passes=0
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
        passes=$((passes + 1))
    fi
}

check "--help explains the daemon" 0 "Usage: tprd" "$tprd" --help
check "--version names it" 0 "^tprd [0-9]" "$tprd" --version
check "unknown option" 2 "unknown option '--bogus'" "$tprd" --bogus
check "--help-config lists profile keys" 0 "band_min" "$tprd" --help-config
check "--help-config lists system keys" 0 "tip_area" "$tprd" --help-config
check "--help-config lists the screening conditions" 0 "dvt_history: a deep-vein thrombosis" "$tprd" --help-config

printf '[user]\nname = x\nroutine = knee_front\n[muscle.soleus]\nband_min = 300\nband_max = 200\n' >"$tmp/bad.ini"
check "impossible dose named with file:line" 2 "bad.ini:6:" "$tprd" --profile "$tmp/bad.ini" --no-record
printf '[device]\nrate = fast\n' >"$tmp/bad.conf"
check "bad system config named with file:line" 2 "bad.conf:2:" "$tprd" --config "$tmp/bad.conf" --no-record
check "missing profile" 2 "nope.ini" "$tprd" --profile "$tmp/nope.ini" --no-record
check "unknown routine" 2 "unknown routine 'knee_top'" "$tprd" --config "$src/config/tprd.conf" --routine knee_top --no-record
# --user names a file in the profiles directory: only a plain name.
check "--user ../NAME" 2 "the user must be a plain name: '../etc/x' has '.' at byte 1" "$tprd" --config "$src/config/tprd.conf" --user ../etc/x --no-record
check "--user with a space" 2 "'al ice' has ' ' at byte 3" "$tprd" --config "$src/config/tprd.conf" --user "al ice" --no-record
check "--user of 65 bytes" 2 "is 65 bytes long" "$tprd" --config "$src/config/tprd.conf" --user "$(printf 'a%.0s' $(seq 65))" --no-record
printf '[device]\ndefault_user = ../x\n' >"$tmp/du.conf"
check "default_user ../x" 2 "du.conf:2: .device. default_user must be a plain name" "$tprd" --config "$tmp/du.conf" --no-record
# Not a regular file: refused at once (timeout: /dev/zero was read forever).
check "--config /dev/zero" 2 "/dev/zero: not a regular file" timeout 20 "$tprd" --config /dev/zero --no-record
check "--config DIR" 2 "not a regular file (a directory)" timeout 20 "$tprd" --config "$tmp" --no-record
check "--profile /dev/zero" 2 "/dev/zero: not a regular file" timeout 20 "$tprd" --profile /dev/zero --no-record
check "--hand DIR" 1 "not a regular file (a directory)" timeout 20 "$tprd" --config "$src/config/tprd.conf" --hand "$tmp" --no-record
check "--replay DIR" 1 "Is a directory" timeout 20 "$tprd" --replay "$tmp" --muscle soleus
# A NUL after a comment hid "limit = 600": with it a 500 kPa replay gave no over_limit.
{ printf '[user]\nroutine = knee_front\n[muscle.rectus_femoris]\n; note\0'; printf 'Y%.0s' $(seq 192); printf 'limit = 600\n'; } >"$tmp/nul.ini"
printf 't_ms,pressure_kpa\n0,500\n100,500\n' >"$tmp/t500.csv"
check "NUL in a profile" 2 "nul.ini:4: control byte 0x00 at column 7" "$tprd" --replay "$tmp/t500.csv" --muscle rectus_femoris --profile "$tmp/nul.ini"
# A log line quoting what a person typed shows control bytes, never sends them.
check "escape sequence in a log line" 2 'x1b\[2J' "$tprd" --config "$src/config/tprd.conf" --user $'\e[2J' --no-record
if "$tprd" --config "$src/config/tprd.conf" --user $'\e[2J' --no-record 2>&1 | grep -q $'\e'; then
    echo "FAIL: a raw escape byte reached the log"
    fails=$((fails + 1))
fi
# 0x10 was replayed as 16 kPa: trace numbers are decimal only.
printf 't_ms,pressure_kpa\n0,10\n1,0x10\n' >"$tmp/hex.csv"
check "hex in a trace" 2 "hex.csv:3: pressure_kpa (column 2): '0x10' is not a decimal number" "$tprd" --replay "$tmp/hex.csv" --muscle soleus
check "bad hand script" 1 "h.hand:1:" bash -c "echo 'jump 3s' >'$tmp/h.hand'; '$tprd' --config '$src/config/tprd.conf' --hand '$tmp/h.hand' --no-record"

# Under systemd (stderr is the journal's stream) lines carry the priority.
touch "$tmp/journal"
stream=$(stat -c '%d:%i' "$tmp/journal")
JOURNAL_STREAM=$stream "$tprd" --config "$tmp/bad.conf" --no-record 2>>"$tmp/journal"
if grep -q '^<3>error: .*bad.conf:2:' "$tmp/journal"; then
    echo "ok: journal priority prefix"
    passes=$((passes + 1))
else
    echo "FAIL: journal priority prefix: $(cat "$tmp/journal")"
    fails=$((fails + 1))
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
