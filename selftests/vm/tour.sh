#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`'s tour keeps working: it runs to its end, shows all ten
# steps, and no step's command fails (no "not found", usage or errno text
# from memscope/memsim, no missing data where a number belongs).
. "$(dirname "$0")/../lib/ktap.sh"
TOUR=/memscope/tools/demo/tour.sh
[ -r "$TOUR" ] || ktap_skip_all "no tour in the guest"
[ -x /memscope/bin/tourproc ] || ktap_skip_all "tourproc not built"
ktap_begin 4

sh "$TOUR" > /tmp/tour.out 2>&1
rc=$?
ktap_check tour.exit_0 [ $rc = 0 ]
ktap_check tour.ten_steps [ "$(grep -c '^== [0-9]*\. ' /tmp/tour.out)" = 10 ]
ktap_check tour.reaches_end grep -q '^== end of the tour' /tmp/tour.out
bad=$(grep -nE 'not found|usage:|memscope: |memsim: |No such|Invalid|cannot' /tmp/tour.out)
if [ -n "$bad" ]; then
	echo "$bad" | sed 's/^/# /'
	ktap_fail tour.no_failed_commands
else
	ktap_ok tour.no_failed_commands
fi
ktap_end
