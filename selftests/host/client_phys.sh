#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the client's physical memory view (pagetypes, extfrag,
# zones, meminfo, layout) against files recorded from a 6.12 guest
# (selftests/host/phys-root) and broken copies of them.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/selftests/lib/ktap.sh"
. "$TOP/selftests/lib/json.sh"
MSC=$TOP/tools/memscope/memscope
make -s -C "$TOP/tools/memscope" >/dev/null || exit 1
R=$TOP/selftests/host/phys-root
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ktap_begin 16

row() { awk -v a="$1" -v b="$2" -v c="$3" '$1 == a && $2 == b && (c == "" || $3 == c)' "$T/out"; }

# DMA Movable: one 2 MiB and three 4 MiB blocks, 7 pageblocks.
"$MSC" -r "$R" -n pagetypes > "$T/out"
ktap_check client_phys.pagetypes_free_kb [ "$(row 0 DMA Movable | awk '{ print $(NF - 1), $NF }')" = "14336kB 7" ]
ktap_check client_phys.pagetypes_rows [ "$(wc -l < "$T/out")" = "$(grep -c ', type ' "$R/pagetypeinfo")" ]
"$MSC" -r "$R" -j pagetypes > "$T/out"
json_check client_phys.pagetypes_json "$T/out" 'shape("pagetypes") and
	[.[] | select(.zone == "DMA32" and .type == "Movable")] == [{"node": 0, "zone": "DMA32",
	 "type": "Movable", "free_blocks": [0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 224],
	 "capped_orders": [], "pageblocks": 480}]'

# A capped count (">N", a list longer than the kernel's cap) stays marked.
mkdir -p "$T/cap" && cp "$R"/* "$T/cap/"
sed -i '/DMA32, type      Movable/s/^\(.\{44\}\)     0 /\1>100000 /' "$T/cap/pagetypeinfo"
"$MSC" -r "$T/cap" -j pagetypes > "$T/out"
json_check client_phys.pagetypes_capped "$T/out" 'shape("pagetypes") and
	[.[] | select(.zone == "DMA32" and .type == "Movable") | [.free_blocks, .capped_orders]] ==
	[[[100000, 1, 1, 1, 0, 1, 0, 0, 1, 1, 224], [0]]] and
	([.[].capped_orders[]] | length) == 1'

"$MSC" -r "$R" -n extfrag > "$T/out"
ktap_check client_phys.extfrag_values [ "$(row 0 DMA unusable | awk '{ print $NF }') $(row 0 DMA32 fragment | awk '{ print $4 }')" = "0.193 -1.000" ]
"$MSC" -r "$R" -j extfrag > "$T/out"
json_check client_phys.extfrag_json "$T/out" 'shape("extfrag") and
	[.[] | select(.zone == "DMA") | .unusable_index, .fragmentation_index[0]] ==
	[[0, 0, 0, 0, 0, 0, 0.008, 0.025, 0.058, 0.058, 0.193], -1]'

"$MSC" -r "$R" -n zones > "$T/out"
ktap_check client_phys.zones_values [ "$(row 0 DMA32 | awk '{ print $3, $6, $10 }')" = "4096 243283 16628" ]
"$MSC" -r "$R" -j zones > "$T/out"
json_check client_phys.zones_json "$T/out" 'shape("zones") and
	[.[] | select(.zone == "DMA32") | .pageblocks | to_entries[] | "\(.key)=\(.value)"] ==
	["Unmovable=22", "Movable=480", "Reclaimable=2", "HighAtomic=0", "Isolate=0"]'

"$MSC" -r "$R" -n meminfo > "$T/out"
ktap_check client_phys.meminfo_free_layout [ "$(awk '$1 == "Mem:" { print $2, $3, $7 }' "$T/out")" = "988492 35268 869436" ]
mkdir -p "$T/noswap" && cp "$R"/* "$T/noswap/"
sed -i 's/^swap_total .*/swap_total -/' "$T/noswap/meminfo"
"$MSC" -r "$T/noswap" -j meminfo > "$T/out"
json_check client_phys.meminfo_unknown_swap_is_null "$T/out" \
	'shape("meminfo") and has("swap_total_kb") and .swap_total_kb == null and .swap_free_kb == 0'

"$MSC" -r "$R" -n layout > "$T/out"
ktap_check client_phys.layout_sizes [ "$(awk '$1 == "kernel_map" || $1 == "kernel_image" { print $4 }' "$T/out" | tr '\n' ' ')" = "1G 45248K " ]

# Broken files: an error naming file and line, non-zero exit.
mkdir -p "$T/bad" && cp "$R"/* "$T/bad/"
sed -i '3s/.*/Node 0, zone DMA32 start_pfn 4096/' "$T/bad/zoneinfo"
ktap_check_refused client_phys.zones_malformed "$MSC" -r "$T/bad" zones
ktap_check client_phys.zones_malformed_names_line grep -q 'zoneinfo:3:' "$T/err"
sed -i '2s/0.000/0.0x0/' "$T/bad/extfrag"
ktap_check_refused client_phys.extfrag_malformed "$MSC" -r "$T/bad" extfrag
sed -i '$d' "$T/bad/meminfo"
ktap_check_refused client_phys.meminfo_missing_key "$MSC" -r "$T/bad" meminfo
ktap_check_refused client_phys.extra_argument "$MSC" -r "$R" layout extra
ktap_end
