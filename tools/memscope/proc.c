// SPDX-License-Identifier: GPL-2.0
/* memscope client: the per-process commands. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memscope.h"

/* Split off the next line of *p (NUL-terminated in place), or NULL. */
static char *next_line(char **p)
{
	char *l = *p, *nl;

	if (!l || !*l)
		return NULL;
	nl = strchr(l, '\n');
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = l + strlen(l);
	}
	return l;
}

static void report_read_error(const struct ms_target *t, const char *file,
			      int err)
{
	if (err == -ESRCH)
		ms_err("process %s has exited (or has no address space left)",
		       t->pid);
	else
		ms_err("cannot read %s/%s: %s", t->dir, file, strerror(-err));
}

/* `CMD PID|self`: check arguments, then read the target's FILE. */
static int read_target(int argc, char **argv, const struct ms_opts *o,
		       const char *file, char **out)
{
	struct ms_target t;
	char path[600];
	ssize_t n;

	if (argc != 2)
		return ms_usage_err(argv[0], argc < 2 ? "missing PID" :
				    "too many arguments");
	if (ms_parse_target(argv[1], &t))
		return ms_usage_err(argv[0], "'%s' is not a PID or 'self'",
				    argv[1]);
	if (!ms_ready(o))
		return MS_EXIT_FAIL;
	if (ms_target_begin(o, &t))
		return MS_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/%s", t.dir, file);
	n = ms_slurp(path, out);
	ms_target_end(o, &t);
	if (n < 0) {
		report_read_error(&t, file, (int)n);
		return MS_EXIT_FAIL;
	}
	return MS_EXIT_OK;
}

int cmd_maps(int argc, char **argv, const struct ms_opts *o)
{
	char *buf, *p, *l;
	int rc = read_target(argc, argv, o, "maps", &buf);
	bool first = true;

	if (rc)
		return rc;
	if (!o->json) {
		fputs(buf, stdout);
		free(buf);
		return MS_EXIT_OK;
	}
	printf("[");
	for (p = buf; (l = next_line(&p));) {
		unsigned long long start, end, off, ino;
		unsigned int maj, min;
		char perms[8];
		int n = 0;

		if (sscanf(l, "%llx-%llx %7s %llx %x:%x %llu%n", &start, &end,
			   perms, &off, &maj, &min, &ino, &n) != 7)
			continue;
		while (l[n] == ' ')
			n++;
		printf("%s\n {\"start\": \"0x%llx\", \"end\": \"0x%llx\", \"perms\": \"%s\", "
		       "\"offset\": %llu, \"dev\": \"%02x:%02x\", \"inode\": %llu, \"name\": ",
		       first ? "" : ",", start, end, perms, off, maj, min, ino);
		ms_json_str(l + n);
		printf("}");
		first = false;
	}
	printf("\n]\n");
	free(buf);
	return MS_EXIT_OK;
}

int cmd_vmas(int argc, char **argv, const struct ms_opts *o)
{
	char *buf, *p, *l;
	int rc = read_target(argc, argv, o, "vmas", &buf);
	bool first = true;

	if (rc)
		return rc;
	if (o->json)
		printf("[");
	else
		printf("%-16s %-16s %-4s %-8s %-9s %8s %8s %8s %8s %4s %8s %s\n",
		       "START", "END", "PERM", "PGOFF", "KIND", "RSS", "SWAP",
		       "ANON", "FILE", "THP", "HUGETLB", "NAME");
	for (p = buf; (l = next_line(&p));) {
		unsigned long long s, e, off, rss, swap, anon, file, thp, huge;
		char perms[8], kind[16];
		int n = 0;

		if (sscanf(l, "%llx %llx %7s %llx %15s %llu %llu %llu %llu %llu %llu%n",
			   &s, &e, perms, &off, kind, &rss, &swap, &anon, &file,
			   &thp, &huge, &n) != 11)
			continue;
		while (l[n] == ' ')
			n++;
		if (!o->json) {
			printf("%016llx %016llx %-4s %08llx %-9s %8llu %8llu %8llu %8llu %4llu %8llu %s\n",
			       s, e, perms, off, kind, rss, swap, anon, file,
			       thp, huge, l + n);
			continue;
		}
		printf("%s\n {\"start\": \"0x%llx\", \"end\": \"0x%llx\", \"perms\": \"%s\", "
		       "\"pgoff\": %llu, \"kind\": \"%s\", \"rss_pages\": %llu, "
		       "\"swap_pages\": %llu, \"anon_pages\": %llu, \"file_pages\": %llu, "
		       "\"thp_pmds\": %llu, \"hugetlb_pages\": %llu, \"name\": ",
		       first ? "" : ",", s, e, perms, off, kind, rss, swap,
		       anon, file, thp, huge);
		ms_json_str(l + n);
		printf("}");
		first = false;
	}
	if (o->json)
		printf("\n]\n");
	free(buf);
	return MS_EXIT_OK;
}

/* "key value" lines: aligned text, or one JSON object. */
static void print_kv(char *buf, const struct ms_opts *o)
{
	char *p, *l;
	bool first = true;

	if (o->json)
		printf("{");
	for (p = buf; (l = next_line(&p));) {
		char *v = strchr(l, ' ');
		char *end;

		if (!v)
			continue;
		*v++ = '\0';
		if (!o->json) {
			printf("%-24s %s\n", l, v);
			continue;
		}
		printf("%s\n \"%s\": ", first ? "" : ",", l);
		strtoull(v, &end, 10);
		if (*v && !*end && v[0] != '0')
			printf("%s", v);
		else if (!strcmp(v, "0"))
			printf("0");
		else
			ms_json_str(v);
		first = false;
	}
	if (o->json)
		printf("\n}\n");
}

int cmd_mm(int argc, char **argv, const struct ms_opts *o)
{
	char *buf;
	int rc = read_target(argc, argv, o, "mm", &buf);

	if (rc)
		return rc;
	print_kv(buf, o);
	free(buf);
	return MS_EXIT_OK;
}

int cmd_pagetable(int argc, char **argv, const struct ms_opts *o)
{
	char *buf;
	int rc = read_target(argc, argv, o, "pagetable", &buf);

	if (rc)
		return rc;
	print_kv(buf, o);
	free(buf);
	return MS_EXIT_OK;
}

static void translate_json(char *buf)
{
	static const char *const levels[] = { "pgd", "p4d", "pud", "pmd", "pte" };
	char *p, *l;
	bool first_level = true;
	unsigned int i;

	printf("{\n \"levels\": [");
	for (p = buf; (l = next_line(&p));) {
		char name[16], entry[24], *rest;
		unsigned long idx;
		int n = 0;
		bool is_level = false;

		if (sscanf(l, "%15s %lu %23s%n", name, &idx, entry, &n) == 3)
			for (i = 0; i < 5; i++)
				is_level |= !strcmp(name, levels[i]);
		if (is_level || !strcmp(name, "pgd_user")) {
			printf("%s\n  {\"level\": \"%s\", \"index\": %lu, \"entry\": \"0x%s\", \"flags\": [",
			       first_level ? "" : ",", name, idx, entry);
			rest = l + n;
			for (i = 0; (rest = strtok(rest, " ")); rest = NULL, i++)
				printf("%s\"%s\"", i ? ", " : "", rest);
			printf("]}");
			first_level = false;
			continue;
		}
		rest = strchr(l, ' ');
		if (!rest)
			continue;
		*rest++ = '\0';
		if (!strcmp(l, "p4d"))
			continue;	/* "p4d folded" */
		printf("%s\n \"%s\": ", first_level ? "]," : ",", l);
		first_level = false;
		if (!strcmp(l, "refcount") || !strcmp(l, "mapcount") ||
		    !strcmp(l, "swap_type"))
			printf("%s", rest);
		else
			ms_json_str(rest);
	}
	printf("\n}\n");
}

int cmd_translate(int argc, char **argv, const struct ms_opts *o)
{
	unsigned long long addr;
	struct ms_target t;
	char path[600], buf[4096], *end;
	ssize_t n;
	int fd, err = 0;

	if (argc != 3)
		return ms_usage_err(argv[0], argc < 3 ? "missing PID or ADDR" :
				    "too many arguments");
	if (ms_parse_target(argv[1], &t))
		return ms_usage_err(argv[0], "'%s' is not a PID or 'self'",
				    argv[1]);
	errno = 0;
	addr = strtoull(argv[2], &end, 0);
	if (errno || end == argv[2] || *end || argv[2][0] == '-')
		return ms_usage_err(argv[0], "'%s' is not an address (hex with 0x, or decimal)",
				    argv[2]);
	if (!ms_ready(o))
		return MS_EXIT_FAIL;
	if (ms_target_begin(o, &t))
		return MS_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/translate", t.dir);
	fd = open(path, O_RDWR);
	if (fd < 0) {
		err = -errno;
		goto out;
	}
	snprintf(buf, sizeof(buf), "%#llx\n", addr);
	if (write(fd, buf, strlen(buf)) < 0) {
		err = -errno;
		goto out;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		err = -errno;
		goto out;
	}
	buf[n] = '\0';
out:
	if (fd >= 0)
		close(fd);
	ms_target_end(o, &t);
	switch (err) {
	case 0:
		break;
	case -EINVAL:
		ms_err("%#llx is not a canonical address", addr);
		return MS_EXIT_FAIL;
	case -ERANGE:
		ms_err("%#llx is not a user-space address", addr);
		return MS_EXIT_FAIL;
	case -ENXIO:
		ms_err("%#llx is not mapped in process %s", addr, t.pid);
		return MS_EXIT_FAIL;
	default:
		report_read_error(&t, "translate", err);
		return MS_EXIT_FAIL;
	}
	if (o->json)
		translate_json(buf);
	else
		fputs(buf, stdout);
	return MS_EXIT_OK;
}
