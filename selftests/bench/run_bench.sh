#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of `make bench`: every benchmark, side by side in one boot.
# Each prints "bench NAME key=value ... ratio=R"; tools/bench.sh tabulates.
# Add a benchmark as selftests/bench/NAME.sh.
DIR=$(cd "$(dirname "$0")" && pwd)
MS=/sys/kernel/debug/memscope
RB=/memscope/bin/readbench
echo "# kernel $(uname -r), $(nproc) cpus"
$RB buddyinfo $MS/buddyinfo /proc/buddyinfo 2000
for b in "$DIR"/*.sh; do
	[ "$b" = "$DIR/run_bench.sh" ] && continue
	[ -e "$b" ] && sh "$b"
done
exit 0
