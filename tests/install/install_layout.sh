#!/usr/bin/env bash
# cmake --install of this build into a staging directory (DESTDIR): the
# programs, the unit naming the installed tprd, the configuration under
# /etc/tprd, the udev rule, the pages and the examples, each where the
# install layout puts it for the build's prefix.
# The hardware backends' modules go into the package's library directory.
# Usage: tests/install/install_layout.sh BUILD_DIR PREFIX UNITDIR RULESDIR [MODULE_FILE...]
set -euo pipefail
build=${1:?usage: install_layout.sh BUILD_DIR PREFIX UNITDIR RULESDIR}
prefix=${2:?}
unitdir=${3:?}
rulesdir=${4:?}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

DESTDIR=$stage cmake --install "$build" >/dev/null
missing=0
for f in "$prefix/sbin/tprd" "$prefix/bin/tprctl" "$unitdir/tprd.service" \
    "$rulesdir/60-tprd.rules" /etc/tprd/tprd.conf /etc/tprd/users/example.ini \
    "$prefix/share/man/man8/tprd.8.gz" "$prefix/share/man/man1/tprctl.1.gz" \
    "$prefix/share/man/man5/tprd.conf.5.gz" "$prefix/share/man/man5/tprd-profile.5.gz" \
    "$prefix/share/doc/tprd/examples/alice.ini" "$prefix/share/doc/tprd/copyright" "${@:5}"; do
    [ -f "$stage$f" ] || { echo "not installed: $f"; missing=1; }
done
[ $missing -eq 0 ] || exit 1
[ -x "$stage$prefix/sbin/tprd" ] || { echo "$prefix/sbin/tprd is not executable"; exit 1; }
grep -q "^ExecStart=$prefix/sbin/tprd --config /etc/tprd/tprd.conf" "$stage$unitdir/tprd.service" ||
    { echo "tprd.service does not start $prefix/sbin/tprd: $(grep ExecStart "$stage$unitdir/tprd.service")"; exit 1; }
grep -q '^User=tprd$' "$stage$unitdir/tprd.service" || { echo "tprd.service does not run as user tprd"; exit 1; }
zcat "$stage$prefix/share/man/man8/tprd.8.gz" | grep -q "^\.TH TPRD 8 .*tprd [0-9]" ||
    { echo "tprd.8 has no version in its title"; exit 1; }
# Nothing outside the prefix but /etc and the unit and rule directories.
outside=$(cd "$stage" && find . -type f | sed 's/^\.//' |
    grep -v -e "^$prefix/" -e '^/etc/' -e "^$unitdir/" -e "^$rulesdir/" || true)
[ -z "$outside" ] || { echo "installed outside the layout: $outside"; exit 1; }
echo "installed under $prefix, /etc/tprd, $unitdir and $rulesdir: $(cd "$stage" && find . -type f | wc -l) files"
