#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The client's physical memory view on the live module: every command
# parses the module's files, and its numbers are the files' numbers.
. "$(dirname "$0")/../lib/ktap.sh"
MSC=/memscope/bin/memscope
[ -x "$MSC" ] || ktap_skip_all "no static client"
[ -r "$MS/pagetypeinfo" ] || ktap_skip_all "memscope physical view missing"
ktap_begin 6

for c in pagetypes extfrag zones meminfo layout; do
	$MSC $c > /tmp/cp.$c 2>&1 && $MSC -j $c > /dev/null 2>&1 || echo "$c" >> /tmp/cp.failed
done
ktap_check client_phys.every_command_parses [ ! -e /tmp/cp.failed ]

# One row per zone and migratetype, as many as pagetypeinfo's free lines.
ktap_check client_phys.pagetypes_rows \
	[ "$($MSC -n pagetypes | wc -l)" = "$(grep -c ', type ' $MS/pagetypeinfo)" ]
# Zone sizes do not change while the guest runs: exact.
ktap_check client_phys.zones_managed \
	[ "$($MSC -n zones | awk '{ print $6 }' | tr '\n' ' ')" = \
	  "$(awk '$1 == "managed" { print $2 }' $MS/zoneinfo | tr '\n' ' ')" ]
ktap_check client_phys.meminfo_total \
	[ "$($MSC -n meminfo | awk '$1 == "Mem:" { print $2 }')" = "$(awk '$1 == "total" { print $2 }' $MS/meminfo)" ]
ktap_check client_phys.layout_image \
	[ "$($MSC -n layout | awk '$1 == "kernel_image" { print $2 }')" = "0x$(awk '$1 == "kernel_image" { print $2 }' $MS/kernel_layout)" ]
ktap_check client_phys.extfrag_rows \
	[ "$($MSC -n extfrag | wc -l)" = "$(( $(grep -c '^Node' $MS/extfrag) ))" ]
rm -f /tmp/cp.*
ktap_end
