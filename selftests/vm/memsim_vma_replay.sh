#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# memsim predicts VMA layouts: with ASLR off, vma_replay runs each trace
# of vma-replay/ for real (mmap, munmap, mprotect, brk, first writes) and
# records /proc/self/maps before and after; `memsim vma --maps START
# --trace TRACE --expect FINAL` replays the trace from the start maps and
# compares its maps with the kernel's, line by line. Non-fixed mmaps are
# placed by the model itself, so placement (top-down gaps, 6.12's 2 MiB
# alignment), merging and splitting are all predictions.
. "$(dirname "$0")/../lib/ktap.sh"
B=/memscope/bin
T=$(cd "$(dirname "$0")" && pwd)/vma-replay
[ -x "$B/memsim" ] && [ -x "$B/vma_replay" ] ||
	ktap_skip_all "no static memsim/vma_replay"
[ -w /proc/sys/kernel/randomize_va_space ] ||
	ktap_skip_all "cannot turn ASLR off"
case $(uname -r) in
6.1.*) K=6.1 OTHER=6.12 ;;
6.12.*) K=6.12 OTHER=6.1 ;;
*) ktap_skip_all "kernel $(uname -r) is not a modelled series" ;;
esac
# A kernel built without THP (Debian's RT flavour) has no
# /sys/kernel/mm/transparent_hugepage and no 2 MiB alignment.
# The control is a model the kernel must disagree with: the other
# series, or for a kernel without THP the 2 MiB-aligning 6.12 model.
NOTHP=
CONTROL=$OTHER
if [ ! -d /sys/kernel/mm/transparent_hugepage ]; then
	NOTHP=--no-thp
	CONTROL=6.12
fi
TARGET=95
ntr=$(ls "$T"/*.trace | wc -l)
ktap_begin $((ntr + 2))

aslr=$(cat /proc/sys/kernel/randomize_va_space)
echo 0 > /proc/sys/kernel/randomize_va_space
total=0
same=0
ctl=0
for t in "$T"/*.trace; do
	n=$(basename "$t" .trace)
	D=/tmp/vmareplay/$n
	rm -rf "$D"
	mkdir -p "$D"
	if ! "$B/vma_replay" "$t" "$D" 2> "$D/err"; then
		ktap_fail "memsim.vma_replay.$n" "vma_replay: $(cat "$D/err")"
		continue
	fi
	"$B/memsim" vma -k $K $NOTHP --stack-rlimit "$(cat "$D/stack_rlimit")" \
		--maps "$D/start.maps" --trace "$D/trace" \
		--expect "$D/final.maps" > "$D/cmp" 2>&1
	mrc=$?
	line=$(grep '^vma layout: ' "$D/cmp")
	ok=$(echo "$line" | sed -n 's#^vma layout: \([0-9]*\)/\([0-9]*\) .*#\1#p')
	all=$(echo "$line" | sed -n 's#^vma layout: \([0-9]*\)/\([0-9]*\) .*#\2#p')
	ktap_diag "$n: ${line:-no result} (memsim status $mrc)"
	grep -v '^vma layout: ' "$D/cmp" | sed 's/^/#   /'
	# control: a model that aligns where the kernel does not, or not
	c=$("$B/memsim" vma -k $CONTROL --stack-rlimit "$(cat "$D/stack_rlimit")" \
		--maps "$D/start.maps" --trace "$D/trace" --expect "$D/final.maps" 2> /dev/null |
		sed -n 's#^vma layout: \([0-9]*\)/.*#\1#p')
	ctl=$((ctl + ${c:-0}))
	if [ $mrc = 0 ] && [ -n "$all" ] && [ "$all" -gt 0 ]; then
		total=$((total + all))
		same=$((same + ok))
		ktap_ok "memsim.vma_replay.$n"
	else
		ktap_fail "memsim.vma_replay.$n" "memsim did not compare"
	fi
done
echo "$aslr" > /proc/sys/kernel/randomize_va_space

ktap_diag "control (the $CONTROL model${NOTHP:+ with THP}): $ctl of $total"
ktap_check memsim.vma_replay.control_misses [ "$ctl" -lt "$total" ]
rate=0
[ "$total" -gt 0 ] && rate=$((same * 1000 / total))
ktap_diag "kernel $K${NOTHP:+ (no THP)}: $same of $total maps lines predicted exactly ($((rate / 10)).$((rate % 10))%), target ${TARGET}%"
ktap_check memsim.vma_replay.match_rate [ $rate -ge $((TARGET * 10)) ]
ktap_end
