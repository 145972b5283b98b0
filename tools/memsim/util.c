// SPDX-License-Identifier: GPL-2.0
/* memsim: small helpers shared by every model. */
#define _POSIX_C_SOURCE 200809L
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

size_t memsim_bytes_counted;

static void oom(size_t n)
{
	fprintf(stderr, "memsim: out of memory (%zu bytes)\n", n);
	exit(2);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);

	if (!p)
		oom(n * sz);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = xmalloc(n);

	memcpy(p, s, n);
	return p;
}

void *counted_calloc(size_t n, size_t sz)
{
	void *p = xcalloc(n, sz);

	memsim_bytes_counted += n * sz;
	return p;
}

void counted_free(void *p, size_t bytes)
{
	if (p)
		memsim_bytes_counted -= bytes;
	free(p);
}

int perr(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	if (file && line)
		fprintf(stderr, "%s:%lu: ", file, line);
	else if (file)
		fprintf(stderr, "%s: ", file);
	else
		fprintf(stderr, "memsim: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

int lr_open(struct lreader *lr, const char *path, bool strip_comments)
{
	memset(lr, 0, sizeof(*lr));
	lr->name = path;
	lr->strip_comments = strip_comments;
	if (!strcmp(path, "-")) {
		lr->f = stdin;
		lr->name = "<stdin>";
		return 0;
	}
	lr->f = fopen(path, "r");
	if (!lr->f)
		return perr(path, 0, "cannot open: %s", strerror(errno));
	lr->own = true;
	return 0;
}

void lr_close(struct lreader *lr)
{
	if (lr->own && lr->f)
		fclose(lr->f);
	free(lr->buf);
	lr->buf = NULL;
	lr->f = NULL;
}

int lr_next(struct lreader *lr, char **line)
{
	size_t len = 0;
	int c;

	if (!lr->f)
		return 0;
	if (!lr->buf) {
		lr->cap = 256;
		lr->buf = xmalloc(lr->cap);
	}
	for (;;) {
		c = getc(lr->f);
		if (c == EOF) {
			if (ferror(lr->f))
				return perr(lr->name, lr->lineno + 1,
					    "read error");
			if (len == 0)
				return 0;
			break;
		}
		if (c == '\n')
			break;
		if (c == '\0')
			return perr(lr->name, lr->lineno + 1,
				    "NUL byte in text file");
		if (len + 2 > lr->cap) {
			if (lr->cap > (1u << 20))
				return perr(lr->name, lr->lineno + 1,
					    "line longer than 1 MiB");
			lr->cap *= 2;
			lr->buf = xrealloc(lr->buf, lr->cap);
		}
		lr->buf[len++] = (char)c;
	}
	lr->lineno++;
	lr->buf[len] = '\0';
	if (len && lr->buf[len - 1] == '\r')
		lr->buf[--len] = '\0';
	if (lr->strip_comments) {
		char *h = strchr(lr->buf, '#');

		if (h)
			*h = '\0';
	}
	*line = lr->buf;
	return 1;
}

int lr_each(const char *path, bool strip_comments,
	    int (*fn)(void *ctx, const struct lreader *lr, char *line),
	    void *ctx)
{
	struct lreader lr;
	char *line;
	int r, ret = 0;

	if (lr_open(&lr, path, strip_comments))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		if (fn(ctx, &lr, line)) {
			ret = -1;
			break;
		}
	}
	if (r < 0)
		ret = -1;
	lr_close(&lr);
	return ret;
}

int split_ws(char *line, char **tok, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (n == max)
			return max + 1;
		tok[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

bool parse_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;

	if (!s || !*s || *s == '-' || *s == '+' || isspace((unsigned char)*s))
		return false;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end)
		return false;
	/* reject octal surprises: "010" means ten */
	if (s[0] == '0' && s[1] && s[1] != 'x' && s[1] != 'X') {
		x = strtoull(s, &end, 10);
		if (errno || *end)
			return false;
	}
	*v = x;
	return true;
}

bool parse_hex_u64(const char *s, uint64_t *v)
{
	char *end;
	unsigned long long x;
	const char *p = s;

	if (!s || !*s)
		return false;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if (!isxdigit((unsigned char)*p))
		return false;
	errno = 0;
	x = strtoull(p, &end, 16);
	if (errno || *end)
		return false;
	*v = x;
	return true;
}

bool parse_int(const char *s, long min, long max, long *v)
{
	char *end;
	long x;

	if (!s || !*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	x = strtol(s, &end, 10);
	if (errno || *end || x < min || x > max)
		return false;
	*v = x;
	return true;
}

bool parse_name_list(const char *list, const struct name_bits *names,
		     size_t nnames, unsigned int *bits)
{
	char buf[256], *p, *save = NULL;
	size_t i;

	if (strlen(list) >= sizeof(buf))
		return false;
	strcpy(buf, list);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < nnames; i++)
			if (!strcmp(p, names[i].name))
				break;
		if (i == nnames)
			return false;
		*bits |= names[i].bits;
	}
	return true;
}

bool parse_size(const char *s, uint64_t *v)
{
	char buf[64];
	size_t n;
	unsigned int shift = 0;
	uint64_t x;

	if (!s)
		return false;
	n = strlen(s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n + 1);
	switch (buf[n - 1]) {
	case 'k': case 'K': shift = 10; break;
	case 'm': case 'M': shift = 20; break;
	case 'g': case 'G': shift = 30; break;
	default: break;
	}
	if (shift)
		buf[n - 1] = '\0';
	if (!parse_u64(buf, &x))
		return false;
	if (shift && x > (UINT64_MAX >> shift))
		return false;
	*v = x << shift;
	return true;
}
