#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-debug-kernel.sh [SERIES...]: build memscope's debug kernels (default
# series 6.1 6.12) from Debian's linux-source-<series> package, once.
#
# Config: x86_64 defconfig + kvm_guest.config + tools/vm/debug-kernel.config
# (KASAN, lockdep, DEBUG_VM, page_table_check, DEBUG_PAGEALLOC, KFENCE, ...),
# each option of the fragment verified in the final .config.
# Results, like the Debian kernels setup.sh caches:
#   $CACHE/kernels/<release>/{vmlinuz,config,System.map,lib/modules}
#   $CACHE/build/<release>          the tree memscope.ko builds against
#   $CACHE/root/usr/src/linux-headers-<release> -> that tree (module-for)
#   $CACHE/kernel-<series>-debug    holds <release> (run-vm -k 6.12-debug)
# each marked .complete only once whole. An interrupted build resumes.
# A second run finds everything cached and builds nothing.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
FRAG=$HERE/debug-kernel.config
SUFFIX=-memscope-debug
say() { echo "build-debug-kernel: $*" >&2; }
die() { say "FAIL: $*"; exit 1; }

BUILD_PKGS="flex bison libelf-dev libssl-dev openssl bc cpio kmod xz-utils gcc make perl"
# shellcheck disable=SC2086
build_packages() { install_missing build $BUILD_PKGS; }
# shellcheck source=tools/vm/apt.sh
. "$HERE/apt.sh"

# verify_config CONFIG: every line of the fragment holds in CONFIG.
# Symbols this kernel does not define may be missing only if tagged
# "optional" or, for an "any:GROUP" tag, if another symbol of GROUP holds.
verify_config() {
	local cfg=$1 syms line sym want tag got bad=0
	local -A group_ok=() group_seen=()
	syms=$(mktemp)
	find . -name 'Kconfig*' -not -path './Documentation/*' -print0 |
		xargs -0 grep -hoE '^[[:space:]]*(menu)?config [A-Za-z0-9_]+' |
		awk '{print $2}' | sort -u > "$syms"
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			sym=${line%%=*}; sym=${sym#CONFIG_}
			want=${line#*=}; want=${want%% #*} ;;
		"# CONFIG_"*" is not set"*)
			sym=${line#\# CONFIG_}; sym=${sym%% is not set*}; want=n ;;
		*) continue ;;
		esac
		tag=
		case $line in *" # "*) tag=${line##* # } ;; esac
		if grep -qx "CONFIG_$sym=.*" "$cfg"; then
			got=$(sed -n "s/^CONFIG_$sym=//p" "$cfg")
		else
			got=n
		fi
		if ! grep -qx "$sym" "$syms"; then
			case $tag in
			optional) say "  $sym: not in this kernel (optional)" ;;
			any:*) group_seen[${tag#any:}]=1 ;;
			*) say "  MISSING: CONFIG_$sym is not a symbol of this kernel"; bad=1 ;;
			esac
			continue
		fi
		case $tag in any:*) group_seen[${tag#any:}]=1 ;; esac
		if [ "$got" = "$want" ]; then
			case $tag in any:*) group_ok[${tag#any:}]=1 ;; esac
			continue
		fi
		say "  MISSING: CONFIG_$sym=$want wanted, .config has ${got}"
		bad=1
	done < "$FRAG"
	local g
	for g in "${!group_seen[@]}"; do
		[ -n "${group_ok[$g]:-}" ] && continue
		say "  MISSING: none of the '$g' options ($(grep -o "CONFIG_[A-Z0-9_]*=[^ ]* # any:$g" "$FRAG" | cut -d' ' -f1 | tr '\n' ' ')) holds"
		bad=1
	done
	rm -f "$syms"
	return $bad
}

# fix_la57_window: a KASAN false positive of x86 with 5-level paging.
# identify_cpu() clears boot_cpu_data.x86_capability and refills it;
# before alternatives are patched pgtable_l5_enabled() tests that very
# bit (cpu_feature_enabled(X86_FEATURE_LA57)), so an interrupt in the
# window sees 4-level paging, KASAN_SHADOW_START moves, and any direct-map
# access is reported as "wild-memory-access" (seen once in 6.12's boot
# under TCG, from handle_edge_irq, before memscope was loaded). The
# boot-time variable head64.c sets from CR4.LA57 never changes: make
# pgtable_l5_enabled() read it everywhere, and export it for modules.
fix_la57_window() {
	local h=arch/x86/include/asm/pgtable_64_types.h
	local c=arch/x86/kernel/head64.c
	grep -qx '#define pgtable_l5_enabled() cpu_feature_enabled(X86_FEATURE_LA57)' "$h" ||
		die "$h: no pgtable_l5_enabled() to fix"
	grep -qx 'unsigned int __pgtable_l5_enabled __ro_after_init;' "$c" ||
		die "$c: no __pgtable_l5_enabled to export"
	sed -i 's/^#define pgtable_l5_enabled() cpu_feature_enabled(X86_FEATURE_LA57)$/#define pgtable_l5_enabled() ((bool)__pgtable_l5_enabled)/' "$h"
	sed -i 's/^unsigned int __pgtable_l5_enabled __ro_after_init;$/&\nEXPORT_SYMBOL(__pgtable_l5_enabled);/' "$c"
}

# What a tree is built from: the fragment and the source fixes (bump
# FIXES when a fix changes). A tree unpacked for another recipe, or for
# none (before recipes), is built again from fresh source.
FIXES="la57-window 1"
recipe() {
	{ cat "$FRAG"; echo "$FIXES"; } | sha256sum | cut -c1-16
}

# debug_kernel SERIES: build (or find cached) the debug kernel of SERIES.
debug_kernel() {
	local series=$1 name=$1-debug rel kd bd
	if [ -f "$CACHE/kernel-$name" ]; then
		rel=$(cat "$CACHE/kernel-$name")
		if [ -f "$CACHE/kernels/$rel/.complete" ] &&
		   [ -f "$CACHE/build/$rel/.complete" ] &&
		   [ "$(cat "$CACHE/build/$rel/.recipe" 2>/dev/null)" = "$(recipe)" ]; then
			say "kernel $name = $rel (cached)"
			return
		fi
	fi

	# Source: the Debian package's tarball, unpacked once under
	# $CACHE/build (a tree left by an interrupted run is reused).
	mkdir -p "$CACHE/build"
	bd=$(ls -d "$CACHE/build/$series".*"$SUFFIX" 2>/dev/null | sort -V | tail -n1 || true)
	if [ -n "$bd" ] &&
	   [ "$(cat "$bd/.recipe" 2>/dev/null)" != "$(recipe)" ]; then
		say "$(basename "$bd"): built from an older recipe, building again"
		rm -rf "$bd" "$CACHE/kernels/$(basename "$bd")"
		bd=
	fi
	if [ -z "$bd" ] || [ ! -f "$bd/.unpacked" ]; then
		build_packages
		apt_update_once
		local x tarball top v p s
		x=$(mktemp -d "$CACHE/build/dl.XXXXXX")
		say "downloading linux-source-$series"
		# As root into a root-only cache: apt's _apt sandbox user cannot
		# write there, so download as root without the warning.
		(cd "$x" && apt-get download -q -o APT::Sandbox::User=root \
			"linux-source-$series" >&2)
		dpkg -x "$x"/linux-source-"$series"_*.deb "$x/pkg"
		tarball=$(ls "$x"/pkg/usr/src/linux-source-"$series".tar.* | head -n1)
		say "unpacking $(basename "$tarball")"
		tar -xf "$tarball" -C "$x"
		top=$x/linux-source-$series
		[ -f "$top/Makefile" ] || die "no $top/Makefile in $tarball"
		v=$(sed -n 's/^VERSION = //p' "$top/Makefile")
		p=$(sed -n 's/^PATCHLEVEL = //p' "$top/Makefile")
		s=$(sed -n 's/^SUBLEVEL = //p' "$top/Makefile")
		rel=$v.$p.$s$SUFFIX
		bd=$CACHE/build/$rel
		rm -rf "$bd"
		mv "$top" "$bd"
		rm -rf "$x"
		(cd "$bd" && fix_la57_window)
		recipe > "$bd/.recipe"
		touch "$bd/.unpacked"
	fi
	build_packages
	rel=$(basename "$bd")
	kd=$CACHE/kernels/$rel
	cd "$bd"

	say "configuring $rel"
	cp "$FRAG" kernel/configs/memscope-debug.config
	make -s defconfig kvm_guest.config memscope-debug.config >config.log 2>&1 ||
		{ cat config.log >&2; die "configuring $rel failed"; }
	make -s olddefconfig >>config.log 2>&1 || die "olddefconfig failed"
	# kernelrelease reads include/config/auto.conf, written by syncconfig.
	make -s syncconfig >>config.log 2>&1 || die "syncconfig failed"
	[ "$(make -s kernelrelease)" = "$rel" ] ||
		die "kernelrelease is $(make -s kernelrelease), expected $rel"
	verify_config .config || die "$rel: .config lacks options of $FRAG"

	local t0 t1
	t0=$(date +%s)
	say "building $rel (make -j$(nproc) bzImage modules, log $bd/build.log)"
	nice make -j"$(nproc)" bzImage modules >build.log 2>&1 ||
		{ tail -n 30 build.log >&2; die "building $rel failed"; }
	t1=$(date +%s)
	say "built $rel in $((t1 - t0)) s"
	echo "$((t1 - t0))" > build-seconds

	rm -rf "$kd"
	mkdir -p "$kd"
	make -s INSTALL_MOD_PATH="$kd" INSTALL_MOD_STRIP=1 modules_install \
		>>build.log 2>&1 || die "modules_install failed"
	# The installed tree's build link would point at this tree; nothing
	# in the guest needs it.
	rm -f "$kd/lib/modules/$rel/build" "$kd/lib/modules/$rel/source"
	depmod -b "$kd" "$rel"
	cp arch/x86/boot/bzImage "$kd/vmlinuz"
	cp .config "$kd/config"
	cp System.map "$kd/System.map"
	touch "$kd/.complete"

	# Keep what out-of-tree builds need (scripts, headers, generated
	# files, Module.symvers), drop the objects: several GB with KASAN.
	make -s modules_prepare >>build.log 2>&1 || die "modules_prepare failed"
	[ -s Module.symvers ] || die "no Module.symvers in $bd"
	find . \( -name '*.o' -o -name '*.ko' -o -name '*.a' -o -name '*.mod.c' \) \
		-not -path './tools/*' -not -path './scripts/*' -delete
	rm -f vmlinux vmlinux.o .tmp_vmlinux* arch/x86/boot/compressed/vmlinux.bin*
	mkdir -p "$CACHE/root/usr/src"
	ln -sfn "$bd" "$CACHE/root/usr/src/linux-headers-$rel"
	touch "$bd/.complete"
	echo "$rel" > "$CACHE/kernel-$name"
	say "kernel $name = $rel ($(cat build-seconds) s to build)"
}

# --check-config SERIES: verify the cached tree's .config against the
# fragment again (after editing the fragment), building nothing.
if [ "${1:-}" = --check-config ]; then
	rel=$(cat "$CACHE/kernel-${2:?--check-config SERIES}-debug")
	cd "$CACHE/build/$rel"
	verify_config .config || die "$rel: .config lacks options of $FRAG"
	say "$rel: .config has every option of $FRAG"
	exit 0
fi

SERIES=${*:-${MEMSCOPE_DEBUG_KERNELS:-6.1 6.12}}
for s in $SERIES; do
	case $s in 6.1|6.12) ;; *) die "unknown series $s (6.1 or 6.12)" ;; esac
	mkdir -p "$CACHE/build"
	# One build per series at a time: a second `make check` waits for
	# the first one's build and then finds it cached.
	(
		flock 9
		debug_kernel "$s"
	) 9>"$CACHE/build/.lock-$s"
done
