#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memscope slabinfo against its oracles: /proc/slabinfo (the same caches,
# the same 16 fields in the same layout) and /sys/kernel/slab/<cache>/
# (geometry, partial slabs, flags). Counters move on a live system, so
# counts are compared only for caches that did not change between two
# oracle reads taken around memscope's, with a few tries; a try fails if
# any quiet cache differs, and fewer than half of the caches may be busy.
. "$(dirname "$0")/../lib/ktap.sh"
SI=$MS/slabinfo
SYS=/sys/kernel/slab
T=/tmp/slabinfo.$$
TRIES=5
[ -r "$SI" ] && cat "$SI" >/dev/null 2>&1 || ktap_skip_all "slabinfo unreadable"
[ -r /proc/slabinfo ] || ktap_skip_all "no /proc/slabinfo"
mkdir -p "$T"
ktap_begin 10

# --- header -----------------------------------------------------------------
cat "$SI" > "$T/m"
head -n2 /proc/slabinfo > "$T/ph"
if [ "$(sed -n 1p "$T/m")" = "$(sed -n 1p "$T/ph")" ] &&
   case "$(sed -n 2p "$T/m")" in "$(sed -n 2p "$T/ph") : memscope <order>"*) true ;; *) false ;; esac
then
	ktap_ok slabinfo.header
else
	ktap_fail slabinfo.header "$(head -n2 "$T/m")"
fi

# --- the same caches --------------------------------------------------------
ok=0
for try in 1 2 3; do
	awk 'NR > 2 { print $1 }' "$SI" | sort > "$T/mn"
	awk 'NR > 2 { print $1 }' /proc/slabinfo | sort > "$T/pn"
	if [ -s "$T/mn" ] && cmp -s "$T/mn" "$T/pn"; then ok=1; break; fi
done
if [ $ok = 1 ]; then
	ktap_ok slabinfo.same_caches
else
	ktap_fail slabinfo.same_caches "$(diff "$T/mn" "$T/pn" | head -n5)"
fi
ktap_diag "$(wc -l < "$T/mn") caches"

# --- geometry of every cache, counts of the quiet ones ----------------------
# With slub_debug= there are no CPU slabs to absorb allocations, so the
# reader's own in-flight objects (the debugfs open's proxy, the cat
# process's cred and signal) show in memscope's read and not in the
# oracle's: active_objs may then differ by TOL objects; num_objs and the
# slab counts must still be equal. Without slub_debug everything is exact.
TOL=0
grep -q 'slub_debug' /proc/cmdline && TOL=3
# compare P1 M P2: prints "geom_bad quiet busy count_bad".
compare() {
	awk -v tol=$TOL '
	function key(f,  n) { n = ++seen[FILENAME, $1]; return $1 "#" n }
	FNR <= 2 { next }
	FILENAME == ARGV[1] { p1[key()] = $0; next }
	FILENAME == ARGV[3] { p2[key()] = $0; next }
	{
		k = key()
		line = $0; sub(/ : memscope .*/, "", line)
		m[k] = line; g[k] = $4 " " $5 " " $6
	}
	END {
		for (k in m) {
			if (!(k in p1) || !(k in p2)) { geom++; continue }
			split(p1[k], f)
			if (g[k] != f[4] " " f[5] " " f[6]) geom++
			if (p1[k] != p2[k]) { busy++; continue }
			quiet++
			if (m[k] == p1[k]) continue
			split(m[k], x)
			d = x[2] - f[2]
			if (d < 0) d = -d
			if (d > tol || x[3] != f[3] || x[14] != f[14] || x[15] != f[15] || tol == 0) {
				bad++
				print "# differs: " m[k] > "/dev/stderr"
				print "# kernel:  " p1[k] > "/dev/stderr"
			}
		}
		print geom + 0, quiet + 0, busy + 0, bad + 0
	}' "$1" "$2" "$3"
}
geom_ok=0 count_ok=0
for try in $(seq $TRIES); do
	cat /proc/slabinfo > "$T/p1"
	cat "$SI" > "$T/m"
	cat /proc/slabinfo > "$T/p2"
	set -- $(compare "$T/p1" "$T/m" "$T/p2" 2>"$T/why")
	ktap_diag "try $try: geometry mismatches $1, quiet $2, busy $3, count mismatches $4"
	[ "$1" = 0 ] && geom_ok=1
	if [ "$4" = 0 ] && [ "$2" -gt "$3" ]; then count_ok=1; break; fi
	head -n6 "$T/why"
done
ktap_check slabinfo.geometry_equal [ $geom_ok = 1 ]
ktap_check slabinfo.quiet_counts_equal [ $count_ok = 1 ]

# --- memscope's own columns are consistent ----------------------------------
# slab_size is objsize; pages = 2^order; waste per slab = slab bytes -
# objects * object_size; partial = sum of the per-node counts.
bad=$(awk 'NR > 2 {
	if ($17 != ":" || $18 != "memscope") { print "layout " $1; next }
	pages = 1; for (i = 0; i < $19; i++) pages *= 2
	if (pages != $6 || $21 != $4) print "geometry " $1
	if ($24 != pages * 4096 - $5 * $20) print "waste " $1
	if ($20 > $21 || $21 % $22) print "sizes " $1
	sum = 0
	for (i = 28; i <= NF; i++) { split($i, kv, "="); sum += kv[2] }
	if (NF < 28 || sum != $27) print "partial " $1
}' "$T/m")
ktap_check slabinfo.own_columns_consistent [ -z "$bad" ]
[ -n "$bad" ] && ktap_diag "$(echo "$bad" | head -n5)"

# --- sysfs: every cache, geometry and flags ---------------------------------
# sysline NAME: "order objs_per_slab object_size slab_size align flags".
sysline() {
	d=$SYS/$1
	read -r o < "$d/order"; read -r n < "$d/objs_per_slab"
	read -r os < "$d/object_size"; read -r ss < "$d/slab_size"
	read -r al < "$d/align"
	f=
	for pair in hwcache_align:A reclaim_account:a cache_dma:d poison:P \
		    red_zone:Z store_user:U sanity_checks:F destroy_by_rcu:R; do
		v=0
		[ -r "$d/${pair%:*}" ] && read -r v < "$d/${pair%:*}"
		[ "$v" = 1 ] && f=$f${pair#*:}
	done
	echo "$o $n $os $ss $al ${f:--}"
}
awk 'NR > 2 { fl = $26; sub(/~/, "", fl); sub(/c/, "", fl); if (fl == "") fl = "-"
	print $1, $19, $5, $20, $21, $22, fl }' "$T/m" > "$T/mg"
missing=0 geo=0 flg=0
: > "$T/targets"
while read -r name o n os ss al fl; do
	if [ ! -d "$SYS/$name" ]; then
		missing=$((missing + 1)); continue
	fi
	readlink -f "$SYS/$name" >> "$T/targets"
	set -- $(sysline "$name")
	if [ "$1 $2 $3 $4 $5" != "$o $n $os $ss $al" ]; then
		geo=$((geo + 1)); ktap_diag "$name: sysfs $* memscope $o $n $os $ss $al"
	fi
	[ "$6" = "$fl" ] || { flg=$((flg + 1)); ktap_diag "$name: flags sysfs $6 memscope $fl"; }
done < "$T/mg"
ktap_check slabinfo.sysfs_every_cache_present [ $missing = 0 ]
ktap_check slabinfo.sysfs_geometry_equal [ $geo = 0 ]
ktap_check slabinfo.sysfs_flags_equal [ $flg = 0 ]

# Every cache directory (aliases are symlinks) is one slabinfo cache.
sort -u "$T/targets" > "$T/t1"
for d in "$SYS"/*; do [ -L "$d" ] || echo "$d"; done | sort > "$T/t2"
if [ -s "$T/t1" ] && cmp -s "$T/t1" "$T/t2"; then
	ktap_ok slabinfo.sysfs_dirs_are_caches
else
	ktap_fail slabinfo.sysfs_dirs_are_caches "$(diff "$T/t1" "$T/t2" | head -n5)"
fi

# --- sysfs partial for quiet caches -----------------------------------------
ok=0
for try in $(seq $TRIES); do
	awk 'NR > 2 { print $1, $27 }' "$SI" > "$T/pa1"
	: > "$T/pas"
	while read -r name p; do
		read -r sp rest < "$SYS/$name/partial"
		echo "$name $sp" >> "$T/pas"
	done < "$T/pa1"
	awk 'NR > 2 { print $1, $27 }' "$SI" > "$T/pa2"
	# (The same slub_debug effect as above: the sysfs reads' own
	# open files may move a partial slab of their caches; TOL > 0
	# allows a difference of one slab there.)
	set -- $(awk -v tol=$TOL 'FILENAME == ARGV[1] { a[$1] = $2; next }
		FILENAME == ARGV[2] { b[$1] = $2; next }
		{
			if (a[$1] != b[$1]) { busy++; next }
			quiet++
			d = $2 - a[$1]; if (d < 0) d = -d
			if (d > (tol ? 1 : 0)) {
				bad++
				print "# " $1 ": sysfs " $2 " memscope " a[$1] > "/dev/stderr"
			}
		}
		END { print quiet + 0, busy + 0, bad + 0 }' "$T/pa1" "$T/pa2" "$T/pas" 2>"$T/why")
	ktap_diag "partial try $try: quiet $1 busy $2 mismatches $3"
	head -n3 "$T/why"
	if [ "$3" = 0 ] && [ "$1" -gt "$2" ]; then ok=1; break; fi
done
ktap_check slabinfo.sysfs_partial_equal [ $ok = 1 ]

rm -rf "$T"
ktap_end
