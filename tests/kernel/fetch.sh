#!/usr/bin/env bash
# Fetch what the kernel rig boots, from Debian 12's archive, without
# installing anything and without touching the system's apt set-up: the
# kernel of ARCH (amd64, the default, or arm64) with its modules and
# busybox, unpacked under DIR/root, the kernel's uncompressed image as
# DIR/vmlinux and ARCH in DIR/arch. Fetches once; later runs reuse DIR.
# Usage: fetch.sh DIR [ARCH]
set -euo pipefail

dir=${1:?usage: fetch.sh DIR [ARCH]}
arch=${2:-amd64}
suite=bookworm
# busybox-static: the guest's shell and tools, i2cset among them.
packages=(busybox-static)

fail() {
    echo "tests/kernel/fetch.sh: $*" >&2
    exit 1
}

mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ -f "$dir/.complete" ] && exit 0

# shellcheck source=../../scripts/private_apt.sh
. "$(dirname "$0")/../../scripts/private_apt.sh"
private_apt "$dir/apt" "$suite" "$arch" ||
    fail "no Debian mirror (a URI ending in /debian) in /etc/apt/sources.list or /etc/apt/sources.list.d"
debian_mirror=$private_apt_uri
echo "tests/kernel/fetch.sh: fetching the $arch kernel, ${packages[*]} from $debian_mirror $suite" >&2
"${apt[@]}" --error-on=any update >&2 || fail "apt-get update of $debian_mirror $suite failed"
# linux-image-ARCH only depends on the current kernel's package.
kernel=$("${apt_cache[@]}" depends "linux-image-$arch" | awk '$1 == "Depends:" && $2 ~ /^linux-image-/ { print $2; exit }')
[ -n "$kernel" ] || fail "linux-image-$arch in $debian_mirror $suite names no kernel package"
mkdir -p "$dir/debs"
(cd "$dir/debs" && rm -f ./*.deb && "${apt[@]}" download "$kernel" "${packages[@]}" >&2) ||
    fail "cannot download $kernel ${packages[*]} from $debian_mirror $suite"

rm -rf "$dir/root"
for deb in "$dir"/debs/*.deb; do
    dpkg-deb -x "$deb" "$dir/root" || fail "cannot unpack $deb"
done
# The package leaves modules.dep to its install script: made here (rig.sh
# reads each module's dependencies from it).
kver=${kernel#linux-image-}
depmod -b "$dir/root" "$kver" || fail "depmod $kver failed"

vmlinuz=$dir/root/boot/vmlinuz-$kver
if [ "$arch" = arm64 ]; then
    # Debian's arm64 image is not compressed: QEMU boots it as it is.
    ln -sfn "$vmlinuz" "$dir/vmlinux"
else
    # Without KVM the kernel's own xz decompressor takes QEMU about 15 s at
    # every boot: unpack the ELF image inside the bzImage once, here; QEMU
    # boots it directly (PVH entry).
    off=$(LC_ALL=C grep -obUaF $'\xfd7zXZ' "$vmlinuz" | head -n 1 | cut -d: -f1)
    [ -n "$off" ] || fail "no xz stream in $vmlinuz"
    # (xz stops reading at the end of its stream: no pipe, whose writer
    # would die of SIGPIPE.)
    xz -dc --single-stream >"$dir/vmlinux" < <(tail -c +$((off + 1)) "$vmlinuz") ||
        fail "cannot unpack the kernel image of $vmlinuz"
fi
echo "$arch" >"$dir/arch"
touch "$dir/.complete"
echo "tests/kernel/fetch.sh: $kernel unpacked in $dir/root" >&2
