#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The memscope tour, run inside the test VM by `make demo`: the ideas of
# the notes memscope grew from (process layout, brk and mmap, demand
# paging, copy-on-write, page tables, huge pages, swap, the buddy and slab
# allocators), each shown live. Every step: a heading, the command, its
# output, and a sentence or two on what to see. Pictures are printed
# between "@@svg NAME" and "@@end" lines; tools/demo.sh saves them.
MS=/sys/kernel/debug/memscope
B=/memscope/bin
STEP=0
export PATH=$B:$PATH

step() {
	STEP=$((STEP + 1))
	echo
	echo "== $STEP. $*"
}
show() {
	echo "\$ $*"
	sh -c "$*" 2>&1 | sed 's/^/  /'
}
say() { echo "   $*"; }

# --- the demo process, driven through a fifo --------------------------------
# tp CMD: send CMD to tourproc, wait for it, print what it said.
tp_start() {
	rm -f /tmp/tp$1.in
	mkfifo /tmp/tp$1.in
	# The output file exists before tp_wait reads it: the child opens it
	# only once the fifo has a writer (the exec below).
	: > /tmp/tp$1.out
	tourproc < /tmp/tp$1.in > /tmp/tp$1.out 2>&1 &
	eval "TP$1=\$!"
	eval "exec $(( 5 + $1 ))> /tmp/tp$1.in"
	tp_wait "$1" 0
}
tp_wait() {
	i=0
	while [ "$(grep -c '^@@ done' /tmp/tp$1.out)" -le "$2" ] && [ $i -lt 100 ]; do
		usleep 100000
		i=$((i + 1))
	done
}
tp() {
	n=$(grep -c '^@@ done' /tmp/tp$1.out)
	l=$(awk 'END { print NR }' /tmp/tp$1.out)
	echo "$2" >&$(( 5 + $1 ))
	tp_wait "$1" "$n"
	sed -n "$((l + 1)),\$p" /tmp/tp$1.out | grep -v '^@@ done' | sed 's/^/  > /'
}
# The address tourproc printed for KEY ("map 0x7f..." -> 0x7f...).
tp_addr() { awk -v k="$2" '$1 == k { a = $2 } END { print a }' /tmp/tp$1.out; }
# pages lines of PID between two addresses (hex, no 0x)
pages_in() {
	echo "$1" > $MS/track 2>/dev/null
	awk -v lo="$2" -v hi="$3" 'length($1) == length(lo) && $1 >= lo && $1 < hi' \
		$MS/pids/$1/pages
}
nox() { echo "$1" | sed 's/^0x//'; }

if [ ! -d $MS ]; then
	echo "memscope is not loaded"; exit 1
fi
# Swap on zram, so a page can be swapped out in step 5. The guest's one
# place for optional features sets it up; the tour leaves swap as it found
# it (a swapoff there resets zram so the device can be sized again).
. /memscope/selftests/lib/features.sh
SWAP_WAS_ON=
grep -q '^/dev/zram0 ' /proc/swaps && SWAP_WAS_ON=1
if swap_on; then
	SWAP=1
else
	echo "(no swap: $(feature_why swap); step 5 skips the swapped page)"
fi

echo "memscope tour: $(cat $MS/version)"

# --- 1 ----------------------------------------------------------------------
step "A process's address space"
tp_start 0
P=$TP0
say "tourproc (pid $P) is a small static program. Its VMAs, as memscope reads"
say "them from the kernel's mm_struct, each classified like the notes' diagram:"
show "memscope vmas $P"
say "text: the program's code (r-x); data: initialised globals; bss: zeroed"
say "globals; heap: grows up from start_brk to brk; stack: grows down; vdso/vvar:"
say "kernel code and data mapped into every process. Where they start:"
show "memscope mm $P | grep -E '^(start_code|end_code|start_data|end_data|start_brk|brk|start_stack|mmap_base) '"
say "The same program again: with ASLR the heap, the mmap area and the stack"
say "move at every exec (the code does not: this binary is not PIE)."
tp_start 1
tp 0 info > /tmp/i0
tp 1 info > /tmp/i1
printf '  %-6s %-18s %-18s\n' "" "first run" "second run"
sed -i 's/ (.*//' /tmp/i0 /tmp/i1
paste -d' ' /tmp/i0 /tmp/i1 | awk '{ printf "  %-6s %-18s %-18s\n", $2, $3, $6 }'
tp 1 quit > /dev/null

# --- 2 ----------------------------------------------------------------------
step "Small and large malloc: brk and mmap"
say "malloc serves small requests from the heap, moving brk up; requests of"
say "128 KiB or more (the mmap threshold) get a mapping of their own."
vmas_before=$(memscope vmas $P | awk 'NR > 1 { print $1 }')
tp 0 small
show "memscope mm $P | grep -E '^(start_brk|brk) '"
tp 0 large
say "The large block is a new anonymous VMA in the mmap area:"
memscope vmas $P | awk 'NR == 1' | sed 's/^/  /'
memscope vmas $P | awk 'NR > 1' | while read -r l; do
	echo "$vmas_before" | grep -q "^${l%% *}\$" || echo "  $l"
done

# --- 3 ----------------------------------------------------------------------
step "Demand paging"
tp 0 map
M=$(tp_addr 0 map)
MX=$(nox "$M")
ME=$(printf '%x' $(( M + 65536 )))
say "A fresh 64 KiB mapping at $M: no page of it exists yet. (It was placed"
say "just below the large malloc's mapping with the same flags, so the kernel"
say "merged the two into one VMA: the rss shown is the malloc's.)"
memscope vmas $P | awk -v a="$(printf '%016x' $M)" 'NR == 1 || $1 == a' | sed 's/^/  /'
echo "  pages mapped in the new 64 KiB: $(pages_in $P "$MX" "$ME" | grep -c .)"
tp 0 "touch 3"
say "Touching three pages faulted them in: each now has a physical frame"
say "(vaddr pfn level flags, from pids/$P/pages):"
pages_in $P "$MX" "$ME" | sed 's/^/  /'

# --- 4 ----------------------------------------------------------------------
step "Copy-on-write"
tp 0 fork
C=$(tp_addr 0 child)
say "After fork, parent $P and child $C map the same frames, read-only:"
echo "  parent: $(pages_in $P "$MX" "$ME" | head -n1)"
echo "  child:  $(pages_in $C "$MX" "$ME" | head -n1)"
tp 0 childwrite
say "The child wrote to the first page: the fault gave it a copy (new pfn);"
say "the parent keeps the original."
echo "  parent: $(pages_in $P "$MX" "$ME" | head -n1)"
echo "  child:  $(pages_in $C "$MX" "$ME" | head -n1)"
echo "$C" > $MS/untrack 2>/dev/null

# --- 5 ----------------------------------------------------------------------
step "One virtual address, walked to a physical frame"
say "The mapping's second page, level by level (index, raw entry, bits):"
show "memscope translate $P $(printf '0x%x' $((M + 4096)))"
tp 0 thp
H=$(tp_addr 0 thp)
say "A transparent huge page: the walk ends at the PMD, one entry for 2 MiB."
show "memscope translate $P $H | grep -E '^(pmd|entry|pfn|phys)'"
if [ -n "${SWAP:-}" ]; then
	tp 0 pageout
	say "The first page pushed out to swap (zram): the PTE now holds a swap"
	say "entry (type, offset) instead of a frame; the next touch faults it in."
	show "memscope translate $P $M | grep -E '^(pte|entry|swap)'"
fi

# --- 6 ----------------------------------------------------------------------
step "Page-table pages, and why sparse is cheap"
show "memscope pagetable $P | grep -E '^(pte_tables|pmd_tables|pud_tables|p4d_tables|pgd_tables|pgtables_bytes |levels)'"
tp 0 sparse
say "Three pages 1 GiB apart need a PTE table and a PMD table each, and"
say "nothing for the gigabytes in between:"
show "memscope pagetable $P | grep -E '^(pte_tables|pmd_tables|pud_tables|pgtables_bytes )'"
say "pgtables_bytes counts PTE, PMD and PUD tables (PGD and P4D are not"
say "counted); it is VmPTE in /proc/$P/status: $(grep VmPTE /proc/$P/status | tr -s ' ')."

# --- 7 ----------------------------------------------------------------------
step "The buddy allocator"
say "Free memory is kept in blocks of 2^order pages, order 0 (4 KiB) to 10"
say "(4 MiB), per zone; memscope prints /proc/buddyinfo's own format:"
show "memscope buddy"
say "Each free list also has a migratetype; unusable free space and the"
say "fragmentation index say how usable the free memory is for each order:"
show "grep -E '_index|DMA32' $MS/extfrag"
Z=$(awk '{ z = $4 } END { print z }' /proc/buddyinfo)
line() { printf '   %-18s' "$1"; grep "zone *$Z " $MS/buddyinfo | cut -c23-; }
say "Four blocks of order 5 (128 KiB each) allocated for real, then freed:"
printf '   %-18s' "order"; for o in 0 1 2 3 4 5 6 7 8 9 10; do printf '%6s ' $o; done; echo
line "before"
exec 3<>$MS/experiment
echo "alloc 5 4 movable" >&3
line "after alloc 5 4"
sed 's/^/     block: /' <&3
echo "free all" >&3
exec 3>&-
line "after free all"
say "A larger block was split in halves down to order 5, leaving one free"
say "half at each order in between; freeing merges each block with its buddy"
say "(pfn ^ 2^order) order by order, back into the large block."

# --- 8 ----------------------------------------------------------------------
step "Slab caches on top of the buddy allocator"
say "Objects smaller than a page come from SLUB caches: slabs of 2^order"
say "pages cut into equal objects. The biggest caches, and what they waste:"
show "memscope slab -n 8"

# --- 9 ----------------------------------------------------------------------
step "The model against the kernel"
say "memsim models the same structures in userspace. A snapshot of this"
say "guest, and the model's predictions beside the real numbers:"
rm -rf /tmp/snap
echo "$P" > $MS/untrack 2>/dev/null
memscope snapshot /tmp/snap "$P" > /dev/null 2>&1
memsim compare /tmp/snap | awk '/^structure/ { t = 1 } t' | sed 's/^/  /'
say "slab geometry and page-table pages follow from the snapshot exactly;"
say "the free lists move between the reads that make up the snapshot."

# --- 10 ---------------------------------------------------------------------
step "Pictures"
memsim vma --maps /tmp/snap/pids/$P/maps --svg /tmp/as.svg < /dev/null > /dev/null 2>&1 ||
	memsim vma --maps /tmp/snap/pids/$P/maps --trace /dev/null --svg /tmp/as.svg > /dev/null 2>&1
memsim buddy --load /tmp/snap/freeblocks --trace /dev/null --svg /tmp/buddy.svg > /dev/null 2>&1
for f in as buddy; do
	if [ -s /tmp/$f.svg ]; then
		echo "@@svg $f.svg"
		cat /tmp/$f.svg
		echo "@@end"
	fi
done
say "as.svg: tourproc's address space (VMAs to scale on a log axis);"
say "buddy.svg: physical memory coloured by free order and migratetype."

tp 0 quit > /dev/null
[ -n "$SWAP_WAS_ON" ] || swap_off
echo
echo "== end of the tour"
