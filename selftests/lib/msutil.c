// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msutil.h"

int ms_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;	/* before close() may change errno */
	close(fd);
	return err;
}

ssize_t ms_read_file(const char *path, char **buf)
{
	size_t cap = 4096, len = 0;
	char *p = malloc(cap + 1);
	int fd, err;

	*buf = NULL;
	if (!p)
		return -ENOMEM;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		err = errno;
		free(p);
		return -err;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *q = realloc(p, 2 * cap + 1);

			if (!q) {
				err = ENOMEM;
				goto fail;
			}
			p = q;
			cap *= 2;
		}
		n = read(fd, p + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	p[len] = '\0';
	*buf = p;
	return len;
fail:
	close(fd);
	free(p);
	return -err;
}

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
