// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: the VMA layout model (the `vma` command: cmd_vma.c, its trace:
 * vma_trace.c).
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
#include "util.h"
#include "../lib/fileio.h"
#include "../lib/formats.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define PAGE		4096ull
#define PMD_SIZE	(2ull << 20)
#define GUARD_GAP	(256ull * PAGE)		/* stack_guard_gap */
#define MMAP_MIN_ADDR	65536ull

void vs_init(struct vma_set *vs, enum ms_series series, uint64_t task_size,
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

		if (vs->series == MS_SERIES_6_12 && !vs->no_thp && file < 0 &&
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
	struct ms_maps_line m;

	memset(out, 0, sizeof(*out));
	if (ms_maps_parse(line, &m) || m.end <= m.start || strlen(m.perms) != 4)
		return -1;
	out->start = m.start;
	out->end = m.end;
	out->flags = (m.perms[0] == 'r' ? VM_READ : 0) | (m.perms[1] == 'w' ? VM_WRITE : 0) |
		     (m.perms[2] == 'x' ? VM_EXEC : 0) | (m.perms[3] == 's' ? VM_SHARED : 0);
	out->pgoff = m.offset / PAGE;
	out->dev_major = m.dev_major;
	out->dev_minor = m.dev_minor;
	out->ino = m.inode;
	out->file = m.inode ? 0 : -1;
	snprintf(out->name, sizeof(out->name), "%s", m.name);
	if (!strcmp(out->name, "[stack]"))
		out->flags |= VM_GROWSDOWN;
	return 0;
}

struct maps_each {
	bool aligned;
	int (*fn)(void *ctx, const struct lreader *lr, struct vma *v);
	void *ctx;
};

static int maps_line(void *ctx, const struct lreader *lr, char *line)
{
	struct maps_each *m = ctx;
	struct vma v;

	if (!line[0])
		return 0;
	if (maps_parse_line(line, &v) ||
	    (m->aligned && ((v.start & (PAGE - 1)) || (v.end & (PAGE - 1)))))
		return perr(lr->name, lr->lineno, "not a maps line");
	return m->fn(m->ctx, lr, &v);
}

int maps_for_each(const char *path, bool aligned,
		  int (*fn)(void *ctx, const struct lreader *lr, struct vma *v),
		  void *ctx)
{
	struct maps_each m = { aligned, fn, ctx };

	return lr_each(path, false, maps_line, &m);
}

struct load_ctx {
	struct vma_set *vs;
	int nfile;
};

/* one VMA of vs_load_maps() */
static int load_vma(void *ctx, const struct lreader *lr, struct vma *v)
{
	struct load_ctx *l = ctx;
	struct vma_set *vs = l->vs;

	if (v->end > vs->task_size)
		return 0;	/* [vsyscall] */
	if (vs->n && v->start < vs->v[vs->n - 1].end)
		return perr(lr->name, lr->lineno, "maps lines overlap or are out of order");
	if (v->ino)
		v->file = l->nfile++;
	else if (!(v->flags & VM_SHARED))
		v->pgoff = v->start / PAGE;
	if (!strcmp(v->name, "[heap]")) {
		vs->start_brk = v->start;
		vs->brk = v->end;
	}
	if (v->name[0] == '[' && strcmp(v->name, "[heap]") && strcmp(v->name, "[stack]"))
		v->flags |= VM_SPECIAL_;
	/*
	 * Two adjacent VMAs that look mergeable but were kept apart
	 * differ in what maps does not show (anon_vma, VM_ACCOUNT,
	 * ...): give them distinct anon_vmas so they stay apart.
	 */
	if (vs->n && can_merge(&vs->v[vs->n - 1], v)) {
		if (!vs->v[vs->n - 1].anon_vma)
			vs->v[vs->n - 1].anon_vma = vs->next_anon_vma++;
		v->anon_vma = vs->next_anon_vma++;
	}
	vs_insert_at(vs, vs->n, v);
	return 0;
}

/* initial state from a maps file: VMAs as listed, brk at the heap end */
int vs_load_maps(struct vma_set *vs, const char *path)
{
	struct load_ctx l = { .vs = vs };

	return maps_for_each(path, true, load_vma, &l);
}

/* model output against a maps file, line by line */
int vs_expect(const struct vma_set *vs, const char *path)
{
	char *buf = NULL, *p, *q;
	size_t len = 0, n = 0, same = 0, i;
	FILE *f = open_memstream(&buf, &len);
	char *want = NULL;
	char **mine = NULL, **real = NULL;
	size_t nm = 0, nr = 0;

	ms_read_file(path, &want);
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
