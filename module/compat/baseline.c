// SPDX-License-Identifier: GPL-2.0
/*
 * memscope feature test: none. This must compile against every kernel;
 * when it does not, the other tests' answers mean nothing and module/Kbuild
 * stops the build.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <asm/mmu.h>

unsigned long ms_test(struct mm_struct *mm);
unsigned long ms_test(struct mm_struct *mm)
{
	return mm->start_brk;
}
