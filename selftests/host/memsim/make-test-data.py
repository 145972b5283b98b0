#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Writes memsim's host test data.

snap-6.12/ is a hand-made memscope snapshot shaped like a 1 GiB, 2-CPU
Debian 6.12 guest: its buddyinfo is the one quoted in issue 6, the free
blocks are laid out to give exactly those counts, the slabinfo lines use
the kmalloc geometry of mm/slub.c for 2 CPUs (objsize = s->size as
cache_show() prints it), and pids/1234 is a small process.  It is test
input for the compare pipeline, not a recording of a real VM.  mm_struct
is deliberately given a geometry the model does not predict (24 objects,
order 3), so that the difference report is exercised.
"""
import os

DMA = [0, 0, 0, 0, 0, 1, 1, 1, 0, 1, 3]
DMA32 = [0, 2, 2, 1, 0, 2, 1, 2, 1, 2, 225]
MTS = ["Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate"]


def bi(name, v):
    return "Node 0, zone %8s " % name + "".join("%6d " % x for x in v) + "\n"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    snap = os.path.join(here, "snap-6.12")
    os.makedirs(os.path.join(snap, "pids", "1234"), exist_ok=True)
    lines = ["# memscope freeblocks: node zone migratetype order pfn (head first)"]
    for o, p in [(5, 288), (6, 320), (7, 384), (9, 512), (10, 1024), (10, 2048), (10, 3072)]:
        lines.append(f"0 DMA Movable {o} {p}")
    small = {1: [8194, 8202], 2: [8212, 8228], 3: [8248], 5: [8320, 8384],
             6: [8448], 7: [8704, 9216], 8: [9472], 9: [10752, 11776]}
    o10 = [32768 + 1024 * i for i in range(225)]
    free = set()
    for o, ps in small.items():
        for p in ps:
            assert p % (1 << o) == 0
            for q in range(p, p + (1 << o)):
                assert q not in free
                free.add(q)
    for o, ps in small.items():
        for p in ps:
            b = p ^ (1 << o)
            assert not all(q in free for q in range(b, b + (1 << o)))
    for o in range(11):
        ps = o10 if o == 10 else small.get(o, [])
        assert len(ps) == DMA32[o]
        for p in ps:
            lines.append(f"0 DMA32 {'Unmovable' if o == 1 else 'Movable'} {o} {p}")
    open(os.path.join(snap, "freeblocks"), "w").write("\n".join(lines) + "\n")
    open(os.path.join(snap, "buddyinfo"), "w").write(bi("DMA", DMA) + bi("DMA32", DMA32))
    open(os.path.join(snap, "version"), "w").write(
        "memscope 0.1 abi 1 kernel 6.12.48+deb12-amd64\n")
    open(os.path.join(snap, "nr_cpus"), "w").write("2\n")

    def zone(name, per):
        s = ""
        for mt in MTS:
            s += "Node %4d, zone %8s, type %12s " % (0, name, mt) + \
                "".join("%6d " % x for x in per.get(mt, [0] * 11)) + "\n"
        return s
    unm = [0, 2] + [0] * 9
    txt = "Page block order: 9\nPages per block:  512\n\n"
    txt += "%-43s " % "Free pages count per migrate type at order" + \
        "".join("%6d " % o for o in range(11)) + "\n"
    txt += zone("DMA", {"Movable": DMA})
    txt += zone("DMA32", {"Unmovable": unm, "Movable": [a - b for a, b in zip(DMA32, unm)]})
    txt += "\n%-23s" % "Number of blocks type " + "".join("%12s " % m for m in MTS) + "\n"
    txt += "Node 0, zone %8s " % "DMA" + "".join("%12d " % x for x in [1, 7, 0, 0, 0, 0]) + "\n"
    txt += "Node 0, zone %8s " % "DMA32" + "".join("%12d " % x for x in [40, 460, 12, 0, 0, 0]) + "\n"
    open(os.path.join(snap, "pagetypeinfo"), "w").write(txt)

    caches = [("kmalloc-8k", 8192, 4, 8), ("kmalloc-4k", 4096, 8, 8), ("kmalloc-2k", 2048, 16, 8),
              ("kmalloc-1k", 1024, 16, 4), ("kmalloc-512", 512, 16, 2), ("kmalloc-256", 256, 16, 1),
              ("kmalloc-192", 192, 21, 1), ("kmalloc-128", 128, 32, 1), ("kmalloc-96", 96, 42, 1),
              ("kmalloc-64", 64, 64, 1), ("kmalloc-32", 32, 128, 1), ("kmalloc-16", 16, 256, 1),
              ("kmalloc-8", 8, 512, 1), ("task_struct", 10496, 3, 8), ("mm_struct", 1344, 24, 8),
              ("vm_area_struct", 176, 23, 1), ("dentry", 192, 21, 1), ("inode_cache", 632, 25, 4)]
    s = "slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail> : order object_size slab_size align\n"
    for n, sz, objs, pages in caches:
        num = objs * 4
        s += "%-17s %6d %6d %6d %4d %4d : tunables %4d %4d %4d : slabdata %6d %6d %6d : %d %d %d %d\n" % (
            n, num - 1, num, sz, objs, pages, 0, 0, 0, 4, 4, 0, pages.bit_length() - 1, sz, sz, 8)
    open(os.path.join(snap, "slabinfo"), "w").write(s)

    maps = [(0x555555554000, 0x555555555000, "r--p", 0, "08:01", 1311, "/usr/bin/memtest"),
            (0x555555555000, 0x555555556000, "r-xp", 0x1000, "08:01", 1311, "/usr/bin/memtest"),
            (0x555555557000, 0x555555558000, "rw-p", 0x2000, "08:01", 1311, "/usr/bin/memtest"),
            (0x555555558000, 0x555555579000, "rw-p", 0, "00:00", 0, "[heap]"),
            (0x7ffff7a00000, 0x7ffff7e00000, "rw-p", 0, "00:00", 0, ""),
            (0x7ffff7ffd000, 0x7ffff7fff000, "r-xp", 0, "00:00", 0, "[vdso]"),
            (0x7ffffffde000, 0x7ffffffff000, "rw-p", 0, "00:00", 0, "[stack]"),
            (0xffffffffff600000, 0xffffffffff601000, "--xp", 0, "00:00", 0, "[vsyscall]")]
    out = ""
    for a, b, p, off, dev, ino, name in maps:
        h = "%08x-%08x %s %08x %s %d " % (a, b, p, off, dev, ino)
        out += (h + " " * (72 - len(h)) + " " + name + "\n") if name else h + "\n"
    pid = os.path.join(snap, "pids", "1234")
    open(os.path.join(pid, "maps"), "w").write(out)
    pages = ["# vaddr pfn level flags"]
    pfn = 0x20000
    addrs = [0x555555554000, 0x555555555000, 0x555555557000] + \
        [0x555555558000 + i * 0x1000 for i in range(8)] + \
        [0x7ffff7ffd000, 0x7ffff7ffe000, 0x7ffffffdd000 + 0x14000, 0x7fffffffe000]
    for a in addrs:
        pages.append("%x %x pte ua" % (a, pfn))
        pfn += 1
    pages.append("%x %x pmd uwa" % (0x7ffff7c00000, 0x40000))
    pages.append("%x swap 0 1a" % 0x555555560000)
    pages.append("ffffffffff600000 1e3 pte u")
    open(os.path.join(pid, "pages"), "w").write("\n".join(pages) + "\n")
    # PTE tables: 0x555555400000, 0x7ffff7e00000, 0x7fffffe00000; the THP
    # at 0x7ffff7c00000 deposits one.  PMD tables: 0x555540000000,
    # 0x7fffc0000000.  PUD tables: 0x550000000000, 0x7f8000000000.
    open(os.path.join(pid, "pagetable"), "w").write(
        "present_ptes 15\npmd_leaves 1\npud_leaves 0\nswap_entries 1\n"
        "migration_entries 0\nother_nonpresent 0\npte_pages 3\npmd_pages 2\n"
        "pud_pages 2\np4d_pages 0\npgd_pages 1\n")
    open(os.path.join(pid, "mm"), "w").write(
        "mmap_base 7ffff7fff000\ntask_size 7ffffffff000\ntotal_vm 1099\nmap_count 8\n"
        "pgtables_bytes %d\nlevels 4\n" % ((3 + 1 + 2 + 2) * 4096))

    open(os.path.join(here, "seeds.trace"), "w").write(
        "# The seeds' buddy example: 1 MiB of 64 KiB pages (orders 0..4)\n"
        "# memsim buddy --pages 16 --max-order 4 --page-size 64K --trace seeds.trace\n"
        "show freelists\nalloc A 34K\nshow freelists\nalloc B 66K\nshow freelists\n"
        "alloc C 35K\nshow freelists\nalloc D 67K\nshow freelists\nfree B\n"
        "show freelists\nfree D\nshow freelists\n")


if __name__ == "__main__":
    main()
