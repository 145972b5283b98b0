#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The process view against /proc/PID/pagemap (selftests/bench/procbench.c):
# 1 GiB populated for the walks, 16 TiB touched once per GiB for the sparse
# walk (the guest runs with 2 GiB under `make bench`).
B=/memscope/bin/procbench
[ -x "$B" ] || { echo "# no $B"; exit 0; }
[ -e /sys/kernel/debug/memscope/track ] || { echo "# no track: process view absent"; exit 0; }
"$B" 1024 16
