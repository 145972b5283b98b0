#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: every memscope test, host and guest, on every supported
# kernel. Sections (each prints KTAP, each result is counted):
#   host   - unit tests of the userspace tools and of the test runner
#   lint   - checkpatch --strict, sparse (C=2) and W=1 on the module
#   vm     - the guest selftests, booted once per kernel of the matrix:
#            Debian's 6.1 and 6.12, their PREEMPT_RT builds (6.1-rt,
#            6.12-rt) and memscope's debug builds (6.1-debug, 6.12-debug:
#            KASAN, lockdep, DEBUG_VM, page_table_check, ...)
# Ends with "N passed, N failed, N skipped" over all of them; exit status
# is non-zero if anything failed.
#
# MEMSCOPE_SERIES (default "6.1 6.12") are the base kernels; MEMSCOPE_KERNELS
# the kernels to run (default: the base kernels; `make check-matrix` adds
# each one's -rt and -debug kernel).
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 1
SERIES=${MEMSCOPE_SERIES:-"6.1 6.12"}
KERNELS=${MEMSCOPE_KERNELS:-$SERIES}
# shellcheck disable=SC2086
KERNELS=$(echo $KERNELS)
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
OUT=$TOP/build/check
mkdir -p "$OUT"
rm -f "$OUT"/*.ktap

PASS=0 FAIL=0 SKIP=0
# tally FILE: add FILE's column-0 KTAP results to the totals.
tally() {
	local p f s
	p=$(grep -E '^ok [0-9]+ ' "$1" | grep -vc '# SKIP')
	s=$(grep -E '^ok [0-9]+ ' "$1" | grep -c '# SKIP')
	f=$(grep -cE '^not ok [0-9]+ ' "$1")
	PASS=$((PASS + p)) FAIL=$((FAIL + f)) SKIP=$((SKIP + s))
	echo "== $(basename "$1" .ktap): $p passed, $f failed, $s skipped"
}

# result FILE NAME STATUS [WHY]: append one KTAP result line to FILE.
result() {
	local n
	n=$(( $(grep -cE '^(not )?ok [0-9]+ ' "$2" 2>/dev/null || true) + 1 ))
	if [ "$3" -eq 0 ]; then
		echo "ok $n $1" | tee -a "$2"
	else
		[ -n "${4:-}" ] && echo "# $1: $4" | tee -a "$2"
		echo "not ok $n $1" | tee -a "$2"
	fi
}

# ktap_rules NAME FILE OUT RC: hold a run's KTAP output OUT (already in
# FILE) and exit status RC to the runner's rules: results that do not
# match the plan are a "not ok" of their own even if none was reported.
# Exit status 4 with no results is a skip (kselftest's KSFT_SKIP), with
# the reason of a "1..0 # SKIP reason" plan; then the status is 0.
# Returns the status the caller should still judge.
ktap_rules() {
	local name=$1 file=$2 out=$3 rc=$4 plan got why
	plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out" | head -n1)
	got=$(grep -cE '^(not )?ok [0-9]+ ' "$out")
	if [ "$rc" -eq 4 ] && [ "$got" -eq 0 ]; then
		why=$(sed -n 's/^1\.\.0 # SKIP //p' "$out" | head -n1)
		echo "ok 1 $name # SKIP ${why:-whole file skipped}" | tee -a "$file"
		return 0
	fi
	if [ -z "$plan" ]; then
		result "$name.plan" "$file" 1 "no KTAP plan"
	elif [ "$got" -ne "$plan" ]; then
		result "$name.plan" "$file" 1 "reported $got results, planned $plan"
	fi
	return "$rc"
}

# ktap_run NAME FILE CMD...: run CMD, append its KTAP output to FILE and
# apply ktap_rules; a non-zero exit is a "not ok" of its own.
ktap_run() {
	local name=$1 file=$2 out rc bad
	shift 2
	out=$(mktemp)
	"$@" > "$out" 2>&1
	rc=$?
	tee -a "$file" < "$out"
	bad=$(grep -cE '^not ok [0-9]+ ' "$out")
	ktap_rules "$name" "$file" "$out" "$rc"
	rc=$?
	rm -f "$out"
	[ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] ||
		result "$name.exit_status" "$file" 1 "exited with status $rc ($bad not ok)"
}

T_START=$(date +%s)
# elapsed SINCE: seconds from SINCE to now, for the section lines.
elapsed() { echo "$(( $(date +%s) - $1 )) s"; }

echo "== setup"
# The base kernels are needed by everything: without them nothing runs.
if ! MEMSCOPE_SERIES="$SERIES" tools/vm/setup.sh; then
	echo "setup failed"
	echo "0 passed, 1 failed"
	exit 1
fi
# The rest of the matrix, one result each: a kernel that cannot be had
# (a download or a debug build failed) fails, and the others still run.
# The debug kernels are built once (tens of minutes on 2 cores) and cached.
S=$OUT/setup.ktap
: > "$S"
RUN_KERNELS=
for k in $KERNELS; do
	case " $SERIES " in *" $k "*) RUN_KERNELS="$RUN_KERNELS $k"; continue ;; esac
	t=$(date +%s)
	MEMSCOPE_SERIES="$k" tools/vm/setup.sh >"$OUT/setup-$k.log" 2>&1
	krc=$?
	tail -n 3 "$OUT/setup-$k.log" | sed 's/^/# /'
	echo "# setup $k: $(elapsed "$t")"
	result "setup.$k" "$S" $krc "see $OUT/setup-$k.log"
	[ $krc -eq 0 ] && RUN_KERNELS="$RUN_KERNELS $k"
done
tally "$S"

# --- host ------------------------------------------------------------------
echo "== host tests"
H=$OUT/host.ktap
: > "$H"
make -s tools >"$OUT/tools-build.log" 2>&1
result host.build_tools "$H" $? "see $OUT/tools-build.log"
for t in selftests/host/*.sh; do
	[ -e "$t" ] || continue
	ktap_run "host.$(basename "$t" .sh)" "$H" bash "$t"
done
asan() {
	make -s -C tools/memsim test-asan 2>&1 |
		sed 's/^\(\(not \)\?ok [0-9]* \)/\1asan./'
	return "${PIPESTATUS[0]}"
}
ktap_run host.memsim "$H" make -s -C tools/memsim test
ktap_run host.memsim_asan "$H" asan
tally "$H"

# --- lint and per-kernel builds --------------------------------------------
echo "== lint"
L=$OUT/lint.ktap
: > "$L"
# Every module source, not kbuild's generated *.mod.c.
SOURCES=$(find module -name '*.[ch]' ! -name '*.mod.c' | sort)
# shellcheck disable=SC2086
perl "$CACHE/src/scripts/checkpatch.pl" --no-tree --strict --terse \
	--show-types -f $SOURCES >"$OUT/checkpatch.log" 2>&1
cp_rc=$?
grep -E '^[^ ]+:[0-9]+: (ERROR|WARNING|CHECK)' "$OUT/checkpatch.log" |
	sed 's/^/# /' | tee -a "$L"
result lint.checkpatch_strict "$L" $cp_rc "see $OUT/checkpatch.log"

for s in $RUN_KERNELS; do
	rel=$(cat "$CACHE/kernel-$s")
	# W=1 build; any compiler diagnostic on our sources is a failure.
	# This is the memscope.ko the guest passes below load.
	make -s module-for REL="$rel" EXTRA="W=1" >"$OUT/build-$rel.log" 2>&1
	brc=$?
	if [ $brc -eq 0 ] && grep -qE 'warning:|error:' "$OUT/build-$rel.log"; then
		brc=1
	fi
	result "lint.w1_build.$s" "$L" $brc "see $OUT/build-$rel.log"
	# The feature tests (module/Kbuild, module/compat/) against what each
	# series is known to have: 6.1 none of the newer interfaces, 6.12
	# (with its stable backports) all of them; -rt and -debug as their
	# base series. A test that answers wrong fails here, not in a guest.
	ft=$(sed -n "s/^memscope: $rel: //p" "$OUT/build-$rel.log" | head -n1)
	case ${s%%-*} in
	6.1) want="have nothing;*" ;;
	6.12) want="*; lack nothing" ;;
	*) want="*" ;;
	esac
	# shellcheck disable=SC2254
	case $ft in $want) frc=0 ;; *) frc=1 ;; esac
	[ -n "$ft" ] || frc=1
	echo "# feature tests $s: ${ft:-none reported}" | tee -a "$L"
	result "lint.feature_tests.$s" "$L" $frc "expected '$want'"
	# sparse on a second build (C=2 checks every file); on the base
	# kernels, whose headers the other builds share but for the config.
	case " $SERIES " in *" $s "*) ;; *) continue ;; esac
	make -s module-for REL="$rel" EXTRA="C=2 CHECK=sparse" \
		>"$OUT/sparse-$rel.log" 2>&1
	src=$?
	if grep -qE '(warning|error):' "$OUT/sparse-$rel.log"; then
		grep -E '(warning|error):' "$OUT/sparse-$rel.log" | sed 's/^/# /'
		src=1
	fi
	result "lint.sparse.$s" "$L" $src "see $OUT/sparse-$rel.log"
done
tally "$L"

# --- guest -----------------------------------------------------------------
# The guest binaries, from clean: a failed build must never leave the
# previous run's binaries to be shipped.
G=$OUT/guest-build.ktap
: > "$G"
rm -rf build/selftests
make -s selftests >"$OUT/selftests-build.log" 2>&1
GBUILD=$?
result guest.selftests_build "$G" $GBUILD "see $OUT/selftests-build.log"
[ $GBUILD -eq 0 ] || sed 's/^/# /' "$OUT/selftests-build.log" | tail -n 20
tally "$G"

# guest_status NAME FILE RC LOG: the guest run itself is a test. It
# passes only if the guest reported status 0 (a load failure, a failed
# test, a crash or a timeout all fail it) and the log holds no splat.
guest_status() {
	local why
	case $3 in
	0) why= ;;
	98) why="kernel splat in the serial log" ;;
	99) why="guest died, hung or never reported a status" ;;
	*) why="guest command exited with status $3" ;;
	esac
	grep -q '^memscope-guest: insmod memscope.ko failed' "$4" 2>/dev/null &&
		why="insmod memscope.ko failed: $(grep -m1 "can't insert" "$4" | head -c 200)"
	result "$1" "$2" "$3" "${why:+$why: see $4}"
}

# boot PASS KERNEL PREFIX APPEND [RUN-VM ARGS...]: one guest boot of
# KERNEL with APPEND on its command line. Its results go to
# $OUT/PASS-KERNEL.ktap ($V), each name prefixed with PREFIX (the same test
# in several boots is several results with several names), its serial log
# to build/PASS-<release>.log ($BOOT_LOG), run-vm's status to $BOOT_RC.
# Returns 1, with a failed PASS.KERNEL.not_run, if the selftests did not
# build.
boot() {
	local pass=$1 s=$2 prefix=$3 append=$4 rel
	shift 4
	rel=$(cat "$CACHE/kernel-$s")
	V=$OUT/$pass-$s.ktap
	BOOT_LOG=$TOP/build/$pass-$rel.log
	: > "$V"
	if [ $GBUILD -ne 0 ]; then
		result "$pass.$s.not_run" "$V" 1 "selftests build failed"
		return 1
	fi
	MEMSCOPE_APPEND="$append" tools/vm/run-vm -q -k "$s" -l "$BOOT_LOG" \
		-t "${MEMSCOPE_VM_TIMEOUT:-1500}" "$@" 2>&1 |
		sed "s/^\(\(not \)\?ok [0-9]* \)/\1$prefix/" | tee "$V"
	BOOT_RC=${PIPESTATUS[0]}
}

# The tests each kernel of the matrix runs: the whole suite, but on the
# debug kernels (whose TCG runs are several times slower: KASAN, lockdep
# and page poisoning on every access) DEBUG_TESTS, the tests that walk
# page tables, slabs and free lists under memscope's locks
# (Documentation/testing.rst, "The kernel matrix"). Empty: everything.
DEBUG_TESTS=${MEMSCOPE_DEBUG_TESTS-"load_unload proc memscope_cli client kernel_layout slab freeblocks buddyinfo experiment stress walk_race untrack_stall maps_exec parse access budget"}
guest_tests() {
	case $1 in *-debug) echo "$DEBUG_TESTS" ;; esac
}

for s in $KERNELS; do
	V=$OUT/vm-$s.ktap
	: > "$V"
	case " $RUN_KERNELS " in *" $s "*) ;; *)
		echo "== vm: kernel $s: not set up"
		result "vm.$s.not_run" "$V" 1 "kernel $s could not be set up"
		tally "$V"
		continue ;;
	esac
	tests=$(guest_tests "$s")
	echo "== vm: kernel $s = $(cat "$CACHE/kernel-$s")${tests:+ (tests: $tests)}"
	t=$(date +%s)
	# Every result named after its kernel (6.12-rt.proc.maps_...).
	# shellcheck disable=SC2086
	if boot vm "$s" "$s." "" \
		${tests:+-- sh /memscope/selftests/run_guest.sh $tests}; then
		guest_status "vm.$s.guest_clean_exit" "$V" "$BOOT_RC" "$BOOT_LOG"
		echo "# vm $s: $(elapsed "$t")" | tee -a "$V"
	fi
	tally "$V"
done

# Lockdown, a boot of its own per kernel (the level cannot be lowered):
# selftests/lockdown/lockdown.sh loads memscope with pids= and checks the
# capability x file matrix at integrity and at confidentiality. memscope's
# debug kernels sign the module with their own key and boot locked down
# (lockdown=integrity); Debian's would refuse the unsigned module, so
# there the level is raised after the load.
for s in $KERNELS; do
	case " $RUN_KERNELS " in *" $s "*) ;; *) continue ;; esac
	append=
	case $s in *-debug) append="lockdown=integrity" ;; esac
	echo "== vm-lockdown: kernel $s = $(cat "$CACHE/kernel-$s")${append:+ ($append)}"
	if boot vm-lockdown "$s" "$s." "$append" --no-load \
		-- sh /memscope/selftests/lockdown/lockdown.sh; then
		ktap_rules "vm-lockdown.$s" "$V" "$V" "$BOOT_RC"
		guest_status "vm-lockdown.$s.guest_clean_exit" "$V" $? "$BOOT_LOG"
	fi
	tally "$V"
done

# One more pass with the extra checking Debian's kernels can switch on at
# boot: SLUB red zones/poisoning/user tracking, page poisoning, zeroing on
# free and full preemption. Any corruption memscope causes shows up here.
DEBUG_SERIES=${MEMSCOPE_DEBUG_SERIES:-6.12}
DEBUG_APPEND="slub_debug=FZPU page_poison=1 init_on_free=1 preempt=full"
for s in $DEBUG_SERIES; do
	case " $SERIES " in *" $s "*) ;; *) continue ;; esac
	echo "== vm-debug: kernel $s = $(cat "$CACHE/kernel-$s") ($DEBUG_APPEND)"
	boot vm-debug "$s" debug. "$DEBUG_APPEND" &&
		guest_status "vm-debug.$s.guest_clean_exit" "$V" "$BOOT_RC" "$BOOT_LOG"
	tally "$V"
done

# 4-level paging with PTI on: the walker's 4-level path (the default
# guest CPU has LA57, so the passes above walk 5 levels) and translate's
# user copy of the top level. The process-view tests, on 6.12 by default.
PAGING_SERIES=${MEMSCOPE_PAGING_SERIES:-6.12}
PAGING_APPEND="no5lvl pti=on"
for s in $PAGING_SERIES; do
	case " $SERIES " in *" $s "*) ;; *) continue ;; esac
	echo "== vm-4level: kernel $s = $(cat "$CACHE/kernel-$s") ($PAGING_APPEND)"
	if boot vm-4level "$s" 4level. "$PAGING_APPEND" \
		-- sh /memscope/selftests/run_guest.sh proc memscope_cli client_json; then
		guest_status "vm-4level.$s.guest_clean_exit" "$V" "$BOOT_RC" "$BOOT_LOG"
		# The pass is only what it says if the guest really ran that way.
		result "vm-4level.$s.mode" "$V" "$(tr -d '\r' < "$BOOT_LOG" |
			grep -q '^memscope-guest: paging 4-level pti 1$'; echo $?)" \
			"guest did not run with 4-level paging and PTI: see $BOOT_LOG"
	fi
	tally "$V"
done

# The SLUB layout check guards: three builds with a deliberately wrong
# mirror (node, slab, cache) must each make slabinfo refuse with
# EOPNOTSUPP instead of reading garbage (selftests/vm/slab_layout.sh bad).
make -s modules-badlayout >"$OUT/badlayout-build.log" 2>&1
blrc=$?
for s in $SERIES; do
	rel=$(cat "$CACHE/kernel-$s")
	V=$OUT/vm-badlayout-$s.ktap
	: > "$V"
	for v in 1 2 3; do
		if [ $blrc -ne 0 ]; then
			result "badlayout$v.$s.build" "$V" 1 "see $OUT/badlayout-build.log"
			continue
		fi
		echo "== vm-badlayout$v: kernel $s = $rel"
		tools/vm/run-vm -q -k "$s" \
			--module "build/$rel-badlayout$v/module/memscope.ko" \
			-l "$TOP/build/vm-badlayout$v-$rel.log" \
			-t "${MEMSCOPE_VM_TIMEOUT:-1500}" \
			-- sh /memscope/selftests/vm/slab_layout.sh bad 2>&1 |
			sed "s/^\(\(not \)\?ok [0-9]* \)/\1badlayout$v./" |
			tee -a "$V"
		guest_status "vm-badlayout$v.$s.guest_clean_exit" "$V" \
			"${PIPESTATUS[0]}" "$TOP/build/vm-badlayout$v-$rel.log"
	done
	tally "$V"
done

echo "== total time: $(elapsed "$T_START")"
for s in $KERNELS; do
	case " $RUN_KERNELS " in
	*" $s "*) echo "kernel $s: $(cat "$CACHE/kernel-$s")" ;;
	*) echo "kernel $s: not set up (not run)" ;;
	esac
done
echo "$PASS passed, $FAIL failed, $SKIP skipped"
[ "$FAIL" -eq 0 ]
