#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The memscope client inside the guest, against /proc and pagemap.
. "$(dirname "$0")/../lib/ktap.sh"
. "$(dirname "$0")/../lib/json.sh"
MSC=/memscope/bin/memscope
[ -x "$MSC" ] || ktap_skip_all "no $MSC"
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
ktap_begin 14
T=/tmp/memscope_cli.$$
mkdir -p $T

# A target that sits still.
sleep 300 &
P=$!
sleep 0.2

$MSC maps $P > $T/maps 2>$T/err
rc=$?
if [ $rc = 0 ] && cmp -s $T/maps /proc/$P/maps; then
	ktap_ok cli.maps_equals_proc
else
	ktap_fail cli.maps_equals_proc "rc $rc: $(cat $T/err)"
fi
# Tracking is temporary: the client untracks what it tracked.
ktap_check cli.untracked_after [ ! -e "$MS/pids/$P" ]

$MSC --json maps $P > $T/maps.json
n_maps=$(wc -l < /proc/$P/maps)
json_check cli.json_maps_one_object_per_vma $T/maps.json \
	'shape("maps") and length == $n' --argjson n "$n_maps"

$MSC vmas $P > $T/vmas
ktap_check cli.vmas_header_and_rows \
	[ "$(head -n1 $T/vmas | awk '{print $1, $5, $12}')" = "START KIND NAME" -a \
	  "$(($(wc -l < $T/vmas) - 1))" = "$n_maps" ]

$MSC mm $P > $T/mm
want=$(awk '{print $47}' /proc/$P/stat)
got=$(awk '$1 == "start_brk" {print $2}' $T/mm)
ktap_check cli.mm_start_brk_equals_stat [ "$((got))" = "$want" ]

$MSC --json pagetable $P > $T/pt.json
json_check cli.json_pagetable_levels $T/pt.json \
	'shape("pagetable") and (.levels == 4 or .levels == 5)'

# translate: the first page of the [stack] VMA's last page, vs pagemap.
top=$(awk '/\[stack\]/ {split($1, a, "-"); print a[2]}' /proc/$P/maps)
addr=$(printf '0x%x' $((0x$top - 4096)))
$MSC translate $P $addr > $T/tr 2>$T/err
pfn=$(awk '$1 == "pfn" {print $2}' $T/tr)
pm=$(dd if=/proc/$P/pagemap bs=8 skip=$((addr / 4096)) count=1 2>/dev/null |
	od -An -tx8 | tr -d ' ')
want=$(printf '%x' $((0x$pm & 0x7fffffffffffff)))
if [ -n "$pfn" ] && [ "$pfn" = "$want" ]; then
	ktap_ok cli.translate_pfn_equals_pagemap
else
	ktap_fail cli.translate_pfn_equals_pagemap "pfn '$pfn' pagemap '$pm' $(cat $T/err)"
fi
$MSC --json translate $P $addr > $T/tr.json
json_check cli.json_translate $T/tr.json \
	'shape("translate") and $pfn != "" and .pfn == $pfn' --arg pfn "$pfn"

# Errors: clear message, exit 1 (runtime) or 2 (usage).
$MSC maps 4000000 > /dev/null 2>$T/err
rc=$?
if [ $rc = 1 ] && grep -q "no such process" $T/err; then
	ktap_ok cli.no_such_pid
else
	ktap_fail cli.no_such_pid "rc $rc: $(cat $T/err)"
fi
$MSC maps 2 > /dev/null 2>$T/err
ktap_check cli.kernel_thread [ $? = 1 ]
$MSC translate $P 0xffffffff81000000 > /dev/null 2>$T/err
ktap_check cli.translate_kernel_address [ $? = 1 ]
$MSC translate $P nothex > /dev/null 2>$T/err
ktap_check cli.translate_bad_address_usage [ $? = 2 ]

# snapshot: system files and the PID's files, equal to what they were.
$MSC snapshot $T/snap $P 2>$T/err
rc=$?
ok=1
for f in version buddyinfo nr_cpus pids/$P/maps pids/$P/vmas pids/$P/mm \
	pids/$P/pagetable pids/$P/pages; do
	[ -s "$T/snap/$f" ] || { ok=0; echo "# missing $f"; }
done
[ -e "$T/snap/track" ] && ok=0
if [ $rc = 0 ] && [ $ok = 1 ] && cmp -s $T/snap/pids/$P/maps /proc/$P/maps; then
	ktap_ok cli.snapshot
else
	ktap_fail cli.snapshot "rc $rc: $(cat $T/err)"
fi
kill $P
wait $P 2>/dev/null
$MSC snapshot $T/snap2 $P > /dev/null 2>&1
ktap_check cli.snapshot_gone_pid_fails [ $? = 1 ]
rm -rf $T
ktap_end
