#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# memscope/meminfo against /proc/meminfo, with and without swap (zram).
# vmstat counters are per-CPU batched: values may differ by the counters'
# drift (at most 125 pages per CPU per zone for each counter).
. "$(dirname "$0")/../lib/ktap.sh"
[ -r "$MS/meminfo" ] || ktap_skip_all "memscope meminfo missing"
ktap_begin 6

ncpu=$(grep -c '^processor' /proc/cpuinfo)
nzones=$(grep -c '^Node' /proc/buddyinfo)
TOL=$((ncpu * nzones * 125 * 4 * 3))	# kB, three counters at most

m() { awk -v k="$1" '$1 == k { print $2 }' "$MS/meminfo"; }
p() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
near() {	# near A B: |A - B| <= TOL
	[ -n "$1" ] && [ -n "$2" ] || return 1
	_d=$(($1 - $2)); [ $_d -lt 0 ] && _d=$((-_d)); [ $_d -le $TOL ]
}

compare() {
	ok=1
	[ "$(m total)" = "$(p MemTotal)" ] || ok=0
	near "$(m free)" "$(p MemFree)" || ok=0
	near "$(m shared)" "$(p Shmem)" || ok=0
	near "$(m available)" "$(p MemAvailable)" || ok=0
	near "$(m buff_cache)" $(( $(p Buffers) + $(p Cached) + $(p SReclaimable) )) || ok=0
	near "$(m used)" $(( $(m total) - $(m free) - $(m buff_cache) )) || ok=0
	[ "$(m swap_total)" = "$(p SwapTotal)" ] || ok=0
	near "$(m swap_free)" "$(p SwapFree)" || ok=0
	[ $ok = 1 ]
}
retry() { for _t in 1 2 3 4 5; do "$@" && return 0; done; return 1; }

if retry compare; then ktap_ok meminfo.matches_proc; else
	sed 's/^/# memscope: /' "$MS/meminfo"; sed 's/^/# proc: /' /proc/meminfo | head -25
	ktap_fail meminfo.matches_proc
fi
# Units: kB, like /proc/meminfo (a page-count bug would be 4x off).
ktap_check meminfo.total_in_kb [ "$(m total)" = "$(p MemTotal)" ]

# With a swap device the swap lines must follow SwapTotal/SwapFree; with
# it turned off (and zram reset) they must read 0; then swap is back on
# for the tests after this one.
features_ensure
if swap_on; then
	if [ "$(m swap_total)" = "-" ]; then
		ktap_fail meminfo.swap_total "total_swap_pages not found"
	else
		ktap_check meminfo.swap_total [ "$(m swap_total)" = "$(p SwapTotal)" -a "$(m swap_total)" -gt 0 ]
	fi
	ktap_check meminfo.swap_with_device retry compare
	if swap_off; then
		ktap_check meminfo.swap_gone [ "$(m swap_total)" = 0 ]
	else
		ktap_fail meminfo.swap_gone "$(feature_why swap)"
	fi
	swap_on || ktap_diag "swap on again: $(feature_why swap)"
else
	why=$(feature_why swap)
	ktap_skip meminfo.swap_total "$why"
	ktap_skip meminfo.swap_with_device "$why"
	ktap_skip meminfo.swap_gone "$why"
fi
ktap_check meminfo.mode_0400 [ "$(file_mode "$MS/meminfo")" = 400 ]
ktap_end
