// SPDX-License-Identifier: GPL-2.0
/*
 * memscope snapshot DIR [PID...]: copy every readable memscope file into
 * DIR (the format memsim and the tests read):
 *   DIR/<file>              each system-wide data file (0400 at the root)
 *   DIR/pids/<PID>/<file>   maps vmas mm pagetable pages of each PID
 *   DIR/SNAPSHOT            "memscope snapshot 1", the version line, the PIDs
 * Control and question/answer files (track, untrack, translate, anything
 * writable) are not copied. A PID that is gone is reported and skipped;
 * the exit status is then 1.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "memscope.h"

static const char *const pid_files[] = {
	"maps", "vmas", "mm", "pagetable", "pages",
};

static int mkdir_p(const char *path)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int save(const char *from, const char *to)
{
	char *buf;
	ssize_t n = ms_slurp(from, &buf);
	FILE *f;

	if (n < 0)
		return (int)n;
	f = fopen(to, "w");
	if (!f) {
		free(buf);
		return -errno;
	}
	fwrite(buf, 1, n, f);
	free(buf);
	return fclose(f) ? -EIO : 0;
}

int cmd_snapshot(int argc, char **argv, const struct ms_opts *o)
{
	char from[600], to[1024], pdir[700];
	struct ms_target t[64];
	struct dirent *de;
	int i, j, err, rc = MS_EXIT_OK, npids = argc - 2;
	FILE *man;
	DIR *d;

	if (argc < 2)
		return ms_usage_err(argv[0], "missing DIR");
	if (npids > 64)
		return ms_usage_err(argv[0], "at most 64 PIDs");
	for (i = 0; i < npids; i++)
		if (ms_parse_target(argv[i + 2], &t[i]))
			return ms_usage_err(argv[0], "'%s' is not a PID or 'self'",
					    argv[i + 2]);
	if (!ms_ready(o))
		return MS_EXIT_FAIL;
	err = mkdir_p(argv[1]);
	if (err) {
		ms_err("cannot create %s: %s", argv[1], strerror(-err));
		return MS_EXIT_FAIL;
	}
	d = opendir(o->root);
	if (!d) {
		ms_err("cannot list %s: %s", o->root, strerror(errno));
		return MS_EXIT_FAIL;
	}
	while ((de = readdir(d))) {
		struct stat st;

		snprintf(from, sizeof(from), "%s/%s", o->root, de->d_name);
		if (stat(from, &st) || !S_ISREG(st.st_mode) ||
		    (st.st_mode & 0222) || !(st.st_mode & 0444))
			continue;
		snprintf(to, sizeof(to), "%s/%s", argv[1], de->d_name);
		err = save(from, to);
		if (err) {
			ms_err("%s: %s", from, strerror(-err));
			rc = MS_EXIT_FAIL;
		}
	}
	closedir(d);

	snprintf(to, sizeof(to), "%s/SNAPSHOT", argv[1]);
	man = fopen(to, "w");
	if (!man) {
		ms_err("cannot write %s: %s", to, strerror(errno));
		return MS_EXIT_FAIL;
	}
	fprintf(man, "memscope snapshot 1\ntime %lld\n", (long long)time(NULL));
	snprintf(from, sizeof(from), "%s/version", o->root);
	{
		char *v;

		if (ms_slurp(from, &v) > 0) {
			fprintf(man, "%s", v);
			free(v);
		}
	}
	if (npids) {
		snprintf(to, sizeof(to), "%s/pids", argv[1]);
		mkdir_p(to);
	}
	for (i = 0; i < npids; i++) {
		/* "self" is the snapshotting process: record its number. */
		if (!strcmp(t[i].pid, "self"))
			snprintf(t[i].pid, sizeof(t[i].pid), "%d", (int)getpid());
		if (ms_target_begin(o, &t[i])) {
			rc = MS_EXIT_FAIL;
			continue;
		}
		snprintf(pdir, sizeof(pdir), "%s/pids/%s", argv[1], t[i].pid);
		mkdir_p(pdir);
		for (j = 0; j < 5; j++) {
			snprintf(from, sizeof(from), "%s/%s", t[i].dir, pid_files[j]);
			snprintf(to, sizeof(to), "%s/%s", pdir, pid_files[j]);
			err = save(from, to);
			if (err) {
				ms_err("pid %s: %s: %s", t[i].pid, pid_files[j],
				       err == -ESRCH ? "process has exited" :
				       strerror(-err));
				rc = MS_EXIT_FAIL;
				break;
			}
		}
		ms_target_end(o, &t[i]);
		if (j == 5)
			fprintf(man, "pid %s\n", t[i].pid);
	}
	fclose(man);
	return rc;
}
