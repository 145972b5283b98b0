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

step "A process's address space"
say "A process is a list of VMAs (virtual memory areas) over a page table."
say "This shell's layout, as memscope reads it from the kernel's mm_struct:"
P=$$
if command -v memscope >/dev/null 2>&1; then
	show "memscope vmas $P"
	say "kind: text/data/bss are the ELF segments, heap ends at brk, stack at"
	say "the top; rss/swap/anon/file count pages, as /proc/$P/smaps does."
	show "memscope mm $P | grep -E '^(start_code|end_code|start_data|end_data|start_brk|brk|start_stack|mmap_base|task_size|pgtables_bytes|levels) '"
	say "mmap_base is where top-down mmap allocation starts; levels is 4 or 5"
	say "(5-level paging: la57). pgtables_bytes is /proc/$P/status VmPTE x 1024."
	show "memscope pagetable $P"
	heap=$(awk '/\[heap\]/ {split($1, a, "-"); print a[1]; exit}' /proc/$P/maps)
	stack=$(awk '/\[stack\]/ {split($1, a, "-"); print a[2]; exit}' /proc/$P/maps)
	addr=$(printf '0x%x' $((0x$stack - 4096)))
	step "One address, translated"
	say "The top page of the stack, walked pgd -> p4d -> pud -> pmd -> pte:"
	show "memscope translate $P $addr"
	say "Each line is one level: its index, the raw entry and its bits; the"
	say "leaf gives the page frame (pfn), the physical address and the page."
	[ -n "$heap" ] && say "(the heap starts at 0x$heap)"
else
	show "cat $MS/self/maps"
fi
