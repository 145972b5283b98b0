#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/version names memscope, the ABI and the running kernel.
. "$(dirname "$0")/../lib/ktap.sh"
[ -d "$MS" ] || ktap_skip_all "memscope not loaded"
ktap_begin 3

v=$(cat "$MS/version")
want_kernel=$(uname -r)
# The release ("6.12.117+deb12-amd64") holds regex characters: compare
# the fields as strings.
set -- $v
if [ $# -eq 6 ] && [ "$1 $3 $4 $5" = "memscope abi 1 kernel" ] &&
   [ "$6" = "$want_kernel" ] && echo "$2" | grep -qE '^[0-9]+\.[0-9]+\.[0-9]+$'; then
	ktap_ok version.format
else
	ktap_fail version.format "got '$v', kernel $want_kernel"
fi
ktap_check version.mode_0400 [ "$(file_mode "$MS/version")" = 400 ]
ktap_check version.write_refused write_refused "$MS/version" x
ktap_end
