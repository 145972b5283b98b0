// SPDX-License-Identifier: GPL-2.0
/*
 * memsim host tests: the command line, run as a separate process
 * ($MEMSIM, default ./memsim), on good and on bad input files.
 */
#define _POSIX_C_SOURCE 200809L
#include "tests.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];
static char outbuf[1 << 16], errbuf[1 << 16];

static const char *bin(void)
{
	const char *b = getenv("MEMSIM");

	return b ? b : "./memsim";
}

static const char *data(void)
{
	const char *d = getenv("MEMSIM_DATA");

	return d ? d : "../../selftests/host/memsim";
}

static int ensure_tmp(void)
{
	if (!tmpdir[0]) {
		strcpy(tmpdir, "/tmp/memsim-test-XXXXXX");
		if (!mkdtemp(tmpdir))
			return -1;
	}
	return 0;
}

static void slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	buf[0] = '\0';
	if (!f)
		return;
	n = fread(buf, 1, cap - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* run "memsim ARGS"; returns the exit status (or -1 on a signal) */
static int run(const char *args)
{
	char cmd[4096];
	int st;

	if (ensure_tmp())
		return -100;
	snprintf(cmd, sizeof(cmd), "%s %s >%s/out 2>%s/err", bin(), args, tmpdir, tmpdir);
	st = system(cmd);
	snprintf(cmd, sizeof(cmd), "%s/out", tmpdir);
	slurp(cmd, outbuf, sizeof(outbuf));
	snprintf(cmd, sizeof(cmd), "%s/err", tmpdir);
	slurp(cmd, errbuf, sizeof(errbuf));
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static const char *tmpfile_with(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	if (ensure_tmp())
		return "/nonexistent";
	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	if (!f)
		return "/nonexistent";
	fputs(text, f);
	fclose(f);
	return path;
}

static int t_help(void)
{
	static const char *const cmds[] = { "buddy", "frag", "slab", "pgtable", "vma", "compare", "bench" };
	char a[64];
	size_t i;

	CHECK(run("-h") == 0 && strstr(outbuf, "usage: memsim"));
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		snprintf(a, sizeof(a), "%s -h", cmds[i]);
		CHECK(run(a) == 0);
		CHECK(strstr(outbuf, "usage"));
	}
	CHECK(run("nosuchcommand") == 2);
	CHECK(run("buddy --nosuchoption") == 2);
	CHECK(run("buddy") != 0 && strstr(errbuf, "no memory"));
	CHECK(run("") == 2);
	return 0;
}

static int t_seeds_cli(void)
{
	char a[1024];

	snprintf(a, sizeof(a), "buddy --pages 16 --max-order 4 --page-size 64K --trace %s/seeds.trace --show buddyinfo",
		 data());
	CHECK(run(a) == 0);
	/* the last picture: order 1 at 2 (B), order 2 at 4 (D merged), 8 */
	CHECK(strstr(outbuf, "zone 0 Normal pfn 0-16 free 14\n  order 1 Movable    : 2\n  order 2 Movable    : 4\n  order 3 Movable    : 8\n"));
	CHECK(strstr(outbuf, "Node 0, zone   Normal      0      1      1      1      0 \n"));
	return 0;
}

/* bad traces: a message naming file and line, non-zero exit, no crash */
static int t_bad_traces(void)
{
	static const struct { const char *text; const char *line; } bad[] = {
		{ "alloc a 0\nfree b\n", ":2:" },
		{ "alloc a 0\nalloc a 1\n", ":2:" },
		{ "# c\n\nalloc a 11\n", ":3:" },
		{ "alloc a 1Q\n", ":1:" },
		{ "alloc a 0 sideways\n", ":1:" },
		{ "frobnicate\n", ":1:" },
		{ "alloc\n", ":1:" },
		{ "alloc a 0\nfree a\nfree a\n", ":3:" },
		{ "settype 99999999 movable\n", ":1:" },
		{ "show nothing\n", ":1:" },
		{ "alloc a 99999999999999999999K\n", ":1:" },
		{ "alloc a 0 zone=Nowhere\n", ":1:" },
	};
	size_t i;
	char a[1024];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = tmpfile_with("bad.trace", bad[i].text);
		char want[600];
		int rc;

		snprintf(a, sizeof(a), "buddy --pages 1024 --trace %s", p);
		rc = run(a);
		snprintf(want, sizeof(want), "bad.trace%s", bad[i].line);
		if (rc == 0 || rc < 0 || !strstr(errbuf, want)) {
			printf("# case %zu: rc %d, stderr: %s", i, rc, errbuf);
			return 1;
		}
	}
	CHECK(run("buddy --pages 1024 --trace /nonexistent/x") == 1);
	CHECK(strstr(errbuf, "/nonexistent/x"));
	return 0;
}

static int t_bad_freeblocks(void)
{
	static const struct { const char *text; const char *line; } bad[] = {
		{ "0 DMA32 Movable 0\n", ":1:" },
		{ "0 DMA32 Wobbly 0 4096\n", ":1:" },
		{ "0 DMA32 Movable 11 4096\n", ":1:" },
		{ "0 DMA32 Movable 3 4097\n", ":1:" },
		{ "0 DMA32 Movable 0 4096\nx DMA32 Movable 0 4098\n", ":2:" },
		{ "0 DMA32 Movable 0 banana\n", ":1:" },
		{ "0 DMA32 Movable 0 4096 extra\n", ":1:" },
	};
	size_t i;
	char a[1024];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *p = tmpfile_with("freeblocks", bad[i].text);
		char want[600];
		int rc;

		snprintf(a, sizeof(a), "buddy --load %s", p);
		rc = run(a);
		snprintf(want, sizeof(want), "freeblocks%s", bad[i].line);
		if (rc == 0 || rc < 0 || !strstr(errbuf, want)) {
			printf("# case %zu: rc %d, stderr: %s", i, rc, errbuf);
			return 1;
		}
	}
	/* an overlapping (racy) block is skipped with a warning, not fatal */
	snprintf(a, sizeof(a), "buddy --load %s",
		 tmpfile_with("freeblocks", "0 DMA32 Movable 3 4096\n0 DMA32 Movable 0 4097\n"));
	CHECK(run(a) == 0);
	CHECK(strstr(errbuf, "freeblocks:2: warning"));
	return 0;
}

static int t_compare_good(void)
{
	char a[1024];

	snprintf(a, sizeof(a), "compare %s/snap-6.12", data());
	CHECK(run(a) == 0);
	CHECK(strstr(outbuf, "buddy buddyinfo                       2          2   100.0%"));
	CHECK(strstr(outbuf, "buddy pagetypeinfo                   12         12   100.0%"));
	CHECK(strstr(outbuf, "pgtable pid 1234                      6          6   100.0%"));
	/* the deliberately wrong mm_struct row is reported */
	CHECK(strstr(outbuf, "mm_struct"));
	CHECK(strstr(outbuf, "slab geometry                        18         17"));
	snprintf(a, sizeof(a), "compare --json %s/snap-6.12", data());
	CHECK(run(a) == 0);
	CHECK(outbuf[0] == '{' && strstr(outbuf, "\"match_rate\": 100.0"));
	/* 6.1 forced: same answers for these sizes */
	snprintf(a, sizeof(a), "compare -k 6.1 %s/snap-6.12", data());
	CHECK(run(a) == 0 && strstr(outbuf, "(--kernel)"));
	return 0;
}

/* a copy of the good snapshot with one file replaced */
static const char *snap_with(const char *file, const char *text)
{
	static char dir[600];
	char cmd[2048];

	if (ensure_tmp())
		return "/nonexistent";
	snprintf(dir, sizeof(dir), "%s/snap", tmpdir);
	snprintf(cmd, sizeof(cmd), "rm -rf %s && cp -r %s/snap-6.12 %s", dir, data(), dir);
	if (system(cmd))
		return "/nonexistent";
	if (text) {
		snprintf(cmd, sizeof(cmd), "%s/%s", dir, file);
		{
			FILE *f = fopen(cmd, "w");

			if (!f)
				return "/nonexistent";
			fputs(text, f);
			fclose(f);
		}
	} else {
		snprintf(cmd, sizeof(cmd), "rm -f %s/%s", dir, file);
		if (system(cmd))
			return "/nonexistent";
	}
	return dir;
}

static int t_compare_bad(void)
{
	static const struct { const char *file, *text, *want; } bad[] = {
		{ "buddyinfo", "Node 0, zone      DMA      0\n", "buddyinfo:1:" },
		{ "buddyinfo", "Node 0, zone      DMA      0      0      0      0      0      1      1      1      0      1      3 \nhello\n", "buddyinfo:2:" },
		{ "version", "memscope 0.1 abi 7 kernel 6.1.0\n", "version:1:" },
		{ "version", "garbage\n", "version:1:" },
		{ "slabinfo", "slabinfo - version: 2.1\nkmalloc-8 1 2 x 512 1\n", "slabinfo:2:" },
		{ "slabinfo", "slabinfo - version: 2.1\nkmalloc-8 1 2\n", "slabinfo:2:" },
		{ "freeblocks", "0 DMA Movable 5 288\n0 DMA Movable 5\n", "freeblocks:2:" },
		{ "nr_cpus", "many\n", "nr_cpus:1:" },
		{ "pids/1234/maps", "00400000-00300000 r--p 0 08:01 1 /x\n", "maps:1:" },
		{ "pids/1234/pages", "400000 1 pte\nnothex 1 pte\n", "pages:2:" },
		{ "pids/1234/mm", "levels 7\n", "mm" },
		{ "pids/1234/pagetable", "pte_pages lots\n", "pagetable:1:" },
	};
	size_t i;
	char a[1024];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc;

		snprintf(a, sizeof(a), "compare %s", snap_with(bad[i].file, bad[i].text));
		rc = run(a);
		if (rc != 1 || !strstr(errbuf, bad[i].want)) {
			printf("# case %zu (%s): rc %d, stderr: %s", i, bad[i].file, rc, errbuf);
			return 1;
		}
	}
	CHECK(run("compare /nonexistent-dir") == 1);
	return 0;
}

/* absent files: the structure is skipped and the run still succeeds */
static int t_compare_absent(void)
{
	static const char *const files[] = { "freeblocks", "slabinfo", "version",
		"nr_cpus", "pagetypeinfo", "pids/1234/pages" };
	size_t i;
	char a[1024];

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(a, sizeof(a), "compare %s", snap_with(files[i], NULL));
		if (run(a) != 0) {
			printf("# without %s: %s", files[i], errbuf);
			return 1;
		}
	}
	snprintf(a, sizeof(a), "compare %s", snap_with("slabinfo", NULL));
	CHECK(run(a) == 0 && strstr(outbuf, "skipped"));
	/* nr_cpus absent: inferred */
	snprintf(a, sizeof(a), "compare %s", snap_with("nr_cpus", NULL));
	CHECK(run(a) == 0 && strstr(outbuf, "inferred"));
	return 0;
}

static int t_other_commands(void)
{
	char a[1024];
	const char *p;

	p = tmpfile_with("frag.trace", "alloc a 34K\nalloc b 66K\nalloc c 35K\nalloc d 67K\nfree b\nfree d\n");
	snprintf(a, sizeof(a), "frag --pages 16 --max-order 4 --page-size 64K --trace %s", p);
	CHECK(run(a) == 0);
	CHECK(strstr(outbuf, "buddy") && strstr(outbuf, "first-fit") &&
	      strstr(outbuf, "best-fit") && strstr(outbuf, "worst-fit"));
	p = tmpfile_with("slab.trace", "cache k512 512\nalloc k512 a\nalloc k512 b\nfree k512 a\nshow\n");
	snprintf(a, sizeof(a), "slab --trace %s", p);
	CHECK(run(a) == 0 && strstr(outbuf, "k512                  16     16    512   16    2 : tunables    0    0    0 : slabdata      1      1      0"));
	p = tmpfile_with("slab.trace", "cache k512 512\nfree k512 a\n");
	snprintf(a, sizeof(a), "slab --trace %s", p);
	CHECK(run(a) == 1 && strstr(errbuf, "slab.trace:2:"));
	p = tmpfile_with("vma.trace", "mmap - 8K rw private\nmmap - 2M rw private\nmmap 555555554000 4K r private fixed file=/bin/x\n");
	snprintf(a, sizeof(a), "vma -k 6.12 --trace %s", p);
	CHECK(run(a) == 0);
	CHECK(strstr(outbuf, "7ffff7c00000-7ffff7e00000 rw-p 00000000 00:00 0 \n"));
	CHECK(strstr(outbuf, "7ffff7ffd000-7ffff7fff000 rw-p"));
	snprintf(a, sizeof(a), "vma -k 6.1 --trace %s", p);
	CHECK(run(a) == 0 && strstr(outbuf, "7ffff7dfd000-7ffff7fff000 rw-p"));
	p = tmpfile_with("vma.trace", "mmap - 8K rw private\nmunmap 12 4K\n");
	snprintf(a, sizeof(a), "vma --trace %s", p);
	CHECK(run(a) == 1 && strstr(errbuf, "vma.trace:2:"));
	/* start from a maps copy, compare the result with an expected one */
	tmpfile_with("start.maps",
		     "555555558000-555555579000 rw-p 00000000 00:00 0                          [heap]\n"
		     "7ffff7ffd000-7ffff7fff000 r-xp 00000000 00:00 0                          [vdso]\n"
		     "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"
		     "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n");
	tmpfile_with("want.maps",
		     "555555558000-555555579000 rw-p 00000000 00:00 0                          [heap]\n"
		     "7ffff7a00000-7ffff7e00000 rw-p 00000000 00:00 0 \n"
		     "7ffff7ffb000-7ffff7ffd000 rw-p 00000000 00:00 0 \n"
		     "7ffff7ffd000-7ffff7fff000 r-xp 00000000 00:00 0                          [vdso]\n"
		     "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"
		     "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]\n");
	p = tmpfile_with("vma.trace", "mmap - 8K rw private\nmmap - 4M rw private\n");
	snprintf(a, sizeof(a), "vma -k 6.12 --maps %s/start.maps --expect %s/want.maps --trace %s",
		 tmpdir, tmpdir, p);
	CHECK(run(a) == 0 && strstr(outbuf, "vma layout: 5/5 lines match (100.0%)"));
	snprintf(a, sizeof(a), "vma -k 6.1 --maps %s/start.maps --expect %s/want.maps --trace %s",
		 tmpdir, tmpdir, p);
	CHECK(run(a) == 0 && strstr(outbuf, "+ model: 7ffff7bfb000-7ffff7ffd000 rw-p"));
	snprintf(a, sizeof(a), "vma --maps %s --trace %s",
		 tmpfile_with("bad.maps", "555555558000-555555579000 rw-p 0 00:00 0 [heap]\nnonsense\n"), p);
	CHECK(run(a) == 1 && strstr(errbuf, "bad.maps:2:"));
	/* recorded on 6.1: adjacent loaded VMAs the kernel kept apart */
	snprintf(a, sizeof(a), "vma -k 6.1 --maps %s/vma-6.1-brk/start.maps --expect %s/vma-6.1-brk/final.maps --trace %s/vma-6.1-brk/trace",
		 data(), data(), data());
	CHECK(run(a) == 0 && strstr(outbuf, "vma layout: 14/14 lines match (100.0%)"));
	/* file mappings with the file's device numbers */
	p = tmpfile_with("vma.trace", "mmap - 8K r private file=/tmp/f ino=77 dev=0:1a\n"
			 "mmap 7ffff7ffd000 4K r private fixed file=/tmp/f ino=77 dev=0:1a off=8K\n"
			 "mmap - 4K r private file=/tmp/f dev=0:zz\n");
	snprintf(a, sizeof(a), "vma -k 6.12 --trace %s", p);
	CHECK(run(a) == 1 && strstr(errbuf, "vma.trace:3:"));
	p = tmpfile_with("vma.trace", "mmap - 8K r private file=/tmp/f ino=77 dev=0:1a off=8K\n"
			 "mmap 7ffff7ffc000 4K r private fixed file=/tmp/f ino=77 dev=0:1a off=4K\n");
	CHECK(run(a) == 0 && strstr(outbuf, "7ffff7ffc000-7ffff7fff000 r--p 00001000 00:1a 77 "));
	p = tmpfile_with("pt.trace", "mmap 400000 8K\nfault 400000\nfault 401000\nmunmap 400000 4K\nshow\nmunmap 401000 4K\n");
	snprintf(a, sizeof(a), "pgtable --trace %s", p);
	CHECK(run(a) == 0 && strstr(outbuf, "pte_pages 1\n") && strstr(outbuf, "pte_pages 0\n"));
	p = tmpfile_with("pt.trace", "mmap 400000 8K\nfault 900000\n");
	snprintf(a, sizeof(a), "pgtable --trace %s", p);
	CHECK(run(a) == 1 && strstr(errbuf, "pt.trace:2:"));
	return 0;
}

static int t_outputs(void)
{
	char a[1024], path[600];

	snprintf(path, sizeof(path), "%s/map.svg", tmpdir);
	snprintf(a, sizeof(a), "buddy --load %s/snap-6.12/freeblocks --svg %s --json", data(), path);
	CHECK(run(a) == 0);
	CHECK(outbuf[0] == '{' && strstr(outbuf, "\"nr_free\""));
	slurp(path, outbuf, sizeof(outbuf));
	CHECK(!strncmp(outbuf, "<svg", 4) && strstr(outbuf, "</svg>\n"));
	CHECK(run("buddy --pages 262144 --layout x86 --show buddyinfo,pagetypeinfo,extfrag") == 0);
	CHECK(strstr(outbuf, "Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0    252 \n"));
	CHECK(strstr(outbuf, "unusable_index\n") && strstr(outbuf, "extfrag_index\n"));
	CHECK(run("slab --table 8:64:8 --json") == 0 && outbuf[0] == '[');
	return 0;
}

const struct ktest cli_tests[] = {
	{ "cli_help_and_usage_errors", t_help },
	{ "cli_seeds_trace", t_seeds_cli },
	{ "cli_bad_traces_report_line", t_bad_traces },
	{ "cli_bad_freeblocks_report_line", t_bad_freeblocks },
	{ "cli_compare_snapshot", t_compare_good },
	{ "cli_compare_bad_snapshots", t_compare_bad },
	{ "cli_compare_absent_files", t_compare_absent },
	{ "cli_frag_slab_vma_pgtable", t_other_commands },
	{ "cli_json_svg_x86_layout", t_outputs },
	{ NULL, NULL },
};
