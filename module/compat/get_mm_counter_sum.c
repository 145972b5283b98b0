// SPDX-License-Identifier: GPL-2.0
/* memscope feature test: get_mm_counter_sum() (compat.h, ms_mm_counter()). */
#include <linux/mm.h>

unsigned long ms_test(struct mm_struct *mm);
unsigned long ms_test(struct mm_struct *mm)
{
	return get_mm_counter_sum(mm, MM_ANONPAGES);
}
