// SPDX-License-Identifier: GPL-2.0
/*
 * memscope buddy: buddyinfo as a table with block sizes for headers and
 * the free memory each zone's lists hold.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msclient.h"

#define MAX_ORDERS 16
#define PAGE_KB 4

struct zone_free {
	int node;
	char zone[16];
	int nr_orders;
	unsigned long count[MAX_ORDERS];
};

/* "Node 0, zone   DMA32   c0 c1 ..." -> struct; -1 if malformed. */
static int parse_line(char *line, struct zone_free *z)
{
	char *p, *end;
	int off = 0;

	if (sscanf(line, "Node %d, zone %15s%n", &z->node, z->zone, &off) != 2)
		return -1;
	p = line + off;
	z->nr_orders = 0;
	for (;;) {
		unsigned long v;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		v = strtoul(p, &end, 10);
		if (end == p || (*end && *end != ' ') ||
		    z->nr_orders == MAX_ORDERS)
			return -1;
		z->count[z->nr_orders++] = v;
		p = end;
	}
	return z->nr_orders ? 0 : -1;
}

static unsigned long free_kb(const struct zone_free *z)
{
	unsigned long kb = 0;
	int o;

	for (o = 0; o < z->nr_orders; o++)
		kb += z->count[o] * ((unsigned long)PAGE_KB << o);
	return kb;
}

static void size_label(char *buf, size_t n, int order)
{
	unsigned long kb = (unsigned long)PAGE_KB << order;

	if (kb >= 1024)
		snprintf(buf, n, "%luM", kb / 1024);
	else
		snprintf(buf, n, "%luK", kb);
}

int cmd_buddy(int argc, char **argv)
{
	struct zone_free zones[64];
	int nz = 0, i, o, lineno = 0;
	char *buf, *line, *save = NULL;

	(void)argv;
	if (argc != 1)
		return ms_error("buddy takes no arguments");
	buf = ms_read("buddyinfo", NULL);
	if (!buf)
		return 1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		if (nz == 64 || parse_line(line, &zones[nz]) < 0) {
			ms_error("%s/buddyinfo:%d: unexpected line '%s'",
				 ms_opts.root, lineno, line);
			free(buf);
			return 1;
		}
		nz++;
	}
	free(buf);

	if (ms_opts.json) {
		printf("[");
		for (i = 0; i < nz; i++) {
			printf("%s{\"node\":%d,\"zone\":", i ? "," : "",
			       zones[i].node);
			ms_json_str(stdout, zones[i].zone);
			printf(",\"free_blocks\":[");
			for (o = 0; o < zones[i].nr_orders; o++)
				printf("%s%lu", o ? "," : "", zones[i].count[o]);
			printf("],\"free_kb\":%lu}", free_kb(&zones[i]));
		}
		printf("]\n");
		return 0;
	}
	if (!ms_opts.no_headers && nz) {
		printf("%-4s %-8s", "NODE", "ZONE");
		for (o = 0; o < zones[0].nr_orders; o++) {
			char l[24];

			size_label(l, sizeof(l), o);
			printf(" %6s", l);
		}
		printf(" %10s\n", "FREE");
	}
	for (i = 0; i < nz; i++) {
		printf("%-4d %-8s", zones[i].node, zones[i].zone);
		for (o = 0; o < zones[i].nr_orders; o++)
			printf(" %6lu", zones[i].count[o]);
		printf(" %8lukB\n", free_kb(&zones[i]));
	}
	return 0;
}
