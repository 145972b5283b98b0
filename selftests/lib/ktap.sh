# SPDX-License-Identifier: GPL-2.0
#
# KTAP helpers for memscope's shell selftests (busybox sh compatible).
#   ktap_begin N        header and plan
#   ktap_ok NAME / ktap_fail NAME [WHY] / ktap_skip NAME WHY
#   ktap_check NAME CMD...   ok if CMD succeeds, else not ok
#   ktap_check_refused NAME CMD...   ok if CMD fails with a message
#   ktap_agrees NAME OURS ORACLE   ok if both outputs agree (retried)
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

# agrees OURS ORACLE: do two views of moving state agree? OURS and ORACLE
# are commands (words split, as for eval) whose outputs must be equal and
# not empty; both run again, up to AGREE_TRIES (5) times, since free lists
# and counters move between the two reads. On failure the last pair's
# first differing lines become diagnostics.
agrees() {
	_a=$(mktemp) _b=$(mktemp) _rc=1
	for _try in $(seq "${AGREE_TRIES:-5}"); do
		eval "$1" > "$_a" 2>&1
		eval "$2" > "$_b" 2>&1
		if [ -s "$_a" ] && cmp -s "$_a" "$_b"; then _rc=0; break; fi
	done
	if [ $_rc != 0 ]; then
		[ -s "$_a" ] || ktap_diag "no output from: $1"
		diff "$_a" "$_b" | sed -n '1,6s/^/# /p'
	fi
	rm -f "$_a" "$_b"
	return $_rc
}

# ktap_agrees NAME OURS ORACLE: one result, ok when agrees OURS ORACLE.
ktap_agrees() {
	if agrees "$2" "$3"; then ktap_ok "$1"; else
		ktap_fail "$1" "differs on ${AGREE_TRIES:-5} reads"; fi
}
