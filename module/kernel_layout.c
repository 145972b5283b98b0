// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: kernel_layout, the kernel's virtual address space on x86_64,
 * KASLR applied.
 *
 * One region per line: "name start end" (hex, no 0x, end exclusive),
 * in address order. The randomized bases come from the exported
 * page_offset_base, vmalloc_base and vmemmap_base; the rest are the
 * constants of asm/pgtable_64_types.h and asm/fixmap.h.
 *
 * _text and _end are not exported. With CONFIG_KALLSYMS_ALL, kallsyms
 * names every address of [_stext, _end) and none from _end up to the
 * module area, and on x86_64 _text == _stext is CONFIG_PHYSICAL_ALIGN
 * aligned; so sprint_symbol() (exported) finds _text by scanning aligned
 * candidates up from __START_KERNEL_map, and _end by bisection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/kallsyms.h>
#include <linux/kasan.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <asm/cpu_entry_area.h>
#include <asm/fixmap.h>
#include <asm/pgtable.h>

#include "access.h"
#include "memscope.h"

#ifndef CONFIG_X86_64
#error "kernel_layout knows the x86_64 layout only"
#endif
#ifndef CONFIG_KALLSYMS_ALL
#error "kernel_layout finds the kernel image with kallsyms: needs CONFIG_KALLSYMS_ALL"
#endif

static unsigned long image_start, image_end;

/* Does kallsyms name ADDR as part of the core kernel (not a module)? */
static bool kernel_symbol_at(unsigned long addr, bool *at_start)
{
	char buf[KSYM_SYMBOL_LEN];

	sprint_symbol(buf, addr);
	if (buf[0] == '0' && buf[1] == 'x')
		return false;	/* printed raw: no symbol */
	if (strchr(buf, '['))
		return false;	/* a module's symbol */
	if (at_start)
		*at_start = !!strstr(buf, "+0x0/");
	return true;
}

static void find_kernel_image(void)
{
	unsigned long anchor = (unsigned long)sprint_symbol;
	unsigned long addr, lo, hi;
	bool at_start;

	for (addr = __START_KERNEL_map; addr <= anchor;
	     addr += CONFIG_PHYSICAL_ALIGN)
		if (kernel_symbol_at(addr, &at_start))
			break;
	if (addr > anchor || !at_start)
		return;
	/* lo always names a symbol, hi never does */
	lo = anchor;
	hi = MODULES_VADDR;
	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (kernel_symbol_at(mid, NULL))
			lo = mid;
		else
			hi = mid;
	}
	image_start = addr;
	image_end = hi;	/* kallsyms names [_stext, _end): hi is _end */
}

static void region(struct seq_file *m, const char *name,
		   unsigned long start, unsigned long end)
{
	seq_printf(m, "%-14s %016lx %016lx\n", name, start, end);
}

static int kernel_layout_show(struct seq_file *m, void *v)
{
	unsigned long max_pfn = 0;
	int nid;

	for_each_online_node(nid)
		max_pfn = max(max_pfn, pgdat_end_pfn(NODE_DATA(nid)));

	/* the direct map as far as memory goes; vmemmap as far as used */
	region(m, "direct_map", PAGE_OFFSET, PAGE_OFFSET + PFN_PHYS(max_pfn));
	region(m, "vmalloc", VMALLOC_START, VMALLOC_END + 1);
	region(m, "vmemmap", VMEMMAP_START,
	       (unsigned long)pfn_to_page(max_pfn));
#ifdef CONFIG_KASAN
	/* KASAN's shadow; module shadow is vmalloc'ed here (vmallocinfo) */
	region(m, "kasan_shadow", KASAN_SHADOW_START, KASAN_SHADOW_END);
#endif
	region(m, "cpu_entry_area", CPU_ENTRY_AREA_BASE,
	       CPU_ENTRY_AREA_BASE + CPU_ENTRY_AREA_MAP_SIZE);
	region(m, "kernel_map", __START_KERNEL_map,
	       __START_KERNEL_map + KERNEL_IMAGE_SIZE);
	if (image_start)
		region(m, "kernel_image", image_start, image_end);
	region(m, "modules", MODULES_VADDR, MODULES_END);
	region(m, "fixmap", FIXADDR_START, FIXADDR_TOP + PAGE_SIZE);
	return 0;
}

/* Kernel addresses: only to whom /proc/kallsyms shows them (access.h). */
static int kernel_layout_open(struct inode *inode, struct file *file)
{
	int ret = ms_may_open(file, MS_NEED_KADDR);

	return ret ? ret : single_open(file, kernel_layout_show, NULL);
}

static const struct file_operations kernel_layout_fops = {
	.owner = THIS_MODULE,
	.open = kernel_layout_open,
	.read = seq_read,
	.llseek = seq_lseek,
	.release = single_release,
};

void memscope_kernel_layout_init(struct dentry *root)
{
	find_kernel_image();
	if (!image_start)
		pr_info("kernel image not found through kallsyms: kernel_layout omits it\n");
	debugfs_create_file("kernel_layout", 0400, root, NULL,
			    &kernel_layout_fops);
}
