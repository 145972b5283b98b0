#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make stress`: the long hardening profile (selftests/vm/stress.sh with
# MEMSCOPE_STRESS=long) on every kernel series, one boot each, then a
# table of what was done: inputs tried, reads done, unload cycles, splats
# (the host's scan of the serial log, plus the guest's own dmesg count).
# Exit status is non-zero if any kernel's run failed.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
SERIES=${MEMSCOPE_SERIES:-"6.1 6.12"}
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
PROFILE=${MEMSCOPE_STRESS:-long}
OUT=$TOP/build/stress
mkdir -p "$OUT"

RC=0
rows=()
for s in $SERIES; do
	rel=$(cat "$CACHE/kernel-$s")
	echo "== stress ($PROFILE): kernel $s = $rel"
	log=$TOP/build/vm-stress-$rel.log
	tools/vm/run-vm -q -k "$s" -l "$log" -t 3000 -- \
		MEMSCOPE_STRESS="$PROFILE" MEMSCOPE_TEST_TIMEOUT=2700 \
		sh /memscope/selftests/run_guest.sh stress 2>&1 |
		tee "$OUT/$s.ktap"
	vrc=${PIPESTATUS[0]}
	splats=0
	tools/vm/splat-check "$log" > "$OUT/$s.splats" ||
		splats=$(grep -c . "$OUT/$s.splats")
	sum=$(sed -n 's/^# summary: //p' "$OUT/$s.ktap" | tail -n1)
	tried=$(echo "$sum" | sed -n 's/.*inputs tried \([0-9]*\).*/\1/p')
	reads=$(echo "$sum" | sed -n 's/.*reads done \([0-9]*\).*/\1/p')
	cycles=$(echo "$sum" | sed -n 's/.*unload cycles \([0-9]* ([^)]*)\).*/\1/p')
	failed=$(grep -cE '^not ok ' "$OUT/$s.ktap")
	status=pass
	if [ "$vrc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$splats" -ne 0 ] ||
	   [ -z "$sum" ]; then
		status="FAIL (exit $vrc, $failed not ok)"
		RC=1
	fi
	rows+=("$(printf '%-6s %-24s %9s %10s  %-26s %6s  %s' "$s" "$rel" \
		"${tried:-?}" "${reads:-?}" "${cycles:-?}" "$splats" "$status")")
done
echo
echo "== stress summary ($PROFILE profile)"
printf '%-6s %-24s %9s %10s  %-26s %6s  %s\n' kernel release inputs reads \
	"unload cycles" splats result
for r in "${rows[@]}"; do echo "$r"; done
exit $RC
