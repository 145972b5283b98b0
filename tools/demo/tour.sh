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

step "Free blocks by migratetype, and fragmentation"
say "Each free list also has a migratetype: movable pages (user memory, page"
say "cache) and unmovable ones (kernel objects) are kept in separate 2 MiB"
say "pageblocks so that movable memory can be compacted into large blocks."
show "grep -E 'order|DMA32|Number' $MS/pagetypeinfo"
say "extfrag: how much free memory is unusable for a request of each order"
say "(0 = none, 1 = all), and the fragmentation index (-1.000: a free block"
say "of that order exists, no need to compact)."
show "grep -E '_index|DMA32' $MS/extfrag"

step "Watch the buddy allocator split a block, then merge it back"
Z=$(awk '{ z = $4 } END { print z }' /proc/buddyinfo)
orders() { printf '   %-22s' "order"; for o in 0 1 2 3 4 5 6 7 8 9 10; do printf '%6s ' $o; done; echo; }
line() { printf '   %-22s' "$1"; grep "zone *$Z " $MS/buddyinfo | cut -c23-; }
say "Ask for four blocks of order 5 (32 pages, 128 KiB each). The allocator"
say "takes the smallest free block of order >= 5 and splits it in halves,"
say "keeping one half and freeing the other, until it has order 5."
orders
line "before"
exec 3<>$MS/experiment
echo "alloc 5 4 movable" >&3
line "after alloc 5 4"
say "memscope holds these blocks (node zone type order pfn):"
sed 's/^/   /' <&3
echo "free all" >&3
exec 3>&-
line "after free all"
say "Compare the columns: free order-5 blocks (of the movable type) go first,"
say "then a larger block is split, leaving one free half at each order in"
say "between; the four pfns are 32 pages apart. Freeing merges each block with"
say "its free buddy (pfn ^ 2^order), order by order, back into the large block."
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

step "The slab allocator's caches"
say "Objects smaller than a page come from SLUB caches: each slab is 2^order"
say "pages cut into equal objects. memscope prints /proc/slabinfo's columns"
say "and then its own: order, sizes, alignment, waste, flags, partial slabs."
if [ -r $MS/slabinfo ] && cat $MS/slabinfo >/dev/null 2>&1; then
	echo
	echo "Top 10 caches by memory (waste = memory - active objects x object size):"
	awk 'NR > 2 { kb = $15 * $6 * 4; w = $25 / 1024
	       printf "%8d kB %-20s %7d/%-7d objs %5d B  waste %6d kB (%d%%)\n",
		      kb, $1, $2, $3, $20, w, kb ? 100 * w / kb : 0 }' $MS/slabinfo |
		sort -rn | head -n 10
	sed 's/ : memscope .*//' $MS/slabinfo > /tmp/ms-slab.$$
	if cmp -s /tmp/ms-slab.$$ /proc/slabinfo; then
		say "the first 16 columns are identical to /proc/slabinfo."
	else
		say "the first 16 columns differ from /proc/slabinfo only where a cache moved between reads."
	fi
	rm -f /tmp/ms-slab.$$
else
	say "slabinfo is unavailable here (see the kernel log for the layout check)."
fi
