// SPDX-License-Identifier: GPL-2.0
/*
 * memscope maps|vmas|mm|pagetable PID|self and translate PID|self ADDR:
 * the per-process files of pids/<PID>/ (or self/). A PID that has no
 * directory yet is tracked for the call and untracked afterwards; a
 * snapshot root (-r DIR) is read as it is. Bad arguments exit with 2
 * before anything is touched.
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
#include "../lib/fileio.h"
#include "../lib/formats.h"

#define MS_EXIT_OK	0
#define MS_EXIT_FAIL	1
#define MS_EXIT_USAGE	2

static const struct {
	const char *name, *args;
} usages[] = {
	{ "maps", "PID|self" }, { "vmas", "PID|self" }, { "mm", "PID|self" },
	{ "pagetable", "PID|self" }, { "translate", "PID|self ADDR" },
};

static int usage_err(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* `CMD -h`: the command's usage on stdout. */
static bool help_asked(int argc, char **argv)
{
	size_t i;

	if (argc < 2 || (strcmp(argv[1], "-h") && strcmp(argv[1], "--help")))
		return false;
	for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++)
		if (!strcmp(usages[i].name, argv[0]))
			printf("usage: %s [options] %s %s\n", ms_prog, argv[0],
			       usages[i].args);
	return true;
}

static int usage_err(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	size_t i;

	fprintf(stderr, "%s %s: ", ms_prog, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (i = 0; i < sizeof(usages) / sizeof(usages[0]); i++)
		if (!strcmp(usages[i].name, cmd))
			fprintf(stderr, "usage: %s [options] %s %s\n", ms_prog,
				cmd, usages[i].args);
	return MS_EXIT_USAGE;
}

struct target {
	char pid[24];
	char rel[64];		/* "self" or "pids/<PID>" under the root */
	bool tracked_by_us;
};

static int parse_target(const char *s, struct target *t)
{
	char *end;
	long v;

	memset(t, 0, sizeof(*t));
	if (!strcmp(s, "self")) {
		strcpy(t->pid, "self");
		strcpy(t->rel, "self");
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 4194304)
		return -1;
	snprintf(t->pid, sizeof(t->pid), "%ld", v);
	snprintf(t->rel, sizeof(t->rel), "pids/%ld", v);
	return 0;
}

/* The kernel is locked down (integrity or confidentiality). */
static bool locked_down(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "r");

	if (!f)
		return false;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return buf[0] && !strstr(buf, "[none]");
}

/* Make root/t->rel exist: track the PID if needed. 0, or 1 (reported). */
static int target_begin(struct target *t)
{
	char path[4096];
	struct stat st;
	int err;

	snprintf(path, sizeof(path), "%s/%s", ms_opts.root, t->rel);
	if (stat(path, &st) == 0)
		return 0;	/* self/, tracked already, or a snapshot */
	if (stat(ms_opts.root, &st) != 0) {
		if (geteuid() != 0)
			return ms_error("%s: %s (memscope files are root-only: try sudo)",
					ms_opts.root, strerror(errno));
		return ms_error("%s not found: is memscope loaded (insmod memscope.ko) and debugfs mounted?",
				ms_opts.root);
	}
	if (!strcmp(t->pid, "self"))
		return ms_error("%s: no self/ here (a snapshot holds pids/<PID>/ only)",
				ms_opts.root);
	if (geteuid() != 0)
		return ms_error("must be root to track process %s (try sudo)",
				t->pid);
	snprintf(path, sizeof(path), "%s/track", ms_opts.root);
	err = ms_write_file(path, t->pid);
	switch (err) {
	case 0:
		t->tracked_by_us = true;
		return 0;
	case -EBUSY:
		return 0;
	case -ENOENT:
		return ms_error("%s: no pids/%s and no track file (a snapshot without this PID?)",
				ms_opts.root, t->pid);
	case -ESRCH:
		return ms_error("no such process: %s", t->pid);
	case -EINVAL:
		return ms_error("process %s has no user address space (kernel thread)",
				t->pid);
	case -E2BIG:
		return ms_error("too many tracked processes (module parameter max_tracked)");
	case -EPERM:
		if (locked_down())
			return ms_error("cannot track %s: kernel lockdown refuses writable debugfs files; load memscope with pids=%s",
					t->pid, t->pid);
		return ms_error("cannot track %s: %s", t->pid, strerror(-err));
	default:
		return ms_error("cannot track %s: %s", t->pid, strerror(-err));
	}
}

static void target_end(struct target *t)
{
	char path[4096];

	if (!t->tracked_by_us)
		return;
	snprintf(path, sizeof(path), "%s/untrack", ms_opts.root);
	ms_write_file(path, t->pid);
	t->tracked_by_us = false;
}

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

/* `CMD PID|self`: check arguments, then read the target's FILE. */
static int read_target(int argc, char **argv, const char *file, char **out)
{
	char rel[128];
	struct target t;

	*out = NULL;
	if (help_asked(argc, argv))
		return -1;
	if (argc != 2)
		return usage_err(argv[0], argc < 2 ? "missing PID" :
				 "too many arguments");
	if (parse_target(argv[1], &t))
		return usage_err(argv[0], "'%s' is not a PID or 'self'",
				 argv[1]);
	if (target_begin(&t))
		return MS_EXIT_FAIL;
	snprintf(rel, sizeof(rel), "%s/%s", t.rel, file);
	*out = ms_read(rel, NULL);	/* explains its errors */
	target_end(&t);
	return *out ? MS_EXIT_OK : MS_EXIT_FAIL;
}

int cmd_maps(int argc, char **argv)
{
	char *buf, *p, *l;
	int rc = read_target(argc, argv, "maps", &buf);
	bool first = true;

	if (rc)
		return rc < 0 ? MS_EXIT_OK : rc;
	if (!ms_opts.json) {
		fputs(buf, stdout);
		free(buf);
		return MS_EXIT_OK;
	}
	printf("[");
	for (p = buf; (l = next_line(&p));) {
		struct ms_maps_line m;

		if (ms_maps_parse(l, &m))
			continue;
		printf("%s\n {\"start\": \"0x%llx\", \"end\": \"0x%llx\", \"perms\": ",
		       first ? "" : ",", m.start, m.end);
		ms_json_str(stdout, m.perms);
		printf(", \"offset\": %llu, \"dev\": \"%02x:%02x\", \"inode\": %llu, \"name\": ",
		       m.offset, m.dev_major, m.dev_minor, m.inode);
		ms_json_str(stdout, m.name);
		printf("}");
		first = false;
	}
	printf("\n]\n");
	free(buf);
	return MS_EXIT_OK;
}

int cmd_vmas(int argc, char **argv)
{
	char *buf, *p, *l;
	int rc = read_target(argc, argv, "vmas", &buf);
	bool first = true;

	if (rc)
		return rc < 0 ? MS_EXIT_OK : rc;
	if (ms_opts.json)
		printf("[");
	else if (!ms_opts.no_headers)
		printf("%-16s %-16s %-4s %-8s %-9s %8s %8s %8s %8s %4s %8s %s\n",
		       "START", "END", "PERM", "PGOFF", "KIND", "RSS", "SWAP",
		       "ANON", "FILE", "THP", "HUGETLB", "NAME");
	for (p = buf; (l = next_line(&p));) {
		struct ms_vmas_line v;

		if (ms_vmas_parse(l, &v))
			continue;
		if (!ms_opts.json) {
			printf("%016llx %016llx %-4s %08llx %-9s %8llu %8llu %8llu %8llu %4llu %8llu %s\n",
			       v.start, v.end, v.perms, v.pgoff, v.kind, v.rss,
			       v.swap, v.anon, v.file, v.thp, v.hugetlb, v.name);
			continue;
		}
		printf("%s\n {\"start\": \"0x%llx\", \"end\": \"0x%llx\", \"perms\": ",
		       first ? "" : ",", v.start, v.end);
		ms_json_str(stdout, v.perms);
		printf(", \"pgoff\": %llu, \"kind\": ", v.pgoff);
		ms_json_str(stdout, v.kind);
		printf(", \"rss_pages\": %llu, \"swap_pages\": %llu, "
		       "\"anon_pages\": %llu, \"file_pages\": %llu, "
		       "\"thp_pmds\": %llu, \"hugetlb_pages\": %llu, \"name\": ",
		       v.rss, v.swap, v.anon, v.file, v.thp, v.hugetlb);
		ms_json_str(stdout, v.name);
		printf("}");
		first = false;
	}
	if (ms_opts.json)
		printf("\n]\n");
	free(buf);
	return MS_EXIT_OK;
}

/* "key value" lines: aligned text, or one JSON object. */
static void print_kv(char *buf)
{
	char *p, *l;
	bool first = true;

	if (ms_opts.json)
		printf("{");
	for (p = buf; (l = next_line(&p));) {
		char *v = strchr(l, ' ');

		if (!v)
			continue;
		*v++ = '\0';
		if (!ms_opts.json) {
			printf("%-24s %s\n", l, v);
			continue;
		}
		printf("%s\n ", first ? "" : ",");
		ms_json_str(stdout, l);
		printf(": ");
		ms_json_value(stdout, v);	/* decimal: number; hex, words: string */
		first = false;
	}
	if (ms_opts.json)
		printf("\n}\n");
}

int cmd_mm(int argc, char **argv)
{
	char *buf;
	int rc = read_target(argc, argv, "mm", &buf);

	if (rc)
		return rc < 0 ? MS_EXIT_OK : rc;
	print_kv(buf);
	free(buf);
	return MS_EXIT_OK;
}

int cmd_pagetable(int argc, char **argv)
{
	char *buf;
	int rc = read_target(argc, argv, "pagetable", &buf);

	if (rc)
		return rc < 0 ? MS_EXIT_OK : rc;
	print_kv(buf);
	free(buf);
	return MS_EXIT_OK;
}

/* Is L a level line, "<level> <index> <entry> [<flag words>]"? */
static bool translate_level(const char *l, char *name, unsigned long *idx,
			    char *entry, int *rest)
{
	static const char *const levels[] = {
		"pgd", "pgd_user", "p4d", "pud", "pmd", "pte",
	};
	unsigned int i;

	*rest = 0;
	if (sscanf(l, "%15s %lu %23s%n", name, idx, entry, rest) != 3)
		return false;
	for (i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (!strcmp(name, levels[i]))
			return true;
	return false;
}

/*
 * {"levels": [{"level", "index", "entry", "flags"}, ...], "vaddr": ...}:
 * the level lines in the array, every other "key value" line after it.
 * The levels come after vaddr and vma in the file, so the array is
 * written in a first pass over a copy (both passes cut lines in place).
 */
static int translate_json(char *buf)
{
	char *copy = strdup(buf), *p, *l;
	bool first = true;

	if (!copy)
		return ms_error("out of memory");
	printf("{\n \"levels\": [");
	for (p = copy; (l = next_line(&p));) {
		char name[16], entry[24], hex[32], *word, *save = NULL;
		unsigned long idx;
		unsigned int i;
		int n;

		if (!translate_level(l, name, &idx, entry, &n))
			continue;
		printf("%s\n  {\"level\": \"%s\", \"index\": %lu, \"entry\": ",
		       first ? "" : ",", name, idx);
		snprintf(hex, sizeof(hex), "0x%s", entry);
		ms_json_str(stdout, hex);
		printf(", \"flags\": [");
		for (i = 0, word = strtok_r(l + n, " ", &save); word;
		     word = strtok_r(NULL, " ", &save), i++) {
			printf("%s", i ? ", " : "");
			ms_json_str(stdout, word);
		}
		printf("]}");
		first = false;
	}
	printf("%s]", first ? "" : "\n ");
	free(copy);

	for (p = buf; (l = next_line(&p));) {
		char name[16], entry[24], *rest;
		unsigned long idx;
		int n;

		if (translate_level(l, name, &idx, entry, &n))
			continue;
		rest = strchr(l, ' ');
		if (!rest)
			continue;
		*rest++ = '\0';
		if (!strcmp(l, "p4d"))
			continue;	/* "p4d folded" */
		printf(",\n ");
		ms_json_str(stdout, l);
		printf(": ");
		/* decimal in the file; pfn, phys and offsets are hex: strings */
		if (!strcmp(l, "refcount") || !strcmp(l, "mapcount") ||
		    !strcmp(l, "swap_type"))
			ms_json_value(stdout, rest);
		else
			ms_json_str(stdout, rest);
	}
	printf("\n}\n");
	return MS_EXIT_OK;
}

int cmd_translate(int argc, char **argv)
{
	unsigned long long addr;
	struct target t;
	char path[4096], buf[4096], *end;
	ssize_t n;
	int fd, err = 0;

	if (help_asked(argc, argv))
		return MS_EXIT_OK;
	if (argc != 3)
		return usage_err(argv[0], argc < 3 ? "missing PID or ADDR" :
				 "too many arguments");
	if (parse_target(argv[1], &t))
		return usage_err(argv[0], "'%s' is not a PID or 'self'",
				 argv[1]);
	errno = 0;
	addr = strtoull(argv[2], &end, 0);
	if (errno || end == argv[2] || *end || argv[2][0] == '-')
		return usage_err(argv[0], "'%s' is not an address (hex with 0x, or decimal)",
				 argv[2]);
	if (target_begin(&t))
		return MS_EXIT_FAIL;
	snprintf(path, sizeof(path), "%s/%s/translate", ms_opts.root, t.rel);
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
	target_end(&t);
	switch (err) {
	case 0:
		break;
	case -EINVAL:
		return ms_error("%#llx is not a canonical address", addr);
	case -ERANGE:
		return ms_error("%#llx is not a user-space address", addr);
	case -ENXIO:
		return ms_error("%#llx is not mapped in process %s", addr, t.pid);
	case -ESRCH:
		return ms_error("process %s has exited", t.pid);
	case -ENOENT:
		return ms_error("%s: no translate file (a snapshot cannot translate)",
				path);
	default:
		return ms_error("%s: %s", path, strerror(-err));
	}
	if (ms_opts.json)
		return translate_json(buf);
	fputs(buf, stdout);
	return MS_EXIT_OK;
}
