// SPDX-License-Identifier: GPL-2.0
/*
 * memscope: meminfo, what free(1) shows, from the kernel's own counters.
 *
 * "key value" lines in kB, computed as fs/proc/meminfo.c computes the
 * /proc/meminfo fields they come from:
 *   total      MemTotal          (si_meminfo totalram)
 *   free       MemFree           (si_meminfo freeram)
 *   shared     Shmem             (si_meminfo sharedram)
 *   buffers    Buffers           (si_meminfo bufferram)
 *   cached     Cached            (file pages - swap cache - buffers)
 *   slab_reclaimable SReclaimable
 *   buff_cache buffers + cached + slab_reclaimable (procps' buff/cache)
 *   used       total - free - buff_cache
 *   available  MemAvailable      (si_mem_available)
 *   swap_total, swap_free, swap_used
 * The vmstat counters are per-CPU batched: two readers can differ by the
 * counters' drift, as two reads of /proc/meminfo do.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/swap.h>
#include <linux/vmstat.h>

#include "ksyms.h"
#include "memscope.h"

/* total_swap_pages is not exported; NULL when it could not be found. */
static long *ms_total_swap_pages;

static int meminfo_show(struct seq_file *m, void *v)
{
	unsigned long cached, buff_cache, used, swap_free, sreclaimable;
	long file_pages;
	struct sysinfo i;

	si_meminfo(&i);
	/* NR_SWAPCACHE (5.13+) is what total_swapcache_pages() sums */
	file_pages = global_node_page_state(NR_FILE_PAGES) -
		     global_node_page_state(NR_SWAPCACHE) - i.bufferram;
	cached = file_pages < 0 ? 0 : file_pages;
	sreclaimable = global_node_page_state_pages(NR_SLAB_RECLAIMABLE_B);
	buff_cache = i.bufferram + cached + sreclaimable;
	used = i.totalram > i.freeram + buff_cache ?
	       i.totalram - i.freeram - buff_cache : 0;
	swap_free = get_nr_swap_pages();

	seq_printf(m, "total %lu\n", i.totalram << (PAGE_SHIFT - 10));
	seq_printf(m, "used %lu\n", used << (PAGE_SHIFT - 10));
	seq_printf(m, "free %lu\n", i.freeram << (PAGE_SHIFT - 10));
	seq_printf(m, "shared %lu\n", i.sharedram << (PAGE_SHIFT - 10));
	seq_printf(m, "buffers %lu\n", i.bufferram << (PAGE_SHIFT - 10));
	seq_printf(m, "cached %lu\n", cached << (PAGE_SHIFT - 10));
	seq_printf(m, "slab_reclaimable %lu\n",
		   sreclaimable << (PAGE_SHIFT - 10));
	seq_printf(m, "buff_cache %lu\n", buff_cache << (PAGE_SHIFT - 10));
	seq_printf(m, "available %ld\n",
		   si_mem_available() << (PAGE_SHIFT - 10));
	if (ms_total_swap_pages) {
		unsigned long total = READ_ONCE(*ms_total_swap_pages);

		seq_printf(m, "swap_total %lu\n", total << (PAGE_SHIFT - 10));
		seq_printf(m, "swap_used %lu\n", total > swap_free ?
			   (total - swap_free) << (PAGE_SHIFT - 10) : 0);
	} else {
		seq_puts(m, "swap_total -\nswap_used -\n");
	}
	seq_printf(m, "swap_free %lu\n", swap_free << (PAGE_SHIFT - 10));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(meminfo);

void memscope_meminfo_init(struct dentry *root)
{
	ms_total_swap_pages = ms_lookup_data_symbol("total_swap_pages");
	if (!ms_total_swap_pages)
		pr_info("total_swap_pages not found: meminfo prints swap_total as -\n");
	debugfs_create_file("meminfo", 0400, root, NULL, &meminfo_fops);
}
