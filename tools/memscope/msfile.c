// SPDX-License-Identifier: GPL-2.0
/*
 * Reading memscope files, with errors that say what to do about them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msclient.h"
#include "../lib/fileio.h"

int ms_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ms_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static void explain(const char *path, int err)
{
	struct stat st;

	if (err == ENOENT && stat(ms_opts.root, &st) != 0) {
		if (strcmp(ms_opts.root, MS_DEFAULT_ROOT) == 0)
			ms_error("%s not found: is memscope loaded (insmod memscope.ko) and debugfs mounted?",
				 ms_opts.root);
		else
			ms_error("%s: %s", ms_opts.root, strerror(err));
		return;
	}
	switch (err) {
	case EACCES:
	case EPERM:
		ms_error("%s: %s (memscope files are root-only: try sudo)",
			 path, strerror(err));
		break;
	case ESRCH:
		ms_error("%s: no such process (it may have exited)", path);
		break;
	case EOPNOTSUPP:
		ms_error("%s: not supported on this kernel (see dmesg)", path);
		break;
	default:
		ms_error("%s: %s", path, strerror(err));
	}
}

char *ms_read(const char *rel, size_t *lenp)
{
	char path[4096], *buf;
	ssize_t n;
	int fd, err = 0;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", ms_opts.root, rel) >=
	    sizeof(path)) {
		ms_error("path too long: %s/%s", ms_opts.root, rel);
		return NULL;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		explain(path, errno);
		return NULL;
	}
	n = ms_read_fd(fd, &buf, &err);
	close(fd);
	if (n == MS_READ_NOMEM) {
		ms_error("out of memory reading %s", path);
		return NULL;
	}
	if (n < 0) {
		explain(path, err);
		return NULL;
	}
	if (lenp)
		*lenp = n;
	return buf;
}
