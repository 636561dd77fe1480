#!/usr/bin/env bash
# The amd64 package in a throw-away root made of its own files and the
# packages its Depends: name (and theirs), fetched like the arm64 sysroot:
# tprd and tprctl run there, so Depends: is complete; the maintainer
# scripts create the tprd user and group and the data directory, remove
# keeps the data, purge removes it. Needs root (chroot); exit 77 otherwise.
# Usage: tests/package/install_root.sh TPRD.deb DIR
set -euo pipefail
deb=$(realpath "${1:?usage: install_root.sh TPRD.deb DIR}")
dir=${2:?usage: install_root.sh TPRD.deb DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root for chroot"; exit 77; }

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# Depends: names, plus what a Debian system always has and the maintainer
# scripts use (sh, perl for adduser, getent, install, the passwd and group
# files, deb-systemd-helper, nologin).
mapfile -t deps < <(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g')
arch=$(dpkg-deb -f "$deb" Architecture)
base=$("$src/scripts/sysroot" "$dir/deps" "$arch" "${deps[@]}" dash coreutils libc-bin base-passwd perl-base \
    init-system-helpers login)

root=$dir/root
rm -rf "$root"
cp -al "$base" "$root"
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$root/DEBIAN"
cp "$root/usr/share/base-passwd/passwd.master" "$root/etc/passwd"
cp "$root/usr/share/base-passwd/group.master" "$root/etc/group"
touch "$root/etc/shadow" "$root/etc/gshadow"
mkdir -p "$root/run" "$root/dev"
mknod -m 666 "$root/dev/null" c 1 3
groupadd --root "$root" --system gpio

run() { chroot "$root" /usr/bin/env PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
# A maintainer script as dpkg runs it.
script() {
    run DPKG_MAINTSCRIPT_PACKAGE=tprd DPKG_MAINTSCRIPT_NAME="$1" DPKG_MAINTSCRIPT_ARCH="$arch" \
        /bin/sh "/DEBIAN/$1" "${@:2}"
}

run /usr/sbin/tprd --version | grep -qx "tprd $(dpkg-deb -f "$deb" Version | sed 's/-[^-]*$//')" ||
    fail "tprd --version in the installed root"
run /usr/sbin/tprd --help-config >"$dir/help-config.txt" || fail "tprd --help-config in the installed root"
grep -q '^\[muscle.NAME\]' "$dir/help-config.txt" || fail "tprd --help-config printed no profile keys"
grep -q 'popliteus' "$dir/help-config.txt" || fail "tprd --help-config printed no muscle library"
run /usr/bin/tprctl --version | grep -q '^tprctl ' || fail "tprctl --version in the installed root"
echo "tprd and tprctl run from a root holding only the package and its dependencies"

# The backend modules load from the package's directory with the libraries
# Depends: brought: a hardware config gets as far as the hardware, which
# this root has none of.
mkdir -p "$root/tmp"
printf '[motor]\nbackend = gpio\nline = gpiochip0:17\n' >"$root/tmp/gpiod.conf"
printf '[pressure]\nbackend = iio\ndevice = ads1115\nchannels = voltage0\n' >"$root/tmp/iio.conf"
for m in gpiod iio; do
    ls "$root"/usr/lib/*/tprd/tpr-$m.so >/dev/null 2>&1 || fail "the package has no tpr-$m.so"
    run /usr/sbin/tprd --config /tmp/$m.conf --no-record --duration 1 >"$dir/$m.log" 2>&1 &&
        fail "tprd ran on [$m] hardware in a root without it"
    grep -q 'cannot open the' "$dir/$m.log" || fail "tpr-$m.so did not load: $(cat "$dir/$m.log")"
done
echo "the modules load: $(cat "$dir/gpiod.log" "$dir/iio.log" | tr '\n' ' ')"

script postinst configure >"$dir/postinst.log" 2>&1 || fail "postinst configure: $(cat "$dir/postinst.log")"
run getent passwd tprd | grep -q ':/var/lib/tprd:' || fail "postinst made no system user tprd"
run id -nG tprd | tr ' ' '\n' | grep -qx tprd || fail "user tprd is not in group tprd"
run id -nG tprd | tr ' ' '\n' | grep -qx gpio || fail "user tprd is not in the existing group gpio"
[ "$(run stat -c %U:%G /var/lib/tprd)" = tprd:tprd ] || fail "/var/lib/tprd is not owned by tprd"
[ -L "$root/etc/systemd/system/multi-user.target.wants/tprd.service" ] ||
    fail "postinst did not enable tprd.service"
script postinst configure 0.0.0-1 >>"$dir/postinst.log" 2>&1 || fail "postinst on upgrade failed"
echo "postinst: user and group tprd (also in gpio), /var/lib/tprd owned by tprd, service enabled; again on upgrade"

touch "$root/var/lib/tprd/sessions.db"
script postrm remove >/dev/null 2>&1 || fail "postrm remove failed"
[ -f "$root/var/lib/tprd/sessions.db" ] || fail "postrm remove deleted the session database"
script postrm purge >/dev/null 2>&1 || fail "postrm purge failed"
[ ! -e "$root/var/lib/tprd" ] || fail "postrm purge left /var/lib/tprd"
echo "postrm: remove keeps /var/lib/tprd, purge removes it"
