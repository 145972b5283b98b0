#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The memscope client on the live module: its numbers are the module's,
# and a snapshot holds the module's files.
. "$(dirname "$0")/../lib/ktap.sh"
MSC=/memscope/bin/memscope
[ -x "$MSC" ] || ktap_skip_all "no static client"
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
ktap_begin 4

ktap_check client.version_names_kernel \
	[ "$($MSC version)" = "memscope $(cut -d' ' -f2 $MS/version), debugfs ABI 1, kernel $(uname -r)" ]

# Free kB per zone from the client equals the sum over buddyinfo's orders.
client_kb() { $MSC -n buddy | awk '{print $NF}'; }
module_kb() {
	awk '{ kb = 0; sz = 4; for (o = 5; o <= NF; o++) { kb += $o * sz; sz *= 2 }
	       print kb "kB" }' $MS/buddyinfo
}
ktap_agrees client.buddy_free_matches_module client_kb module_kb

rm -rf /tmp/snap
$MSC snapshot /tmp/snap
ktap_check client.snapshot_exit_0 [ $? = 0 ]
ktap_check client.snapshot_version_identical cmp -s $MS/version /tmp/snap/version
ktap_end
