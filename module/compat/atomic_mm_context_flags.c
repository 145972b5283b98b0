// SPDX-License-Identifier: GPL-2.0
/*
 * memscope feature test: x86 mm->context.flags an unsigned long of bit
 * numbers for test_bit() (compat.h, ms_mm_context_has_vsyscall()).
 */
#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <asm/mmu.h>

bool ms_test(mm_context_t *ctx);
bool ms_test(mm_context_t *ctx)
{
	static_assert(__same_type(ctx->flags, unsigned long));
	return test_bit(MM_CONTEXT_HAS_VSYSCALL, &ctx->flags);
}
