#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Slab benchmark (run by run_bench.sh): full reads of memscope's slabinfo
# against full reads of /proc/slabinfo, alternated (readbench medians),
# then the longest list_lock and slab_mutex holds memscope accounted
# while doing it (debugfs stats; slab_mutex's includes the layout check's
# walk of every cache at load).
MS=/sys/kernel/debug/memscope
RB=/memscope/bin/readbench
cat $MS/slabinfo > /dev/null 2>&1 || { echo "# slab bench: slabinfo unavailable"; exit 0; }
$RB slabinfo $MS/slabinfo /proc/slabinfo 300
caches=$(($(wc -l < /proc/slabinfo) - 2))
awk -v c="$caches" '
	$1 == "slab_list_lock" { l = $5; li = $7 }
	$1 == "slab_mutex" { m = $5; mi = $7 }
	END { printf "bench slabinfo_holds caches=%d list_lock_max_ns=%s list_lock_max_slabs=%s slab_mutex_max_ns=%s slab_mutex_max_caches=%s\n", c, l, li, m, mi }' $MS/stats
