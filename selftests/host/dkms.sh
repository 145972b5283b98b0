#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# module/dkms.conf works: `dkms add`, `dkms build` for each cached kernel
# produce memscope.ko of the right version; `dkms remove` cleans up. Only
# builds: nothing is installed into /lib/modules.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/selftests/lib/ktap.sh"
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
SERIES=${MEMSCOPE_SERIES:-"6.1 6.12"}
command -v dkms >/dev/null || ktap_skip_all "dkms not installed"
[ "$(id -u)" = 0 ] || ktap_skip_all "dkms needs root"
if dkms status memscope 2>/dev/null | grep -q .; then
	ktap_skip_all "memscope is already in this host's DKMS tree; not touching it"
fi
VER=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$TOP/module/dkms.conf")
n=$(echo $SERIES | wc -w)
ktap_begin $((3 + 2 * n))

ktap_check dkms.version_matches_module \
	grep -q "MEMSCOPE_VERSION[[:space:]]*\"$VER\"" "$TOP/module/memscope.h"

T=$(mktemp -d)
SRC=$T/memscope-$VER
trap 'dkms remove "memscope/$VER" --all >/dev/null 2>&1; rm -rf "$T" "/usr/src/memscope-$VER"' EXIT
mkdir -p "$SRC"
# The module directory as a release would ship it: sources only.
(cd "$TOP/module" && find . -name '*.[ch]' ! -name '*.mod.c' -o -name Kbuild -o -name dkms.conf) |
	(cd "$TOP/module" && cpio -pdm --quiet "$SRC")
dkms add "$SRC" > "$T/add.log" 2>&1
ktap_check dkms.add [ $? = 0 ]

for s in $SERIES; do
	rel=$(cat "$CACHE/kernel-$s")
	dkms build "memscope/$VER" -k "$rel" \
		--kernelsourcedir "$CACHE/root/usr/src/linux-headers-$rel" \
		> "$T/build-$s.log" 2>&1
	ktap_check "dkms.build.$s" [ $? = 0 ]
	# DKMS may compress what it builds (memscope.ko.xz, .zst, .gz).
	ko=$(ls /var/lib/dkms/memscope/$VER/$rel/x86_64/module/memscope.ko* 2>/dev/null | head -n1)
	ktap_check "dkms.module_version.$s" \
		[ "$(modinfo -F version "$ko" 2>/dev/null)" = "$VER" ]
done
dkms remove "memscope/$VER" --all >/dev/null 2>&1
ktap_check dkms.remove_leaves_nothing [ -z "$(dkms status memscope)" ]
ktap_end
