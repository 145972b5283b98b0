#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every file memscope creates is documented in
# Documentation/ABI/testing/debugfs-memscope, and every documented file
# exists, with the documented permissions. Per-process directories are
# matched through their placeholder (pids/<pid>/...): one PID is tracked
# for the check when the module offers `track`.
. "$(dirname "$0")/../lib/ktap.sh"
ABI=/memscope/Documentation/ABI/testing/debugfs-memscope
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
[ -r "$ABI" ] || ktap_skip_all "no $ABI in the guest"
ktap_begin 3

tracked=
if [ -w "$MS/track" ] 2>/dev/null && [ -e "$MS/track" ]; then
	sleep 60 &
	tracked=$!
	echo "$tracked" > "$MS/track" 2>/dev/null || tracked=
fi

# Files as they exist, with numeric PIDs replaced by the placeholder.
find "$MS" -mindepth 1 \( -type f -o -type l \) | sort |
	sed "s#^$MS#/sys/kernel/debug/memscope#; s#/pids/[0-9][0-9]*/#/pids/<pid>/#" |
	sort -u > /tmp/abi.have
sed -n 's/^What:[[:space:]]*//p' "$ABI" | sort -u > /tmp/abi.doc
# Guard the comparison itself: both lists must be non-empty.
[ -s /tmp/abi.have ] && [ -s /tmp/abi.doc ] ||
	{ ktap_diag "empty file list"; exit 1; }

missing=$(grep -vxF -f /tmp/abi.doc /tmp/abi.have)
if [ -z "$missing" ]; then
	ktap_ok abi_doc.every_file_documented
else
	for f in $missing; do ktap_diag "undocumented: $f"; done
	ktap_fail abi_doc.every_file_documented
fi

# A documented per-process file needs a tracked PID to exist; without
# track support, only the non-per-process entries are required.
stale=$(grep -vxF -f /tmp/abi.have /tmp/abi.doc)
[ -z "$tracked" ] && stale=$(echo "$stale" | grep -v '/pids/<pid>/')
if [ -z "$stale" ]; then
	ktap_ok abi_doc.every_documented_file_exists
else
	for f in $stale; do ktap_diag "documented but absent: $f"; done
	ktap_fail abi_doc.every_documented_file_exists
fi

# The "(RO, 0400)" / "(WO, 0200)" / "(RW, 0600)" tags match the modes.
bad=0
while read -r f; do
	real=$(echo "$f" | sed "s#^/sys/kernel/debug/memscope#$MS#; s#/pids/<pid>/#/pids/$tracked/#")
	[ -e "$real" ] || continue
	want=$(awk -v f="$f" '$1 == "What:" { cur = $2 }
		cur == f && match($0, /\((RO|WO|RW), 0[0-7]+\)/) {
			s = substr($0, RSTART, RLENGTH); sub(/.*, 0/, "", s);
			sub(/\)/, "", s); print s; exit }' "$ABI")
	have=$(stat -L -c %a "$real")
	if [ "$want" != "$have" ]; then
		ktap_diag "$f: mode $have, documented ${want:-nothing}"
		bad=1
	fi
done < /tmp/abi.doc
ktap_check abi_doc.modes_as_documented [ $bad = 0 ]

if [ -n "$tracked" ]; then
	echo "$tracked" > "$MS/untrack" 2>/dev/null
	kill "$tracked" 2>/dev/null
fi
ktap_end
