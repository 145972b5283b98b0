/* SPDX-License-Identifier: GPL-2.0 */
/* memsim: SVG pictures (buddy free-area map, process address space). */
#ifndef MEMSIM_SVG_H
#define MEMSIM_SVG_H

#include "buddy.h"

struct vma_set;
int svg_buddy(const struct buddy *b, const char *path);
int svg_vmas(const struct vma_set *vs, const char *path, const char *title);

#endif
