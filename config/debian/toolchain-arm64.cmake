# Cross build for arm64 (Raspberry Pi OS 64-bit) with Debian's cross
# toolchain (crossbuild-essential-arm64) against the sysroot scripts/sysroot
# unpacks: cmake -DCMAKE_TOOLCHAIN_FILE=this -DCMAKE_SYSROOT=DIR/root.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
if(NOT CMAKE_SYSROOT)
  message(FATAL_ERROR "cross build for arm64: set CMAKE_SYSROOT to the sysroot of scripts/sysroot")
endif()

# Headers, libraries and pkg-config files from the sysroot only; programs
# (pkg-config, gzip) from the build machine.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
set(ENV{PKG_CONFIG_SYSROOT_DIR} ${CMAKE_SYSROOT})
set(ENV{PKG_CONFIG_LIBDIR}
  ${CMAKE_SYSROOT}/usr/lib/aarch64-linux-gnu/pkgconfig:${CMAKE_SYSROOT}/usr/share/pkgconfig)
set(ENV{PKG_CONFIG_PATH} "")

# The built programs run under qemu-aarch64 with the sysroot's libraries.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L ${CMAKE_SYSROOT})
set(TPRD_DEB_ARCH arm64 CACHE STRING "Architecture: of the package (empty: dpkg's)")
