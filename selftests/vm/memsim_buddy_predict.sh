#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memsim predicts real page allocations: a freeblocks snapshot, then right
# after it a run of order 4-8 allocations through the experiment file
# (buddy_predict does both with no allocation of its own in between), then
# `memsim buddy --load SNAPSHOT` replays the same allocations and must
# return the same PFNs. Orders 4-8 bypass the per-CPU lists, which the
# model does not have. The sequence mixes movable, unmovable and
# reclaimable requests so that the small unmovable and reclaimable lists
# run dry and the fallback and stealing rules of the series decide.
#
# Quiet guest: watermark boosting (which wakes kswapd after a fallback)
# and proactive compaction are off during the run and restored after.
. "$(dirname "$0")/../lib/ktap.sh"
B=/memscope/bin
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
[ -e "$MS/freeblocks" ] && [ -e "$MS/experiment" ] ||
	ktap_skip_all "needs freeblocks and experiment"
[ -x "$B/memsim" ] && [ -x "$B/buddy_predict" ] ||
	ktap_skip_all "no static memsim/buddy_predict"
case $(uname -r) in
6.1.*) K=6.1 ;;
6.12.*) K=6.12 ;;
*) ktap_skip_all "kernel $(uname -r) is not a modelled series" ;;
esac
ROUNDS=4
TARGET=95
ktap_begin $((ROUNDS + 3))

# "free #K" frees the K-th block allocated in the round (order 4-8 frees
# go straight to the buddy lists too: merging and head/tail placement
# decide what the next allocations get).
set -- "alloc 6 2 movable" "alloc 4 3 unmovable" "alloc 8 2 movable" \
	"free #4" "alloc 4 1 unmovable" "alloc 5 4 unmovable" "free #6" \
	"alloc 7 2 reclaimable" "alloc 4 4 movable" "free #1" "free #2" \
	"alloc 8 1 unmovable" "alloc 6 3 reclaimable" "alloc 5 3 movable" \
	"free #3" "alloc 7 2 unmovable" "alloc 4 6 reclaimable" \
	"alloc 8 1 reclaimable" "free #13" "alloc 6 4 unmovable" \
	"alloc 5 2 reclaimable" "alloc 6 2 movable" "free #9" "free #10" \
	"alloc 5 2 unmovable"

V=/proc/sys/vm
boost=$(cat $V/watermark_boost_factor 2>/dev/null)
proact=$(cat $V/compaction_proactiveness 2>/dev/null)
[ -n "$boost" ] && echo 0 > $V/watermark_boost_factor
[ -n "$proact" ] && echo 0 > $V/compaction_proactiveness

D=/tmp/bpredict
rm -rf $D
mkdir -p $D
total=0
same=0
ctl=0
r=1
while [ $r -le $ROUNDS ]; do
	sync
	sleep 1
	"$B/buddy_predict" $D/snap.$r $D/ans.$r "$@" 2> $D/err.$r
	rc=$?
	if [ $rc != 0 ]; then
		ktap_fail "memsim.buddy_predict.round$r" "buddy_predict: status $rc: $(cat $D/err.$r)"
		r=$((r + 1))
		continue
	fi
	# the same operations as a memsim trace: block IDs b1, b2, ...
	awk '$2 == "free" { print "free " id[$3]; next }
	     { k++; id[$6] = "b" k; print "alloc b" k, $5, $4 }' \
		$D/ans.$r > $D/trace.$r
	"$B/memsim" buddy -k $K --load $D/snap.$r --trace $D/trace.$r \
		--show allocs,summary > $D/pred.$r 2> $D/merr.$r
	mrc=$?
	# pair kernel and model answers: "order real predicted"
	awk 'NR == FNR { if ($2 != "free") { n++; real[n] = $6; ord[n] = $5 }; next }
	     /^alloc / { pred[++m] = $4 }
	     END { for (i = 1; i <= n; i++) print ord[i], real[i], pred[i] }' \
		$D/ans.$r $D/pred.$r > $D/pair.$r
	# control: the same trace without its frees must miss somewhere
	# (the kernel hands freed blocks out again), or the comparison
	# could not tell a wrong model from a right one
	grep -v '^free' $D/trace.$r > $D/ctrace.$r
	"$B/memsim" buddy -k $K --load $D/snap.$r --trace $D/ctrace.$r \
		--show allocs 2> /dev/null |
		awk 'NR == FNR { if ($2 != "free") { n++; real[n] = $6 }; next }
		     /^alloc / { m++; if ($4 == real[m]) h++ } END { print h + 0 }' \
		$D/ans.$r - > $D/ctl.$r
	ctl=$((ctl + $(cat $D/ctl.$r)))
	blocks=$(wc -l < $D/pair.$r)
	hits=$(awk '$2 == $3' $D/pair.$r | wc -l)
	ktap_diag "round $r: $hits of $blocks PFNs predicted ($(cat $D/err.$r))"
	awk '$2 != $3 { print "#   order " $1 ": kernel " $2 ", memsim " $3 }' $D/pair.$r
	sed -n 's/^# allocs/#   memsim: allocs/p' $D/pred.$r
	total=$((total + blocks))
	same=$((same + hits))
	[ $mrc = 0 ] || ktap_diag "memsim: status $mrc: $(cat $D/merr.$r)"
	ktap_check "memsim.buddy_predict.round$r" [ "$mrc.$blocks" != "0.0" -a $mrc = 0 ]
	r=$((r + 1))
done

[ -n "$boost" ] && echo "$boost" > $V/watermark_boost_factor
[ -n "$proact" ] && echo "$proact" > $V/compaction_proactiveness

# the model cannot be checked against nothing
ktap_check memsim.buddy_predict.blocks_seen [ "$total" -ge $((ROUNDS * 20)) ]
ktap_diag "control (frees left out): $ctl of $total"
ktap_check memsim.buddy_predict.control_misses [ "$ctl" -lt "$total" ]
rate=0
[ "$total" -gt 0 ] && rate=$((same * 1000 / total))
ktap_diag "kernel $K: $same of $total PFNs predicted exactly ($((rate / 10)).$((rate % 10))%), target ${TARGET}%"
ktap_check memsim.buddy_predict.match_rate [ $rate -ge $((TARGET * 10)) ]
ktap_end
