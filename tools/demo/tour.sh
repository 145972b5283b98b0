#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The memscope tour, run inside the test VM by `make demo`. Each step: a
# heading, the command that shows the idea, its output, and a sentence on
# what to see. Later steps are added as memscope learns to show more.
MS=/sys/kernel/debug/memscope
STEP=0

step() {
	STEP=$((STEP + 1))
	echo
	echo "== $STEP. $*"
}
show() {
	echo "\$ $*"
	sh -c "$*"
}
say() { echo "   $*"; }

step "memscope is loaded"
show "cat $MS/version"
say "The module's version, its debugfs ABI number and the kernel it reads."
show "ls $MS"

step "The buddy allocator's free areas"
say "Free memory is kept in blocks of 2^order pages, order 0 (4 KiB) to"
say "order 10 (4 MiB), per zone. Each column counts the free blocks of one order."
echo
echo "memscope buddyinfo:"
cat $MS/buddyinfo
echo "/proc/buddyinfo (the kernel's own view):"
cat /proc/buddyinfo
if cmp -s $MS/buddyinfo /proc/buddyinfo; then
	say "identical: memscope prints the kernel's format, so diff is a test."
else
	say "they differ by what was allocated between the two reads."
fi
echo
echo "Free memory per zone, from the counts (pages x 2^order x 4 KiB):"
awk '{ kb = 0; sz = 4; for (o = 0; o <= 10; o++) { kb += $(5 + o) * sz; sz *= 2 }
       printf "   node %s zone %-8s %8d kB free in the buddy lists\n", $2, $4, kb }' \
	$MS/buddyinfo | tr -d ,
