// SPDX-License-Identifier: GPL-2.0
/*
 * memscope feature test: named shmem VMAs, tested by vma_is_anon_shmem(),
 * which came with them (compat.h, ms_vma_anon_name()).
 */
#include <linux/mm.h>

bool ms_test(struct vm_area_struct *vma);
bool ms_test(struct vm_area_struct *vma)
{
	return vma_is_anon_shmem(vma);
}
