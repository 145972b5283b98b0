#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The physical memory view: reading pagetypeinfo against
# /proc/pagetypeinfo, and the longest zone->lock hold memscope takes while
# dumping freeblocks once memory is fragmented (every other page of 16 MiB
# freed, so an order-0 list outgrows one 1024-entry batch). The hold is
# bounded by design (entries per hold); its time is reported, not asserted.
MS=/sys/kernel/debug/memscope
RB=/memscope/bin/readbench
[ -r $MS/pagetypeinfo ] || exit 0
$RB pagetypeinfo $MS/pagetypeinfo /proc/pagetypeinfo 500

hold() { sed -n 's/^# end: \([0-9]*\) blocks, \([0-9]*\) .*longest hold \([0-9]*\) ns/blocks=\1 holds=\2 max_hold_ns=\3/p' $MS/freeblocks; }
echo "bench freeblocks_quiet $(hold)"
[ -w $MS/experiment ] || exit 0
PHF=/proc/sys/vm/percpu_pagelist_high_fraction
phf=$(cat $PHF)
echo 100000 > $PHF
cap=$(cat /sys/module/memscope/parameters/experiment_max_kb)
# a page and its bookkeeping each: 31/32 of the budget's pages fit
echo "alloc 0 $((cap / 4 * 31 / 32)) movable" > $MS/experiment
awk '{ h[$5] = 1; p[NR] = $5 }
     END { for (i = 1; i <= NR; i++) if (p[i] % 2 == 0 && (p[i] + 1 "") in h) print p[i] }' \
	$MS/experiment > /tmp/bench.even
while read -r pfn; do echo "free $pfn" > $MS/experiment; done < /tmp/bench.even
echo "$phf" > $PHF
echo "bench freeblocks_fragmented $(hold)"
echo "free all" > $MS/experiment
rm -f /tmp/bench.even
