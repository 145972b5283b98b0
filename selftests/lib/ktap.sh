# SPDX-License-Identifier: GPL-2.0
#
# KTAP helpers for memscope's shell selftests (busybox sh compatible).
#   ktap_begin N        header and plan
#   ktap_ok NAME / ktap_fail NAME [WHY] / ktap_skip NAME WHY
#   ktap_check NAME CMD...   ok if CMD succeeds, else not ok
#   ktap_check_refused NAME CMD...   ok if CMD fails with a message
#   ktap_end            exit 0 if nothing failed, 1 otherwise
# Results print at column 0 so the host can count them.
# The guest's optional features (zram swap, hugetlb, THP): one place.
. "${KTAP_LIB:-$(dirname "$0")/../lib}/features.sh"
KTAP_N=0
KTAP_FAILED=0
MS=/sys/kernel/debug/memscope

ktap_begin() { echo "KTAP version 1"; echo "1..$1"; }
ktap_diag() { echo "# $*"; }
ktap_ok() { KTAP_N=$((KTAP_N + 1)); echo "ok $KTAP_N $1"; }
ktap_fail() {
	KTAP_N=$((KTAP_N + 1))
	[ -n "${2:-}" ] && echo "# $1: $2"
	echo "not ok $KTAP_N $1"
	KTAP_FAILED=1
}
ktap_skip() { KTAP_N=$((KTAP_N + 1)); echo "ok $KTAP_N $1 # SKIP $2"; }
ktap_check() {
	_name=$1; shift
	if "$@"; then ktap_ok "$_name"; else ktap_fail "$_name" "failed: $*"; fi
}
ktap_end() { exit $KTAP_FAILED; }

# ktap_check_refused NAME CMD...: ok if CMD exits non-zero and says why on
# stderr. Its output is left in $T/out and $T/err (T: the test's temp dir).
ktap_check_refused() {
	_name=$1; shift
	if "$@" >"$T/out" 2>"$T/err"; then
		ktap_fail "$_name" "exited 0"
	elif [ ! -s "$T/err" ]; then
		ktap_fail "$_name" "no message on stderr"
	else
		ktap_ok "$_name"
	fi
}

# Skip the whole file (kselftest exit code 4).
ktap_skip_all() { echo "KTAP version 1"; echo "1..0 # SKIP $*"; exit 4; }

# File mode in octal (busybox stat).
file_mode() { stat -c %a "$1"; }

# Does writing to FILE fail? (read-only files must refuse writes)
write_refused() { ! (echo "$2" > "$1") 2>/dev/null; }
