#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Lifetimes: an open per-process file pins the module and survives
# untrack; readers racing a busy process and untrack never oops (the
# serial log is checked for splats by the runner).
. "$(dirname "$0")/../lib/ktap.sh"
KO=/memscope/memscope.ko
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
ktap_begin 7

sleep 300 &
P=$!
sleep 0.2
echo $P > $MS/track
ktap_check lifetime.tracked [ -r $MS/pids/$P/maps ]

# An open file keeps the module in: rmmod must refuse.
exec 3< $MS/pids/$P/pages
if rmmod memscope 2>/dev/null; then
	ktap_fail lifetime.open_file_pins_module "rmmod succeeded with a file open"
	insmod $KO
else
	ktap_ok lifetime.open_file_pins_module
fi

# Untrack with the file still open: the directory goes, and the open
# file keeps its own reference on the process: it still reads data.
echo $P > $MS/untrack
ktap_check lifetime.untrack_removes_dir [ ! -e $MS/pids/$P ]
n=$(cat <&3 2>/dev/null | wc -c)
exec 3<&-
ktap_check lifetime.read_after_untrack_survives [ "$n" -gt 0 ]

# Readers against a process that maps, unmaps and exits in a loop.
(
	i=0
	while [ $i -lt 30 ]; do
		sh -c 'x=$(head -c 300000 /dev/zero | tr "\0" a); echo ${#x} >/dev/null' &
		q=$!
		echo $q > $MS/track 2>/dev/null
		for f in maps vmas mm pagetable pages; do
			cat $MS/pids/$q/$f > /dev/null 2>&1
		done
		echo $q > $MS/untrack 2>/dev/null
		wait $q 2>/dev/null
		i=$((i + 1))
	done
)
ktap_ok lifetime.race_exit_and_untrack

# Tracked directories still present at unload are freed: track, unload, load.
echo $P > $MS/track
rmmod memscope && insmod $KO
ktap_check lifetime.unload_with_tracked_dirs [ -r $MS/version -a ! -e $MS/pids/$P ]
kill $P
wait $P 2>/dev/null
cat $MS/self/maps > /dev/null
ktap_check lifetime.module_works_after_reload cmp -s $MS/self/maps /proc/self/maps
ktap_end
