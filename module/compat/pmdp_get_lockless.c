// SPDX-License-Identifier: GPL-2.0
/* memscope feature test: pmdp_get_lockless() (compat.h, ms_pmdp_get()). */
#include <linux/pgtable.h>

pmd_t ms_test(pmd_t *pmdp);
pmd_t ms_test(pmd_t *pmdp)
{
	return pmdp_get_lockless(pmdp);
}
