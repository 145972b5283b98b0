#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the memscope client against fake roots: bad arguments and
# bad files give a message on stderr and a non-zero exit, and good files
# give the right numbers.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/selftests/lib/ktap.sh"
. "$TOP/selftests/lib/json.sh"
MSC=$TOP/tools/memscope/memscope
[ -x "$MSC" ] || make -s -C "$TOP/tools/memscope" >/dev/null
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ktap_begin 12

R=$T/root
mkdir -p "$R"
echo "memscope 0.1.0 abi 1 kernel 6.12.117+deb12-amd64" > "$R/version"
printf 'Node 0, zone      DMA      1      0      0      0      0      0      0      0      0      0      2 \n' > "$R/buddyinfo"
printf 'Node 0, zone    DMA32     10      5      0      0      0      0      0      0      0      0      0 \n' >> "$R/buddyinfo"

chmod 0400 "$R"/*
ktap_check_refused client.no_command "$MSC"
ktap_check_refused client.unknown_command "$MSC" -r "$R" frobnicate
ktap_check_refused client.unknown_option "$MSC" --frob version
ktap_check_refused client.missing_root "$MSC" -r "$T/none" version
ktap_check_refused client.extra_argument "$MSC" -r "$R" buddy extra
printf 'Node 0, zone DMA32 1 2 x\n' > "$T/badbuddy"
mkdir -p "$T/bad" && cp "$R/version" "$T/bad/" && cp "$T/badbuddy" "$T/bad/buddyinfo"
ktap_check_refused client.malformed_buddyinfo "$MSC" -r "$T/bad" buddy
ktap_check client.malformed_names_line grep -q 'buddyinfo:1:' "$T/err"
ktap_check_refused client.snapshot_bad_pid "$MSC" -r "$R" snapshot "$T/snap" 12abc

# 1 + 2 * 4 MiB = 8196 kB in DMA; 10 * 4 + 5 * 8 = 80 kB in DMA32.
"$MSC" -r "$R" -n buddy > "$T/out"
ktap_check client.buddy_free_kb \
	[ "$(awk '{print $NF}' "$T/out" | tr '\n' ' ')" = "8196kB 80kB " ]
"$MSC" -r "$R" -j buddy > "$T/out"
json_check client.buddy_json "$T/out" 'shape("buddy") and . == [
	{"node": 0, "zone": "DMA", "free_blocks": [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], "free_kb": 8196},
	{"node": 0, "zone": "DMA32", "free_blocks": [10, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0], "free_kb": 80}]'
"$MSC" -r "$R" -j version > "$T/out"
json_check client.version_json "$T/out" \
	'. == {"version": "0.1.0", "abi": 1, "kernel": "6.12.117+deb12-amd64"}'
"$MSC" -r "$R" snapshot "$T/snap" >/dev/null 2>&1
ktap_check client.snapshot_copies cmp -s "$R/buddyinfo" "$T/snap/buddyinfo"
ktap_end
