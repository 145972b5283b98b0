#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest-side slab benchmark: full reads of memscope's slabinfo against
# full reads of /proc/slabinfo, interleaved in one boot, and the longest
# list_lock hold memscope measured while counting partial slabs.
# Run: tools/vm/run-vm -q -k 6.12 -- sh /memscope/selftests/bench/slab.sh [N]
MS=/sys/kernel/debug/memscope
N=${1:-200}
P=/sys/module/memscope/parameters/slab_lock_hold_max_ns

# now: centiseconds since boot.
now() { awk '{ printf "%d\n", $1 * 100 }' /proc/uptime; }
# reads FILE: time N full reads of FILE, in centiseconds.
reads() {
	t0=$(now)
	i=0
	while [ $i -lt "$N" ]; do cat "$1" > /dev/null; i=$((i + 1)); done
	echo $(($(now) - t0))
}

cat $MS/slabinfo > /dev/null || { echo "bench: slabinfo unavailable"; exit 1; }
cat /proc/slabinfo > /dev/null
tm=0 tp=0
for round in 1 2 3; do
	tp=$((tp + $(reads /proc/slabinfo)))
	tm=$((tm + $(reads $MS/slabinfo)))
done
echo "slab bench: $(uname -r), $(($(wc -l < /proc/slabinfo) - 2)) caches, 3 x $N reads each"
echo "slab bench: /proc/slabinfo $((tp * 10 / (3 * N))).$((tp * 100 / (3 * N) % 10)) ms/read, memscope slabinfo $((tm * 10 / (3 * N))).$((tm * 100 / (3 * N) % 10)) ms/read"
awk -v m=$tm -v p=$tp 'BEGIN { printf "slab bench: ratio memscope/proc %.2fx\n", p ? m / p : 0 }'
echo "slab bench: longest list_lock hold $(cat $P) ns"
