// SPDX-License-Identifier: GPL-2.0
/*
 * memscope snapshot DIR [PID...]: copy every readable memscope file into
 * DIR, keeping the layout (pids/<PID>/maps, ...), for memsim compare, the
 * pictures and later diffs. Files that only take commands (modes without
 * read permission, or read-write control files such as translate and
 * experiment, which answer questions rather than describe state) and
 * self/ (which would describe this tool) are left out.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "msclient.h"

static int failures;

static int write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		ms_error("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* BUF = A/B (or A if B is empty); -1 (and a message) if it won't fit. */
static int join(char *buf, size_t n, const char *a, const char *b)
{
	int len = snprintf(buf, n, "%s%s%s", a, *b ? "/" : "", b);

	if (len < 0 || (size_t)len >= n) {
		ms_error("path too long: %s/%s", a, b);
		failures++;
		return -1;
	}
	return 0;
}

/* Copy the tree under root/REL into DEST/REL. */
static void copy_tree(const char *rel, const char *dest)
{
	char src[PATH_MAX], dst[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (join(src, sizeof(src), ms_opts.root, rel) ||
	    join(dst, sizeof(dst), dest, rel))
		return;
	if (mkdir(dst, 0700) && errno != EEXIST) {
		ms_error("cannot create %s: %s", dst, strerror(errno));
		failures++;
		return;
	}
	d = opendir(src);
	if (!d) {
		ms_error("cannot list %s: %s", src, strerror(errno));
		failures++;
		return;
	}
	while ((de = readdir(d))) {
		char crel[PATH_MAX], cpath[PATH_MAX], cdst[PATH_MAX];
		struct stat st;
		size_t len;
		char *buf;

		if (de->d_name[0] == '.' || (!*rel && !strcmp(de->d_name, "self")))
			continue;
		if (join(crel, sizeof(crel), rel, de->d_name) ||
		    join(cpath, sizeof(cpath), ms_opts.root, crel) ||
		    join(cdst, sizeof(cdst), dest, crel))
			continue;
		if (!*rel)	/* join() put no slash before a top-level name */
			strcpy(crel, de->d_name);
		if (stat(cpath, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			copy_tree(crel, dest);
			continue;
		}
		/* Only describe-state files: readable and not writable. */
		if (!S_ISREG(st.st_mode) || !(st.st_mode & 0444) ||
		    (st.st_mode & 0222))
			continue;
		buf = ms_read(crel, &len);
		if (!buf) {
			failures++;
			continue;
		}
		if (write_file(cdst, buf, len))
			failures++;
		free(buf);
	}
	closedir(d);
}

/*
 * Write PID to root/NAME (track or untrack). Returns 0, 1 on error, or 2
 * for a PID someone else already tracks (EBUSY): usable, but not ours to
 * untrack afterwards.
 */
static int control(const char *name, const char *pid)
{
	char path[PATH_MAX];
	int fd, ok;

	if (join(path, sizeof(path), ms_opts.root, name))
		return 1;
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return ms_error("%s: %s (PIDs need a memscope with track)",
				path, strerror(errno));
	ok = write(fd, pid, strlen(pid)) == (ssize_t)strlen(pid);
	if (!ok && errno == EBUSY && !strcmp(name, "track")) {
		close(fd);
		return 2;
	}
	if (!ok)
		ms_error("%s %s: %s", name, pid,
			 errno == ESRCH ? "no such process" : strerror(errno));
	close(fd);
	return ok ? 0 : 1;
}

int cmd_snapshot(int argc, char **argv)
{
	char cpus[32];
	const char *dest;
	bool *ours;
	int i, rc = 0;

	if (argc < 2)
		return ms_error("usage: memscope snapshot DIR [PID...]");
	dest = argv[1];
	for (i = 2; i < argc; i++) {
		char *end;
		long v = strtol(argv[i], &end, 10);

		if (*end || end == argv[i] || v <= 0 || v > INT_MAX)
			return ms_error("snapshot: '%s' is not a PID", argv[i]);
	}
	if (mkdir(dest, 0700) && errno != EEXIST)
		return ms_error("cannot create %s: %s", dest, strerror(errno));
	ours = calloc(argc, sizeof(*ours));
	if (!ours)
		return ms_error("out of memory");
	for (i = 2; i < argc; i++) {
		int r = control("track", argv[i]);

		if (r == 1) {
			free(ours);
			return 1;
		}
		ours[i] = r == 0;
	}

	copy_tree("", dest);

	/* The model's SLUB geometry depends on the CPU count. */
	snprintf(cpus, sizeof(cpus), "%ld\n", sysconf(_SC_NPROCESSORS_ONLN));
	{
		char p[PATH_MAX];

		if (join(p, sizeof(p), dest, "nr_cpus") ||
		    write_file(p, cpus, strlen(cpus)))
			failures++;
	}
	for (i = 2; i < argc; i++)
		if (ours[i])
			rc |= control("untrack", argv[i]);
	free(ours);
	if (failures)
		return ms_error("snapshot %s: %d file(s) could not be copied",
				dest, failures);
	return rc;
}
