#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memscope under kernel lockdown, in a boot of its own (lockdown cannot be
# lowered again): run-vm --no-load, this script loads the module.
#
# Booted without lockdown (Debian's kernels, whose lockdown=... boot
# parameter would refuse our unsigned module outright): load with pids=,
# then raise the level at runtime through securityfs, to integrity and
# then to confidentiality: the same security_locked_down() test as the
# boot parameter sets up. Booted with lockdown=integrity (memscope's
# debug kernels, whose own key signs memscope.ko): the unsigned twin is
# refused, the signed module loads; then on to confidentiality.
#
# At each level: the capability x file matrix (access_test with the
# lockdown rule: every writable file EPERM), every read-only view reads,
# the views agree with their /proc oracles, and a refused control write
# changes nothing.
. "$(dirname "$0")/../lib/ktap.sh"
B=/memscope/bin
KO=/memscope/memscope.ko
UNSIGNED=/memscope/memscope-unsigned.ko
LD=/sys/kernel/security/lockdown

grep -qs ' /sys/kernel/security ' /proc/mounts ||
	mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
[ -r $LD ] || ktap_skip_all "kernel without the lockdown LSM (no $LD)"
[ -d "$MS" ] && ktap_skip_all "memscope loaded already (run with run-vm --no-load)"
level() { sed -n 's/.*\[\(.*\)\].*/\1/p' $LD; }
BOOT=$(level)
ktap_diag "boot lockdown level: $BOOT ($(cat $LD))"
ktap_begin 17

sleep 100000 &
target=$!

# --- loading ------------------------------------------------------------------
if [ "$BOOT" != none ]; then
	if [ -f $UNSIGNED ]; then
		if insmod $UNSIGNED 2>/tmp/unsigned.err; then
			rmmod memscope
			ktap_fail lockdown.unsigned_refused "an unsigned module loaded under lockdown=$BOOT"
		else
			ktap_diag "unsigned: $(cat /tmp/unsigned.err)"
			ktap_check lockdown.unsigned_refused [ ! -d "$MS" ]
		fi
	else
		ktap_skip lockdown.unsigned_refused "no unsigned twin of a signed module"
	fi
else
	ktap_skip lockdown.unsigned_refused "booted without lockdown: the module is unsigned"
fi
# pids= that cannot be tracked: the load fails and leaves nothing.
bad_load() {
	if insmod $KO "pids=$1" 2>/tmp/bad.err; then
		rmmod memscope
		return 1
	fi
	ktap_diag "pids=$1: $(cat /tmp/bad.err); $(dmesg | grep 'pids=' | tail -n1)"
	[ ! -d "$MS" ]
}
ktap_check lockdown.pids_no_such_process bad_load 4000000
ktap_check lockdown.pids_kernel_thread bad_load 2
ktap_check lockdown.pids_duplicate bad_load "$target,$target"
if insmod $KO "pids=$target,$$" 2>/tmp/load.err; then
	ktap_ok lockdown.load_with_pids
else
	ktap_fail lockdown.load_with_pids "$(cat /tmp/load.err)"
	kill $target
	ktap_end
fi
ok=0
[ -d "$MS/pids/$target" ] && [ -d "$MS/pids/$$" ] && ok=1
ktap_check lockdown.pids_tracked [ $ok = 1 ]

# at_level L: the checks at lockdown level L.
at_level() {
	l=$1
	if [ "$(level)" != "$l" ]; then
		echo "$l" > $LD 2>/tmp/raise.err
	fi
	if [ "$(level)" != "$l" ]; then
		ktap_fail lockdown.$l.raised "level $(level): $(cat /tmp/raise.err)"
		return
	fi
	ktap_ok lockdown.$l.raised
	MEMSCOPE_TARGET=$target "$B/access_test" > /tmp/access.out 2>&1
	arc=$?
	grep -E '^# (access|.*want)|^not ok' /tmp/access.out | head -n 20 |
		sed 's/^not ok/# access_test: not ok/'
	ktap_check lockdown.$l.capability_matrix [ $arc = 0 ]
	# Every read-only view reads whole and says something.
	bad=0
	for f in $(find "$MS" -type f ! -perm -200 | sort); do
		if ! cat "$f" > /tmp/view 2>/tmp/view.err || [ ! -s /tmp/view ]; then
			case $f in
			*/slabinfo) grep -q 'Operation not supported' /tmp/view.err &&
				continue ;;	# refused layout: documented
			esac
			ktap_diag "$f: $(cat /tmp/view.err)"
			bad=$((bad + 1))
		fi
	done
	ktap_check lockdown.$l.read_only_views_read [ $bad = 0 ]
	ok=1
	agrees "cat $MS/buddyinfo" "cat /proc/buddyinfo" || ok=0
	agrees "cat $MS/pids/$target/maps" "cat /proc/$target/maps" || ok=0
	agrees "cat $MS/pids/$$/maps" "cat /proc/$$/maps" || ok=0
	ktap_check lockdown.$l.views_match_proc [ $ok = 1 ]
	# A refused write changes nothing: no new pids/ entry, no untrack.
	sleep 100000 &
	other=$!
	ok=1
	(echo $other > "$MS/track") 2>/dev/null && ok=0
	(echo $target > "$MS/untrack") 2>/dev/null && ok=0
	[ -d "$MS/pids/$other" ] && ok=0
	[ -d "$MS/pids/$target" ] || ok=0
	kill $other
	ktap_check lockdown.$l.control_refused_changes_nothing [ $ok = 1 ]
}
at_level integrity
at_level confidentiality

# Unloading is not lockdown's business: rmmod works, and leaves nothing.
rmmod memscope
ktap_check lockdown.unload [ ! -d "$MS" ]
kill $target
ktap_end
