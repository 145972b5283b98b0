#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/kernel_layout against /proc/kallsyms (_text, _end),
# /proc/modules (memscope's own address), /proc/vmallocinfo and
# /proc/zoneinfo (the direct map's extent).
. "$(dirname "$0")/../lib/ktap.sh"
[ -r "$MS/kernel_layout" ] || ktap_skip_all "memscope kernel_layout missing"
ktap_begin 8

r() { awk -v n="$1" -v f="$2" '$1 == n { print $f }' "$MS/kernel_layout"; }
ks() { awk -v s="$1" '$3 == s { print $1; exit }' /proc/kallsyms; }
# Kernel addresses have the top bit set: signed shell arithmetic keeps
# their order, so plain -lt/-le compare them correctly.
in_range() { [ $((0x$2)) -le $(($1)) ] && [ $(($1)) -lt $((0x$3)) ]; }

ktap_check kernel_layout.image_is_kallsyms \
	[ "$(r kernel_image 2)" = "$(ks _text)" -a "$(r kernel_image 3)" = "$(ks _end)" -a -n "$(ks _text)" ]
ktap_check kernel_layout.image_in_kernel_map \
	in_range 0x"$(r kernel_image 2)" "$(r kernel_map 2)" "$(r kernel_map 3)"

maddr=$(awk '$1 == "memscope" { print $6 }' /proc/modules)
ktap_check kernel_layout.module_in_modules in_range "$maddr" "$(r modules 2)" "$(r modules 3)"

# vmallocinfo prints %pK: real addresses for root only with kptr_restrict 1.
kr=$(cat /proc/sys/kernel/kptr_restrict)
echo 1 > /proc/sys/kernel/kptr_restrict
bad=0
grep -o '^0x[0-9a-f]*' /proc/vmallocinfo | head -400 > /tmp/vmi.$$
echo "$kr" > /proc/sys/kernel/kptr_restrict
[ -s /tmp/vmi.$$ ] || bad=1
while read -r a; do
	# module memory is vmalloc'ed in the modules area
	in_range "$a" "$(r vmalloc 2)" "$(r vmalloc 3)" ||
		in_range "$a" "$(r modules 2)" "$(r modules 3)" ||
		# under KASAN, module shadow is vmalloc'ed in the shadow
		{ [ -n "$(r kasan_shadow 2)" ] &&
		  in_range "$a" "$(r kasan_shadow 2)" "$(r kasan_shadow 3)"; } ||
		{ bad=1; ktap_diag "vmalloc $a outside"; }
done < /tmp/vmi.$$
rm -f /tmp/vmi.$$
ktap_check kernel_layout.vmallocinfo_in_vmalloc [ $bad = 0 ]

# The direct map covers every pfn up to the end of the last zone.
end_pfn=$(awk '$1 == "spanned" { sp = $2 } $1 == "start_pfn:" { e = $2 + sp; if (e > m) m = e }
	END { print m }' /proc/zoneinfo)
ktap_check kernel_layout.direct_map_size \
	[ $(( 0x$(r direct_map 3) - 0x$(r direct_map 2) )) -eq $((end_pfn * 4096)) ]

# Regions are printed in address order and do not overlap (the image
# lies inside kernel_map).
prev=""
ordered=1
while read -r name start end; do
	[ "$name" = kernel_image ] && continue
	[ $((0x$start)) -lt $((0x$end)) ] || ordered=0
	[ -z "$prev" ] || [ $((0x$prev)) -le $((0x$start)) ] || ordered=0
	prev=$end
done < "$MS/kernel_layout"
ktap_check kernel_layout.ordered [ $ordered = 1 ]
ktap_check kernel_layout.mode_0400 [ "$(file_mode "$MS/kernel_layout")" = 400 ]
ktap_check kernel_layout.write_refused write_refused "$MS/kernel_layout" x
ktap_end
