// SPDX-License-Identifier: GPL-2.0
/*
 * tools/lib: what the zone files' lines share - the "Node N, zone NAME"
 * prefix and the numbers after it (see formats.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

int ms_zone_prefix(const char *line, int *node, char zone[16])
{
	int pos = 0;
	size_t len;

	if (sscanf(line, "Node %d, zone %n", node, &pos) != 1 || !pos ||
	    *node < 0)
		return -1;
	len = strcspn(line + pos, " \t,");
	if (!len || len > 15)
		return -1;
	memcpy(zone, line + pos, len);
	zone[len] = '\0';
	return pos + (int)len;
}

int ms_parse_numbers(const char *p, unsigned long *v, int max,
		     unsigned int *capped, const char **rest)
{
	int n = 0;

	if (capped)
		*capped = 0;
	for (;;) {
		const char *q;
		char *end;

		while (blank(*p))
			p++;
		if (n == max)
			break;
		q = p;
		if (capped && *q == '>')
			q++;
		if (!digit(*q))
			break;
		v[n] = strtoul(q, &end, 10);
		if (q != p)
			*capped |= 1u << n;
		n++;
		p = end;
	}
	*rest = p;
	return n;
}
