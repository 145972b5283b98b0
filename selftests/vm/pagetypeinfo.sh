#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/pagetypeinfo against /proc/pagetypeinfo and /proc/buddyinfo.
# Free lists change under allocation: on the quiet guest an exact match
# within a few reads is required; a real difference fails every read.
. "$(dirname "$0")/../lib/ktap.sh"
[ -r "$MS/pagetypeinfo" ] || ktap_skip_all "memscope pagetypeinfo missing"
ktap_begin 5

# The kernel adds "Number of mixed blocks" only with page_owner; memscope
# never prints it: compare what comes before.
no_mixed() { awk '/^Number of mixed/ { exit } { print }' "$1" | sed '/^$/{$d}'; }

ktap_agrees pagetypeinfo.matches_proc \
	"no_mixed $MS/pagetypeinfo" "no_mixed /proc/pagetypeinfo"

# Free blocks summed over migratetypes are /proc/buddyinfo's columns.
sum_types() {
	awk '/^Node .*type/ { k = $2 " " $4; z[k] = 1
		for (o = 0; o < 11; o++) { v = $(7 + o); sub(">", "", v); s[k, o] += v } }
	     END { for (k in z) { l = k; for (o = 0; o < 11; o++) l = l " " s[k, o]; print l } }' "$1" |
		tr -d , | sort
}
buddy() { awk '{ l = $2 " " $4; for (o = 5; o < 16; o++) l = l " " $o; print l }' /proc/buddyinfo | tr -d , | sort; }
ktap_agrees pagetypeinfo.sums_to_buddyinfo "sum_types $MS/pagetypeinfo" buddy

# Every pageblock of a zone has one type: the block counts add up to the
# zone's span in pageblocks (/proc/zoneinfo), give or take partial blocks.
blocks_ok=1
while read -r node zone total; do
	spanned=$(awk -v n="$node" -v z="$zone" '
		$1 == "Node" { cur = ($2 == n "," && $4 == z) }
		cur && $1 == "spanned" { print $2; exit }' /proc/zoneinfo)
	max=$(( (spanned + 1023) / 512 ))
	min=$(( spanned / 512 - 1 ))
	if [ -z "$spanned" ] || [ "$total" -lt "$min" ] || [ "$total" -gt "$max" ]; then
		ktap_diag "node $node zone $zone: $total blocks, spanned $spanned pages"
		blocks_ok=0
	fi
done <<EOT
$(awk '/^Number of blocks/ { b = 1; next } b && /^Node/ && !/, type/ {
	t = 0; for (i = 5; i <= NF; i++) t += $i; print $2, $4, t }' "$MS/pagetypeinfo" | tr -d ,)
EOT
ktap_check pagetypeinfo.blocks_span_zone [ $blocks_ok = 1 ]
ktap_check pagetypeinfo.mode_0400 [ "$(file_mode "$MS/pagetypeinfo")" = 400 ]
ktap_check pagetypeinfo.write_refused write_refused "$MS/pagetypeinfo" x
ktap_end
