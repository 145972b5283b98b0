#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the test-VM runner itself: the splat detector must flag
# each kind of splat and pass a clean log; run-vm must refuse bad options
# without booting anything.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/selftests/lib/ktap.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SPLATS=(
	"[   12.3] WARNING: CPU: 0 PID: 1 at module/main.c:40 memscope_init+0x10/0x20"
	"[   12.3] BUG: kernel NULL pointer dereference, address: 0000000000000008"
	"[   12.3] Oops: 0000 [#1] PREEMPT SMP NOPTI"
	"[   12.3] general protection fault, probably for non-canonical address"
	"[   12.3] Call Trace:"
	"[   12.3] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!"
	"[   12.3] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:"
	"[   12.3] Kernel panic - not syncing: Attempted to kill init!"
	# The debug kernels' reports (tools/vm/debug-kernel.config), each by
	# a line of its own: the "BUG:"/"WARNING:" header may be lost.
	"[   12.3] BUG: KASAN: slab-out-of-bounds in ms_read+0x1c/0x40 [memscope]"
	"[   12.3] WARNING: possible circular locking dependency detected"
	"[   12.3] 6.12.118-memscope-debug #1 Not tainted: possible recursive locking detected"
	"[   12.3] inconsistent lock state"
	"[   12.3] suspicious RCU usage."
	"[   12.3] BUG: sleeping function called from invalid context at mm/gup.c:1"
	"[   12.3] kernel BUG at mm/page_table_check.c:118!"
	"[   12.3] VM_BUG_ON_FOLIO(!folio_test_locked(folio))"
	"[   12.3] page dumped because: nonzero mapcount"
	"[   12.3] BUG: KFENCE: use-after-free read in ms_walk+0x2a/0x90 [memscope]"
	"[   12.3] INFO: task sh:93 blocked for more than 120 seconds."
	"[   12.3] BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 33s!"
	"[   12.3] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:"
	"[   12.3] rcu_preempt self-detected stall on CPU"
	"[   12.3] ODEBUG: free active (active state 0) object: 0000000012345678"
	"[   12.3] BUG: Bad page map in process proc_test  pte:8000000001234067"
)
ktap_begin $(( ${#SPLATS[@]} + 5 ))

# The debug kernels' boot banners must not count as splats.
clean="[    0.0] Linux version 6.12.117+deb12-amd64
[    0.0] kasan: KernelAddressSanitizer initialized
[    0.0] Node 0, zone    DMA32: page owner found early allocated 5219 pages
[    0.0] rcu: 	RCU lockdep checking is enabled.
[    0.0] kfence: initialized - using 2097152 bytes for 255 objects
[    0.0] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar
[    2.2] memscope: loaded, abi 1
[    2.3] memscope: module verification failed: signature and/or required key missing - tainting kernel
ok 1 global.matches_proc_buddyinfo"
printf '%s\n' "$clean" > "$T/clean.log"
ktap_check runner.splat_check_clean_log "$TOP/tools/vm/splat-check" "$T/clean.log"

i=0
for s in "${SPLATS[@]}"; do
	i=$((i + 1))
	printf '%s\n%s\n' "$clean" "$s" > "$T/splat$i.log"
	if "$TOP/tools/vm/splat-check" "$T/splat$i.log" >/dev/null; then
		ktap_fail "runner.splat_check_flags_$i" "missed: $s"
	else
		ktap_ok "runner.splat_check_flags_$i"
	fi
done

"$TOP/tools/vm/run-vm" --bogus >/dev/null 2>&1
ktap_check runner.run_vm_rejects_unknown_option [ $? -eq 2 ]
"$TOP/tools/vm/run-vm" --accel warp -- true >/dev/null 2>&1
ktap_check runner.run_vm_rejects_bad_accel [ $? -eq 2 ]
MEMSCOPE_CACHE=$T/nocache "$TOP/tools/vm/run-vm" -k 6.1 -- true >/dev/null 2>&1
ktap_check runner.run_vm_needs_cached_kernel [ $? -eq 2 ]
# The command after -- reaches the guest whole: `sh -c 'a; b'` runs both
# there (with quotes inside), and its exit status comes back.
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
if [ -f "$CACHE/kernel-6.12" ]; then
	"$TOP/tools/vm/run-vm" -q --no-load -t 300 -l "$T/cmd.log" -- \
		sh -c 'echo one; echo "it'"'"'s two"; exit 3' > "$T/cmd.out" 2>/dev/null
	rc=$?
	if [ $rc -eq 3 ] && [ "$(tr -d '\r' < "$T/cmd.out")" = "one
it's two" ]; then
		ktap_ok runner.run_vm_passes_command_whole
	else
		ktap_fail runner.run_vm_passes_command_whole "rc $rc, output: $(head -c 300 "$T/cmd.out")"
	fi
else
	ktap_skip runner.run_vm_passes_command_whole "no cached 6.12 kernel"
fi
ktap_end
