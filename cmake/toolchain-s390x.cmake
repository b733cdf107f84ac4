# Big-endian cross build (IBM Z) with clang, run under qemu-user: proves the
# byte-shift loads and the generator do not depend on host byte order. Needs
# Debian's libc6-dev-s390x-cross, libgcc-12-dev-s390x-cross,
# binutils-s390x-linux-gnu and qemu-user (gcc-s390x-linux-gnu conflicts with
# the i386 libraries the 32-bit build needs, clang does not). Used by .ci/cross.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR s390x)
set(CMAKE_C_COMPILER clang)
set(CMAKE_C_COMPILER_TARGET s390x-linux-gnu)
set(CMAKE_EXE_LINKER_FLAGS_INIT -fuse-ld=/usr/bin/s390x-linux-gnu-ld)
set(CMAKE_SHARED_LINKER_FLAGS_INIT -fuse-ld=/usr/bin/s390x-linux-gnu-ld)
set(CMAKE_AR /usr/bin/s390x-linux-gnu-ar)
set(CMAKE_RANLIB /usr/bin/s390x-linux-gnu-ranlib)
set(CMAKE_FIND_ROOT_PATH /usr/s390x-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-s390x -L /usr/s390x-linux-gnu)
set(CMAKE_BUILD_WITH_INSTALL_RPATH ON) # no install-time relinking in a cross build
