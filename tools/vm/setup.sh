#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what memscope's build and test VM need, idempotently.
#
#  - host packages (apt): qemu, busybox, cpio, kmod, gcc, sparse, xz, dkms
#  - per supported kernel series (6.1, 6.12), the newest Debian build:
#      image + modules  -> $CACHE/kernels/<release>/{vmlinuz,lib/modules}
#      headers + kbuild -> $CACHE/root/usr/src/linux-headers-<release>
#    fetched with `apt-get download` and unpacked with `dpkg -x`, so nothing
#    lands in the host's /boot and the host's package state is untouched.
#  - kselftest headers and checkpatch.pl from linux-source-6.12 -> $CACHE/src
#
# A second run finds everything cached and downloads nothing.
# Prints, per series, the release it chose: "kernel 6.1 = 6.1.0-56-amd64".
set -euo pipefail

CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
SERIES=${MEMSCOPE_SERIES:-"6.1 6.12"}
mkdir -p "$CACHE"
say() { echo "setup: $*" >&2; }

APT_UPDATED=
apt_update_once() {
	[ -n "$APT_UPDATED" ] && return
	say "apt-get update"
	apt-get update -qq >&2
	APT_UPDATED=1
}

HOST_PKGS="qemu-system-x86 busybox-static cpio kmod gcc libc6-dev make sparse xz-utils perl bc dkms dwarves jq"
host_packages() {
	local missing=() p
	for p in $HOST_PKGS; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	apt_update_once
	say "installing host packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >&2
}

# Newest linux-image package of a series, by version sort.
newest_release() {
	local series=$1 pat
	case $series in
	6.1) pat='^linux-image-6\.1\.0-[0-9]+-amd64$' ;;
	6.12) pat='^linux-image-6\.12\.[0-9]+\+deb12-amd64$' ;;
	*) say "unknown kernel series $series"; exit 1 ;;
	esac
	apt-cache search --names-only "$pat" | awk '{print $1}' |
		sed 's/^linux-image-//' | sort -V | tail -n1
}

# Release already cached for a series (newest of them), if any.
cached_release() {
	local series=$1
	ls "$CACHE/kernels" 2>/dev/null | grep -E "^${series//./\\.}\.[0-9]" |
		grep -E "^${series//./\\.}(\.0-[0-9]+|\.[0-9]+\+deb12)-amd64$" |
		sort -V | tail -n1 || true
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
	kernel_series "$s"
done
kernel_source_bits
say "cache: $CACHE (up to date)"
