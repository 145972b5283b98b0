// SPDX-License-Identifier: GPL-2.0
/* memscope client: errors, file access, targets, JSON. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "memscope.h"

const struct ms_cmd *ms_find_cmd(const char *name);

void ms_err(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ms_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int ms_usage_err(const char *cmd, const char *fmt, ...)
{
	const struct ms_cmd *c = ms_find_cmd(cmd);
	va_list ap;

	fprintf(stderr, "%s %s: ", ms_prog, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (c)
		fprintf(stderr, "usage: %s [--json] %s %s\n", ms_prog, c->name,
			c->args);
	return MS_EXIT_USAGE;
}

bool ms_ready(const struct ms_opts *o)
{
	char path[512];
	struct stat st;

	if (geteuid() != 0) {
		ms_err("must be root: memscope's debugfs files are root-only (try sudo)");
		return false;
	}
	snprintf(path, sizeof(path), "%s/version", o->root);
	if (stat(path, &st) != 0) {
		ms_err("memscope module not loaded: no %s (insmod memscope.ko; is debugfs mounted?)",
		       path);
		return false;
	}
	return true;
}

ssize_t ms_slurp(const char *path, char **buf)
{
	size_t cap = 8192, len = 0;
	char *p = malloc(cap + 1), *q;
	int fd, err;
	ssize_t n;

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
		if (len == cap) {
			q = realloc(p, 2 * cap + 1);
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

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		err = -errno;
	close(fd);
	return err;
}

int ms_parse_target(const char *s, struct ms_target *t)
{
	char *end;
	long v;

	memset(t, 0, sizeof(*t));
	if (!strcmp(s, "self")) {
		strcpy(t->pid, "self");
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 4194304)
		return -EINVAL;
	snprintf(t->pid, sizeof(t->pid), "%ld", v);
	return 0;
}

int ms_target_begin(const struct ms_opts *o, struct ms_target *t)
{
	char path[512];
	struct stat st;
	int err;

	if (!strcmp(t->pid, "self")) {
		snprintf(t->dir, sizeof(t->dir), "%s/self", o->root);
		return 0;
	}
	snprintf(t->dir, sizeof(t->dir), "%s/pids/%s", o->root, t->pid);
	if (stat(t->dir, &st) == 0)
		return 0;	/* tracked already, by someone else */
	snprintf(path, sizeof(path), "%s/track", o->root);
	err = write_str(path, t->pid);
	switch (err) {
	case 0:
		t->tracked_by_us = true;
		return 0;
	case -EBUSY:
		return 0;
	case -ESRCH:
		ms_err("no such process: %s", t->pid);
		break;
	case -EINVAL:
		ms_err("process %s has no user address space (kernel thread)",
		       t->pid);
		break;
	case -E2BIG:
		ms_err("too many tracked processes (module parameter max_tracked)");
		break;
	default:
		ms_err("cannot track %s: %s", t->pid, strerror(-err));
		break;
	}
	return err;
}

void ms_target_end(const struct ms_opts *o, struct ms_target *t)
{
	char path[512];

	if (!t->tracked_by_us)
		return;
	snprintf(path, sizeof(path), "%s/untrack", o->root);
	write_str(path, t->pid);
	t->tracked_by_us = false;
}

void ms_json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c == '\n')
			printf("\\n");
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}
