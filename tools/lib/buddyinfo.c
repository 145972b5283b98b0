// SPDX-License-Identifier: GPL-2.0
/* tools/lib: the buddyinfo line (see formats.h). */
#include <stdio.h>
#include <string.h>

#include "formats.h"
#include "../../module/common/phys_format.h"

int ms_buddyinfo_parse(const char *line, struct ms_zone_counts *z)
{
	int off = ms_zone_prefix(line, &z->node, z->zone);

	if (off < 0)
		return -1;
	z->nr = ms_parse_numbers(line + off, z->v, MS_MAX_ORDERS, NULL,
				 &z->rest);
	return 0;
}

bool ms_buddyinfo_is_exact(const char *line, const struct ms_zone_counts *z)
{
	char want[32 + 24 * MS_MAX_ORDERS];
	int n, i;

	n = snprintf(want, sizeof(want), MS_FMT_ZONE_LINE, z->node, z->zone);
	for (i = 0; i < z->nr; i++)
		n += snprintf(want + n, sizeof(want) - n, MS_FMT_NR_FREE,
			      z->v[i]);
	return !strcmp(line, want);
}
