#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The SLUB layout check guards slabinfo. In the normal suite (no argument)
# the mirrors must have passed their load-time check. With "bad" the
# guest runs a test build whose mirror is wrong on purpose (`make
# modules-badlayout`, booted with `run-vm --module`): the check must have
# refused it, the log must say why, slabinfo must fail with EOPNOTSUPP
# instead of printing garbage, and probe caches must still come and go.
. "$(dirname "$0")/../lib/ktap.sh"
MODE=${1:-good}
SI=$MS/slabinfo
EX=$MS/slab_experiment
[ -e "$SI" ] || ktap_skip_all "no $SI"
ktap_begin 6

ktap_check slab_layout.slabinfo_mode_0400 [ "$(file_mode "$SI")" = 400 ]
ktap_check slab_layout.experiment_mode_0600 [ "$(file_mode "$EX")" = 600 ]
log=$(dmesg | grep 'memscope: slab: SLUB layout')
ktap_diag "$log"
err=$(cat "$SI" 2>&1 >/dev/null)
rc=$?

if [ "$MODE" = bad ]; then
	case $log in
	*"refused ("*")"*) ktap_ok slab_layout.refusal_logged_with_reason ;;
	*) ktap_fail slab_layout.refusal_logged_with_reason "log: $log" ;;
	esac
	case $err in
	*"not supported"*) ktap_ok slab_layout.slabinfo_eopnotsupp ;;
	*) ktap_fail slab_layout.slabinfo_eopnotsupp "rc $rc: $err" ;;
	esac
	# The experiment works without the layout, but reports no geometry.
	if echo "slab 200 64 100" > "$EX" &&
	   grep -q 'count 100 .*: layout unavailable$' "$EX"; then
		ktap_ok slab_layout.probe_without_layout
	else
		ktap_fail slab_layout.probe_without_layout "$(cat "$EX")"
	fi
	echo "slab free" > "$EX"
	ktap_check slab_layout.probe_freed grep -qx none "$EX"
else
	case $log in
	*"checked, slabinfo available"*) ktap_ok slab_layout.check_passed ;;
	*) ktap_fail slab_layout.check_passed "log: $log" ;;
	esac
	if [ $rc -eq 0 ] && [ "$(head -n1 "$SI")" = "slabinfo - version: 2.1" ]
	then
		ktap_ok slab_layout.slabinfo_readable
	else
		ktap_fail slab_layout.slabinfo_readable "rc $rc: $err"
	fi
	ktap_check slab_layout.write_refused write_refused "$SI" x
	# The layout check's own cache is gone again.
	if grep -q '^memscope_layout_check ' /proc/slabinfo "$SI"; then
		ktap_fail slab_layout.check_cache_destroyed
	else
		ktap_ok slab_layout.check_cache_destroyed
	fi
fi
ktap_end
