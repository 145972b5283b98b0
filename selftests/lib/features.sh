# SPDX-License-Identifier: GPL-2.0
#
# The guest's optional features, set up in this one place (busybox sh).
#
#   features_setup        set up zram swap, hugetlb pages and THP, every
#                         step checked; record each as "yes" or the reason
#                         it is missing under $MS_FEATURES/<name>
#   features_ensure       features_setup unless it already ran this boot
#   feature NAME          true if NAME is set up
#   feature_why NAME      the reason NAME is missing ("yes" if it is not)
#   swap_off / swap_on    turn zram swap off (and reset the device, so it
#                         can be sized again) / back on; both checked and
#                         recorded, so a test that turns swap off and cannot
#                         turn it on again leaves "swap" marked missing
#
# C tests read the same records (selftests/lib/msutil.c, ms_feature()).
# Can be run as a command too: sh features.sh ensure|setup|show.
MS_FEATURES=${MS_FEATURES:-/run/memscope/features}
ZRAM=/sys/block/zram0
SWAP_SIZE=64M
HUGETLB_PAGES=4

_feature_set() { mkdir -p "$MS_FEATURES"; echo "$2" > "$MS_FEATURES/$1"; }
feature() { [ "$(cat "$MS_FEATURES/$1" 2>/dev/null)" = yes ]; }
feature_why() {
	if [ -f "$MS_FEATURES/$1" ]; then
		cat "$MS_FEATURES/$1"
	else
		echo "feature $1 was never set up"
	fi
}

# _swap_up: prints the failing step, returns non-zero, on failure.
_swap_up() {
	if [ ! -e $ZRAM ]; then
		modprobe zram 2>/dev/null || { echo "modprobe zram failed"; return 1; }
		[ -e $ZRAM ] || { echo "no $ZRAM after modprobe zram"; return 1; }
	fi
	if grep -q '^/dev/zram0 ' /proc/swaps; then
		return 0
	fi
	# A device left initialized by an earlier swapoff refuses a new size.
	echo 1 > $ZRAM/reset 2>/dev/null || { echo "zram0 reset refused"; return 1; }
	echo $SWAP_SIZE > $ZRAM/disksize 2>/dev/null ||
		{ echo "echo $SWAP_SIZE > $ZRAM/disksize failed"; return 1; }
	mkswap /dev/zram0 >/dev/null 2>&1 || { echo "mkswap /dev/zram0 failed"; return 1; }
	swapon /dev/zram0 2>/dev/null || { echo "swapon /dev/zram0 failed"; return 1; }
	grep -q '^/dev/zram0 ' /proc/swaps ||
		{ echo "swapon succeeded but /proc/swaps has no zram0"; return 1; }
}

swap_on() {
	_why=$(_swap_up)
	if [ $? -eq 0 ]; then
		_feature_set swap yes
	else
		_feature_set swap "no zram swap: $_why"
		return 1
	fi
}

swap_off() {
	if grep -q '^/dev/zram0 ' /proc/swaps && ! swapoff /dev/zram0; then
		_feature_set swap "swapoff /dev/zram0 failed"
		return 1
	fi
	_feature_set swap "swap turned off by a test"
	if [ -e $ZRAM/reset ] && ! echo 1 > $ZRAM/reset; then
		_feature_set swap "zram0 reset after swapoff failed"
		return 1
	fi
}

_hugetlb_up() {
	[ -w /proc/sys/vm/nr_hugepages ] ||
		{ echo "no /proc/sys/vm/nr_hugepages (CONFIG_HUGETLBFS off?)"; return 1; }
	echo $HUGETLB_PAGES > /proc/sys/vm/nr_hugepages 2>/dev/null ||
		{ echo "writing nr_hugepages failed"; return 1; }
	_n=$(cat /proc/sys/vm/nr_hugepages)
	[ "$_n" -ge $HUGETLB_PAGES ] ||
		{ echo "asked for $HUGETLB_PAGES hugetlb pages, got $_n"; return 1; }
}

_thp_up() {
	_t=/sys/kernel/mm/transparent_hugepage/enabled
	[ -r $_t ] || { echo "no $_t (CONFIG_TRANSPARENT_HUGEPAGE off?)"; return 1; }
	# The tests ask with MADV_HUGEPAGE: "madvise" or "always" both serve.
	case $(cat $_t) in
	*"[never]"*) echo madvise > $_t 2>/dev/null ||
		{ echo "THP is never and cannot be set to madvise"; return 1; } ;;
	esac
	case $(cat $_t) in
	*"[always]"*|*"[madvise]"*) ;;
	*) echo "THP enabled reads '$(cat $_t)'"; return 1 ;;
	esac
}

features_setup() {
	_why=$(_swap_up) && _feature_set swap yes ||
		_feature_set swap "no zram swap: $_why"
	_why=$(_hugetlb_up) && _feature_set hugetlb yes ||
		_feature_set hugetlb "no hugetlb pages: $_why"
	_why=$(_thp_up) && _feature_set thp yes ||
		_feature_set thp "no THP: $_why"
	for _f in swap hugetlb thp; do
		echo "# feature $_f: $(feature_why $_f)"
	done
}

features_ensure() {
	[ -f "$MS_FEATURES/swap" ] || features_setup >/dev/null
}

case "${0##*/}" in
features.sh)
	case ${1:-} in
	setup) features_setup ;;
	ensure) features_ensure ;;
	show) for _f in swap hugetlb thp; do echo "$_f: $(feature_why $_f)"; done ;;
	*) echo "usage: features.sh setup|ensure|show" >&2; exit 2 ;;
	esac ;;
esac
