#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Unloading removes every trace of memscope; loading again restores it.
# Done twice, so a leftover from the first cycle would break the second.
. "$(dirname "$0")/../lib/ktap.sh"
KO=/memscope/memscope.ko
[ -f "$KO" ] || ktap_skip_all "no $KO"
grep -q '^memscope ' /proc/modules || ktap_skip_all "memscope not loaded"
ktap_begin 8

for cycle in 1 2; do
	ktap_check "load_unload.rmmod_$cycle" rmmod memscope
	gone=1
	[ -e "$MS" ] && gone=0
	grep -q '^memscope ' /proc/modules && gone=0
	[ -e /sys/module/memscope ] && gone=0
	ktap_check "load_unload.no_trace_$cycle" [ $gone = 1 ]
	ktap_check "load_unload.insmod_$cycle" insmod "$KO"
	ktap_check "load_unload.files_back_$cycle" \
		[ -r "$MS/version" -a -r "$MS/buddyinfo" ]
done
ktap_end
