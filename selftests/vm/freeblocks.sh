#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/freeblocks: per-list counts equal /proc/pagetypeinfo's, every
# block is aligned to its order, distinct, and free in /proc/kpageflags.
# A fragmented run (many order-0 lists entries, more than one batch per
# list) must still add up.
. "$(dirname "$0")/../lib/ktap.sh"
[ -r "$MS/freeblocks" ] || ktap_skip_all "memscope freeblocks missing"
ktap_begin 10
T=/tmp/freeblocks.$$

# "node zone type order count" for each non-empty list.
fb_counts() {
	grep -v '^#' "$MS/freeblocks" > $T.fb
	awk '{ c[$1 " " $2 " " $3 " " $4]++ } END { for (k in c) print k, c[k] }' $T.fb | sort
}
pti_counts() {
	awk '/^Node .*type/ { n = $2; z = $4; t = $6; sub(",", "", n); sub(",", "", z)
		for (o = 0; o < 11; o++) if ($(7 + o) != "0") print n, z, t, o, $(7 + o) }' \
		/proc/pagetypeinfo | sort
}
match_pti() {
	for try in 1 2 3 4 5; do
		fb_counts > $T.a
		pti_counts > $T.b
		[ -s $T.a ] && cmp -s $T.a $T.b && return 0
	done
	diff $T.a $T.b | head -20 | sed 's/^/# /'
	return 1
}

ktap_check freeblocks.counts_match_pagetypeinfo match_pti

bad=0
while read -r n z t o pfn; do
	[ $(( pfn & ((1 << o) - 1) )) -eq 0 ] || { bad=1; ktap_diag "unaligned: $n $z $t $o $pfn"; }
done < $T.fb
ktap_check freeblocks.order_aligned [ $bad = 0 -a -s $T.fb ]
ktap_check freeblocks.distinct [ -z "$(awk '{ print $5 }' $T.fb | sort | uniq -d)" ]

# The end line counts the blocks printed.
end=$(grep '^# end:' "$MS/freeblocks")
n=$(echo "$end" | awk '{ print $3 }')
ktap_check freeblocks.end_line [ -n "$n" -a "$n" -gt 0 ]

# Blocks of order >= 4 never sit on per-CPU lists: each must be free
# (KPF_BUDDY, bit 10, in /proc/kpageflags: the page lies in a free buddy
# block) when sampled.
kpf_buddy() {
	_v=$(dd if=/proc/kpageflags bs=8 skip=$1 count=1 2>/dev/null | od -An -tu8 | tr -d ' ')
	[ -n "$_v" ] && [ $(( (_v >> 10) & 1 )) -eq 1 ]
}
# A block allocated between the two reads (a slow debug kernel splits big
# blocks while 32 reads of kpageflags run) is no longer listed: only a
# block freeblocks still lists but kpageflags says is not free fails, and
# at least half of the sample must be confirmed.
still_listed() {
	grep -v '^#' "$MS/freeblocks" | awk -v p=$1 '$5 == p { f = 1 } END { exit !f }'
}
check_buddy() {
	grep -v '^#' "$MS/freeblocks" | awk '$4 >= 4' | head -32 > $T.big
	[ -s $T.big ] || return 1
	_seen=0
	while read -r n z t o pfn; do
		if kpf_buddy $pfn; then _seen=$((_seen + 1))
		elif still_listed $pfn && ! kpf_buddy $pfn; then
			ktap_diag "pfn $pfn order $o listed free, not KPF_BUDDY"
			return 1
		fi
	done < $T.big
	[ $_seen -ge $(( $(wc -l < $T.big) / 2 )) ]
}
if [ -r /proc/kpageflags ]; then
	ok=1
	for try in 1 2 3 4 5; do check_buddy && break; [ $try = 5 ] && ok=0; done
	ktap_check freeblocks.kpageflags_buddy [ $ok = 1 ]
else
	ktap_skip freeblocks.kpageflags_buddy "no /proc/kpageflags"
fi

# Fragment: take 4096 single pages through experiment, give back those
# at even pfns whose odd buddy stays held (so they cannot merge) and
# compare again; an order-0 list is then longer than one 1024-entry batch,
# so some list needs more than one lock hold. Freed single pages go to
# the per-CPU lists first, which may hold thousands: a huge
# percpu_pagelist_high_fraction cuts their limit to 4 batches for the
# duration, so the pages reach the buddy lists.
PHF=/proc/sys/vm/percpu_pagelist_high_fraction
phf=$(cat $PHF)
echo 100000 > $PHF
if [ -w "$MS/experiment" ] && echo "alloc 0 3968 movable" > "$MS/experiment" 2>/dev/null; then
	# (3968 pages and their bookkeeping fit the default 16 MiB budget)
	# even pfns whose pfn + 1 is held too
	awk '{ h[$5] = 1; p[NR] = $5 }
	     END { for (i = 1; i <= NR; i++) if (p[i] % 2 == 0 && (p[i] + 1 "") in h) print p[i] }' \
		"$MS/experiment" > $T.even
	while read -r pfn; do echo "free $pfn" > "$MS/experiment"; done < $T.even
	# normal per-CPU lists again, so they absorb the noise of the reads
	echo "$phf" > $PHF
	holds=$(grep '^# end:' "$MS/freeblocks" | awk '{ print $5 }')
	# one hold per list at least, empty or not
	lists=$(( $(grep -c '^Node .*type' /proc/pagetypeinfo) * 11 ))
	ktap_diag "fragmented: $(grep '^# end:' "$MS/freeblocks"), $lists lists"
	ktap_check freeblocks.fragmented_counts_match match_pti
	ktap_check freeblocks.batched [ "$holds" -gt "$lists" ]

	# A list that changes while the lock is dropped is cut, and says so:
	# stop reading inside the first batch of the long list, take most of
	# its pages (per-CPU refills come from the list head), read on.
	# Which pages the allocation takes is up to the allocator (per-CPU
	# refills, other activity), so the cut is provoked up to 3 times.
	# Small per-CPU lists while provoking: pages freed by an attempt
	# must go back to the buddy lists, and the allocation must refill
	# from the list heads, not from pages parked on a per-CPU list.
	echo 100000 > $PHF
	# The long list: the first with more entries than one batch.
	long=$(awk '!/^#/ { n[$1 " " $2 " " $3 " " $4]++ }
		END { for (k in n) if (n[k] > 1024) { print k; exit } }' "$MS/freeblocks")
	ktap_diag "long list: ${long:-none}"
	for attempt in 1 2 3; do
		# One read() at a time (seq_file fills at most what is asked),
		# until the output has entered the long list: its first batch is
		# then copied and the lock dropped, the second not yet taken.
		# (A buffered reader such as head may read far past the batch.)
		exec 4< "$MS/freeblocks"
		: > $T.head
		n=0
		while [ $n -lt 1000 ] &&
		      ! awk -v k="$long" '$1 " " $2 " " $3 " " $4 == k { f = 1 } END { exit !f }' $T.head; do
			dd bs=4096 count=1 <&4 >> $T.head 2>/dev/null
			n=$((n + 1))
		done
		held=$(awk 'END { print NR }' "$MS/experiment")
		# what the budget has left, at 4 KiB and at most 64 bytes a block
		room=$(awk '{ print int(($2 - $4) * 1024 / 4160) }' "$MS/budget")
		echo "alloc 0 $room movable" > "$MS/experiment"
		cat <&4 > $T.rest
		exec 4<&-
		grep -q '^# cut: node .* after 1024 blocks' $T.rest && break
		ktap_diag "attempt $attempt: no cut; retrying"
		# give back what this attempt took, keep the fragmented pattern
		awk -v n="$held" 'NR > n { print $5 }' "$MS/experiment" > $T.extra
		while read -r pfn; do echo "free $pfn" > "$MS/experiment"; done < $T.extra
	done
	echo "$phf" > $PHF
	grep '^# cut:' $T.rest | sed 's/^/# /'
	ktap_check freeblocks.cut_reported grep -q '^# cut: node .* after 1024 blocks' $T.rest
	ktap_check freeblocks.end_after_cut grep -q '^# end: ' $T.rest
	echo "free all" > "$MS/experiment"
else
	ktap_skip freeblocks.fragmented_counts_match "experiment unavailable"
	ktap_skip freeblocks.batched "experiment unavailable"
	ktap_skip freeblocks.cut_reported "experiment unavailable"
	ktap_skip freeblocks.end_after_cut "experiment unavailable"
	echo "$phf" > $PHF
fi
ktap_check freeblocks.mode_0400 [ "$(file_mode "$MS/freeblocks")" = 400 ]
rm -f $T.*
ktap_end
