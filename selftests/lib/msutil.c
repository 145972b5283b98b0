// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by memscope's C selftests (files: tools/lib/fileio.c). */
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msutil.h"

int ms_split_lines(char *buf, char ***lines)
{
	int n = 0, cap = 64;
	char **v = malloc(cap * sizeof(*v));
	char *save = NULL, *l;

	if (!v)
		return -ENOMEM;
	for (l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (n == cap) {
			char **w = realloc(v, 2 * cap * sizeof(*v));

			if (!w) {
				free(v);
				return -ENOMEM;
			}
			v = w;
			cap *= 2;
		}
		v[n++] = l;
	}
	*lines = v;
	return n;
}

/* The records of selftests/lib/features.sh, set up once per boot. */
#define MS_FEATURES "/run/memscope/features"
#define MS_FEATURES_SH "/memscope/selftests/lib/features.sh"

int ms_feature(const char *name, char *why, size_t len)
{
	char path[128], *s = NULL;
	ssize_t n;

	snprintf(path, sizeof(path), MS_FEATURES "/%s", name);
	if (access(path, F_OK) != 0 &&
	    system("sh " MS_FEATURES_SH " ensure") != 0) {
		snprintf(why, len, "%s failed", MS_FEATURES_SH);
		return 0;
	}
	n = ms_read_file(path, &s);
	if (n <= 0) {
		snprintf(why, len, "no record of feature %s", name);
		free(s);
		return 0;
	}
	s[strcspn(s, "\n")] = '\0';
	snprintf(why, len, "%s", s);
	n = strcmp(s, "yes") == 0;
	free(s);
	return (int)n;
}
