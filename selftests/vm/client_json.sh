#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every `memscope -j` command, live and from a snapshot: jq parses it,
# memscope_json.jq checks its keys and types, and its values are compared
# with what the kernel says elsewhere (/proc, debugfs, pagemap). The
# target is tourproc, copied under a directory whose name holds quotes,
# a backslash, control characters and UTF-8, so every VMA name that
# comes back must survive escaping.
. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/json.sh"
MSC=/memscope/bin/memscope
TP=/memscope/bin/tourproc
[ -x "$MSC" ] || ktap_skip_all "no $MSC"
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
command -v jq >/dev/null || ktap_skip_all "no jq in the guest"
ktap_begin 62
T=/tmp/client_json.$$
rm -rf $T
mkdir -p $T

# --- the target -----------------------------------------------------------
# The kernel prints a newline in a path as \012 in maps; the rest as is.
DIRNAME=$(printf 'q"b\\s\tc\001\037\177\303\251 n\nx')
WANT_NAME="$T/$(printf 'q"b\\s\tc\001\037\177\303\251 n\\012x')/tourproc"
P="" ADDR="" WHY=""
if [ ! -x "$TP" ]; then
	WHY="no $TP"
elif ! mkdir "$T/$DIRNAME" || ! cp "$TP" "$T/$DIRNAME/tourproc"; then
	WHY="cannot copy tourproc under a hostile name"
else
	mkfifo $T/in
	: > $T/out
	"$T/$DIRNAME/tourproc" < $T/in > $T/out 2>&1 &
	P=$!
	exec 3> $T/in
	# 64 KiB mapped, the first two pages touched: a third stays empty
	echo map >&3
	echo "touch 2" >&3
	i=0
	while ! grep -q '^touched 2' $T/out && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ADDR=$(awk '$1 == "map" { print $2 }' $T/out)
	grep -q '^touched 2' $T/out || WHY="tourproc did not map and touch: $(json_printable $T/out)"
fi
[ -n "$WHY" ] && ktap_diag "per-process checks skip: $WHY"

# Arguments of each command (translate: the first page tourproc touched).
args() {
	case $1 in
	maps|vmas|mm|pagetable) echo "$P" ;;
	translate) echo "$P $ADDR" ;;
	esac
}
needs_pid() { case $1 in maps|vmas|mm|pagetable|translate) true ;; *) false ;; esac; }

# --- the command list: the client's help and memscope_json.jq agree -------
json_help_commands $MSC > $T/help.cmds
json_known_commands > $T/known.cmds
if [ -s $T/help.cmds ] && cmp -s $T/help.cmds $T/known.cmds; then
	ktap_ok client_json.help_lists_tested_commands
else
	ktap_fail client_json.help_lists_tested_commands \
		"help: $(tr '\n' ' ' < $T/help.cmds); tested: $(tr '\n' ' ' < $T/known.cmds)"
fi

# --- live and snapshot outputs -----------------------------------------------
if [ -z "$WHY" ]; then
	$MSC snapshot $T/snap $P > /dev/null 2> $T/snap.err
else
	$MSC snapshot $T/snap > /dev/null 2> $T/snap.err
fi
ktap_check client_json.snapshot_taken [ $? = 0 -a -s $T/snap/version ]
CMDS=$(jqr /dev/null 'json_commands[]' -n)
for c in $CMDS; do
	needs_pid $c || [ -z "$WHY" ] || continue
	$MSC -j $c $(args $c) > $T/$c.live 2> $T/$c.live.err
	$MSC -r $T/snap -j $c $(args $c) > $T/$c.snap 2> $T/$c.snap.err
	echo $? > $T/$c.snap.rc
done

# CHECK NAME CMD...: CMD for a per-process command, SKIP without a target.
pcheck() {
	if [ -n "$WHY" ]; then ktap_skip "$1" "$WHY"; else ktap_check "$@"; fi
}
pjson() {
	if [ -n "$WHY" ]; then ktap_skip "$1" "$WHY"; else json_check "$@"; fi
}

# same JSON KERNEL: files equal; if not, the first line that differs
# goes to $T/why for the failure message.
same() {
	[ -s "$2" ] && cmp -s "$1" "$2" && return 0
	awk 'FILENAME == ARGV[1] { a[FNR] = $0; n = FNR; next }
	     a[FNR] != $0 { print "line " FNR ": json [" a[FNR] "] kernel [" $0 "]"; d = 1; exit }
	     END { if (!d) print "json has " n + 0 " lines, kernel " FNR }' "$1" "$2" > $T/why.raw
	json_printable $T/why.raw 300 > $T/why
	return 1
}

# oracle NAME FN CMD [PRE]: a fresh `memscope -j CMD` into $T/fresh, then
# FN compares it with the kernel. Counters move while the two are read:
# up to five tries. PRE, if given, runs right after the client, before
# anything is written: /tmp is shmem, and writing $T/fresh moves meminfo.
oracle() {
	_on=$1 _of=$2 _oc=$3 _op=${4:-true}
	if needs_pid $_oc && [ -n "$WHY" ]; then
		ktap_skip "$_on" "$WHY"
		return
	fi
	: > $T/why
	_oi=0
	while [ $_oi -lt 5 ]; do
		if _oj=$($MSC -j $_oc $(args $_oc) 2> $T/fresh.err) && $_op &&
		   echo "$_oj" > $T/fresh && $_of $T/fresh; then
			ktap_ok "$_on"
			return
		fi
		_oi=$((_oi + 1))
	done
	ktap_fail "$_on" "$(cat $T/why) $(json_printable $T/fresh.err)"
}

# shape_checks CMD STABLE: the live and the snapshot output have CMD's
# shape; the snapshot has the live output's keys and, for the values
# STABLE picks (a jq filter), the same values.
shape_checks() {
	_sc=$1 _ss=$2
	pjson client_json.$_sc.live_shape $T/$_sc.live 'shape($c)' --arg c $_sc
	pjson client_json.$_sc.snapshot_shape $T/$_sc.snap 'shape($c)' --arg c $_sc
	if needs_pid $_sc && [ -n "$WHY" ]; then
		ktap_skip client_json.$_sc.snapshot_equals_live "$WHY"
		return
	fi
	if jqr $T/$_sc.live "{keys: skeleton, values: ($_ss)}" -S -c > $T/$_sc.live.stable 2>&1 &&
	   jqr $T/$_sc.snap "{keys: skeleton, values: ($_ss)}" -S -c > $T/$_sc.snap.stable 2>&1 &&
	   same $T/$_sc.snap.stable $T/$_sc.live.stable; then
		ktap_ok client_json.$_sc.snapshot_equals_live
	else
		ktap_fail client_json.$_sc.snapshot_equals_live \
			"$(cat $T/why) $(json_printable $T/$_sc.snap.stable 100)"
	fi
}

# hex arithmetic needs 0x: "7f00" or "0x7f00" -> decimal
dec() { echo $((0x${1#0x})); }

# --- version ------------------------------------------------------------------
shape_checks version '.'
o_version() {
	echo "$(uname -r) $(cat /sys/module/memscope/version) 1" > $T/k
	jqr "$1" '"\(.kernel) \(.version) \(.abi)"' > $T/j
	same $T/j $T/k
}
oracle client_json.version.uname_and_module_version o_version version

# --- buddy: /proc/buddyinfo ---------------------------------------------------
shape_checks buddy '[.[] | {node, zone, orders: (.free_blocks | length)}]'
o_buddy() {
	# (busybox awk may lack ^: block sizes by doubling)
	awk '{ kb = 0; s = ""; sz = 4
	       for (i = 5; i <= NF; i++) { s = s " " $i; kb += $i * sz; sz *= 2 }
	       print $2 + 0, $4 s, kb }' /proc/buddyinfo > $T/k
	jqr "$1" '.[] | "\(.node) \(.zone) \(.free_blocks | join(" ")) \(.free_kb)"' > $T/j
	same $T/j $T/k
}
oracle client_json.buddy.proc_buddyinfo o_buddy buddy

# --- pagetypes: /proc/pagetypeinfo --------------------------------------------
shape_checks pagetypes '[.[] | {node, zone, type, orders: (.free_blocks | length)}]'
o_pagetypes() {
	awk '/^Node .*, type / {
		k = ($2 + 0) " " substr($4, 1, length($4) - 1) " " $6
		s = ""; c = ""
		for (i = 7; i <= NF; i++) {
			v = $i
			if (sub(/^>/, "", v)) c = c " " (i - 7)
			s = s " " v
		}
		key[++n] = k; free[k] = s; cap[k] = c; next
	}
	/^Number of blocks type/ { nt = NF - 4; for (i = 1; i <= nt; i++) ty[i] = $(i + 4); blk = 1; next }
	/^Number of mixed/ { blk = 0 }
	blk && /^Node/ { for (i = 1; i <= nt; i++) b[($2 + 0) " " $4 " " ty[i]] = $(i + 4) }
	END { for (j = 1; j <= n; j++) print key[j] free[key[j]] " |" cap[key[j]] " | " b[key[j]] }' \
		/proc/pagetypeinfo > $T/k
	jqr "$1" '.[] | "\(.node) \(.zone) \(.type) \(.free_blocks | join(" ")) |\(.capped_orders | map(" \(.)") | join("")) | \(.pageblocks)"' > $T/j
	same $T/j $T/k
}
oracle client_json.pagetypes.proc_pagetypeinfo o_pagetypes pagetypes

# --- extfrag: the kernel's own debugfs files ----------------------------------
shape_checks extfrag '[.[] | {node, zone, orders: (.unusable_index | length), frag: (.fragmentation_index | length)}]'
EF=/sys/kernel/debug/extfrag
# An index as the kernel prints it ("%d.%03d" of v/1000, v%1000: -0.5 is
# "0.-500") as a number awk prints the way jq does.
o_extfrag() {
	for f in unusable_index extfrag_index; do
		awk '{ s = ""
		       for (i = 5; i <= NF; i++) {
			       split($i, p, ".")
			       v = p[2] ~ /^-/ ? -substr(p[2], 2) / 1000 : $i + 0
			       s = s " " v
		       }
		       print $2 + 0, $4 s }' $EF/$f
	done > $T/k
	jqr "$1" '(.[] | "\(.node) \(.zone) \(.unusable_index | join(" "))"),
		  (.[] | "\(.node) \(.zone) \(.fragmentation_index | join(" "))")' > $T/j
	same $T/j $T/k
}
if [ -r $EF/unusable_index ] && [ -r $EF/extfrag_index ]; then
	oracle client_json.extfrag.debugfs_extfrag o_extfrag extfrag
else
	ktap_skip client_json.extfrag.debugfs_extfrag "no $EF (CONFIG_COMPACTION off or debugfs not mounted)"
fi

# --- zones: /proc/zoneinfo, /proc/buddyinfo, /proc/pagetypeinfo ---------------
shape_checks zones '[.[] | {node, zone, start_pfn, spanned, present, managed, types: (.pageblocks | keys_unsorted)}]'
o_zones() {
	awk '$1 == "Node" { if (z != "") out(); n = $2 + 0; z = $4; delete v; next }
	     $1 == "pages" && $2 == "free" { v["free"] = $3 }
	     $1 ~ /^(boost|min|low|high|spanned|present|managed)$/ && !($1 in v) { v[$1] = $2 }
	     $1 == "start_pfn:" { v["start_pfn"] = $2 }
	     function out() { if (v["present"] > 0) print n, z, v["start_pfn"], v["spanned"],
		v["present"], v["managed"], v["free"], v["boost"], v["min"], v["low"], v["high"] }
	     END { out() }' /proc/zoneinfo > $T/k
	jqr "$1" '.[] | [.node, .zone, .start_pfn, .spanned, .present, .managed, .free, .boost, .min, .low, .high] | join(" ")' > $T/j
	same $T/j $T/k
}
oracle client_json.zones.proc_zoneinfo o_zones zones
o_zones_free() {
	awk 'FILENAME ~ /buddyinfo/ { s = ""; for (i = 5; i <= NF; i++) s = s " " $i; nf[($2 + 0) " " $4] = s; next }
	     /^Number of blocks type/ { nt = NF - 4; for (i = 1; i <= nt; i++) ty[i] = $(i + 4); blk = 1; next }
	     /^Number of mixed/ { blk = 0 }
	     blk && /^Node/ { k = ($2 + 0) " " $4; s = ""
		for (i = 1; i <= nt; i++) s = s " " ty[i] " " $(i + 4); print k nf[k] " |" s }' \
		/proc/buddyinfo /proc/pagetypeinfo > $T/k
	jqr "$1" '.[] | "\(.node) \(.zone) \(.nr_free | join(" ")) | \(.pageblocks | to_entries | map("\(.key) \(.value)") | join(" "))"' > $T/j
	same $T/j $T/k
}
oracle client_json.zones.nr_free_and_pageblocks o_zones_free zones

# --- meminfo: /proc/meminfo ---------------------------------------------------
shape_checks meminfo '{total_kb, swap_total_kb}'
o_meminfo() {
	# swap_total is null when the module found no total_swap_pages
	nullswap=$(jqr "$1" '.swap_total_kb == null')
	[ "$nullswap" = true ] && ktap_diag "meminfo: swap_total is null (module could not find total_swap_pages)"
	awk -v ns="$nullswap" '{ m[$1] = $2 }
	     END { bc = m["Buffers:"] + m["Cached:"] + m["SReclaimable:"]
		st = ns == "true" ? "null" : m["SwapTotal:"]
		su = ns == "true" ? "null" : m["SwapTotal:"] - m["SwapFree:"]
		print m["MemTotal:"], m["MemTotal:"] - m["MemFree:"] - bc, m["MemFree:"],
		      m["Shmem:"], m["Buffers:"], m["Cached:"], m["SReclaimable:"], bc,
		      m["MemAvailable:"], st, su, m["SwapFree:"] }' > $T/k <<EOF
$MEMINFO
EOF
	jqr "$1" '[.total_kb, .used_kb, .free_kb, .shared_kb, .buffers_kb, .cached_kb,
		   .slab_reclaimable_kb, .buff_cache_kb, .available_kb, .swap_total_kb,
		   .swap_used_kb, .swap_free_kb] | map(tostring) | join(" ")' > $T/j
	same $T/j $T/k
}
meminfo_read() { MEMINFO=$(cat /proc/meminfo); }
oracle client_json.meminfo.proc_meminfo o_meminfo meminfo meminfo_read

# --- layout: /proc/kallsyms, /proc/modules, /proc/zoneinfo ---------------------
shape_checks layout '.'
o_layout() {
	ok=0
	# bytes is end - start for every region (signed shell arithmetic
	# wraps like the addresses do)
	jqr "$1" '.[] | "\(.name) \(.start) \(.end) \(.bytes)"' > $T/j
	while read -r name s e b; do
		[ $((e - s)) = "$b" ] || { ok=1; echo "$name: $e - $s != $b" > $T/why; }
	done < $T/j
	ks() { awk -v s="$1" '$3 == s { print "0x" $1; exit }' /proc/kallsyms; }
	img=$(jqr "$1" '.[] | select(.name == "kernel_image") | "\(.start) \(.end)"')
	[ "$img" = "$(ks _text) $(ks _end)" ] || { ok=1; echo "kernel_image '$img' kallsyms '$(ks _text) $(ks _end)'" > $T/why; }
	# memscope's own code lies in the modules region
	maddr=$(awk '$1 == "memscope" { print $6 }' /proc/modules)
	mlo=$(jqr "$1" '.[] | select(.name == "modules") | .start')
	mhi=$(jqr "$1" '.[] | select(.name == "modules") | .end')
	{ [ -n "$maddr" ] && [ -n "$mlo" ] && [ $((mlo)) -le $((maddr)) ] && [ $((maddr)) -lt $((mhi)) ]; } ||
		{ ok=1; echo "memscope at '$maddr', modules '$mlo'-'$mhi'" > $T/why; }
	# the direct map covers every pfn up to the end of the last zone
	end_pfn=$(awk '$1 == "spanned" { sp = $2 } $1 == "start_pfn:" { e = $2 + sp; if (e > m) m = e }
		END { print m }' /proc/zoneinfo)
	dm=$(awk '$1 == "direct_map" { print $4 }' $T/j)
	[ "$dm" = $((end_pfn * 4096)) ] || { ok=1; echo "direct_map $dm bytes, zones end at pfn $end_pfn" > $T/why; }
	return $ok
}
oracle client_json.layout.kallsyms_modules_zoneinfo o_layout layout

# --- slab: /proc/slabinfo -------------------------------------------------------
shape_checks slab '[.[] | {name, objsize, object_size, objperslab, pagesperslab, order, slab_size, align}] | sort_by(.name)'
o_slab() {
	awk 'NR > 2 { print $1, $4, $5, $6 }' /proc/slabinfo | sort > $T/k
	jqr "$1" '.[] | "\(.name) \(.objsize) \(.objperslab) \(.pagesperslab)"' | sort > $T/j
	same $T/j $T/k
}
oracle client_json.slab.proc_slabinfo o_slab slab

# --- maps: /proc/PID/maps ----------------------------------------------------------
shape_checks maps '.'
# "start end perms offset dev inode" of /proc/PID/maps, as the JSON has them
maps_fields() {
	while read -r range perms off dev inode rest; do
		echo "0x$(printf '%x' $((0x${range%-*}))) 0x$(printf '%x' $((0x${range#*-}))) $perms $((0x$off)) $dev $inode"
	done < /proc/$P/maps
}
# the name column exactly: after five fields and the padding
maps_names() { sed 's/^[^ ]* [^ ]* [^ ]* [^ ]* [^ ]*  *//' /proc/$P/maps; }
o_maps() {
	maps_fields > $T/k
	jqr "$1" '.[] | "\(.start) \(.end) \(.perms) \(.offset) \(.dev) \(.inode)"' > $T/j
	same $T/j $T/k
}
oracle client_json.maps.proc_maps_fields o_maps maps
o_maps_names() {
	maps_names > $T/k
	jq -j '.[] | .name + "\n"' "$1" > $T/j
	same $T/j $T/k || return 1
	# the hostile name is there, once per VMA of tourproc
	n=$(jqr "$1" '[.[] | select(.name == $n)] | length' --arg n "$WANT_NAME")
	[ "$n" -ge 4 ] || { echo "hostile name on $n VMAs" > $T/why; return 1; }
}
oracle client_json.maps.names_round_trip o_maps_names maps

# --- vmas: /proc/PID/maps and /proc/PID/smaps -------------------------------------------
shape_checks vmas '[.[] | {start, "end": .end, perms, pgoff, kind, name}]'
o_vmas() {
	maps_fields | awk '{ print $1, $2, $3, $4 }' > $T/k
	maps_names >> $T/k
	{ jqr "$1" '.[] | "\(.start) \(.end) \(.perms) \(.pgoff)"'; jq -j '.[] | .name + "\n"' "$1"; } > $T/j
	same $T/j $T/k
}
oracle client_json.vmas.proc_maps o_vmas vmas
# Per VMA, in pages: Rss, Swap, Anonymous, Rss - Anonymous, PMD-mapped
# THP (2 MiB each) and hugetlb, as smaps counts them.
o_vmas_smaps() {
	awk 'function out() { if (h) print r / 4, s / 4, a / 4, (r - a) / 4, t / 2048, g / 4 }
	     /^[0-9a-f]+-[0-9a-f]+ / { out(); h = 1; r = s = a = t = g = 0; next }
	     $1 == "Rss:" { r = $2 } $1 == "Swap:" { s = $2 } $1 == "Anonymous:" { a = $2 }
	     $1 ~ /^(AnonHugePages|ShmemPmdMapped|FilePmdMapped):$/ { t += $2 }
	     $1 ~ /^(Shared|Private)_Hugetlb:$/ { g += $2 }
	     END { out() }' /proc/$P/smaps > $T/k
	jqr "$1" '.[] | [.rss_pages, .swap_pages, .anon_pages, .file_pages, .thp_pmds, .hugetlb_pages] | join(" ")' > $T/j
	same $T/j $T/k
}
oracle client_json.vmas.proc_smaps_counts o_vmas_smaps vmas

# --- mm: /proc/PID/status, /proc/PID/stat, the CPU flags ---------------------
shape_checks mm 'with_entries(select(.value | type == "string")) + {map_count, total_vm, levels, kpti}'
o_mm_status() {
	awk '{ v[$1] = $2 }
	     END { print v["VmSize:"], v["VmLck:"], v["VmPin:"], v["VmData:"], v["VmStk:"],
		v["VmExe:"] + v["VmLib:"], v["VmPTE:"], v["RssAnon:"], v["RssFile:"],
		v["RssShmem:"], v["VmSwap:"] }' /proc/$P/status > $T/k
	jqr "$1" '[.total_vm, .locked_vm, .pinned_vm, .data_vm, .stack_vm, .exec_vm] as $p |
		  [.pgtables_bytes / 1024] as $pt | [.rss_anon, .rss_file, .rss_shmem, .swap_ents] as $r |
		  ($p | map(. * 4)) + $pt + ($r | map(. * 4)) | join(" ")' > $T/j
	same $T/j $T/k
}
oracle client_json.mm.proc_status o_mm_status mm
o_mm_stat() {
	# stat fields 26-28 and 45-51 (comm is "tourproc": no blanks)
	awk '{ print $26, $27, $28, $45, $46, $47, $48, $49, $50, $51 }' /proc/$P/stat > $T/k
	for k in start_code end_code start_stack start_data end_data start_brk \
		arg_start arg_end env_start env_end; do
		dec "$(jqr "$1" ".$k")"
	done | tr '\n' ' ' | sed 's/ $//' > $T/j
	echo >> $T/j
	same $T/j $T/k
}
oracle client_json.mm.proc_stat o_mm_stat mm
LEVELS=4 KPTI=0
grep -qw la57 /proc/cpuinfo && LEVELS=5
grep -qw pti /proc/cpuinfo && KPTI=1
o_mm_paging() {
	# TASK_SIZE_MAX: the top of the user half less a guard page
	ts=$(( (1 << (LEVELS == 5 ? 56 : 47)) - 4096 ))
	gate=$(grep -c '\[vsyscall\]$' /proc/$P/maps)
	echo "$LEVELS $KPTI $ts $(($(wc -l < /proc/$P/maps) - gate))" > $T/k
	echo "$(jqr "$1" '"\(.levels) \(.kpti)"') $(dec "$(jqr "$1" .task_size)") $(jqr "$1" .map_count)" > $T/j
	same $T/j $T/k
}
oracle client_json.mm.paging_and_map_count o_mm_paging mm

# --- pagetable: /proc/PID/status and the CPU flags ------------------------------
shape_checks pagetable '{levels, walked_half, pgd_tables}'
o_pagetable() {
	half=single
	[ $KPTI = 1 ] && half=kernel
	p4d=">0"
	[ $LEVELS = 4 ] && p4d=0
	echo "$(($(awk '$1 == "VmPTE:" { print $2 }' /proc/$P/status) * 1024)) $LEVELS $half 1 $p4d true" > $T/k
	jqr "$1" '"\(.pgtables_bytes) \(.levels) \(.walked_half) \(.pgd_tables) \(if .p4d_tables > 0 then ">0" else .p4d_tables end) \(.pgtables_bytes_walked == (.pte_tables + .pte_tables_deposited + .pmd_tables + .pud_tables) * 4096)"' > $T/j
	same $T/j $T/k
}
oracle client_json.pagetable.status_and_paging o_pagetable pagetable

# --- translate: /proc/PID/pagemap, the address, /proc/PID/maps -------------------------
pjson client_json.translate.live_shape $T/translate.live 'shape("translate") and (.entry | startswith("present pte"))'
# A snapshot has no translate file (it answers questions): refused, and
# nothing on stdout.
pcheck client_json.translate.snapshot_refused \
	[ "$(cat $T/translate.snap.rc 2>/dev/null)" = 1 -a -s $T/translate.snap.err -a ! -s $T/translate.snap ]
# pagemap entry of page VA (hex with 0x) in tourproc: 16 hex digits
pagemap() {
	dd if=/proc/$P/pagemap bs=8 skip=$(($1 / 4096)) count=1 2>/dev/null | od -An -tx8 | tr -d ' \n'
}
o_tr_pagemap() {
	pm=$(pagemap "$ADDR")
	# present (bit 63), then the PFN (bits 0-54) three ways: pfn, the
	# leaf entry's bits 12-51 and phys
	echo "present $(printf '%x' $((0x$pm & 0x7fffffffffffff))) x3" > $T/k
	pte=$(jqr "$1" '.levels[-1].entry')
	pfn=$(jqr "$1" .pfn)
	phys=$(jqr "$1" .phys)
	p1=$(printf '%x' $(( (pte >> 12) & 0xffffffffff )))
	p2=$(printf '%x' $(( 0x$phys >> 12 )))
	echo "$( [ $((0x$pm >> 63 & 1)) = 1 ] && echo present) $pfn x$( [ "$pfn" = "$p1" ] && [ "$pfn" = "$p2" ] && echo 3)" > $T/j
	same $T/j $T/k
}
oracle client_json.translate.pfn_equals_pagemap o_tr_pagemap translate
o_tr_index() {
	va=$((ADDR))
	if [ $LEVELS = 5 ]; then
		want="pgd $((va >> 48 & 511))"
		[ $KPTI = 1 ] && want="$want pgd_user $((va >> 48 & 511))"
		want="$want p4d $((va >> 39 & 511))"
	else
		want="pgd $((va >> 39 & 511))"
		[ $KPTI = 1 ] && want="$want pgd_user $((va >> 39 & 511))"
	fi
	echo "$want pud $((va >> 30 & 511)) pmd $((va >> 21 & 511)) pte $((va >> 12 & 511))" > $T/k
	jqr "$1" '.levels | map("\(.level) \(.index)") | join(" ")' > $T/j
	same $T/j $T/k
}
oracle client_json.translate.indexes_from_address o_tr_index translate
o_tr_vma() {
	va=$((ADDR))
	# the maps line holding ADDR, as "start-end perms" without padding
	while read -r range perms rest; do
		s=$((0x${range%-*})) e=$((0x${range#*-}))
		[ $s -le $va ] && [ $va -lt $e ] && printf '%x %x-%x %s\n' $va $s $e "$perms"
	done < /proc/$P/maps > $T/k
	jqr "$1" '"\(.vaddr) \(.vma)"' > $T/j
	same $T/j $T/k
}
oracle client_json.translate.vaddr_and_vma_from_maps o_tr_vma translate
# The third page was never touched: no pfn, as pagemap says.
if [ -n "$WHY" ]; then
	ktap_skip client_json.translate.untouched_page_is_none "$WHY"
else
	a3=$(printf '0x%x' $((ADDR + 2 * 4096)))
	$MSC -j translate $P $a3 > $T/tr3 2>&1
	pm=$(pagemap $a3)
	if [ $((0x$pm >> 63 & 1)) = 0 ]; then
		json_check client_json.translate.untouched_page_is_none $T/tr3 \
			'shape("translate") and .entry == "none" and (has("pfn") | not) and .vaddr == $a' \
			--arg a "${a3#0x}"
	else
		ktap_fail client_json.translate.untouched_page_is_none "pagemap says present: $pm"
	fi
fi

# --- errors: a message and nothing on stdout, not half a document --------------------
$MSC -j maps 4000000 > $T/e1 2> /dev/null
r1=$?
$MSC -j translate self 0x1000 > $T/e2 2> /dev/null
r2=$?
ktap_check client_json.errors_print_no_json [ $r1 = 1 -a $r2 = 1 -a ! -s $T/e1 -a ! -s $T/e2 ]

if [ -n "$P" ]; then
	echo quit >&3
	exec 3>&-
	wait $P 2>/dev/null
fi
rm -rf $T
ktap_end
