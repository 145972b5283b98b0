// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: addresses of kernel data symbols that are not exported
 * (slab_caches, slab_mutex, total_swap_pages).
 *
 * kallsyms_lookup_name() is not exported either, and calling it through
 * an address found with a kprobe can trap on IBT kernels (Debian 6.12
 * seals its ENDBR). register_kprobe() looks a name up through kallsyms and
 * stores the address in kp.addr before it refuses a kprobe outside kernel
 * text, which is what happens for a data symbol; memscope takes that
 * address, never calls anything through it, and keeps it only if
 * sprint_symbol() names exactly that symbol at offset 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kallsyms.h>
#include <linux/kprobes.h>
#include <linux/string.h>

#include "ksyms.h"

void *ms_lookup_data_symbol(const char *name)
{
	char buf[KSYM_SYMBOL_LEN], want[KSYM_NAME_LEN + 8];
	struct kprobe kp = { .symbol_name = name };
	unsigned long addr;

	if (register_kprobe(&kp) == 0) {
		/* Text, not data: not a symbol memscope looks for. */
		unregister_kprobe(&kp);
		return NULL;
	}
	addr = (unsigned long)kp.addr;
	if (!addr || IS_ERR(kp.addr))
		return NULL;
	/*
	 * x86's kprobe code steps over 4 bytes that read like ENDBR64; the
	 * data symbols memscope wants are 8-byte aligned, so undo that.
	 */
	if ((addr & 7) == 4)
		addr -= 4;
	sprint_symbol(buf, addr);
	snprintf(want, sizeof(want), "%s+0x0/", name);
	if (strncmp(buf, want, strlen(want)))
		return NULL;
	return (void *)addr;
}
