#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs every memscope selftest inside the test VM and passes their KTAP
# through. Shell tests are selftests/vm/*.sh; C tests are the static
# binaries in /memscope/bin/*_test built from selftests/vm/*.c.
#
# A test that exits non-zero without reporting a failure, or that reports
# fewer results than it planned, gets a "not ok" line of its own here, so a
# crash or a hang (killed by the timeout) is never counted as a pass.
# Usage: run_guest.sh [NAME-FILTER...] (a test runs if its name contains
# any of the filters; all tests without one)
DIR=$(cd "$(dirname "$0")" && pwd)
# MEMSCOPE_TEST_TIMEOUT overrides the per-test limit (make stress).
TIMEOUT=${MEMSCOPE_TEST_TIMEOUT:-$(sed -n 's/^timeout=//p' "$DIR/settings")}
FILTERS=$*
FAILED=0
selected() {
	[ -z "$FILTERS" ] && return 0
	for f in $FILTERS; do
		case $1 in *"$f"*) return 0 ;; esac
	done
	return 1
}

run_one() {
	name=$1; shift
	out=/tmp/ktap.$$
	echo "# ===== $name"
	timeout "$TIMEOUT" "$@" > "$out" 2>&1
	rc=$?
	cat "$out"
	plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out" | head -n1)
	got=$(grep -cE '^(not )?ok [0-9]+ ' "$out")
	bad=$(grep -cE '^not ok [0-9]+ ' "$out")
	if [ "$rc" -eq 4 ] && [ "$got" -eq 0 ]; then
		why=$(sed -n 's/^1\.\.0 # SKIP //p' "$out" | head -n1)
		echo "ok 1 $name # SKIP ${why:-whole file skipped}"
	elif [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && [ "$bad" -eq 0 ]; then
		echo "not ok 1 $name # exited with status $rc"
		FAILED=1
	elif [ -z "$plan" ]; then
		echo "not ok 1 $name # no KTAP plan"
		FAILED=1
	elif [ "$got" -ne "$plan" ]; then
		echo "not ok 1 $name # reported $got of $plan planned results"
		FAILED=1
	fi
	[ "$bad" -gt 0 ] && FAILED=1
	rm -f "$out"
}

cd "$DIR" || exit 1
# Optional features (zram swap, hugetlb, THP) once, before any test.
. "$DIR/lib/features.sh"
features_setup
for t in vm/*.sh; do
	[ -e "$t" ] || continue
	n=$(basename "$t" .sh)
	selected "$n" && run_one "$n" sh "$t"
done
for t in /memscope/bin/*_test; do
	[ -x "$t" ] || continue
	n=$(basename "$t")
	selected "$n" && run_one "$n" "$t"
done
exit $FAILED
