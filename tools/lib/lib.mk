# SPDX-License-Identifier: GPL-2.0
#
# tools/lib: the userspace library of memscope - reading files, JSON
# output, the kernel-series enum and one parser per debugfs format -
# shared by the client (tools/memscope), memsim (tools/memsim) and the
# selftests' guest binaries (selftests/Makefile). Each includes this file
# with MSLIB set to this directory and compiles MSLIB_SRCS with its own
# flags (static, ASAN, C11 or gnu11), so the library needs no build of
# its own.
MSLIB_SRCS := $(addprefix $(MSLIB)/,fileio.c json.c kseries.c zone_line.c \
	buddyinfo.c pagetypeinfo.c slabinfo.c version.c maps.c)
MSLIB_HDRS := $(wildcard $(MSLIB)/*.h) $(MSLIB)/../../module/common/slub_geometry.h
