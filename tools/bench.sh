#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: every benchmark, printed as ratios measured side by side in
# one run (never timed assertions). Host: memsim's benchmarks. Guest: one
# boot per kernel series running selftests/bench/run_bench.sh.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
SERIES=${MEMSCOPE_SERIES:-"6.1 6.12"}
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
OUT=$TOP/build/bench
mkdir -p "$OUT"

if [ -f tools/memsim/Makefile ]; then
	echo "== host: memsim"
	make -s -C tools/memsim bench 2>&1 | tee "$OUT/memsim.txt"
fi
for s in $SERIES; do
	rel=$(cat "$CACHE/kernel-$s")
	echo "== guest: kernel $s = $rel"
	tools/vm/run-vm -q -k "$s" -m 2G -t 1200 \
		-- sh /memscope/selftests/bench/run_bench.sh 2>/dev/null |
		tee "$OUT/guest-$s.txt"
done

echo
echo "== summary (ratio = memscope / kernel interface; lower is cheaper)"
printf '%-8s %-28s %s\n' kernel benchmark figures
for s in $SERIES; do
	sed -n 's/^bench //p' "$OUT/guest-$s.txt" | while read -r name rest; do
		printf '%-8s %-28s %s\n' "$s" "$name" "$rest"
	done
done
