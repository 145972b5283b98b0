#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: boot the test VM on one kernel (default 6.12) and run the
# memscope tour (tools/demo/tour.sh) in it.
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
KERNEL=${1:-6.12}
echo "memscope demo: kernel series $KERNEL ($(cat "${MEMSCOPE_CACHE:-$HOME/.cache/memscope}/kernel-$KERNEL"))"
exec "$TOP/tools/vm/run-vm" -q -k "$KERNEL" -t 600 -- sh /memscope/tools/demo/tour.sh
