#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the memscope client: bad arguments are refused with a
# usage message and exit 2 before anything is touched; a missing module,
# a non-root user and a bad PID give a clear message and exit 1; the
# output of a fake debugfs tree ($MEMSCOPE_ROOT) parses as JSON.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/selftests/lib/ktap.sh"
. "$TOP/selftests/lib/json.sh"
MSC=$TOP/tools/memscope/memscope
make -s -C "$TOP/tools/memscope" >/dev/null 2>&1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ktap_begin 21

# expect NAME STATUS PATTERN -- ARGS...: exit STATUS, stderr matches.
expect() {
	local name=$1 want=$2 pat=$3 rc
	shift 4
	MEMSCOPE_ROOT=${ROOT:-$T/none} "$MSC" "$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ] && grep -qE -- "$pat" "$T/err" "$T/out"; then
		ktap_ok "cli.$name"
	else
		ktap_fail "cli.$name" "exit $rc (want $want): $(head -c 300 "$T/err")"
	fi
}

expect no_arguments 2 'usage:' --
expect help 0 'usage: memscope' -- -h
expect command_help 0 'usage: memscope .*maps PID' -- maps -h
expect unknown_command 2 "unknown command 'frob'" -- frob
expect unknown_option 2 'usage:' -- --frob maps 1
expect maps_missing_pid 2 'missing PID' -- maps
expect maps_garbage_pid 2 "'abc' is not a PID" -- maps abc
expect maps_zero_pid 2 "'0' is not a PID" -- maps 0
expect maps_negative_pid 2 "'-5' is not a PID" -- maps -5
expect maps_huge_pid 2 "is not a PID" -- maps 99999999999999999999
expect maps_extra_args 2 'too many arguments' -- maps 1 2
expect translate_missing_addr 2 'missing PID or ADDR' -- translate 1
expect translate_bad_addr 2 "'zz' is not an address" -- translate 1 zz
expect translate_negative_addr 2 "'-1' is not an address" -- translate 1 -1
expect snapshot_missing_dir 1 'usage: memscope snapshot' -- snapshot
expect snapshot_bad_pid 1 "'x' is not a PID" -- snapshot "$T/s" x

if [ "$(id -u)" = 0 ]; then
	expect module_not_loaded 1 'is memscope loaded' -- maps 1
	if command -v setpriv >/dev/null; then
		chmod 755 "$T"
		mkdir -p "$T/empty"
		MEMSCOPE_ROOT=$T/empty setpriv --reuid=65534 --regid=65534 \
			--clear-groups "$MSC" maps 1 >/dev/null 2>"$T/err"
		rc=$?
		if [ $rc = 1 ] && grep -q 'must be root to track' "$T/err"; then
			ktap_ok cli.not_root
		else
			ktap_fail cli.not_root "exit $rc: $(cat "$T/err")"
		fi
	else
		ktap_skip cli.not_root "no setpriv"
	fi
	# A fake tree in the module's formats.
	F=$T/fake
	mkdir -p "$F/self"
	echo "memscope 0.1.0 abi 1 kernel test" > "$F/version"
	printf '%s\n' \
		'00400000-00401000 r--p 00000000 00:02 51                                 /bin/a "q"' \
		'7ffd0000-7ffd1000 rw-p 00000000 00:00 0                                  [stack]' \
		> "$F/self/maps"
	printf '%s\n' \
		'00400000 00401000 r--p 00000000 text 1 0 0 1 0 0 /bin/a' \
		'7ffd0000 7ffd1000 rw-p 00000000 stack 1 0 1 0 0 0 [stack]' \
		> "$F/self/vmas"
	printf '%s\n' 'start_code 0x401000' 'map_count 2' 'levels 4' > "$F/self/mm"
	ROOT=$F
	expect fake_maps_text 0 '\[stack\]' -- maps self
	if command -v jq >/dev/null; then
		ok=1
		for c in maps vmas mm; do
			# one document each, of the right type
			MEMSCOPE_ROOT=$F "$MSC" --json $c self > "$T/$c.json" &&
				jq -e -s --arg c $c 'length == 1 and (.[0] | type) ==
					(if $c == "mm" then "object" else "array" end)' \
					"$T/$c.json" >/dev/null 2>&1 || ok=0
		done
		ktap_check cli.fake_json_parses [ $ok = 1 ]
		json_check cli.fake_json_values "$T/mm.json" \
			'.map_count == 2 and .start_code == "0x401000" and
			 $maps[0][0].name == "/bin/a \"q\"" and $maps[0][0].inode == 51' \
			--slurpfile maps "$T/maps.json"
	else
		ktap_skip cli.fake_json_parses "no jq"
		ktap_skip cli.fake_json_values "no jq"
	fi
	ROOT=
else
	for n in module_not_loaded not_root fake_maps_text fake_json_parses fake_json_values; do
		ktap_skip "cli.$n" "not root"
	done
fi
ktap_end
