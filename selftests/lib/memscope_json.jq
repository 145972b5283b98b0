# SPDX-License-Identifier: GPL-2.0
#
# The shape of every `memscope -j` output: key sets and JSON types, for
# the host and guest tests (jq -L selftests/lib, include "memscope_json").
# Counts are integers, addresses and raw entries are strings; a value of
# the wrong type, a missing or an extra key makes a shape false.

# The client's commands with JSON output, and those without (checked
# against `memscope -h` by the tests, so a new command needs a shape).
def json_commands: ["version", "buddy", "pagetypes", "extfrag", "zones",
	"meminfo", "layout", "slab", "maps", "vmas", "mm", "pagetable",
	"translate"];
def plain_commands: ["snapshot"];

def num: type == "number";
def str: type == "string";
def int: num and . == floor;
def uint: int and . >= 0;
def hex: str and test("^0x[0-9a-f]+$");
def hex16: str and test("^0x[0-9a-f]{16}$");
def barehex: str and test("^[0-9a-f]+$");
def perms: str and test("^[r-][w-][x-][ps]$");
def uints: type == "array" and all(.[]; uint);
def keys_are($k): type == "object" and keys == ($k | sort);
# a non-empty array whose every element satisfies f
def rows(f): type == "array" and length > 0 and all(.[]; f);
# every path in the document, array indexes as "#": equal skeletons
# mean the same keys at every level
def skeleton: [paths | map(if type == "number" then "#" else . end)] | unique;

def shape_version:
	keys_are(["version", "abi", "kernel"]) and
	(.version | str and test("^[0-9]+\\.[0-9]+\\.[0-9]+$")) and
	(.abi | uint) and (.kernel | str and length > 0);

def shape_buddy: rows(
	keys_are(["node", "zone", "free_blocks", "free_kb"]) and
	(.node | uint) and (.zone | str) and
	(.free_blocks | uints and length > 0) and (.free_kb | uint));

def shape_pagetypes: rows(
	keys_are(["node", "zone", "type", "free_blocks", "capped_orders",
		  "pageblocks"]) and
	(.node | uint) and (.zone | str) and (.type | str) and
	(.free_blocks | uints and length > 0) and
	((.free_blocks | length) as $n |
	 .capped_orders | uints and all(.[]; . < $n)) and
	(.pageblocks | int and . >= -1));

def shape_extfrag: rows(
	keys_are(["node", "zone", "unusable_index", "fragmentation_index"]) and
	(.node | uint) and (.zone | str) and
	(.unusable_index | type == "array" and length > 0 and
	 all(.[]; num and . >= 0 and . <= 1)) and
	(.fragmentation_index | type == "array" and
	 all(.[]; num and . >= -1 and . <= 1)) and
	(.unusable_index | length) == (.fragmentation_index | length));

def shape_zones: rows(
	keys_are(["node", "zone", "start_pfn", "spanned", "present", "managed",
		  "free", "boost", "min", "low", "high", "pageblocks",
		  "nr_free"]) and
	(.node | uint) and (.zone | str) and
	all(.start_pfn, .spanned, .present, .managed, .free, .boost, .min,
	    .low, .high; uint) and
	(.pageblocks | type == "object" and length > 0 and
	 all(.[]; uint)) and
	(.nr_free | uints and length > 0));

def shape_meminfo:
	keys_are(["total_kb", "used_kb", "free_kb", "shared_kb", "buffers_kb",
		  "cached_kb", "slab_reclaimable_kb", "buff_cache_kb",
		  "available_kb", "swap_total_kb", "swap_used_kb",
		  "swap_free_kb"]) and
	all(del(.swap_total_kb, .swap_used_kb)[]; uint) and
	all(.swap_total_kb, .swap_used_kb; uint or . == null);

def shape_layout: rows(
	keys_are(["name", "start", "end", "bytes"]) and
	(.name | str) and (.start | hex16) and (.end | hex16) and
	(.bytes | uint));

def shape_slab: rows(
	keys_are(["name", "active_objs", "num_objs", "objsize", "objperslab",
		  "pagesperslab", "slabs", "order", "object_size",
		  "slab_size", "align", "cpu_partial_slabs", "waste_per_slab",
		  "waste_total", "bytes", "efficiency", "flags", "partial",
		  "node_partial"]) and
	(.name | str and length > 0) and (.flags | str and length > 0) and
	all(del(.name, .flags, .node_partial)[]; uint) and
	(.node_partial | type == "object" and
	 all(keys[]; test("^[0-9]+$")) and all(.[]; uint)));

def shape_maps: rows(
	keys_are(["start", "end", "perms", "offset", "dev", "inode",
		  "name"]) and
	(.start | hex) and (.end | hex) and (.perms | perms) and
	(.offset | uint) and
	(.dev | str and test("^[0-9a-f]{2,}:[0-9a-f]{2,}$")) and
	(.inode | uint) and (.name | str));

def vma_kinds: ["text", "data", "bss", "heap", "stack", "mmap-file",
	"mmap-anon", "shm", "vdso", "vvar", "vsyscall", "other"];
def shape_vmas: rows(
	keys_are(["start", "end", "perms", "pgoff", "kind", "rss_pages",
		  "swap_pages", "anon_pages", "file_pages", "thp_pmds",
		  "hugetlb_pages", "name"]) and
	(.start | hex) and (.end | hex) and (.perms | perms) and
	(.kind as $k | vma_kinds | index([$k]) != null) and
	all(.pgoff, .rss_pages, .swap_pages, .anon_pages, .file_pages,
	    .thp_pmds, .hugetlb_pages; uint) and (.name | str));

def mm_hex_keys: ["start_code", "end_code", "start_data", "end_data",
	"start_brk", "brk", "start_stack", "arg_start", "arg_end",
	"env_start", "env_end", "mmap_base", "mmap_legacy_base",
	"task_size"];
def mm_count_keys: ["total_vm", "locked_vm", "pinned_vm", "data_vm",
	"exec_vm", "stack_vm", "map_count", "rss_anon", "rss_file",
	"rss_shmem", "swap_ents", "pgtables_bytes", "levels", "kpti"];
def shape_mm:
	keys_are(mm_hex_keys + mm_count_keys) and
	all(.[mm_hex_keys[]]; hex) and all(.[mm_count_keys[]]; uint) and
	(.levels == 4 or .levels == 5) and (.kpti == 0 or .kpti == 1);

def pagetable_count_keys: ["present_ptes", "pmd_leaves", "pud_leaves",
	"swap_entries", "migration_entries", "hwpoison_entries",
	"marker_entries", "other_nonpresent", "zero_page_leaves",
	"protnone_leaves", "numa_hint_leaves", "nopage_leaves", "pte_tables",
	"pte_tables_deposited", "pmd_tables", "pud_tables", "p4d_tables",
	"pgd_tables", "pgtables_bytes_walked", "pgtables_bytes", "levels"];
def shape_pagetable:
	keys_are(pagetable_count_keys + ["walked_half"]) and
	all(.[pagetable_count_keys[]]; uint) and
	(.walked_half == "kernel" or .walked_half == "single");

# translate: the levels, then keys that depend on the kind of entry.
def translate_extra:
	(.entry | split(" ")[0]) as $k |
	if $k == "present" then
		if has("page") then ["pfn", "phys", "page"]
		else ["pfn", "phys", "page_flags", "refcount", "mapcount"] end
	elif $k == "swap" then ["swap_type", "swap_offset"]
	elif $k == "migration" or $k == "hwpoison" then ["pfn"]
	else [] end;
def shape_translate:
	type == "object" and
	keys_are(["levels", "vaddr", "vma", "entry"] + translate_extra) and
	(.levels | rows(
		keys_are(["level", "index", "entry", "flags"]) and
		(.level as $l | ["pgd", "pgd_user", "p4d", "pud", "pmd", "pte"] |
		 index([$l]) != null) and
		(.index | uint and . < 512) and (.entry | hex16) and
		(.flags | type == "array" and all(.[]; str)))) and
	(.vaddr | barehex) and
	(.vma | str and test("^[0-9a-f]+-[0-9a-f]+ [r-][w-][x-][ps]$")) and
	(.entry | str and
	 test("^(present (pte|pmd|pud) .+|none|swap|migration|hwpoison|marker|other)$")) and
	all(.pfn, .phys, .swap_offset | values; barehex) and
	all(.refcount, .mapcount, .swap_type | values; int) and
	all(.page_flags, .page | values; str);

def shape($c):
	if $c == "version" then shape_version
	elif $c == "buddy" then shape_buddy
	elif $c == "pagetypes" then shape_pagetypes
	elif $c == "extfrag" then shape_extfrag
	elif $c == "zones" then shape_zones
	elif $c == "meminfo" then shape_meminfo
	elif $c == "layout" then shape_layout
	elif $c == "slab" then shape_slab
	elif $c == "maps" then shape_maps
	elif $c == "vmas" then shape_vmas
	elif $c == "mm" then shape_mm
	elif $c == "pagetable" then shape_pagetable
	elif $c == "translate" then shape_translate
	else error("no shape for command \($c)") end;
