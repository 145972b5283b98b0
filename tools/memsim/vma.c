// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: VMA layout model and the `vma` command.
 *
 * Placement follows arch_get_unmapped_area_topdown() with ASLR off: the
 * highest gap below mmap_base that holds the length (unmapped_area_topdown,
 * with the 1 MiB stack guard gap below a VM_GROWSDOWN VMA).  6.12 pads an
 * anonymous request whose length is a multiple of 2 MiB by 2 MiB and
 * rounds the result to 2 MiB (__thp_get_unmapped_area), 6.1 does not;
 * neither does a 6.12 built without CONFIG_TRANSPARENT_HUGEPAGE (the
 * Debian RT flavour), which --no-thp models.
 * Merging (vma_merge / is_mergeable_vma): equal flags, same file,
 * contiguous pgoff, compatible anon_vma (either none, or the same), no
 * special mapping.  mprotect and munmap split at the range edges.
 */
#define _POSIX_C_SOURCE 200809L
#include "vma.h"
#include "cli.h"
#include "svg.h"
#include "trace.h"
#include "util.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PAGE		4096ull
#define PMD_SIZE	(2ull << 20)
#define GUARD_GAP	(256ull * PAGE)		/* stack_guard_gap */
#define MMAP_MIN_ADDR	65536ull

void vs_init(struct vma_set *vs, int series, uint64_t task_size,
	     uint64_t mmap_base)
{
	memset(vs, 0, sizeof(*vs));
	vs->series = series;
	vs->task_size = task_size;
	vs->mmap_base = mmap_base;
	vs->next_anon_vma = 1;
	vs->map_count_max = 65530;
}

void vs_destroy(struct vma_set *vs)
{
	free(vs->v);
	vs->v = NULL;
	vs->n = 0;
}

uint64_t vs_mmap_base(uint64_t task_size, uint64_t stack_rlimit)
{
	uint64_t gap = stack_rlimit + GUARD_GAP;	/* pad, no random */
	uint64_t gmin = 128ull << 20, gmax = task_size / 6 * 5;

	if (gap < gmin)
		gap = gmin;
	if (gap > gmax)
		gap = gmax;
	return (task_size - gap + PAGE - 1) & ~(PAGE - 1);
}

static size_t vs_index(const struct vma_set *vs, uint64_t addr)
{
	/* first VMA with end > addr */
	size_t lo = 0, hi = vs->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (vs->v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct vma *vs_find(const struct vma_set *vs, uint64_t addr)
{
	size_t i = vs_index(vs, addr);

	if (i < vs->n && vs->v[i].start <= addr)
		return &vs->v[i];
	return NULL;
}

static void vs_insert_at(struct vma_set *vs, size_t i, const struct vma *v)
{
	if (vs->n == vs->cap) {
		vs->cap = vs->cap ? vs->cap * 2 : 32;
		vs->v = xrealloc(vs->v, vs->cap * sizeof(*vs->v));
	}
	memmove(&vs->v[i + 1], &vs->v[i], (vs->n - i) * sizeof(*vs->v));
	vs->v[i] = *v;
	vs->n++;
}

static void vs_remove_at(struct vma_set *vs, size_t i)
{
	memmove(&vs->v[i], &vs->v[i + 1], (vs->n - i - 1) * sizeof(*vs->v));
	vs->n--;
}

static uint64_t start_gap(const struct vma *v)
{
	if (v->flags & VM_GROWSDOWN)
		return v->start > GUARD_GAP ? v->start - GUARD_GAP : 0;
	return v->start;
}

/* unmapped_area_topdown(): highest gap in [low, high) holding length */
static uint64_t topdown(const struct vma_set *vs, uint64_t len,
			uint64_t align_mask)
{
	uint64_t low = MMAP_MIN_ADDR, high = vs->mmap_base;
	size_t i = vs_index(vs, high);	/* VMAs at/after high start here */
	uint64_t length = len + align_mask;

	for (;;) {
		uint64_t gap_end, gap_start, gap;

		/* gap below vs->v[i] (or below high) and above vs->v[i-1] */
		gap_end = i < vs->n ? start_gap(&vs->v[i]) : vs->task_size;
		if (gap_end > high)
			gap_end = high;
		gap_start = i > 0 ? vs->v[i - 1].end : 0;
		if (gap_start < low)
			gap_start = low;
		if (gap_end > gap_start && gap_end - gap_start >= length) {
			gap = gap_end - len;
			gap -= gap & align_mask;
			return gap;
		}
		if (i == 0)
			return 0;
		i--;
		if (vs->v[i].end <= low)
			return 0;
	}
}

static bool anon_compatible(uint32_t a, uint32_t b)
{
	return !a || !b || a == b;
}

static bool can_merge(const struct vma *a, const struct vma *b)
{
	/* a immediately before b */
	if (a->end != b->start)
		return false;
	if (a->flags != b->flags || a->file != b->file ||
	    (a->flags & VM_SPECIAL_) || strcmp(a->name, b->name))
		return false;
	if (!anon_compatible(a->anon_vma, b->anon_vma))
		return false;
	return a->pgoff + (a->end - a->start) / PAGE == b->pgoff;
}

/* merge vs->v[i] with neighbours where the rules allow */
static void try_merge(struct vma_set *vs, size_t i)
{
	if (i + 1 < vs->n && can_merge(&vs->v[i], &vs->v[i + 1])) {
		vs->v[i].end = vs->v[i + 1].end;
		if (!vs->v[i].anon_vma)
			vs->v[i].anon_vma = vs->v[i + 1].anon_vma;
		vs_remove_at(vs, i + 1);
	}
	if (i > 0 && can_merge(&vs->v[i - 1], &vs->v[i])) {
		vs->v[i - 1].end = vs->v[i].end;
		if (!vs->v[i - 1].anon_vma)
			vs->v[i - 1].anon_vma = vs->v[i].anon_vma;
		vs_remove_at(vs, i);
	}
}

/* split so that addr is a VMA boundary */
static int split_at(struct vma_set *vs, uint64_t addr)
{
	size_t i = vs_index(vs, addr);
	struct vma hi;

	if (i >= vs->n || vs->v[i].start >= addr)
		return 0;
	if (vs->n >= vs->map_count_max)
		return -1;
	hi = vs->v[i];
	hi.start = addr;
	if (hi.file >= 0 || !(hi.flags & VM_SHARED))
		hi.pgoff = vs->v[i].pgoff + (addr - vs->v[i].start) / PAGE;
	vs->v[i].end = addr;
	vs_insert_at(vs, i + 1, &hi);
	return 0;
}

int vs_munmap(struct vma_set *vs, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len;
	size_t i;

	if ((addr & (PAGE - 1)) || !len || end > vs->task_size || end < addr)
		return -1;
	if (split_at(vs, addr) || split_at(vs, end))
		return -1;
	i = vs_index(vs, addr);
	while (i < vs->n && vs->v[i].start < end)
		vs_remove_at(vs, i);
	return 0;
}

uint64_t vs_mmap(struct vma_set *vs, uint64_t addr, uint64_t len,
		 uint32_t flags, bool fixed, int file, uint64_t pgoff,
		 const char *name, uint64_t ino)
{
	struct vma v;
	size_t i;

	len = (len + PAGE - 1) & ~(PAGE - 1);
	if (!len || len > vs->task_size)
		return 0;
	if (fixed) {
		if ((addr & (PAGE - 1)) || addr + len > vs->task_size)
			return 0;
		if (vs_munmap(vs, addr, len))
			return 0;
	} else {
		uint64_t a = 0;

		if (vs->series == 612 && !vs->no_thp && file < 0 &&
		    !(flags & VM_SHARED) &&
		    !(len & (PMD_SIZE - 1))) {
			/* __thp_get_unmapped_area(): len + 2M, top-down */
			uint64_t r = topdown(vs, len + PMD_SIZE, 0);

			if (r) {
				uint64_t off_sub = (0 - r) & (PMD_SIZE - 1);

				a = off_sub ? r + off_sub : r + PMD_SIZE;
			}
		}
		if (!a)
			a = topdown(vs, len, 0);
		if (!a)
			return 0;
		addr = a;
	}
	if (vs->n >= vs->map_count_max)
		return 0;
	memset(&v, 0, sizeof(v));
	v.start = addr;
	v.end = addr + len;
	v.flags = flags;
	v.file = file;
	v.pgoff = file >= 0 ? pgoff : addr / PAGE;
	v.ino = ino;
	if (file >= 0) {
		v.dev_major = 8;
		v.dev_minor = 1;
	}
	if (name)
		snprintf(v.name, sizeof(v.name), "%s", name);
	i = vs_index(vs, addr);
	vs_insert_at(vs, i, &v);
	try_merge(vs, i);
	return addr;
}

void vs_set_dev(struct vma_set *vs, uint64_t addr, unsigned int major,
		unsigned int minor)
{
	size_t i = vs_index(vs, addr);

	if (i < vs->n && vs->v[i].start <= addr) {
		vs->v[i].dev_major = major;
		vs->v[i].dev_minor = minor;
	}
}

int vs_mprotect(struct vma_set *vs, uint64_t addr, uint64_t len, uint32_t prot)
{
	uint64_t end = addr + ((len + PAGE - 1) & ~(PAGE - 1)), a;
	size_t i;

	if ((addr & (PAGE - 1)) || end > vs->task_size || end < addr)
		return -1;
	/* the whole range must be mapped */
	for (a = addr; a < end;) {
		const struct vma *v = vs_find(vs, a);

		if (!v)
			return -1;
		a = v->end;
	}
	if (split_at(vs, addr) || split_at(vs, end))
		return -1;
	for (i = vs_index(vs, addr); i < vs->n && vs->v[i].start < end; i++)
		vs->v[i].flags = (vs->v[i].flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | prot;
	/* merge the changed run with its neighbours, left to right */
	i = vs_index(vs, addr);
	if (i > 0)
		i--;
	while (i < vs->n && vs->v[i].start <= end) {
		size_t before = vs->n;

		try_merge(vs, i);
		if (vs->n == before)
			i++;
	}
	return 0;
}

uint64_t vs_brk(struct vma_set *vs, uint64_t newbrk)
{
	uint64_t oldend = (vs->brk + PAGE - 1) & ~(PAGE - 1);
	uint64_t newend = (newbrk + PAGE - 1) & ~(PAGE - 1);

	if (newbrk < vs->start_brk)
		return vs->brk;
	if (newend < oldend) {
		vs_munmap(vs, newend, oldend - newend);
	} else if (newend > oldend) {
		/* the range must be free (and clear of the stack guard) */
		size_t i = vs_index(vs, oldend);

		if (i < vs->n && start_gap(&vs->v[i]) < newend)
			return vs->brk;
		{
			struct vma v;
			size_t k;

			memset(&v, 0, sizeof(v));
			v.start = oldend;
			v.end = newend;
			v.flags = VM_READ | VM_WRITE;
			v.file = -1;
			v.pgoff = oldend / PAGE;
			strcpy(v.name, "[heap]");
			k = vs_index(vs, oldend);
			vs_insert_at(vs, k, &v);
			try_merge(vs, k);
		}
	}
	vs->brk = newbrk;
	return newbrk;
}

void vs_touch(struct vma_set *vs, uint64_t addr)
{
	size_t i = vs_index(vs, addr);

	if (i >= vs->n || vs->v[i].start > addr || vs->v[i].anon_vma)
		return;
	if (vs->v[i].file >= 0 && (vs->v[i].flags & VM_SHARED))
		return;
	/* find_mergeable_anon_vma(): reuse a compatible neighbour's */
	if (i > 0 && vs->v[i - 1].end == vs->v[i].start && vs->v[i - 1].anon_vma &&
	    vs->v[i - 1].file == vs->v[i].file &&
	    (vs->v[i - 1].flags & ~(VM_READ | VM_WRITE | VM_EXEC)) ==
	    (vs->v[i].flags & ~(VM_READ | VM_WRITE | VM_EXEC)))
		vs->v[i].anon_vma = vs->v[i - 1].anon_vma;
	else if (i + 1 < vs->n && vs->v[i + 1].start == vs->v[i].end &&
		 vs->v[i + 1].anon_vma && vs->v[i + 1].file == vs->v[i].file &&
		 (vs->v[i + 1].flags & ~(VM_READ | VM_WRITE | VM_EXEC)) ==
		 (vs->v[i].flags & ~(VM_READ | VM_WRITE | VM_EXEC)))
		vs->v[i].anon_vma = vs->v[i + 1].anon_vma;
	else
		vs->v[i].anon_vma = vs->next_anon_vma++;
}

/* show_map_vma(): header padded to 25 + 6 * sizeof(void *) - 1 columns */
void vs_print_maps(const struct vma_set *vs, FILE *f)
{
	size_t i;

	for (i = 0; i < vs->n; i++) {
		const struct vma *v = &vs->v[i];
		char head[128];
		int n;

		n = snprintf(head, sizeof(head), "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08" PRIx64 " %02x:%02x %" PRIu64 " ",
			     v->start, v->end,
			     v->flags & VM_READ ? 'r' : '-',
			     v->flags & VM_WRITE ? 'w' : '-',
			     v->flags & VM_EXEC ? 'x' : '-',
			     v->flags & VM_SHARED ? 's' : 'p',
			     (uint64_t)(v->file >= 0 ? v->pgoff * PAGE : 0),
			     v->dev_major, v->dev_minor, v->ino);
		if (v->name[0])
			fprintf(f, "%s%*s %s\n", head, n < 72 ? 72 - n : 0, "", v->name);
		else
			fprintf(f, "%s\n", head);
	}
}

int maps_parse_line(const char *line, struct vma *out)
{
	unsigned long long s, e, off, ino;
	unsigned int maj, min;
	char perms[5];
	int pos = 0;

	memset(out, 0, sizeof(*out));
	if (sscanf(line, "%llx-%llx %4s %llx %x:%x %llu%n", &s, &e, perms, &off,
		   &maj, &min, &ino, &pos) != 7)
		return -1;
	if (e <= s || strlen(perms) != 4)
		return -1;
	out->start = s;
	out->end = e;
	out->flags = (perms[0] == 'r' ? VM_READ : 0) | (perms[1] == 'w' ? VM_WRITE : 0) |
		     (perms[2] == 'x' ? VM_EXEC : 0) | (perms[3] == 's' ? VM_SHARED : 0);
	out->pgoff = off / PAGE;
	out->dev_major = maj;
	out->dev_minor = min;
	out->ino = ino;
	out->file = ino ? 0 : -1;
	while (line[pos] == ' ')
		pos++;
	snprintf(out->name, sizeof(out->name), "%s", line + pos);
	if (!strcmp(out->name, "[stack]"))
		out->flags |= VM_GROWSDOWN;
	return 0;
}

/* initial state from a maps file: VMAs as listed, brk at the heap end */
int vs_load_maps(struct vma_set *vs, const char *path)
{
	struct lreader lr;
	char *line;
	int r, ret = 0, nfile = 0;

	if (lr_open(&lr, path, false))
		return -1;
	while ((r = lr_next(&lr, &line)) > 0) {
		struct vma v;

		if (!line[0])
			continue;
		if (maps_parse_line(line, &v) || (v.start & (PAGE - 1)) || (v.end & (PAGE - 1))) {
			ret = perr(lr.name, lr.lineno, "not a maps line");
			break;
		}
		if (v.end > vs->task_size)
			continue;	/* [vsyscall] */
		if (vs->n && v.start < vs->v[vs->n - 1].end) {
			ret = perr(lr.name, lr.lineno, "maps lines overlap or are out of order");
			break;
		}
		if (v.ino)
			v.file = nfile++;
		else if (!(v.flags & VM_SHARED))
			v.pgoff = v.start / PAGE;
		if (!strcmp(v.name, "[heap]")) {
			vs->start_brk = v.start;
			vs->brk = v.end;
		}
		if (v.name[0] == '[' && strcmp(v.name, "[heap]") && strcmp(v.name, "[stack]"))
			v.flags |= VM_SPECIAL_;
		/*
		 * Two adjacent VMAs that look mergeable but were kept apart
		 * differ in what maps does not show (anon_vma, VM_ACCOUNT,
		 * ...): give them distinct anon_vmas so they stay apart.
		 */
		if (vs->n && can_merge(&vs->v[vs->n - 1], &v)) {
			if (!vs->v[vs->n - 1].anon_vma)
				vs->v[vs->n - 1].anon_vma = vs->next_anon_vma++;
			v.anon_vma = vs->next_anon_vma++;
		}
		vs_insert_at(vs, vs->n, &v);
	}
	if (r < 0)
		ret = -1;
	lr_close(&lr);
	return ret;
}

/* model output against a maps file, line by line */
int vs_expect(const struct vma_set *vs, const char *path)
{
	char *buf = NULL, *p, *q;
	size_t len = 0, n = 0, same = 0, i;
	FILE *f = open_memstream(&buf, &len);
	char *want = read_file_all(path, NULL);
	char **mine = NULL, **real = NULL;
	size_t nm = 0, nr = 0;

	if (!f || !want) {
		if (f)
			fclose(f);
		free(buf);
		free(want);
		return perr(path, 0, "cannot read");
	}
	vs_print_maps(vs, f);
	fclose(f);
	for (p = buf; *p; p = q + 1) {
		q = strchr(p, '\n');
		if (!q)
			break;
		*q = '\0';
		mine = xrealloc(mine, (nm + 1) * sizeof(char *));
		mine[nm++] = p;
	}
	for (p = want; *p; p = q + 1) {
		q = strchr(p, '\n');
		if (q)
			*q = '\0';
		if (strncmp(p, "ffffffffff600000-", 17)) {	/* [vsyscall] */
			real = xrealloc(real, (nr + 1) * sizeof(char *));
			real[nr++] = p;
		}
		if (!q)
			break;
	}
	n = nm > nr ? nm : nr;
	for (i = 0; i < n; i++) {
		const char *a = i < nm ? mine[i] : "(none)";
		const char *b = i < nr ? real[i] : "(none)";

		if (!strcmp(a, b)) {
			same++;
			continue;
		}
		printf("- real:  %s\n+ model: %s\n", b, a);
	}
	printf("vma layout: %zu/%zu lines match (%.1f%%)\n", same, n,
	       n ? 100.0 * (double)same / (double)n : 100.0);
	free(mine);
	free(real);
	free(buf);
	free(want);
	return 0;
}

/* ---- the `vma` command ---- */

static void vma_usage(FILE *f)
{
	fprintf(f,
"usage: memsim vma --trace FILE [options]\n"
"  Replays mmap/munmap/mprotect/brk (or malloc/free) traces through the VMA\n"
"  layout model and prints /proc/PID/maps.\n"
"  -k, --kernel 6.1|6.12       series (default 6.12)\n"
"      --no-thp                a kernel without CONFIG_TRANSPARENT_HUGEPAGE\n"
"                              (no 2 MiB alignment of anonymous mappings)\n"
"      --mmap-base HEX         default: from --stack-rlimit, ASLR off\n"
"      --stack-rlimit SIZE     default 8M\n"
"      --task-size HEX         default 0x7ffffffff000 (4-level)\n"
"      --brk HEX               start_brk (default 0x555555559000... see doc)\n"
"      --mmap-threshold SIZE   malloc threshold (default 128K)\n"
"  -j, --json                  JSON instead of maps lines\n"
"      --svg FILE              address-space picture\n"
"      --maps FILE             initial VMAs from a /proc/PID/maps copy\n"
"      --expect FILE           compare the result with a maps file:\n"
"                              differing lines and the exact-match rate\n"
"  -h, --help\n"
"trace lines:\n"
"  mmap ADDR|- LEN PROT private|shared [fixed]\n"
"       [file=NAME [off=N] [ino=N] [dev=MAJ:MIN]]   (dev hex, default 08:01)\n"
"  munmap ADDR LEN | mprotect ADDR LEN PROT | brk ADDR | touch ADDR\n"
"  malloc ID SIZE | free ID | show      (PROT: r,w,x letters or -)\n");
}

static int parse_prot(const char *s, uint32_t *prot)
{
	*prot = 0;
	if (!strcmp(s, "-") || !strcmp(s, "none"))
		return 0;
	for (; *s; s++) {
		if (*s == 'r')
			*prot |= VM_READ;
		else if (*s == 'w')
			*prot |= VM_WRITE;
		else if (*s == 'x')
			*prot |= VM_EXEC;
		else if (*s != '-')
			return -1;
	}
	return 0;
}

struct mchunk {
	uint64_t addr, len;
	bool mmapped;
};

int cmd_vma(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kernel", required_argument, NULL, 'k' },
		{ "mmap-base", required_argument, NULL, 1000 },
		{ "stack-rlimit", required_argument, NULL, 1001 },
		{ "task-size", required_argument, NULL, 1002 },
		{ "brk", required_argument, NULL, 1003 },
		{ "mmap-threshold", required_argument, NULL, 1004 },
		{ "trace", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "svg", required_argument, NULL, 1005 },
		{ "maps", required_argument, NULL, 1006 },
		{ "expect", required_argument, NULL, 1007 },
		{ "no-thp", no_argument, NULL, 1008 },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum kseries ks = KS_6_12;
	uint64_t base = 0, rlim = 8ull << 20, task = 0x7ffffffff000ull;
	uint64_t brk0 = 0x555555559000ull, thresh = 128ull << 10;
	const char *trace = NULL, *svg = NULL, *maps = NULL, *expect = NULL;
	struct vma_set vs;
	struct lreader lr;
	struct idtab ids;
	struct mchunk *ch = NULL;
	size_t chcap = 0;
	int c, json = 0, r, ret = 1;
	bool no_thp = false;
	char *line, *tok[12];
	char files[64][64];
	int nfiles = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:t:jh", lo, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (parse_kernel(optarg, &ks))
				return perr(NULL, 0, "--kernel is 6.1 or 6.12"), 2;
			break;
		case 1000:
			if (!parse_hex_u64(optarg, &base) || (base & (PAGE - 1)))
				return perr(NULL, 0, "bad --mmap-base"), 2;
			break;
		case 1001:
			if (!parse_size(optarg, &rlim))
				return perr(NULL, 0, "bad --stack-rlimit"), 2;
			break;
		case 1002:
			if (!parse_hex_u64(optarg, &task) || (task & (PAGE - 1)) || task < (1ull << 32))
				return perr(NULL, 0, "bad --task-size"), 2;
			break;
		case 1003:
			if (!parse_hex_u64(optarg, &brk0))
				return perr(NULL, 0, "bad --brk"), 2;
			break;
		case 1004:
			if (!parse_size(optarg, &thresh))
				return perr(NULL, 0, "bad --mmap-threshold"), 2;
			break;
		case 't': trace = optarg; break;
		case 'j': json = 1; break;
		case 1005: svg = optarg; break;
		case 1006: maps = optarg; break;
		case 1007: expect = optarg; break;
		case 1008: no_thp = true; break;
		case 'h': vma_usage(stdout); return 0;
		default: vma_usage(stderr); return 2;
		}
	}
	if (!trace || optind < argc) {
		vma_usage(stderr);
		return 2;
	}
	if (!base)
		base = vs_mmap_base(task, rlim);
	vs_init(&vs, ks == KS_6_1 ? 61 : 612, task, base);
	vs.no_thp = no_thp;
	vs.start_brk = vs.brk = brk0;
	idtab_init(&ids);
	memset(&lr, 0, sizeof(lr));
	if (maps && vs_load_maps(&vs, maps))
		goto out;
	if (lr_open(&lr, trace, true))
		goto out;
	while ((r = lr_next(&lr, &line)) > 0) {
		int nt = split_ws(line, tok, 11);
		uint64_t addr = 0, len = 0;
		uint32_t prot;

		if (nt == 0)
			continue;
		if (nt > 11) {
			perr(lr.name, lr.lineno, "too many fields");
			goto out;
		}
		if (!strcmp(tok[0], "mmap")) {
			uint32_t flags;
			bool fixed = false;
			int file = -1, k;
			uint64_t off = 0, ino = 0, r;
			unsigned int dmaj = 8, dmin = 1;
			const char *fname = NULL;

			if (nt < 5 || (strcmp(tok[1], "-") && !parse_hex_u64(tok[1], &addr)) ||
			    !parse_size(tok[2], &len) || !len || parse_prot(tok[3], &prot) ||
			    (strcmp(tok[4], "private") && strcmp(tok[4], "shared"))) {
				perr(lr.name, lr.lineno, "usage: mmap ADDR|- LEN PROT private|shared [fixed] [file=NAME off=N ino=N]");
				goto out;
			}
			flags = prot | (tok[4][0] == 's' ? VM_SHARED : 0);
			for (k = 5; k < nt; k++) {
				if (!strcmp(tok[k], "fixed"))
					fixed = true;
				else if (!strncmp(tok[k], "file=", 5) && tok[k][5] && strlen(tok[k]) < 68)
					fname = tok[k] + 5;
				else if (!strncmp(tok[k], "off=", 4) && parse_size(tok[k] + 4, &off) && !(off & (PAGE - 1)))
					;
				else if (!strncmp(tok[k], "ino=", 4) && parse_u64(tok[k] + 4, &ino))
					;
				else if (!strncmp(tok[k], "dev=", 4) &&
					 sscanf(tok[k] + 4, "%x:%x", &dmaj, &dmin) == 2 &&
					 dmaj < 4096 && dmin < (1u << 20))
					;
				else {
					perr(lr.name, lr.lineno, "bad mmap option '%s'", tok[k]);
					goto out;
				}
			}
			if (fixed && !strcmp(tok[1], "-")) {
				perr(lr.name, lr.lineno, "fixed needs an address");
				goto out;
			}
			if (fname) {
				for (file = 0; file < nfiles; file++)
					if (!strcmp(files[file], fname))
						break;
				if (file == nfiles) {
					if (nfiles == 64) {
						perr(lr.name, lr.lineno, "too many files");
						goto out;
					}
					strcpy(files[nfiles++], fname);
				}
				if (!ino)
					ino = 1000 + (uint64_t)file;
			}
			r = vs_mmap(&vs, fixed ? addr : 0, len, flags, fixed, file,
				    off / PAGE, fname, ino);
			if (!r)
				fprintf(stderr, "%s:%lu: mmap failed (ENOMEM)\n", lr.name, lr.lineno);
			else if (file >= 0)
				vs_set_dev(&vs, r, dmaj, dmin);
		} else if (!strcmp(tok[0], "munmap")) {
			if (nt != 3 || !parse_hex_u64(tok[1], &addr) || !parse_size(tok[2], &len) ||
			    vs_munmap(&vs, addr, len)) {
				perr(lr.name, lr.lineno, "usage: munmap ADDR LEN (page-aligned, in range)");
				goto out;
			}
		} else if (!strcmp(tok[0], "mprotect")) {
			if (nt != 4 || !parse_hex_u64(tok[1], &addr) || !parse_size(tok[2], &len) ||
			    parse_prot(tok[3], &prot)) {
				perr(lr.name, lr.lineno, "usage: mprotect ADDR LEN PROT");
				goto out;
			}
			if (vs_mprotect(&vs, addr, len, prot))
				fprintf(stderr, "%s:%lu: mprotect failed (ENOMEM)\n", lr.name, lr.lineno);
		} else if (!strcmp(tok[0], "brk")) {
			if (nt != 2 || !parse_hex_u64(tok[1], &addr)) {
				perr(lr.name, lr.lineno, "usage: brk ADDR");
				goto out;
			}
			vs_brk(&vs, addr);
		} else if (!strcmp(tok[0], "touch")) {
			if (nt != 2 || !parse_hex_u64(tok[1], &addr)) {
				perr(lr.name, lr.lineno, "usage: touch ADDR");
				goto out;
			}
			vs_touch(&vs, addr);
		} else if (!strcmp(tok[0], "malloc")) {
			uint32_t id;

			if (nt != 3 || strlen(tok[1]) > 63 || !parse_size(tok[2], &len) || !len) {
				perr(lr.name, lr.lineno, "usage: malloc ID SIZE");
				goto out;
			}
			id = idtab_get(&ids, tok[1]);
			if (id >= chcap) {
				size_t nc = chcap ? chcap * 2 : 256;

				while (nc <= id)
					nc *= 2;
				ch = xrealloc(ch, nc * sizeof(*ch));
				memset(ch + chcap, 0, (nc - chcap) * sizeof(*ch));
				chcap = nc;
			}
			if (ch[id].len) {
				perr(lr.name, lr.lineno, "ID '%s' is still allocated", tok[1]);
				goto out;
			}
			if (len >= thresh) {
				/* glibc: mmap of size + header, page rounded */
				uint64_t l = (len + 16 + PAGE - 1) & ~(PAGE - 1);

				ch[id].addr = vs_mmap(&vs, 0, l, VM_READ | VM_WRITE, false, -1, 0, NULL, 0);
				ch[id].len = l;
				ch[id].mmapped = true;
				if (ch[id].addr)
					vs_touch(&vs, ch[id].addr);
			} else {
				/* bump allocation from the heap, grown by brk
				 * with glibc's 128 KiB top pad */
				uint64_t need = (len + 16 + 15) & ~15ull;

				ch[id].addr = vs.brk;
				ch[id].len = need;
				ch[id].mmapped = false;
				vs_brk(&vs, vs.brk + need);
				vs_touch(&vs, ch[id].addr);
			}
		} else if (!strcmp(tok[0], "free")) {
			uint32_t id;

			if (nt != 2) {
				perr(lr.name, lr.lineno, "usage: free ID");
				goto out;
			}
			id = idtab_get(&ids, tok[1]);
			if (id >= chcap || !ch[id].len) {
				perr(lr.name, lr.lineno, "free of '%s', which is not allocated", tok[1]);
				goto out;
			}
			if (ch[id].mmapped && ch[id].addr)
				vs_munmap(&vs, ch[id].addr, ch[id].len);
			ch[id].len = 0;
		} else if (!strcmp(tok[0], "show") && nt == 1) {
			vs_print_maps(&vs, stdout);
		} else {
			perr(lr.name, lr.lineno, "unknown operation '%s'", tok[0]);
			goto out;
		}
	}
	if (r < 0)
		goto out;
	if (json) {
		size_t i;

		printf("{\"mmap_base\": \"%" PRIx64 "\", \"brk\": \"%" PRIx64 "\", \"vmas\": [", vs.mmap_base, vs.brk);
		for (i = 0; i < vs.n; i++) {
			printf("%s{\"start\": \"%" PRIx64 "\", \"end\": \"%" PRIx64 "\", \"flags\": %u, \"pgoff\": %" PRIu64 ", \"anon_vma\": %u, \"name\": ",
			       i ? ", " : "", vs.v[i].start, vs.v[i].end, vs.v[i].flags,
			       vs.v[i].pgoff, vs.v[i].anon_vma);
			json_str(stdout, vs.v[i].name);
			printf("}");
		}
		printf("]}\n");
	} else if (!expect) {
		vs_print_maps(&vs, stdout);
	}
	if (expect && vs_expect(&vs, expect))
		goto out;
	if (svg && svg_vmas(&vs, svg, trace))
		goto out;
	ret = 0;
out:
	lr_close(&lr);
	idtab_free(&ids);
	free(ch);
	vs_destroy(&vs);
	return ret;
}
