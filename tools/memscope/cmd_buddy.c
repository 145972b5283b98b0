// SPDX-License-Identifier: GPL-2.0
/*
 * memscope buddy: buddyinfo as a table with block sizes for headers and
 * the free memory each zone's lists hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"
#include "../lib/formats.h"

#define MAX_ZONES 64
#define PAGE_KB 4

static unsigned long free_kb(const struct ms_zone_counts *z)
{
	unsigned long kb = 0;
	int o;

	for (o = 0; o < z->nr; o++)
		kb += z->v[o] * ((unsigned long)PAGE_KB << o);
	return kb;
}

/* Every line of buddyinfo into ZONES; -1 (reported) on a bad line. */
static int read_zones(struct ms_zone_counts *zones, int *nz)
{
	char *buf, *line, *save = NULL;
	int lineno = 0;

	*nz = 0;
	buf = ms_read("buddyinfo", NULL);
	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		struct ms_zone_counts *z = &zones[*nz];

		lineno++;
		if (*nz == MAX_ZONES || ms_buddyinfo_parse(line, z) < 0 ||
		    !z->nr || *z->rest) {
			ms_error("%s/buddyinfo:%d: unexpected line '%s'",
				 ms_opts.root, lineno, line);
			free(buf);
			return -1;
		}
		(*nz)++;
	}
	free(buf);
	return 0;
}

static void print_json(const struct ms_zone_counts *zones, int nz)
{
	int i, o;

	printf("[");
	for (i = 0; i < nz; i++) {
		printf("%s{\"node\":%d,\"zone\":", i ? "," : "", zones[i].node);
		ms_json_str(stdout, zones[i].zone);
		printf(",\"free_blocks\":[");
		for (o = 0; o < zones[i].nr; o++)
			printf("%s%lu", o ? "," : "", zones[i].v[o]);
		printf("],\"free_kb\":%lu}", free_kb(&zones[i]));
	}
	printf("]\n");
}

int cmd_buddy(int argc, char **argv)
{
	struct ms_zone_counts zones[MAX_ZONES];
	int nz, i, o;

	(void)argv;
	if (argc != 1)
		return ms_error("buddy takes no arguments");
	if (read_zones(zones, &nz))
		return 1;
	if (ms_opts.json) {
		print_json(zones, nz);
		return 0;
	}
	if (!ms_opts.no_headers && nz) {
		printf("%-4s %-8s", "NODE", "ZONE");
		ms_order_header(zones[0].nr);
		printf(" %10s\n", "FREE");
	}
	for (i = 0; i < nz; i++) {
		printf("%-4d %-8s", zones[i].node, zones[i].zone);
		for (o = 0; o < zones[i].nr; o++)
			printf(" %6lu", zones[i].v[o]);
		printf(" %8lukB\n", free_kb(&zones[i]));
	}
	return 0;
}
