/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memscope: the naming rules of /proc/PID/maps (maps.c), which `vmas`
 * prints and classifies by too.
 */
#ifndef MEMSCOPE_MAPS_H
#define MEMSCOPE_MAPS_H

#include <linux/mm_types.h>
#include <linux/seq_file.h>

/* Print a VMA's /proc/PID/maps name part (after the header) + newline. */
void ms_show_vma_name(struct seq_file *m, struct vm_area_struct *vma);
/*
 * The name of a VMA without a file, as show_map_vma() picks it ([vdso],
 * [vvar], [heap], [stack], a driver's name), or NULL.
 */
const char *ms_vma_special_name(struct vm_area_struct *vma);

#endif /* MEMSCOPE_MAPS_H */
