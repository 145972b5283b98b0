#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot the test VM on one kernel (default 6.12), run the
# memscope tour (tools/demo/tour.sh) in it, and save the pictures it draws
# into build/demo/ (SVG, and PNG when rsvg-convert is installed).
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
KERNEL=${1:-6.12}
CACHE=${MEMSCOPE_CACHE:-$HOME/.cache/memscope}
OUT=$TOP/build/demo
mkdir -p "$OUT"
echo "memscope demo: kernel series $KERNEL ($(cat "$CACHE/kernel-$KERNEL"))"
"$TOP/tools/vm/run-vm" -q -k "$KERNEL" -t 600 -l "$OUT/serial.log" \
	-- sh /memscope/tools/demo/tour.sh 2>/dev/null |
	sed '/^@@svg /,/^@@end/d' | tee "$OUT/tour.txt"
rc=${PIPESTATUS[0]}

# Pictures travel over the serial console between @@svg/@@end lines.
# The serial log has CRLF line ends: strip the CR first.
awk -v dir="$OUT" '{ sub(/\r$/, "") }
	/^@@svg / { f = dir "/" $2; printf "" > f; next }
	/^@@end/ { close(f); f = ""; next }
	f { print >> f }' "$OUT/serial.log"
for svg in "$OUT"/*.svg; do
	[ -s "$svg" ] || continue
	if command -v rsvg-convert >/dev/null; then
		rsvg-convert -o "${svg%.svg}.png" "$svg" 2>/dev/null
	fi
done
echo
echo "pictures: $(ls "$OUT"/*.svg "$OUT"/*.png 2>/dev/null | tr '\n' ' ')"
exit "$rc"
