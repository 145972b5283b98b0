// SPDX-License-Identifier: GPL-2.0
/* tools/lib: maps and vmas lines (see formats.h). */
#include <stdio.h>

#include "formats.h"

int ms_maps_parse(const char *line, struct ms_maps_line *m)
{
	int n = 0;

	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu%n", &m->start, &m->end,
		   m->perms, &m->offset, &m->dev_major, &m->dev_minor,
		   &m->inode, &n) != 7)
		return -1;
	while (line[n] == ' ')
		n++;
	m->name = line + n;
	return 0;
}

int ms_vmas_parse(const char *line, struct ms_vmas_line *v)
{
	int n = 0;

	if (sscanf(line, "%llx %llx %7s %llx %15s %llu %llu %llu %llu %llu %llu%n",
		   &v->start, &v->end, v->perms, &v->pgoff, v->kind, &v->rss,
		   &v->swap, &v->anon, &v->file, &v->thp, &v->hugetlb, &n) != 11)
		return -1;
	while (line[n] == ' ')
		n++;
	v->name = line + n;
	return 0;
}
