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
#define ROWH 8

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
		b->series == KS_6_1 ? "6.1" : "6.12");
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
					10 + c * CELL, y, (c2 - c) * CELL, ROWH - 3, col);
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
				fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"2\" fill=\"%s\"/>\n",
					10 + c * CELL, y + ROWH - 3, (c2 - c) * CELL, mt_color[mt]);
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

static double logpos(uint64_t a)
{
	return a ? log2((double)a) : 0.0;
}

/*
 * Address-space map: a vertical axis of log2(address) from 64 KiB to the
 * task size, high addresses at the top like the usual diagrams, one bar
 * per VMA, labelled with its kind, range and size.
 */
int svg_vmas(const struct vma_set *vs, const char *path, const char *title)
{
	FILE *f = fopen(path, "w");
	const double lo = 16.0, hi = logpos(vs->task_size);
	const int top = 50, height = 900, w = 900;
	double lasty = -100;
	size_t i;
	int e;

	if (!f)
		return perr(path, 0, "cannot write: %s", strerror(errno));
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"monospace\" font-size=\"11\">\n",
		w, height + top + 40);
	fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
	fprintf(f, "<text x=\"10\" y=\"22\" font-size=\"15\" font-family=\"sans-serif\">memsim address space (log2 axis): ");
	for (; title && *title; title++)
		if (*title != '<' && *title != '&' && *title != '>')
			fputc(*title, f);
	fprintf(f, "</text>\n");
	/* axis with powers of two */
	for (e = 16; e <= (int)hi; e += 4) {
		double y = top + height - ((double)e - lo) / (hi - lo) * height;

		fprintf(f, "<line x1=\"120\" y1=\"%.1f\" x2=\"300\" y2=\"%.1f\" stroke=\"#eee\"/><text x=\"10\" y=\"%.1f\">2^%d</text>\n",
			y, y, y + 4, e);
	}
	fprintf(f, "<rect x=\"140\" y=\"%d\" width=\"140\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>\n",
		top, height);
	{
		double y = top + height - (logpos(vs->mmap_base) - lo) / (hi - lo) * height;

		fprintf(f, "<line x1=\"130\" y1=\"%.1f\" x2=\"290\" y2=\"%.1f\" stroke=\"#1f77b4\" stroke-dasharray=\"4,2\"/><text x=\"10\" y=\"%.1f\" fill=\"#1f77b4\">mmap_base</text>\n",
			y, y, y - 2);
	}
	for (i = vs->n; i-- > 0;) {
		const struct vma *v = &vs->v[i];
		double y1 = top + height - (logpos(v->end) - lo) / (hi - lo) * height;
		double y2 = top + height - (logpos(v->start) - lo) / (hi - lo) * height;
		const char *kind = vma_kind(vs, i);
		const char *col = !strcmp(kind, "text") ? "#d62728" :
				  !strcmp(kind, "data") || !strcmp(kind, "rodata") ? "#ff7f0e" :
				  !strcmp(kind, "bss") ? "#bcbd22" :
				  !strcmp(kind, "heap") ? "#2ca02c" :
				  !strcmp(kind, "stack") ? "#9467bd" : "#1f77b4";
		double ly;
		uint64_t sz = v->end - v->start;

		if (y2 - y1 < 1.5)
			y2 = y1 + 1.5;
		fprintf(f, "<rect x=\"140\" y=\"%.1f\" width=\"140\" height=\"%.1f\" fill=\"%s\" fill-opacity=\"0.8\"/>\n",
			y1, y2 - y1, col);
		ly = y1 + 4;
		if (ly < lasty + 12)
			ly = lasty + 12;
		lasty = ly;
		fprintf(f, "<line x1=\"280\" y1=\"%.1f\" x2=\"320\" y2=\"%.1f\" stroke=\"#bbb\"/>\n",
			(y1 + y2) / 2, ly - 4);
		fprintf(f, "<text x=\"325\" y=\"%.1f\">%-6s %012" PRIx64 "-%012" PRIx64 " %c%c%c%c %8" PRIu64 "K %s</text>\n",
			ly, kind, v->start, v->end,
			v->flags & VM_READ ? 'r' : '-', v->flags & VM_WRITE ? 'w' : '-',
			v->flags & VM_EXEC ? 'x' : '-', v->flags & VM_SHARED ? 's' : 'p',
			sz >> 10, v->name[0] == '[' ? "" : v->name);
	}
	fprintf(f, "</svg>\n");
	if (fclose(f))
		return perr(path, 0, "write error");
	return 0;
}
