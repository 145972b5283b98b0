#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/extfrag against the kernel's /sys/kernel/debug/extfrag files.
. "$(dirname "$0")/../lib/ktap.sh"
[ -r "$MS/extfrag" ] || ktap_skip_all "memscope extfrag missing"
KX=/sys/kernel/debug/extfrag
ktap_begin 4

section() { awk -v s="$2" '/^[a-z_]+$/ { in_s = ($0 == s); next } in_s' "$1"; }

for idx in unusable_index extfrag_index; do
	if [ ! -r $KX/$idx ]; then
		ktap_skip extfrag.$idx "no $KX/$idx (CONFIG_COMPACTION off?)"
		continue
	fi
	if agrees "section $MS/extfrag $idx" "cat $KX/$idx"; then
		ktap_ok extfrag.$idx
	else
		ktap_fail extfrag.$idx "differs from $KX/$idx on 5 reads"
	fi
done
ktap_check extfrag.mode_0400 [ "$(file_mode "$MS/extfrag")" = 400 ]
ktap_check extfrag.write_refused write_refused "$MS/extfrag" x
ktap_end
