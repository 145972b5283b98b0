#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/zoneinfo against /proc/zoneinfo (sizes and watermarks),
# /proc/buddyinfo (nr_free) and /proc/pagetypeinfo (pageblocks).
. "$(dirname "$0")/../lib/ktap.sh"
[ -r "$MS/zoneinfo" ] || ktap_skip_all "memscope zoneinfo missing"
ktap_begin 6
T=/tmp/zoneinfo.$$

# "node zone key value" for the keys both files have.
KEYS="spanned present managed min low high"
ours() {
	awk -v keys=" $KEYS " '$1 == "Node" { n = $2; z = $4; sub(",", "", n); next }
		index(keys, " " $1 " ") { print n, z, $1, $2 }' "$MS/zoneinfo"
}
proc() {
	awk -v keys=" $KEYS " '$1 == "Node" { n = $2; z = $4; sub(",", "", n); next }
		index(keys, " " $1 " ") && NF == 2 { print n, z, $1, $2 }' /proc/zoneinfo
}
ours > $T.ours
proc > $T.proc
nz=$(grep -c '^Node' "$MS/zoneinfo")
bad=0
while read -r line; do
	grep -qxF "$line" $T.proc || { ktap_diag "not in /proc/zoneinfo: $line"; bad=1; }
done < $T.ours
[ "$(wc -l < $T.ours)" -eq $((nz * 6)) ] || { ktap_diag "expected $((nz * 6)) values"; bad=1; }
ktap_check zoneinfo.sizes_and_watermarks [ $nz -gt 0 -a $bad = 0 ]

# nr_free per order is buddyinfo's line for the zone.  Both are read
# under zone->lock, but not under the same hold: on a busy guest (the
# debug pass poisons every freed page) the free lists move between the
# two reads, so retry until one pair of reads saw the same state.
same=0
for try in $(seq 1 40); do
	awk '$1 == "Node" { n = $2; z = $4; sub(",", "", n) }
	     $1 == "nr_free" { $1 = ""; print n, z $0 }' "$MS/zoneinfo" > $T.nf
	awk '{ $1 = ""; $3 = ""; print }' /proc/buddyinfo |
		awk '{ $1 = $1; print }' | tr -d , > $T.bi
	if cmp -s $T.nf $T.bi; then same=1; break; fi
	sleep 0.1
done
[ $same = 1 ] || ktap_diag "no agreeing pair in $try tries"
[ $same = 1 ] || diff $T.nf $T.bi | sed 's/^/# /'
ktap_check zoneinfo.nr_free_is_buddyinfo [ $same = 1 ]

# pageblocks per type are pagetypeinfo's "Number of blocks" line.
our_blocks() {
	awk '$1 == "Node" { n = $2; z = $4; sub(",", "", n) }
	     $1 == "pageblocks" { l = n " " z; for (i = 3; i <= NF; i += 2) l = l " " $i; print l }' \
		"$MS/zoneinfo"
}
proc_blocks() {
	# page_owner kernels add a "Number of mixed blocks" section: stop there.
	awk '/^Number of blocks/ { b = 1; next } /^Number of mixed/ { b = 0 }
	     b && /^Node/ && !/, type/ { $1 = ""; $3 = ""; print }' \
		/proc/pagetypeinfo | awk '{ $1 = $1; print }' | tr -d ,
}
ktap_check zoneinfo.pageblocks_are_pagetypeinfo agrees our_blocks proc_blocks

# free pages: the per-CPU counter drift allows at most 125 pages per CPU
# per zone between two reads of NR_FREE_PAGES.
ncpu=$(grep -c '^processor' /proc/cpuinfo)
ok=0
for try in 1 2 3 4 5; do
	awk '$1 == "Node" { n = $2; z = $4; sub(",", "", n) } $1 == "free" { print n, z, $2 }' \
		"$MS/zoneinfo" > $T.free
	awk '$1 == "Node" { n = $2; z = $4; sub(",", "", n) }
	     $1 == "pages" && $2 == "free" { print n, z, $3 }' /proc/zoneinfo > $T.pfree
	ok=1
	while read -r n z f; do
		pf=$(awk -v n=$n -v z=$z '$1 == n && $2 == z { print $3 }' $T.pfree)
		d=$((f - ${pf:-0})); [ $d -lt 0 ] && d=$((-d))
		[ -n "$pf" ] && [ $d -le $((ncpu * 125)) ] || { ok=0; ktap_diag "$n $z free $f vs $pf"; }
	done < $T.free
	[ $ok = 1 ] && break
done
ktap_check zoneinfo.free_within_drift [ $ok = 1 ]
ktap_check zoneinfo.mode_0400 [ "$(file_mode "$MS/zoneinfo")" = 400 ]
ktap_check zoneinfo.write_refused write_refused "$MS/zoneinfo" x
rm -f $T.*
ktap_end
