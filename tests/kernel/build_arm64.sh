#!/usr/bin/env bash
# Cross-build tprd and tprctl for the arm64 guest of the kernel rig, with
# Debian's cross toolchain (crossbuild-essential-arm64) against the
# libraries of Debian 12 for arm64 (scripts/sysroot), with libgpiod of the
# given major version: 1 (Debian 12's 1.6), or 2 (bookworm-backports'
# 2.x for arm64, fetched by scripts/gpiod2 and laid over the sysroot).
# Everything stays under DIR: DIR/sysroot, DIR/build (the programs in
# controller/daemon/tprd and controller/tprctl/tprctl). Fetches once;
# later runs only build what changed.
# Usage: build_arm64.sh SOURCE_DIR DIR GPIOD_MAJOR
set -euo pipefail

src=$(cd "${1:?usage: build_arm64.sh SOURCE_DIR DIR GPIOD_MAJOR}" && pwd)
dir=${2:?}
major=${3:?}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

fail() {
    echo "tests/kernel/build_arm64.sh: $*" >&2
    exit 1
}
command -v aarch64-linux-gnu-gcc >/dev/null ||
    fail "no aarch64-linux-gnu-gcc (scripts/deps installs crossbuild-essential-arm64)"

sysroot=$("$src/scripts/sysroot" "$dir/sysroot" arm64)
if [ "$major" = 2 ] && ! [ -f "$dir/sysroot/.gpiod2" ]; then
    "$src/scripts/gpiod2" "$dir/libgpiod2" arm64 >/dev/null
    # Its gpiod.h, libgpiod.so and libgpiod.pc replace 1.6's; the sysroot's
    # files are hard links to the unpacked packages, which stay as they are.
    cp -a --remove-destination "$dir/libgpiod2/root/." "$sysroot/"
    touch "$dir/sysroot/.gpiod2"
fi

# Configured once: the build step configures again when a CMakeLists.txt
# changes.
[ -f "$dir/build/CMakeCache.txt" ] ||
    cmake -S "$src" -B "$dir/build" -DCMAKE_TOOLCHAIN_FILE="$src/config/debian/toolchain-arm64.cmake" \
        -DCMAKE_SYSROOT="$sysroot" -DTPRD_TESTS=OFF -DTPRD_HARDWARE=ON -DTPRD_WERROR=ON >/dev/null
grep -q "^LIBGPIOD_VERSION:INTERNAL=$major\." "$dir/build/CMakeCache.txt" ||
    fail "$dir/build did not pick up libgpiod $major.x: $(grep '^LIBGPIOD_VERSION:' "$dir/build/CMakeCache.txt")"
cmake --build "$dir/build" -j "$(nproc)" --target tprd tprctl
echo "tests/kernel/build_arm64.sh: tprd and tprctl for arm64 with libgpiod" \
    "$(sed -n 's/^LIBGPIOD_VERSION:INTERNAL=//p' "$dir/build/CMakeCache.txt") in $dir/build"
