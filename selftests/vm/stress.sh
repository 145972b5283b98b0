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
	WRITES=10000 SECS=60 CYCLES=100
else
	WRITES=1000 SECS=10 CYCLES=10
fi
ktap_diag "profile ${MEMSCOPE_STRESS:-short}: $WRITES writes per file, ${SECS}s readers, $CYCLES unload cycles"

CONTROL=$(find "$MS" -type f -perm -200 | sort)
ktap_begin $(( $(echo "$CONTROL" | grep -c .) + 5 ))
live() { sed -n 's/^live_allocations //p' "$MS/stats"; }
LIVE0=$(live)

# Zram swap, so churn's MADV_PAGEOUT makes swap entries to be read.
if [ ! -e /dev/zram0 ] && modprobe zram 2>/dev/null; then
	echo 64M > /sys/block/zram0/disksize 2>/dev/null &&
		mkswap /dev/zram0 >/dev/null 2>&1 &&
		swapon /dev/zram0 2>/dev/null && ktap_diag "swap on zram0"
fi

# --- hostile writes ---------------------------------------------------------
for f in $CONTROL; do
	name=stress.fuzz.$(echo "${f#$MS/}" | tr / _)
	if out=$("$B/fuzzwrite" "$f" "$WRITES" 2>&1); then
		ktap_diag "$out"
		ok=1
	else
		echo "$out" | sed 's/^/# /'
		ok=0
	fi
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
	ktap_check "$name" [ $ok = 1 ]
done

# --- readers under churn, with tracked processes dying ----------------------
"$B/churn" "$SECS" > /tmp/churn.out 2>&1 &
churn=$!
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
	$(find "$MS" -type f -name maps) > /tmp/readers.out 2>&1
rrc=$?
wait $churn
[ -n "${trk:-}" ] && wait "$trk"
sed 's/^/# /' /tmp/readers.out /tmp/churn.out
ktap_check stress.readers_under_churn [ $rrc = 0 ]
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
sed 's/^/# /' /tmp/unload-readers.out
ktap_diag "unload cycles: $unloaded unloaded, $busy busy, $bad bad"
ok=0
[ $bad = 0 ] && [ $rdrc = 0 ] && ok=1
ktap_check stress.unload_under_load [ $ok = 1 ]

# --- still correct afterwards --------------------------------------------------
grep -q '^memscope ' /proc/modules || insmod "$KO"
same=0
for try in 1 2 3 4 5; do
	cmp -s "$MS/buddyinfo" /proc/buddyinfo && { same=1; break; }
done
ktap_check stress.still_correct_after [ $same = 1 ]
swapoff /dev/zram0 2>/dev/null
ktap_end
