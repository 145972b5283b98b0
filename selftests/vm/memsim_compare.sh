#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The model against the live kernel: a memscope snapshot of the guest,
# then `memsim compare`. SLUB geometry and page-table page counts are
# deterministic functions of what the snapshot holds, so the model must
# match them exactly (100%); buddy free lists are reported (they move
# between the two reads that make up the snapshot).
. "$(dirname "$0")/../lib/ktap.sh"
B=/memscope/bin
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
[ -x "$B/memsim" ] && [ -x "$B/memscope" ] || ktap_skip_all "no static memsim/memscope"
[ -e "$MS/track" ] && [ -e "$MS/slabinfo" ] ||
	ktap_skip_all "needs the process and slab views"
ktap_begin 4

"$B/sparse_layout" > /tmp/sparse.out &
sp=$!
sleep 1 &
sl=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	grep -q ready /tmp/sparse.out && break
	sleep 1
done
wait $sl
sleep 600 &
idle=$!

rm -rf /tmp/snap
"$B/memscope" snapshot /tmp/snap 1 "$sp" "$idle"
ktap_check memsim.snapshot_taken [ $? = 0 ]
"$B/memsim" compare /tmp/snap > /tmp/compare.out 2>&1
crc=$?
sed 's/^/# /' /tmp/compare.out
ktap_check memsim.compare_runs [ $crc = 0 ]

# The summary table's match column: the first "NN.N%" on the row.
rate() {
	awk -v s="$1" 'index($0, s) == 1 {
		for (i = 1; i <= NF; i++) if ($i ~ /%$/) { print $i; exit } }' \
		/tmp/compare.out
}
# A debug boot (slub_debug) changes every cache's geometry on purpose.
if grep -q slub_debug /proc/cmdline; then
	ktap_skip memsim.slab_geometry_exact "slub_debug changes cache geometry"
else
	ktap_check memsim.slab_geometry_exact [ "$(rate 'slab geometry')" = "100.0%" ]
fi
bad=0
n=0
for pid in 1 "$sp" "$idle"; do
	n=$((n + 1))
	r=$(rate "pgtable pid $pid")
	[ "$r" = "100.0%" ] || { bad=1; ktap_diag "pgtable pid $pid: ${r:-missing}"; }
done
ktap_check memsim.pgtable_pages_exact [ $bad = 0 ]
kill "$sp" "$idle" 2>/dev/null
ktap_end
