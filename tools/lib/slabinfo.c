// SPDX-License-Identifier: GPL-2.0
/* tools/lib: the slabinfo cache line (see formats.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats.h"

/* name, 5 numbers, ": tunables" 3, ": slabdata" 3, ": memscope" 9, nodes */
#define MEMSCOPE_COLS	27
#define MAX_TOKENS	(MEMSCOPE_COLS + MS_SLAB_MAX_NODES + 1)

/* A whole decimal token that fits an unsigned long. */
static bool number(const char *s, unsigned long *v)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*v = strtoul(s, &end, 10);
	return !*end && !errno;
}

static bool number_u(const char *s, unsigned int *v)
{
	unsigned long u;

	if (!number(s, &u) || u > 0xffffffffUL)
		return false;
	*v = (unsigned int)u;
	return true;
}

static int split(char *line, char **tok)
{
	char *save = NULL, *t;
	int n = 0;

	for (t = strtok_r(line, " \t", &save); t && n < MAX_TOKENS;
	     t = strtok_r(NULL, " \t", &save))
		tok[n++] = t;
	return t ? n + 1 : n;	/* n + 1: more than MAX_TOKENS */
}

/* "N<node>=<partial>" */
static bool node_partial(const char *s, int *node, unsigned long *partial)
{
	char buf[24];
	const char *eq = strchr(s, '=');
	unsigned long n;

	if (s[0] != 'N' || !eq || (size_t)(eq - s) >= sizeof(buf) ||
	    eq == s + 1)
		return false;
	memcpy(buf, s + 1, eq - s - 1);
	buf[eq - s - 1] = '\0';
	if (!number(buf, &n) || n > 1u << 20 || !number(eq + 1, partial))
		return false;
	*node = (int)n;
	return true;
}

/* Tokens 6.. of a memscope slabinfo line. */
static int memscope_cols(char **tok, int nt, struct ms_slab *s)
{
	unsigned long skip;
	int i;

	if (nt < MEMSCOPE_COLS || nt > MAX_TOKENS ||
	    strcmp(tok[6], ":") || strcmp(tok[7], "tunables") ||
	    strcmp(tok[11], ":") || strcmp(tok[12], "slabdata") ||
	    strcmp(tok[16], ":") || strcmp(tok[17], "memscope"))
		return MS_SLAB_BADCOLS;
	for (i = 8; i <= 15; i++)
		if (i != 11 && i != 12 && !number(tok[i], &skip))
			return MS_SLAB_BADCOLS;
	if (!number(tok[13], &s->active_slabs) ||
	    !number_u(tok[18], &s->order) ||
	    !number_u(tok[19], &s->object_size) ||
	    !number_u(tok[20], &s->slab_size) ||
	    !number_u(tok[21], &s->align) ||
	    !number(tok[22], &s->cpu_partial) ||
	    !number(tok[23], &s->waste_slab) ||
	    !number(tok[24], &s->waste_total) ||
	    strlen(tok[25]) > 15 || !number(tok[26], &s->partial))
		return MS_SLAB_BADCOLS;
	strcpy(s->flags, tok[25]);
	for (i = MEMSCOPE_COLS; i < nt; i++) {
		if (!node_partial(tok[i], &s->node[s->nr_nodes],
				  &s->node_partial[s->nr_nodes]))
			return MS_SLAB_BADCOLS;
		s->nr_nodes++;
	}
	return 0;
}

int ms_slabinfo_parse(char *line, struct ms_slab *s, bool memscope,
		      const char **bad)
{
	unsigned long *num[5] = {
		&s->active_objs, &s->num_objs, &s->objsize, &s->objperslab,
		&s->pagesperslab,
	};
	char *tok[MAX_TOKENS];
	int nt, k;

	memset(s, 0, sizeof(*s));
	nt = split(line, tok);
	if (nt < 6)
		return MS_SLAB_SHORT;
	for (k = 0; k < 5; k++) {
		if (!number(tok[k + 1], num[k])) {
			*bad = tok[k + 1];
			return MS_SLAB_BADFIELD;
		}
	}
	if (strlen(tok[0]) > 63) {
		*bad = tok[0];
		return MS_SLAB_BADFIELD;
	}
	strcpy(s->name, tok[0]);
	return memscope ? memscope_cols(tok, nt, s) : 0;
}
