/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MEMSCOPE_KSYMS_H
#define MEMSCOPE_KSYMS_H

/*
 * Address of the non-exported kernel data symbol NAME, or NULL when it
 * cannot be found and verified (see ksyms.c). Never for functions.
 */
void *ms_lookup_data_symbol(const char *name);

#endif /* MEMSCOPE_KSYMS_H */
