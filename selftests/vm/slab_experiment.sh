#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# slab_experiment probe caches against /proc/slabinfo and
# /sys/kernel/slab/memscope_slab: bad input is refused with the documented
# errno and changes nothing; a probe cache grows as objects are allocated
# and its geometry and counts match the kernel's; caches created and
# destroyed in a loop while slabinfo is read leave no stale entry.
. "$(dirname "$0")/../lib/ktap.sh"
SI=$MS/slabinfo
EX=$MS/slab_experiment
NAME=memscope_slab
SYS=/sys/kernel/slab/$NAME
[ -w "$EX" ] || ktap_skip_all "no $EX"
cat "$SI" >/dev/null 2>&1 || ktap_skip_all "slabinfo unavailable"
ktap_begin 16

# refused CMD WORDS: the write fails with an error naming WORDS and the
# probe state is still "none".
refused() {
	_err=$( (echo "$1" > "$EX") 2>&1 )
	case $_err in *"$2"*) grep -qx none "$EX" ;; *) echo "# got: $_err"; false ;; esac
}
echo "slab free" > "$EX"
ktap_check slab_experiment.starts_empty grep -qx none "$EX"
ktap_check slab_experiment.einval_verb refused "blah 1 2 3" "Invalid argument"
ktap_check slab_experiment.einval_align refused "slab 200 24 10" "Invalid argument"
ktap_check slab_experiment.einval_flag refused "slab 200 8 10 sparkly" "Invalid argument"
ktap_check slab_experiment.erange_size refused "slab 4 8 10" "out of range"
ktap_check slab_experiment.e2big_count refused "slab 4096 8 100000000" "Argument list too long"

# field FILE KEY: the value after the last KEY in a "key value ..." line
# (the cache's own values follow the request's echo).
field() { awk -v k="$2" '{ for (i = 1; i < NF; i++) if ($i == k) v = $(i + 1) } END { print v }' "$1"; }
# line16 FILE: the 16 /proc/slabinfo fields of the probe cache's line.
line16() { grep "^$NAME " "$1" | sed 's/ : memscope .*//'; }

# Growth: the probe cache's objects and slabs grow with COUNT, and every
# read of it matches the kernel's (nothing else allocates from it).
prev=-1 grow=1 match=1 geo=1 sys=1
for count in 0 100 1000 5000; do
	echo "slab 200 64 $count hwcache" > "$EX" || { grow=0; break; }
	cat "$EX" > /tmp/ex.$$
	slabs=$(field /tmp/ex.$$ slabs)
	num=$(field /tmp/ex.$$ num_objs)
	act=$(field /tmp/ex.$$ active_objs)
	per=$(field /tmp/ex.$$ objs_per_slab)
	ktap_diag "count $count: $(cat /tmp/ex.$$)"
	# Every allocated object is active; a slab holds per objects.
	[ "$act" -ge "$count" ] && [ "$num" -eq $((slabs * per)) ] &&
		[ $((slabs * per)) -ge "$count" ] && [ "$slabs" -gt "$prev" ] ||
		grow=0
	[ "$count" -gt 0 ] && prev=$slabs
	cat "$SI" > /tmp/m.$$; cat /proc/slabinfo > /tmp/p.$$
	m=$(line16 /tmp/m.$$); p=$(line16 /tmp/p.$$)
	[ -n "$m" ] && [ "$m" = "$p" ] || { match=0; ktap_diag "memscope: $m"; ktap_diag "proc:     $p"; }
	# Geometry as sysfs has it.
	read -r o < "$SYS/order"; read -r n < "$SYS/objs_per_slab"
	read -r os < "$SYS/object_size"; read -r ss < "$SYS/slab_size"
	read -r al < "$SYS/align"; read -r sl rest < "$SYS/slabs"
	read -r to rest < "$SYS/total_objects"
	[ "$o $n $os $ss $al" = "$(field /tmp/ex.$$ order) $per $(field /tmp/ex.$$ object_size) $(field /tmp/ex.$$ slab_size) $(field /tmp/ex.$$ align)" ] || geo=0
	[ "$sl $to" = "$slabs $num" ] || sys=0
	echo "slab free" > "$EX"
done
ktap_check slab_experiment.grows_with_count [ $grow = 1 ]
ktap_check slab_experiment.line_matches_proc [ $match = 1 ]
ktap_check slab_experiment.geometry_matches_sysfs [ $geo = 1 ]
ktap_check slab_experiment.counts_match_sysfs [ $sys = 1 ]

# One probe cache at a time; the first is untouched by the refusal.
echo "slab 100 8 10" > "$EX"
err=$( (echo "slab 300 8 10" > "$EX") 2>&1 )
case $err in
*busy*) grep -q "^name $NAME size 100 align 8 count 10 " "$EX" ;;
*) false ;;
esac
ktap_check slab_experiment.ebusy_second [ $? = 0 ]

# experiment's "slab" lines are the same commands: the answer on the same
# open file is the line slab_experiment then reads, and a refusal is
# slab_experiment's errno.
echo "slab free" > "$EX"
exec 3<>"$MS/experiment"
echo "slab 200 64 10 hwcache" >&3
ans=$(cat <&3)
err=$( (echo "slab 300 8 10" >&3) 2>&1 )
exec 3>&-
ktap_diag "experiment answered: $ans; then: $err"
case $err in *busy*) busy=1 ;; *) busy=0 ;; esac
ktap_check slab_experiment.experiment_answers_alike [ -n "$ans" -a "$ans" = "$(cat "$EX")" -a $busy = 1 ]

# Debug flags show in the flags column and in sysfs.
echo "slab free" > "$EX"
echo "slab 200 0 50 reclaim,poison,redzone" > "$EX"
cat "$EX" > /tmp/ex.$$
read -r pz < "$SYS/poison"; read -r rz < "$SYS/red_zone"
read -r ss < "$SYS/slab_size"
fl=$(field /tmp/ex.$$ flags)
ktap_diag "$(cat /tmp/ex.$$)"
# (slub_debug= on the command line may add more letters.)
case $fl in a*P*Z*) flok=1 ;; *) flok=0 ;; esac
ktap_check slab_experiment.debug_flags [ $flok = 1 -a "$pz$rz" = 11 -a "$(field /tmp/ex.$$ slab_size)" = "$ss" ]
echo "slab free" > "$EX"
gone=1
grep -q "^$NAME " "$SI" && gone=0
grep -q "^$NAME " /proc/slabinfo && gone=0
[ -e "$SYS" ] && gone=0
ktap_check slab_experiment.free_removes_cache [ $gone = 1 ]

# Stress: create and destroy in a loop while slabinfo is read.
(
	i=0
	while [ $i -lt 150 ]; do
		echo "slab $((64 + i * 8)) 0 $((i * 20))" > "$EX" || exit 1
		echo "slab free" > "$EX" || exit 1
		i=$((i + 1))
	done
) &
writer=$!
# A second reader that only reads, for constant overlap with the writer.
( while kill -0 $writer 2>/dev/null; do cat "$SI" > /dev/null || exit 1; done ) &
reader=$!
reads=0 badread=0
while kill -0 $writer 2>/dev/null; do
	if cat "$SI" > /tmp/s.$$ 2>/dev/null &&
	   [ "$(sed -n 1p /tmp/s.$$)" = "slabinfo - version: 2.1" ] &&
	   awk 'NR > 2 && (NF < 28 || $18 != "memscope") { exit 1 }' /tmp/s.$$
	then
		reads=$((reads + 1))
	else
		badread=$((badread + 1))
	fi
done
wait $writer
wrc=$?
wait $reader
rrc=$?
ktap_diag "stress: $reads reads, $badread bad, writer status $wrc, reader status $rrc"
ktap_check slab_experiment.stress_reads_valid [ $badread = 0 -a $reads -gt 0 -a $wrc = 0 -a $rrc = 0 ]
stale=0
grep -q "^$NAME " "$SI" && stale=1
awk 'NR > 2 { print $1 }' "$SI" | sort > /tmp/a.$$
awk 'NR > 2 { print $1 }' /proc/slabinfo | sort > /tmp/b.$$
cmp -s /tmp/a.$$ /tmp/b.$$ || stale=1
ktap_check slab_experiment.stress_no_stale_entry [ $stale = 0 ]
rm -f /tmp/ex.$$ /tmp/m.$$ /tmp/p.$$ /tmp/s.$$ /tmp/a.$$ /tmp/b.$$
ktap_end
