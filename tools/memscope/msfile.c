// SPDX-License-Identifier: GPL-2.0
/*
 * Reading memscope files, with errors that say what to do about them.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msclient.h"

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
	size_t cap = 8192, len = 0;
	char path[4096], *buf;
	int fd;

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
	buf = malloc(cap + 1);
	if (!buf) {
		close(fd);
		ms_error("out of memory");
		return NULL;
	}
	for (;;) {
		ssize_t n;

		if (len == cap) {
			char *nb = realloc(buf, 2 * cap + 1);

			if (!nb) {
				ms_error("out of memory reading %s", path);
				goto fail;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			explain(path, errno);
			goto fail;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	if (lenp)
		*lenp = len;
	return buf;
fail:
	close(fd);
	free(buf);
	return NULL;
}

/*
 * Length of the well-formed UTF-8 sequence at S (2 to 4 bytes, as RFC
 * 3629 allows them: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or 0. A NUL ends the check before any byte past it is read.
 */
static int utf8_len(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (s[0] == 0xe0)
			lo = 0xa0;
		if (s[0] == 0xed)
			hi = 0x9f;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (s[0] == 0xf0)
			lo = 0x90;
		if (s[0] == 0xf4)
			hi = 0x8f;
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
		       (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/*
 * JSON text is UTF-8, but a file name (a VMA's name) may hold any bytes:
 * a byte that does not start a well-formed sequence goes out as U+FFFD,
 * so one odd name cannot make the whole document unparsable.
 */
void ms_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = *s;
		int n;

		if (c == '"' || c == '\\') {
			fprintf(f, "\\%c", c);
		} else if (c < 0x20) {
			fprintf(f, "\\u%04x", c);
		} else if (c < 0x80) {
			fputc(c, f);
		} else if ((n = utf8_len((const unsigned char *)s))) {
			fwrite(s, 1, n, f);
			s += n - 1;
		} else {
			fputs("\\ufffd", f);
		}
	}
	fputc('"', f);
}

/* A JSON integer literal: -?(0|[1-9][0-9]*). */
static bool json_int(const char *s)
{
	if (*s == '-')
		s++;
	if (*s == '0')
		return !s[1];
	if (*s < '1' || *s > '9')
		return false;
	while (*s >= '0' && *s <= '9')
		s++;
	return !*s;
}

void ms_json_value(FILE *f, const char *s)
{
	if (json_int(s))
		fputs(s, f);
	else
		ms_json_str(f, s);
}
