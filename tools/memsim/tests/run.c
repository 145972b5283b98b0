// SPDX-License-Identifier: GPL-2.0
/* memsim host tests: KTAP runner over every test table. */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *ktap_skip_reason;

void ktap_diag(const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		printf("#   %.*s\n", n, p);
		p += n + (nl ? 1 : 0);
	}
}

int main(int argc, char **argv)
{
	const struct ktest *tables[] = {
		buddy_tests, slab_tests, pgtable_tests, vma_tests, misc_tests,
		cli_tests,
	};
	size_t t;
	int n = 0, k = 0, failed = 0;
	const struct ktest *x;

	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (x = tables[t]; x->name; x++)
			if (argc < 2 || strstr(x->name, argv[1]))
				n++;
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("KTAP version 1\n1..%d\n", n);
	for (t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (x = tables[t]; x->name; x++) {
			int r;

			if (argc >= 2 && !strstr(x->name, argv[1]))
				continue;
			k++;
			ktap_skip_reason = NULL;
			r = x->fn();
			if (r == 0)
				printf("ok %d %s\n", k, x->name);
			else if (r == 2)
				printf("ok %d %s # SKIP %s\n", k, x->name,
				       ktap_skip_reason ? ktap_skip_reason : "");
			else {
				printf("not ok %d %s\n", k, x->name);
				failed++;
			}
		}
	printf("# %d tests, %d failed\n", n, failed);
	return failed ? 1 : 0;
}
