// SPDX-License-Identifier: GPL-2.0
/* tools/lib: pagetypeinfo's lines (see formats.h). */
#include <stdio.h>
#include <string.h>

#include "formats.h"

enum ms_pagetype_kind ms_pagetypeinfo_parse(const char *line,
					    struct ms_pagetype_line *l)
{
	const char *p;
	int off, k = 0;
	size_t len;

	if (strncmp(line, "Node", 4))
		return MS_PT_OTHER;
	off = ms_zone_prefix(line, &l->node, l->zone);
	if (off < 0)
		return MS_PT_BAD;
	p = line + off;
	l->type[0] = '\0';
	if (*p != ',') {
		l->nr = ms_parse_numbers(p, l->v, MS_MAX_ORDERS, NULL, &l->rest);
		l->capped = 0;
		return MS_PT_BLOCKS;
	}
	if (sscanf(p, ", type %n", &k) != 0 || !k)
		return MS_PT_BAD;
	p += k;
	len = strcspn(p, " \t");
	if (!len || len > 15)
		return MS_PT_BAD;
	memcpy(l->type, p, len);
	l->type[len] = '\0';
	l->nr = ms_parse_numbers(p + len, l->v, MS_MAX_ORDERS, &l->capped,
				 &l->rest);
	return MS_PT_FREE;
}

int ms_pagetypeinfo_types(const char *line, char (*types)[16], int max)
{
	static const char head[] = "Number of blocks type";
	const char *p = line + sizeof(head) - 1;
	int n = 0;

	if (strncmp(line, head, sizeof(head) - 1))
		return 0;
	for (;;) {
		size_t len;

		p += strspn(p, " \t");
		if (!*p)
			return n;
		len = strcspn(p, " \t");
		if (n == max || len > 15)
			return -1;
		memcpy(types[n], p, len);
		types[n++][len] = '\0';
		p += len;
	}
}
