// SPDX-License-Identifier: GPL-2.0
/* tools/lib: reading and writing whole files (see fileio.h). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

ssize_t ms_read_fd(int fd, char **buf, int *err)
{
	size_t cap = 8192, len = 0;
	char *p = malloc(cap + 1);

	*buf = NULL;
	if (!p)
		return MS_READ_NOMEM;
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *q = realloc(p, 2 * cap + 1);

			if (!q) {
				free(p);
				return MS_READ_NOMEM;
			}
			p = q;
			cap *= 2;
		}
		n = read(fd, p + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			*err = errno;
			free(p);
			return -1;
		}
		if (n == 0)
			break;
		len += n;
	}
	p[len] = '\0';
	*buf = p;
	return len;
}

ssize_t ms_read_file(const char *path, char **buf)
{
	int fd = open(path, O_RDONLY), err = 0;
	ssize_t n;

	*buf = NULL;
	if (fd < 0)
		return -errno;
	n = ms_read_fd(fd, buf, &err);
	close(fd);
	if (n == MS_READ_NOMEM)
		return -ENOMEM;
	return n < 0 ? -err : n;
}

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
