#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what memscope's build and test VM need, idempotently.
#
#  - host packages (apt): qemu, busybox, cpio, kmod, gcc, sparse, xz, dkms
#  - per kernel of $MEMSCOPE_SERIES (default 6.1 6.12; 6.1-rt and 6.12-rt
#    are Debian's PREEMPT_RT flavour), the newest Debian build:
#      image + modules  -> $CACHE/kernels/<release>/{vmlinuz,lib/modules}
#      headers + kbuild -> $CACHE/root/usr/src/linux-headers-<release>
#    fetched with `apt-get download` and unpacked with `dpkg -x`, so nothing
#    lands in the host's /boot and the host's package state is untouched.
#  - 6.1-debug and 6.12-debug: built from Debian's kernel source with
#    KASAN, lockdep and the mm debug checks (tools/vm/build-debug-kernel.sh)
#  - kselftest headers and checkpatch.pl from linux-source-6.12 -> $CACHE/src
#
# A second run finds everything cached and downloads nothing.
# Prints, per kernel, the release it chose: "kernel 6.1 = 6.1.0-56-amd64",
# and records it in $CACHE/kernel-<name> (what run-vm -k <name> boots).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
SERIES=${MEMSCOPE_SERIES:-"6.1 6.12"}
mkdir -p "$CACHE"
say() { echo "setup: $*" >&2; }

# shellcheck source=tools/vm/apt.sh
. "$HERE/apt.sh"

HOST_PKGS="qemu-system-x86 busybox-static cpio kmod gcc libc6-dev make sparse xz-utils perl bc dkms dwarves jq"
# shellcheck disable=SC2086
host_packages() { install_missing host $HOST_PKGS; }

# release_regex NAME: the Debian release names of a kernel (6.1, 6.12,
# 6.1-rt, 6.12-rt): 6.1.0-<abi>-[rt-]amd64, 6.12.<n>+deb12-[rt-]amd64.
release_regex() {
	local flavour=amd64
	case $1 in *-rt) flavour=rt-amd64 ;; esac
	case ${1%-rt} in
	6.1) echo "^6\.1\.0-[0-9]+-$flavour\$" ;;
	6.12) echo "^6\.12\.[0-9]+\+deb12-$flavour\$" ;;
	*) say "unknown kernel $1"; exit 1 ;;
	esac
}

# Newest linux-image package of a kernel name, by version sort.
newest_release() {
	local re
	re=$(release_regex "$1") || exit 1
	apt-cache search --names-only "^linux-image-${re#^}" | awk '{print $1}' |
		sed 's/^linux-image-//' | sort -V | tail -n1
}

# Release already cached for a kernel name (newest of them), if any.
cached_release() {
	local re
	re=$(release_regex "$1") || exit 1
	ls "$CACHE/kernels" 2>/dev/null | grep -E "$re" | sort -V | tail -n1 || true
}

# apt-get download + dpkg -x of the given packages into a directory.
fetch_extract() {
	local dest=$1; shift
	local tmp
	tmp=$(mktemp -d "$CACHE/dl.XXXXXX")
	say "downloading $*"
	(cd "$tmp" && apt-get download -q "$@" >&2 2>/dev/null ||
		{ cd "$tmp" && apt-get download "$@" >&2; })
	local deb
	mkdir -p "$dest"
	for deb in "$tmp"/*.deb; do
		dpkg -x "$deb" "$dest"
	done
	rm -rf "$tmp"
}

kernel_series() {
	local series=$1 rel kd
	rel=$(cached_release "$series")
	if [ -z "$rel" ] || [ ! -f "$CACHE/kernels/$rel/.complete" ]; then
		apt_update_once
		rel=$(newest_release "$series")
		[ -n "$rel" ] || { say "no linux-image for $series in apt"; exit 1; }
	fi
	kd=$CACHE/kernels/$rel
	if [ ! -f "$kd/.complete" ]; then
		apt_update_once
		rm -rf "$kd"
		local x
		x=$(mktemp -d "$CACHE/x.XXXXXX")
		fetch_extract "$x" "linux-image-$rel"
		mkdir -p "$kd/lib"
		mv "$x/boot/vmlinuz-$rel" "$kd/vmlinuz"
		mv "$x/boot/config-$rel" "$kd/config"
		mv "$x/boot/System.map-$rel" "$kd/System.map" 2>/dev/null || true
		mv "$x/lib/modules" "$kd/lib/modules"
		rm -rf "$x"
		# Debian generates modules.dep at install time; do it here.
		depmod -b "$kd" "$rel"
		touch "$kd/.complete"
	fi
	local hd=$CACHE/root/usr/src/linux-headers-$rel
	if [ ! -f "$hd/.complete" ]; then
		apt_update_once
		# The arch package's dependencies: the common headers and kbuild.
		local deps
		deps=$(apt-cache depends "linux-headers-$rel" |
			awk '/Depends: linux-(headers|kbuild)/{print $2}' | sort -u)
		fetch_extract "$CACHE/root" "linux-headers-$rel" $deps
		# Debian's arch Makefile includes the common tree by absolute
		# path; point it into the cache instead of /usr/src.
		sed -i "s#^include /usr/src/#include $CACHE/root/usr/src/#" \
			"$hd/Makefile"
		touch "$hd/.complete"
	fi
	echo "$rel" > "$CACHE/kernel-$series"
	say "kernel $series = $rel"
}

# kselftest headers and checkpatch from Debian's kernel source package.
kernel_source_bits() {
	local src=$CACHE/src
	[ -f "$src/.complete" ] && return
	apt_update_once
	local x tarball
	x=$(mktemp -d "$CACHE/src.XXXXXX")
	fetch_extract "$x" linux-source-6.12
	tarball=$(ls "$x"/usr/src/linux-source-6.12.tar.* | head -n1)
	say "extracting kselftest headers and checkpatch from $(basename "$tarball")"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1 --wildcards \
		'*/tools/testing/selftests/kselftest.h' \
		'*/tools/testing/selftests/kselftest_harness.h' \
		'*/scripts/checkpatch.pl' \
		'*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'
	rm -rf "$x"
	touch "$src/.complete"
}

host_packages
for s in $SERIES; do
	case $s in
	6.1-debug|6.12-debug)
		"$HERE/build-debug-kernel.sh" "${s%-debug}"
		say "kernel $s = $(cat "$CACHE/kernel-$s")" ;;
	*) kernel_series "$s" ;;
	esac
done
kernel_source_bits
say "cache: $CACHE (up to date)"
