// SPDX-License-Identifier: GPL-2.0
/*
 * memsim: SVG pictures.
 *
 * Buddy map: one band per zone, PFN space left to right and top to
 * bottom, each cell a granule of pages coloured by the order of the free
 * block that covers it (allocated pages grey); a strip under each row
 * gives the migratetype of the pageblocks in it.
 */
#define _POSIX_C_SOURCE 200809L
#include "svg.h"
#include "util.h"
#include "vma.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

static const char *order_color[BUDDY_MAX_ORDERS] = {
	"#fde725", "#b5de2b", "#6ece58", "#35b779", "#1f9e89", "#26828e",
	"#31688e", "#3e4989", "#482878", "#440154", "#2b0036",
};

static const char *mt_color[MT_TYPES] = {
	"#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#7f7f7f",
};

#define COLS 512
#define CELL 2
#define ROWH 6

/* order of the free block covering pfn, -1 allocated */
static int covering_order(const struct buddy *b, const struct bzone *z,
			  uint64_t pfn)
{
	unsigned int o;

	for (o = 0; o < b->nr_orders; o++) {
		uint64_t h = pfn & ~((1ull << o) - 1);
		int fo = buddy_free_order(z, h);

		if (fo >= (int)o)
			return fo;
	}
	return -1;
}

int svg_buddy(const struct buddy *b, const char *path)
{
	FILE *f = fopen(path, "w");
	int zi, y = 40, width = COLS * CELL + 200, height = 40;
	unsigned int o;
	int m;

	if (!f)
		return perr(path, 0, "cannot write: %s", strerror(errno));
	for (zi = 0; zi < b->nzones; zi++) {
		const struct bzone *z = &b->zones[zi];
		uint64_t pages = z->end_pfn - z->start_pfn;
		uint64_t g = (pages + (uint64_t)COLS * 128 - 1) / ((uint64_t)COLS * 128);
		uint64_t rows = (pages + g * COLS - 1) / (g * COLS);

		height += 30 + (int)rows * ROWH;
	}
	height += 80;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n",
		width, height);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"10\" y=\"22\" font-size=\"16\">memsim buddy free-area map (kernel %s): colour = order of the free block, grey = allocated; strip = pageblock type</text>\n",
		ms_series_name(b->series));
	for (zi = 0; zi < b->nzones; zi++) {
		const struct bzone *z = &b->zones[zi];
		uint64_t pages = z->end_pfn - z->start_pfn;
		uint64_t g = (pages + (uint64_t)COLS * 128 - 1) / ((uint64_t)COLS * 128);
		uint64_t rows = (pages + g * COLS - 1) / (g * COLS), r;

		fprintf(f, "<text x=\"10\" y=\"%d\">Node %d zone %s: pfn %llu-%llu, %llu pages free, %llu page(s) per cell</text>\n",
			y + 14, z->node, z->name, (unsigned long long)z->start_pfn,
			(unsigned long long)z->end_pfn, (unsigned long long)z->free_pages,
			(unsigned long long)g);
		y += 24;
		for (r = 0; r < rows; r++) {
			int c = 0;

			while (c < COLS) {
				uint64_t pfn = z->start_pfn + (r * COLS + (uint64_t)c) * g;
				int fo, c2;
				const char *col;

				if (pfn >= z->end_pfn)
					break;
				fo = covering_order(b, z, pfn);
				for (c2 = c + 1; c2 < COLS; c2++) {
					uint64_t p2 = z->start_pfn + (r * COLS + (uint64_t)c2) * g;

					if (p2 >= z->end_pfn || covering_order(b, z, p2) != fo)
						break;
				}
				col = fo < 0 ? "#d9d9d9" : order_color[fo];
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
					10 + c * CELL, y, (c2 - c) * CELL, ROWH - 1, col);
				c = c2;
			}
			/* pageblock type strip */
			c = 0;
			while (c < COLS) {
				uint64_t pfn = z->start_pfn + (r * COLS + (uint64_t)c) * g;
				int mt, c2;

				if (pfn >= z->end_pfn)
					break;
				mt = buddy_pb_mt(b, z, pfn);
				for (c2 = c + 1; c2 < COLS; c2++) {
					uint64_t p2 = z->start_pfn + (r * COLS + (uint64_t)c2) * g;

					if (p2 >= z->end_pfn || buddy_pb_mt(b, z, p2) != mt)
						break;
				}
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"1\" fill=\"%s\"/>\n",
					10 + c * CELL, y + ROWH - 1, (c2 - c) * CELL, mt_color[mt]);
				c = c2;
			}
			y += ROWH;
		}
		y += 6;
	}
	/* legends */
	y += 10;
	for (o = 0; o < b->nr_orders; o++) {
		fprintf(f, "<rect x=\"%u\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/><text x=\"%u\" y=\"%d\">%u</text>\n",
			10 + o * 50, y, order_color[o], 28 + o * 50, y + 12, o);
	}
	fprintf(f, "<rect x=\"%u\" y=\"%d\" width=\"14\" height=\"14\" fill=\"#d9d9d9\"/><text x=\"%u\" y=\"%d\">allocated</text>\n",
		10 + b->nr_orders * 50, y, 28 + b->nr_orders * 50, y + 12);
	y += 24;
	for (m = 0; m < MT_TYPES; m++)
		fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"6\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>\n",
			10 + m * 110, y + 4, mt_color[m], 28 + m * 110, y + 12, mt_names[m]);
	fprintf(f, "</svg>\n");
	if (fclose(f))
		return perr(path, 0, "write error");
	return 0;
}

/* a segment label in the seeds' vocabulary */
static const char *vma_kind(const struct vma_set *vs, size_t i)
{
	const struct vma *v = &vs->v[i];

	if (!strcmp(v->name, "[heap]"))
		return "heap";
	if (!strcmp(v->name, "[stack]"))
		return "stack";
	if (v->name[0] == '[')
		return v->name;
	if (v->file >= 0 || v->ino)
		return (v->flags & VM_EXEC) ? "text" :
		       (v->flags & VM_WRITE) ? "data" : "rodata";
	if (i > 0 && vs->v[i - 1].end == v->start && vs->v[i - 1].ino &&
	    (vs->v[i - 1].flags & VM_WRITE))
		return "bss";
	return "mmap";
}

static void human(uint64_t b, char *out, size_t n)
{
	static const char *const u[] = { "B", "K", "M", "G", "T", "P" };
	double d = (double)b;
	int k = 0;

	while (d >= 1024 && k < 5) {
		d /= 1024;
		k++;
	}
	snprintf(out, n, d == floor(d) ? "%.0f%s" : "%.1f%s", d, u[k]);
}

/*
 * Address-space map in the seeds' style: high addresses at the top, one
 * box per VMA and one dashed box per gap between VMAs, each box's height
 * proportional to log2 of its size (so 4 KiB and 128 TiB both fit),
 * labelled with the segment kind, the range, protection and size.
 */
int svg_vmas(const struct vma_set *vs, const char *path, const char *title)
{
	FILE *f = fopen(path, "w");
	const int x = 170, bw = 150;
	double y = 50, total = 50;
	size_t i;
	char sz[32];

	if (!f)
		return perr(path, 0, "cannot write: %s", strerror(errno));
	for (i = vs->n; i-- > 0;) {
		const struct vma *v = &vs->v[i];
		uint64_t lo = i ? vs->v[i - 1].end : 0;

		total += 10 + 4 * log2((double)(v->end - v->start) / 4096.0 + 1);
		if (v->start > lo)
			total += 6 + 2 * log2((double)(v->start - lo) / 4096.0 + 1);
	}
	total += 60;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"980\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">\n",
		(int)total);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"10\" y=\"22\" font-size=\"14\" font-family=\"sans-serif\">memsim address space (box heights ~ log2 size; high addresses on top): ");
	for (; title && *title; title++)
		if (*title != '<' && *title != '&' && *title != '>')
			fputc(*title, f);
	fprintf(f, "</text>\n");
	for (i = vs->n; i-- > 0;) {
		const struct vma *v = &vs->v[i];
		uint64_t lo = i ? vs->v[i - 1].end : 0;
		double h = 10 + 4 * log2((double)(v->end - v->start) / 4096.0 + 1);
		const char *kind = vma_kind(vs, i);
		const char *col = !strcmp(kind, "text") ? "#d62728" :
				  !strcmp(kind, "data") || !strcmp(kind, "rodata") ? "#ff7f0e" :
				  !strcmp(kind, "bss") ? "#bcbd22" :
				  !strcmp(kind, "heap") ? "#2ca02c" :
				  !strcmp(kind, "stack") ? "#9467bd" : "#1f77b4";

		if (v->end > vs->mmap_base && v->start <= vs->mmap_base)
			fprintf(f, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#1f77b4\" stroke-dasharray=\"4,2\"/>\n",
				x - 20, y, x + bw + 20, y);
		human(v->end - v->start, sz, sizeof(sz));
		fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.75\" stroke=\"#333\"/>\n",
			x, y, bw, h, col);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"middle\" fill=\"white\" font-weight=\"bold\">%s</text>\n",
			x + bw / 2, y + h / 2 + 4, kind);
		fprintf(f, "<text x=\"10\" y=\"%.1f\">%012" PRIx64 "</text>\n", y + 9, v->end);
		fprintf(f, "<text x=\"%d\" y=\"%.1f\">%012" PRIx64 "-%012" PRIx64 " %c%c%c%c %7s %s</text>\n",
			x + bw + 12, y + h / 2 + 4, v->start, v->end,
			v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
			v->flags & VM_EXEC ? 'x' : '-', v->flags & VM_SHARED ? 's' : 'p',
			sz, v->name);
		y += h;
		if (v->start > lo) {
			double g = 6 + 2 * log2((double)(v->start - lo) / 4096.0 + 1);

			human(v->start - lo, sz, sizeof(sz));
			fprintf(f, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"none\" stroke=\"#aaa\" stroke-dasharray=\"3,3\"/>\n",
				x, y, bw, g);
			if (g >= 12)
				fprintf(f, "<text x=\"%d\" y=\"%.1f\" fill=\"#888\">gap %s%s</text>\n",
				x + bw + 12, y + g / 2 + 4, sz,
				lo <= vs->mmap_base && vs->mmap_base <= v->start ? " (mmap_base inside)" : "");
			y += g;
		}
	}
	fprintf(f, "<text x=\"10\" y=\"%.1f\">000000000000</text>\n", y + 4);
	fprintf(f, "</svg>\n");
	if (fclose(f))
		return perr(path, 0, "write error");
	return 0;
}
