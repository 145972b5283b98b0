#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Try hard to break memscope: hostile writes to every control file, many
# readers of every file while the memory manager churns and tracked
# processes die, and unload/reload while files are being read. Any splat
# fails the run on the host side; here each phase checks its own results.
#
# MEMSCOPE_STRESS=long selects the long profile (make stress); the default
# is the short profile that make check runs.
. "$(dirname "$0")/../lib/ktap.sh"
B=/memscope/bin
KO=/memscope/memscope.ko
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
[ -x "$B/fuzzwrite" ] || ktap_skip_all "stress binaries not built"
if [ "${MEMSCOPE_STRESS:-}" = long ]; then
	WRITES=10000 SECS=60 CYCLES=100 HOLD=60
else
	WRITES=1000 SECS=10 CYCLES=10 HOLD=8
fi
ktap_diag "profile ${MEMSCOPE_STRESS:-short}: $WRITES writes per file, ${SECS}s readers, $CYCLES unload cycles, ${HOLD}s at the OOM edge"
# The OOM killer, should it ever run, picks the hog (1000), never this.
echo -1000 > /proc/self/oom_score_adj

CONTROL=$(find "$MS" -type f -perm -200 | sort)
ktap_begin $(( $(echo "$CONTROL" | grep -c .) + 20 ))
live() { sed -n 's/^live_allocations //p' "$MS/stats"; }
# free_pages: free pages, from /proc/zoneinfo: each zone's "pages free"
# (the buddy lists) plus every CPU's pageset "count" (pages freed to the
# per-CPU lists, which can hold thousands after a burst of frees).
# Slab caches are shrunk first: that frees empty slabs and, on KASAN
# kernels, the objects waiting in its quarantine (up to 1/32 of memory:
# every seq_file buffer of the storm's opens would be held there).
free_pages() {
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 > "$f"
	done 2>/dev/null
	awk '$1 == "pages" && $2 == "free" { n += $3 }
	     $1 == "count:" { n += $2 } END { print n }' /proc/zoneinfo
}
# stat_field KIND FIELD: one number of a `stats` line.
stat_field() {
	awk -v k="$1" -v f="$2" '$1 == k { for (i = 2; i < NF; i++)
		if ($i == f) print $(i + 1) }' "$MS/stats"
}
# same_buddyinfo: memscope's buddyinfo equals the kernel's.
same_buddyinfo() { agrees "cat $MS/buddyinfo" "cat /proc/buddyinfo"; }
LIVE0=$(live)
TRIED=0 READS=0

# Zram swap (selftests/lib/features.sh), so churn's MADV_PAGEOUT makes
# swap entries to be read.
features_ensure
ktap_diag "swap: $(feature_why swap)"

# --- hostile writes ---------------------------------------------------------
for f in $CONTROL; do
	name=stress.fuzz.$(echo "${f#$MS/}" | tr / _)
	free0=$(free_pages)
	if out=$("$B/fuzzwrite" "$f" "$WRITES" 2>&1); then
		ktap_diag "$out"
		ok=1
	else
		echo "$out" | sed 's/^/# /'
		ok=0
	fi
	n=$(echo "$out" | sed -n 's/.* tried=\([0-9]*\).*/\1/p')
	TRIED=$((TRIED + ${n:-0}))
	# State after the storm: every tracked dir is a live process (a
	# random number may be a real PID; then tracking it was valid).
	if [ -d "$MS/pids" ]; then
		for d in "$MS"/pids/*; do
			[ -e "$d" ] || continue
			p=${d##*/}
			case $p in *[!0-9]*) ok=0; ktap_diag "odd entry pids/$p" ;; esac
			[ -d /proc/"$p" ] || { ok=0; ktap_diag "pids/$p: no such process"; }
			echo "$p" > "$MS/untrack" 2>/dev/null
		done
	fi
	case $f in */experiment) echo "free all" > "$f" 2>/dev/null ;; esac
	case $f in */slab_experiment) echo "slab free" > "$f" 2>/dev/null ;; esac
	# Nothing the storm did outlives its clean-up command: no tracked
	# process, no block or probe cache held, every allocation returned.
	if [ -d "$MS/pids" ] && [ -n "$(ls "$MS/pids")" ]; then
		ok=0; ktap_diag "pids/ not empty: $(ls "$MS/pids")"
	fi
	if [ -e "$MS/experiment" ] && [ -n "$(cat "$MS/experiment")" ]; then
		ok=0; ktap_diag "experiment still holds: $(head -n 3 "$MS/experiment")"
	fi
	if [ -e "$MS/slab_experiment" ]; then
		s=$(cat "$MS/slab_experiment")
		[ "$s" = none ] || { ok=0; ktap_diag "slab_experiment: $s"; }
		grep -q '^memscope_slab ' /proc/slabinfo &&
			{ ok=0; ktap_diag "memscope_slab still in /proc/slabinfo"; }
	fi
	[ "$(live)" = "$LIVE0" ] ||
		{ ok=0; ktap_diag "live allocations $(live), were $LIVE0"; }
	# Held blocks would be missing from the free lists (4 MiB slack for
	# the rest of the guest).
	free1=$(free_pages)
	if [ $((free0 - free1)) -gt 1024 ]; then
		ok=0; ktap_diag "free pages $free1, were $free0 before"
	fi
	ktap_check "$name" [ $ok = 1 ]
done

# --- readers under churn, with tracked processes dying ----------------------
# tracked_files PID: track PID and list its files but translate (nothing
# if it cannot be tracked).
tracked_files() {
	[ -e "$MS/track" ] && echo "$1" > "$MS/track" &&
		find "$MS/pids/$1" -type f ! -name translate | sort
}
"$B/churn" "$SECS" > /tmp/churn.out 2>&1 &
churn=$!
# The churner itself is tracked and read: its walks race its munmaps.
CHURN_FILES=$(tracked_files $churn)
ktap_check stress.churn_tracked [ -n "$CHURN_FILES" ]
# A PID that execs itself in a loop, tracked and read: reads span execve.
"$B/execloop" "$SECS" > /tmp/execloop.out 2>&1 &
execer=$!
EXEC_FILES=$(tracked_files $execer)
ktap_check stress.execer_tracked [ -n "$EXEC_FILES" ]
# Readers stalled on userfaultfd while their PID is untracked and another
# tracked: the kselftest of that, run again and again through the phase.
stall_loop() {
	end=$(( $(date +%s) + SECS ))
	runs=0 fails=0
	while [ "$(date +%s)" -lt "$end" ]; do
		"$B/untrack_stall_test" > /tmp/stall.last 2>&1 ||
			{ fails=$((fails + 1)); cp /tmp/stall.last /tmp/stall.fail; }
		runs=$((runs + 1))
	done
	echo "$runs $fails" > /tmp/stall.out
}
: > /tmp/stall.fail
rm -f /tmp/stall.out
stall_loop &
stl=$!
victims_ok=1
tracker() {
	end=$(( $(date +%s) + SECS ))
	while [ "$(date +%s)" -lt "$end" ]; do
		sleep 1 &
		v=$!
		echo "$v" > "$MS/track" 2>/dev/null || { wait $v; continue; }
		cat "$MS/pids/$v/maps" > /dev/null 2>&1
		wait $v
		# Dead now: its files must say so (or be gone), never oops.
		if cat "$MS/pids/$v/maps" > /dev/null 2>/tmp/dead.err; then
			echo "# pids/$v/maps readable after exit" >> /tmp/dead.log
		fi
		echo "$v" > "$MS/untrack" 2>/dev/null
	done
}
: > /tmp/dead.log
if [ -e "$MS/track" ]; then
	tracker &
	trk=$!
fi
# shellcheck disable=SC2046
"$B/readers" 8 "$SECS" $(find "$MS" -type f -perm -400 ! -perm -200 | sort) \
	$(find "$MS" -type f -name maps) $CHURN_FILES $EXEC_FILES \
	> /tmp/readers.out 2>&1
rrc=$?
[ -n "$CHURN_FILES" ] && echo "$churn" > "$MS/untrack" 2>/dev/null
wait $execer
erc=$?
[ -n "$EXEC_FILES" ] && echo "$execer" > "$MS/untrack" 2>/dev/null
wait $stl
n=$(sed -n 's/.*reads=\([0-9]*\).*/\1/p' /tmp/readers.out)
READS=$((READS + ${n:-0}))
wait $churn
[ -n "${trk:-}" ] && wait "$trk"
sed 's/^/# /' /tmp/readers.out /tmp/churn.out
ktap_check stress.readers_under_churn [ $rrc = 0 ]
sed 's/^/# /' /tmp/execloop.out
execs=$(sed -n 's/^execloop execs=//p' /tmp/execloop.out)
ok=0
[ "$erc" = 0 ] && [ "${execs:-0}" -gt 0 ] && ok=1
ktap_check stress.reads_across_execve [ $ok = 1 ]
read -r sruns sfails < /tmp/stall.out 2>/dev/null
ktap_diag "uffd-stalled readers: ${sruns:-0} runs, ${sfails:-?} failed"
[ "${sfails:-1}" = 0 ] || sed 's/^/# /' /tmp/stall.fail
ok=0
[ "${sruns:-0}" -gt 0 ] && [ "${sfails:-1}" = 0 ] && ok=1
ktap_check stress.uffd_stalled_readers [ $ok = 1 ]
if [ -e "$MS/track" ]; then
	if [ -s /tmp/dead.log ]; then
		sed 's/^/# /' /tmp/dead.log
		ktap_fail stress.dead_pid_not_readable
	else
		ktap_ok stress.dead_pid_not_readable
	fi
else
	ktap_skip stress.dead_pid_not_readable "no track file"
fi

# Everything the phases above made memscope allocate is released again.
ktap_diag "live allocations: $LIVE0 before, $(live) after"
ok=0
[ -n "$LIVE0" ] && [ "$(live)" = "$LIVE0" ] && ok=1
ktap_check stress.no_leak [ $ok = 1 ]
sed 's/^/# stats: /' "$MS/stats"

# --- bounded locks -----------------------------------------------------------
# Work under each lock is capped by an item count in the code
# (Documentation/design.rst, "Bounds"); after every file was read under
# churn, no hold may have exceeded its cap, and every kind must have been
# taken (each lock site reports to stats).
#   mmap_lock: one walk step, pgwalk.c MS_STEP_BUDGET (512) reached at a PMD
#     boundary: < 512 before the last PTE table + 512 leaves + 256 for the
#     table = 1279 (maps: VMAs per seq_file buffer, fewer)
#   zone_lock: common/phys_format.h MS_FREE_COUNT_CAP, the kernel's 100000 per list
#     (freeblocks.c FB_BATCH 1024, extfrag 11 words)
#   slab_list_lock: slab.c MS_MAX_PARTIAL_SCAN, 10000 partial slabs
#   slab_mutex: caches per hold, at most the caches on slab_caches
#   no_resched: the longest of the above stretches, 100000 (pagetypeinfo)
NCACHES=$(( $(wc -l < /proc/slabinfo) - 2 ))
bound_ok() { # KIND BOUND
	h=$(stat_field "$1" holds)
	v=$(stat_field "$1" max_items)
	ktap_diag "$1: $h holds, max_items $v, bound $2"
	[ -n "$v" ] && [ "${h:-0}" -gt 0 ] && [ "$v" -le "$2" ]
}
ktap_check stress.bound.mmap_lock bound_ok mmap_lock 1279
ktap_check stress.bound.zone_lock bound_ok zone_lock 100000
ktap_check stress.bound.slab_list_lock bound_ok slab_list_lock 10000
ktap_check stress.bound.slab_mutex bound_ok slab_mutex $((NCACHES + 8))
ktap_check stress.bound.no_resched bound_ok no_resched 100000

# --- memory pressure ---------------------------------------------------------
# A hog takes memory until MemAvailable is down to 16 MiB and stays there
# for HOLD seconds while every file is read: each read returns data or
# ENOMEM (readers allows those and ESRCH), none hangs (timeout), the guest
# lives on and the OOM killer never runs (its report is a splat).
# readers prints one "# errno E=N" line per errno it met.
SWAP_WAS_ON=
feature swap && SWAP_WAS_ON=1
swap_off || ktap_diag "swap off: $(feature_why swap)"
"$B/hog" 16384 "$HOLD" > /tmp/hog.out 2>&1 &
hog=$!
sleep 1
echo "$hog" > "$MS/track" 2>/dev/null
# Read while the hog is at the floor (it gives up after 180 s).
while ! grep -q '^hog at floor' /tmp/hog.out && kill -0 $hog 2>/dev/null; do
	sleep 1
done
# shellcheck disable=SC2046
timeout $((HOLD + 90)) "$B/readers" 2 "$HOLD" \
	$(find "$MS" -type f -perm -400 ! -perm -200 | sort) \
	> /tmp/pressure.out 2>&1
prc=$?
wait $hog
echo "$hog" > "$MS/untrack" 2>/dev/null
sed 's/^/# /' /tmp/pressure.out /tmp/hog.out
n=$(sed -n 's/.*reads=\([0-9]*\).*/\1/p' /tmp/pressure.out)
READS=$((READS + ${n:-0}))
ok=1
[ $prc = 0 ] || { ok=0; ktap_diag "readers under pressure: status $prc"; }
grep -q 'reached=1' /tmp/hog.out || { ok=0; ktap_diag "hog never got to the floor"; }
# Only a gone process (the hog's files once it exited), no memory or an
# unsupported file may fail a read here: ESRCH, EINTR, ENOMEM, EOPNOTSUPP.
if sed -n 's/^# errno \([0-9]*\)=.*/\1/p' /tmp/pressure.out | grep -qvxE '3|4|12|95'; then
	ok=0; ktap_diag "a read under pressure failed otherwise"
fi
if dmesg | grep -qiE 'out of memory|oom-kill'; then
	ok=0; ktap_diag "the OOM killer ran"
fi
ktap_check stress.memory_pressure_reads [ $ok = 1 ]
# Swap back as it was, for the tests that run after this one.
[ -z "$SWAP_WAS_ON" ] || swap_on || ktap_diag "swap on again: $(feature_why swap)"
ktap_check stress.memory_pressure_survived same_buddyinfo

# --- PID reuse ----------------------------------------------------------------
# With pid_max at 400, PIDs wrap within 100 forks: a tracked process
# exits, another gets its PID, and pids/<PID>/ (which holds the old
# struct pid) must answer ESRCH, never the new process's data.
reuse() {
	[ -e "$MS/track" ] || return 2
	old_max=$(cat /proc/sys/kernel/pid_max)
	echo 400 > /proc/sys/kernel/pid_max || return 1
	sleep 600 &
	v=$!
	rc=0
	if ! echo "$v" > "$MS/track"; then
		rc=1
	elif ! grep -q . "$MS/pids/$v/maps"; then
		ktap_diag "pids/$v/maps empty while alive"; rc=1
	fi
	kill $v; wait $v 2>/dev/null
	i=0 w=0
	while [ $i -lt 1000 ]; do
		i=$((i + 1))
		sleep 600 &
		w=$!
		[ "$w" = "$v" ] && break
		kill $w; wait $w 2>/dev/null
	done
	echo "$old_max" > /proc/sys/kernel/pid_max
	if [ "$w" != "$v" ]; then
		ktap_diag "PID $v not reused in $i forks"; return 1
	fi
	ktap_diag "PID $v reused after $i forks"
	for f in $(find "$MS/pids/$v" -type f -perm -400 ! -perm -200); do
		if cat "$f" > /tmp/reuse.out 2> /tmp/reuse.err; then
			ktap_diag "${f#$MS/} readable for the new process"
			rc=1
		elif ! grep -q 'No such process' /tmp/reuse.err; then
			ktap_diag "${f#$MS/}: $(cat /tmp/reuse.err)"
			rc=1
		fi
	done
	# Tracked afresh, the PID shows the new process.
	echo "$v" > "$MS/untrack"
	echo "$v" > "$MS/track" && grep -q . "$MS/pids/$v/maps" ||
		{ ktap_diag "re-tracked $v unreadable"; rc=1; }
	echo "$v" > "$MS/untrack"
	kill $w; wait $w 2>/dev/null
	return $rc
}
reuse
case $? in
0) ktap_ok stress.pid_reuse_esrch ;;
2) ktap_skip stress.pid_reuse_esrch "no track file" ;;
*) ktap_fail stress.pid_reuse_esrch ;;
esac

# --- unload under load -------------------------------------------------------
files=$(find "$MS" -type f -perm -400 ! -perm -200 | sort)
# shellcheck disable=SC2086
"$B/readers" 4 $((CYCLES + 5)) $files > /tmp/unload-readers.out 2>&1 &
rdr=$!
unloaded=0 busy=0 bad=0
i=0
while [ $i -lt "$CYCLES" ]; do
	i=$((i + 1))
	if rmmod memscope 2>/tmp/rmmod.err; then
		unloaded=$((unloaded + 1))
		insmod "$KO" || { bad=$((bad + 1)); ktap_diag "insmod failed"; }
	elif grep -qiE 'busy|temporarily unavailable' /tmp/rmmod.err; then
		busy=$((busy + 1))
	else
		bad=$((bad + 1))
		ktap_diag "rmmod: $(cat /tmp/rmmod.err)"
	fi
	sleep 1
done
wait $rdr
rdrc=$?
n=$(sed -n 's/.*reads=\([0-9]*\).*/\1/p' /tmp/unload-readers.out)
READS=$((READS + ${n:-0}))
sed 's/^/# /' /tmp/unload-readers.out
ktap_diag "unload cycles: $unloaded unloaded, $busy busy, $bad bad"
ok=0
[ $bad = 0 ] && [ $rdrc = 0 ] && ok=1
ktap_check stress.unload_under_load [ $ok = 1 ]

# --- still correct afterwards --------------------------------------------------
grep -q '^memscope ' /proc/modules || insmod "$KO"
ktap_check stress.still_correct_after same_buddyinfo

# --- the bounds are reached, not just respected --------------------------------
# Fresh counters (reload), then one reader at a time: freeblocks alone
# copies exactly FB_BATCH entries per hold when some free list is longer;
# pages of a process with 8 MiB touched takes steps of at least
# MS_STEP_BUDGET work and at most the step bound.
rmmod memscope && insmod "$KO"
# As freeblocks.sh does: 4096 single pages from experiment, the even ones
# whose odd buddy stays held given back (so they cannot merge), with the
# per-CPU lists cut short so the pages reach the buddy lists.
PHF=/proc/sys/vm/percpu_pagelist_high_fraction
phf=$(cat $PHF)
echo 100000 > $PHF
if echo "alloc 0 3968 movable" > "$MS/experiment" 2>/dev/null; then
	awk '{ h[$5] = 1; p[NR] = $5 }
	     END { for (i = 1; i <= NR; i++) if (p[i] % 2 == 0 && (p[i] + 1 "") in h) print p[i] }' \
		"$MS/experiment" > /tmp/even
	while read -r pfn; do echo "free $pfn" > "$MS/experiment"; done < /tmp/even
fi
echo "$phf" > $PHF
cat "$MS/freeblocks" > /dev/null
longest=$(awk '/^Node .* type / { for (i = 7; i <= NF; i++) {
	n = $i; sub(">", "", n); if (n + 0 > m) m = n + 0 } } END { print m + 0 }' \
	/proc/pagetypeinfo)
echo "free all" > "$MS/experiment"
zmax=$(stat_field zone_lock max_items)
ktap_diag "freeblocks alone: zone_lock max_items $zmax, longest free list $longest"
if [ "$longest" -gt 1100 ]; then
	ktap_check stress.bound.freeblocks_batch [ "$zmax" -eq 1024 ]
else
	ktap_check stress.bound.freeblocks_batch [ "$zmax" -le 1024 ]
fi
ok=0
if [ -e "$MS/track" ]; then
	"$B/hog" -hold 8 30 &
	h=$!
	sleep 2
	echo "$h" > "$MS/track" && cat "$MS/pids/$h/pages" > /dev/null
	mmax=$(stat_field mmap_lock max_items)
	rmax=$(stat_field no_resched max_items)
	ktap_diag "pages of an 8 MiB process: mmap_lock max_items $mmax, no_resched $rmax"
	[ "${mmax:-0}" -ge 512 ] && [ "$mmax" -le 1279 ] &&
		[ "${rmax:-0}" -ge 512 ] && [ "$rmax" -le 1279 ] && ok=1
	echo "$h" > "$MS/untrack"
	kill $h; wait $h 2>/dev/null
	ktap_check stress.bound.walk_step [ $ok = 1 ]
else
	ktap_skip stress.bound.walk_step "no track file"
fi

splats=$(dmesg | grep -cE 'BUG:|WARNING:|Oops|Call Trace|soft lockup|rcu: INFO')
ktap_diag "summary: profile ${MEMSCOPE_STRESS:-short}, inputs tried $TRIED, reads done $READS, unload cycles $CYCLES ($unloaded unloaded, $busy busy), splats $splats"
ktap_check stress.no_splat [ "$splats" = 0 ]
ktap_end
