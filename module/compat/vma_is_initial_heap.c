// SPDX-License-Identifier: GPL-2.0
/*
 * memscope feature test: vma_is_initial_heap() and vma_is_initial_stack()
 * (compat.h, ms_vma_is_initial_heap()).
 */
#include <linux/mm.h>

bool ms_test(const struct vm_area_struct *vma);
bool ms_test(const struct vm_area_struct *vma)
{
	return vma_is_initial_heap(vma) || vma_is_initial_stack(vma);
}
