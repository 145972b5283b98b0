#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of `memscope -j` on recorded files: phys-root (the physical
# memory view) and json-root (version, slabinfo and one process, from a
# 6.12 guest snapshot). Every command's output has its shape
# (memscope_json.jq) and the values awk reads from the same files; then
# hostile inputs: names with quotes, backslashes, every control character
# and bytes that are not UTF-8, keys and values that look almost like
# numbers, empty and broken files.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
. "$TOP/selftests/lib/ktap.sh"
. "$TOP/selftests/lib/json.sh"
MSC=$TOP/tools/memscope/memscope
make -s -C "$TOP/tools/memscope" >/dev/null || exit 1
command -v jq >/dev/null || ktap_skip_all "no jq"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ktap_begin 36

R=$T/root
mkdir -p "$R"
cp "$TOP"/selftests/host/phys-root/* "$R/"
cp -r "$TOP"/selftests/host/json-root/. "$R/"
PD=$R/pids/158
# The address of tourproc's mapping (json-root/README).
ADDR=0x7f5527b86000
# translate: the client writes "ADDR\n" at offset 0 of the file it opened
# and reads the answer after it. A regular file stands in for the
# module's: the answer follows as many bytes as the client writes.
fake_translate() {
	{ printf '%s\n' "$ADDR" | tr -c '\n' '#'; cat "$1"; } > "$PD/translate"
}
fake_translate "$PD/translate.present"

# run OUT CMD [ARGS]: memscope -r ROOT -j CMD > OUT (ROOT: $ROOT or $R)
run() {
	local out=$1
	shift
	"$MSC" -r "${ROOT:-$R}" -j "$@" > "$out" 2> "$out.err"
}
# same NAME JSON-LINES ORACLE-LINES: ok if equal, else the first
# difference
same() {
	if [ -s "$3" ] && cmp -s "$2" "$3"; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "$(diff "$2" "$3" | head -n 4 | tr '\n' ' ' | tr -cd ' -~' | head -c 300)"
	fi
}

json_help_commands "$MSC" > "$T/help.cmds"
json_known_commands > "$T/known.cmds"
if [ -s "$T/help.cmds" ] && cmp -s "$T/help.cmds" "$T/known.cmds"; then
	ktap_ok client_json.help_lists_tested_commands
else
	ktap_fail client_json.help_lists_tested_commands \
		"help: $(tr '\n' ' ' < "$T/help.cmds"); tested: $(tr '\n' ' ' < "$T/known.cmds")"
fi

# --- every command: shape, and the values of the recorded files ------------
args() {
	case $1 in
	maps|vmas|mm|pagetable) echo 158 ;;
	translate) echo "158 $ADDR" ;;
	esac
}
for c in $(jqr /dev/null 'json_commands[]' -n); do
	# shellcheck disable=SC2046 # args are words
	run "$T/$c.json" $c $(args $c)
	json_check client_json.$c.shape "$T/$c.json" 'shape($c)' --arg c $c
done

# (the values, in the order of memscope_json.jq's json_commands)
awk '{ print $2, $4, $6 }' "$R/version" > "$T/k"
jqr "$T/version.json" '"\(.version) \(.abi) \(.kernel)"' > "$T/j"
same client_json.version.values "$T/j" "$T/k"

awk '{ kb = 0; s = ""; sz = 4
       for (i = 5; i <= NF; i++) { s = s " " $i; kb += $i * sz; sz *= 2 }
       print $2 + 0, $4 s, kb }' "$R/buddyinfo" > "$T/k"
jqr "$T/buddy.json" '.[] | "\(.node) \(.zone) \(.free_blocks | join(" ")) \(.free_kb)"' > "$T/j"
same client_json.buddy.values "$T/j" "$T/k"

awk '/^Node .*, type / {
	k = ($2 + 0) " " substr($4, 1, length($4) - 1) " " $6; s = ""; c = ""
	for (i = 7; i <= NF; i++) { v = $i; if (sub(/^>/, "", v)) c = c " " (i - 7); s = s " " v }
	key[++n] = k; free[k] = s; cap[k] = c; next }
     /^Number of blocks type/ { nt = NF - 4; for (i = 1; i <= nt; i++) ty[i] = $(i + 4); blk = 1; next }
     blk && /^Node/ { for (i = 1; i <= nt; i++) b[($2 + 0) " " $4 " " ty[i]] = $(i + 4) }
     END { for (j = 1; j <= n; j++) print key[j] free[key[j]] " |" cap[key[j]] " | " b[key[j]] }' \
	"$R/pagetypeinfo" > "$T/k"
jqr "$T/pagetypes.json" '.[] | "\(.node) \(.zone) \(.type) \(.free_blocks | join(" ")) |\(.capped_orders | map(" \(.)") | join("")) | \(.pageblocks)"' > "$T/j"
same client_json.pagetypes.values "$T/j" "$T/k"

# extfrag: the text's "%d.%03d" as numbers (awk prints them as jq does)
awk 'NF == 1 { sec = $1; next }
     { s = ""; for (i = 5; i <= NF; i++) s = s " " ($i + 0); print sec, $2 + 0, $4 s }' \
	"$R/extfrag" > "$T/k"
jqr "$T/extfrag.json" '(.[] | "unusable_index \(.node) \(.zone) \(.unusable_index | join(" "))"),
	(.[] | "extfrag_index \(.node) \(.zone) \(.fragmentation_index | join(" "))")' > "$T/j"
same client_json.extfrag.values "$T/j" "$T/k"

# zones: every "key value" of a zone, pageblocks and nr_free as lists
awk '$1 == "Node" { if (z != "") print z s; z = ($2 + 0) " " $4; s = ""; next }
     { s = s " " $0 }
     END { print z s }' "$R/zoneinfo" | tr -s ' ' > "$T/k"
jqr "$T/zones.json" '.[] | "\(.node) \(.zone) " + ([to_entries[] | select(.key != "node" and .key != "zone") |
	if .key == "pageblocks" then "pageblocks " + (.value | to_entries | map("\(.key) \(.value)") | join(" "))
	elif .key == "nr_free" then "nr_free " + (.value | join(" "))
	else "\(.key) \(.value)" end] | join(" "))' > "$T/j"
same client_json.zones.values "$T/j" "$T/k"

awk '{ print $1 "_kb", $2 }' "$R/meminfo" > "$T/k"
jqr "$T/meminfo.json" 'to_entries[] | "\(.key) \(.value)"' > "$T/j"
same client_json.meminfo.values "$T/j" "$T/k"

while read -r name s e; do
	echo "$name 0x$s 0x$e $((0x$e - 0x$s))"
done < "$R/kernel_layout" > "$T/k"
jqr "$T/layout.json" '.[] | "\(.name) \(.start) \(.end) \(.bytes)"' > "$T/j"
same client_json.layout.values "$T/j" "$T/k"

# slab: every field, bytes and efficiency computed, biggest first
awk 'NR > 2 { by = $14 * $6 * 4096; np = ""
	for (i = 28; i <= NF; i++) { split(substr($i, 2), p, "="); np = np (np == "" ? "" : ",") p[1] ":" p[2] }
	print by, $1, $2, $3, $4, $5, $6, $14, $19, $20, $21, $22, $23, $24, $25, by,
	      by ? int($2 * $20 * 100 / by) : 100, $26, $27, "{" np "}" }' "$R/slabinfo" |
	LC_ALL=C sort -k1,1nr -k2,2 | cut -d' ' -f2- > "$T/k"
jqr "$T/slab.json" '.[] | [.name, .active_objs, .num_objs, .objsize, .objperslab, .pagesperslab,
	.slabs, .order, .object_size, .slab_size, .align, .cpu_partial_slabs, .waste_per_slab,
	.waste_total, .bytes, .efficiency, .flags, .partial,
	"{" + (.node_partial | to_entries | map("\(.key):\(.value)") | join(",")) + "}"] | join(" ")' > "$T/j"
same client_json.slab.values "$T/j" "$T/k"

# "start end perms offset dev inode" and the name column, exactly
maps_fields() {
	while read -r range perms off dev inode _; do
		echo "0x$(printf '%x' $((0x${range%-*}))) 0x$(printf '%x' $((0x${range#*-}))) $perms $((0x$off)) $dev $inode"
	done < "$1"
}
maps_names() { sed 's/^[^ ]* [^ ]* [^ ]* [^ ]* [^ ]*  *//' "$1"; }
{ maps_fields "$PD/maps"; maps_names "$PD/maps"; } > "$T/k"
{ jqr "$T/maps.json" '.[] | "\(.start) \(.end) \(.perms) \(.offset) \(.dev) \(.inode)"'
  jq -j '.[] | .name + "\n"' "$T/maps.json"; } > "$T/j"
same client_json.maps.values "$T/j" "$T/k"

# vmas: hex without 0x and padding in the file; the name is the rest
vmas_text() {
	while read -r s e perms off kind rest; do
		echo "0x$(printf '%x' $((0x$s))) 0x$(printf '%x' $((0x$e))) $perms $((0x$off)) $kind $rest"
	done < "$1"
}
vmas_text "$PD/vmas" > "$T/k"
jqr "$T/vmas.json" '.[] | "\(.start) \(.end) \(.perms) \(.pgoff) \(.kind) \(.rss_pages) \(.swap_pages) \(.anon_pages) \(.file_pages) \(.thp_pmds) \(.hugetlb_pages) \(.name)" | sub(" $"; "")' > "$T/j"
same client_json.vmas.values "$T/j" "$T/k"

# mm, pagetable: "key value" lines, decimal as numbers, the rest strings
kv_check() {
	jqr "$T/$1.json" 'to_entries[] | "\(.key) \(.value) \(.value | type)"' > "$T/j"
	awk '{ print $1, $2, ($2 ~ /^(0|[1-9][0-9]*)$/ ? "number" : "string") }' "$PD/$1" > "$T/k"
	same "client_json.$1.values" "$T/j" "$T/k"
}
kv_check mm
kv_check pagetable

# translate: the level lines (entries with 0x, flags a list), then every
# other "key value" line but "p4d folded"
tr_text() {
	awk '$1 ~ /^(pgd|pgd_user|p4d|pud|pmd|pte)$/ && $2 ~ /^[0-9]+$/ {
		s = $1 " " $2 " 0x" $3; for (i = 4; i <= NF; i++) s = s " " $i; print s; next }
	     { k[++n] = $0 }
	     END { for (i = 1; i <= n; i++) if (k[i] != "p4d folded") print k[i] }' "$1"
}
tr_json() {
	jqr "$1" '(.levels[] | "\(.level) \(.index) \(.entry)" + (.flags | map(" " + .) | join(""))),
		  (to_entries[] | select(.key != "levels") | "\(.key) \(.value)")'
}
tr_text "$PD/translate.present" > "$T/k"
tr_json "$T/translate.json" > "$T/j"
same client_json.translate.values "$T/j" "$T/k"

# --- translate: 4 levels with PTI, and an empty entry -------------------------
# A 4-level walk as the module prints it under PTI: "p4d folded" (not a
# key) and the user copy of the top level (no flag words).
awk '$1 == "pgd" { print; print "pgd_user " $2 " " $3; next }
     $1 == "p4d" { print "p4d folded"; next } { print }' "$PD/translate.present" > "$T/tr4"
fake_translate "$T/tr4"
run "$T/tr4.json" translate 158 $ADDR
tr_text "$T/tr4" > "$T/k"
tr_json "$T/tr4.json" > "$T/j"
if jq -e -L "$JSON_LIB" 'include "memscope_json"; shape("translate") and
	(.levels | map(.level) == ["pgd", "pgd_user", "pud", "pmd", "pte"]) and
	.levels[1].flags == [] and (has("p4d") | not)' "$T/tr4.json" >/dev/null 2>&1; then
	same client_json.translate.four_levels_pti "$T/j" "$T/k"
else
	ktap_fail client_json.translate.four_levels_pti "$(json_printable "$T/tr4.json")"
fi
fake_translate "$PD/translate.none"
run "$T/tr0.json" translate 158 $ADDR
json_check client_json.translate.entry_none "$T/tr0.json" \
	'shape("translate") and .entry == "none" and (keys == ["entry", "levels", "vaddr", "vma"]) and .levels[-1].flags == ["none"]'

# --- hostile names ------------------------------------------------------------
H=$T/hostile
mkdir -p "$H/pids/1"
cp "$R/version" "$H/"
# One VMA per byte 0x01-0x1f but newline (the kernel writes that as
# \012, kept here too), then quotes, backslashes, DEL, UTF-8 of 2, 3 and 4
# bytes, a name that is all escapes, and trailing blanks.
names() {
	local i
	for i in $(seq 1 31); do
		[ "$i" = 10 ] && continue
		printf "/lib/b%02x-$(printf '\\%03o' "$i")-x\n" "$i"
	done
	printf '%s\n' '/a "quoted" path' '/back\slash\' '/esc\012aped\n' '\"\\\u0041' \
		"$(printf '/del\177')" '/é/€/😀' '[anon:we"ird\]' '/tab	and  spaces  '
}
names > "$T/names"
i=0
while IFS= read -r n; do
	printf '%08x-%08x rw-p 00000000 00:00 0                                  %s\n' \
		$((0x10000 + i * 4096)) $((0x11000 + i * 4096)) "$n"
	i=$((i + 1))
done < "$T/names" > "$H/pids/1/maps"
i=0
while IFS= read -r n; do
	printf '%08x %08x rw-p 00000000 mmap-file 1 0 0 1 0 0 %s\n' \
		$((0x10000 + i * 4096)) $((0x11000 + i * 4096)) "$n"
	i=$((i + 1))
done < "$T/names" > "$H/pids/1/vmas"
ROOT=$H run "$T/hmaps.json" maps 1
jq -j '.[] | .name + "\n"' "$T/hmaps.json" > "$T/j" 2>&1
if jq -e -L "$JSON_LIB" 'include "memscope_json"; shape("maps") and length == 38' "$T/hmaps.json" >/dev/null 2>&1; then
	same client_json.maps.hostile_names_round_trip "$T/j" "$T/names"
else
	ktap_fail client_json.maps.hostile_names_round_trip "$(json_printable "$T/hmaps.json")"
fi
ROOT=$H run "$T/hvmas.json" vmas 1
jq -j '.[] | .name + "\n"' "$T/hvmas.json" > "$T/j" 2>&1
if jq -e -L "$JSON_LIB" 'include "memscope_json"; shape("vmas") and length == 38' "$T/hvmas.json" >/dev/null 2>&1; then
	same client_json.vmas.hostile_names_round_trip "$T/j" "$T/names"
else
	ktap_fail client_json.vmas.hostile_names_round_trip "$(json_printable "$T/hvmas.json")"
fi

# Bytes that are not UTF-8 (a lone continuation byte, 0xff, an overlong
# '/', a surrogate, a code point above U+10FFFF, a lead byte without its
# continuation, a sequence cut short) each become U+FFFD; the document
# stays UTF-8 and the UTF-8 around them comes back as it was.
printf '00010000-00011000 rw-p 00000000 00:00 0    /x\200y\377z\300\257\355\240\200\364\220\200\200é\303(\342\202\n' \
	> "$H/pids/1/maps"
ROOT=$H run "$T/u8.json" maps 1
if ! iconv -f UTF-8 -t UTF-8 "$T/u8.json" > /dev/null 2>&1; then
	# (jq would read it, replacing what it cannot decode)
	ktap_fail client_json.maps.non_utf8_bytes_are_u_fffd \
		"not UTF-8: $(od -An -c "$T/u8.json" | tr -s ' \n' ' ' | head -c 300)"
else
	json_check client_json.maps.non_utf8_bytes_are_u_fffd "$T/u8.json" \
		'shape("maps") and .[0].name == "/x\ufffdy\ufffdz\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffdé\ufffd(\ufffd\ufffd"'
fi

# mm: keys are escaped too; a value is a number only if it is a JSON
# integer as it stands
printf '%s\n' 'dec 42' 'zero 0' 'neg -7' 'negzero -0' 'big 18446744073709551615' \
	'hex 0x10' 'lead 007' 'exp 1e5' 'frac 1.5' 'tail 12abc' 'dash -' 'plus +3' \
	'words a "b" \c' 'we"ird\key 1' "$(printf 'ctl\001key x\037y')" > "$H/pids/1/mm"
ROOT=$H run "$T/hmm.json" mm 1
json_check client_json.mm.number_typing "$T/hmm.json" \
	'[.dec, .zero, .neg, .negzero] == [42, 0, -7, 0] and (.big | type == "number") and
	 [.hex, .lead, .exp, .frac, .tail, .dash, .plus] == ["0x10", "007", "1e5", "1.5", "12abc", "-", "+3"] and
	 .words == "a \"b\" \\c" and .["we\"ird\\key"] == 1 and .["ctl\u0001key"] == "x\u001fy" and
	 length == 15'

# slab: a hostile cache name (slab names have no blanks: %s)
{ sed -n 1,2p "$R/slabinfo"
  sed -n 3p "$R/slabinfo" | sed 's/^fsverity_info/we"ird\\cache\x01/'; } > "$H/slabinfo"
ROOT=$H run "$T/hslab.json" slab
json_check client_json.slab.hostile_name "$T/hslab.json" \
	'shape("slab") and length == 1 and .[0].name == "we\"ird\\cache\u0001" and .[0].flags == "a"'

# --- empty files: an empty document of the right type ------------------------------------
E=$T/empty
mkdir -p "$E/pids/1"
for f in buddyinfo pagetypeinfo extfrag zoneinfo kernel_layout pids/1/maps pids/1/vmas \
	pids/1/mm pids/1/pagetable; do
	: > "$E/$f"
done
printf 'slabinfo - version: 2.1\n# name\n' > "$E/slabinfo"
bad=
for c in buddy pagetypes extfrag zones layout slab maps vmas mm pagetable; do
	case $c in
	maps|vmas) ROOT=$E run "$T/e.json" $c 1; want='[]' ;;
	mm|pagetable) ROOT=$E run "$T/e.json" $c 1; want='{}' ;;
	*) ROOT=$E run "$T/e.json" $c; want='[]' ;;
	esac
	[ "$(jq -s -c . "$T/e.json" 2>&1)" = "[$want]" ] || bad="$bad $c"
done
ktap_check client_json.empty_files_empty_documents [ -z "$bad" ]
[ -n "$bad" ] && ktap_diag "not an empty document:$bad"

# --- broken files: an error and nothing on stdout --------------------------------------
B=$T/broken
cp -r "$R" "$B"
echo 'memscope x' > "$B/version"
sed -i '1s/ 0 / x /' "$B/buddyinfo"
sed -i '5s/type/kind/' "$B/pagetypeinfo"
sed -i '2s/0.000/0.0x0/' "$B/extfrag"
sed -i '3s/.*/Node 0, zone DMA32 start_pfn 4096/' "$B/zoneinfo"
sed -i '$d' "$B/meminfo"
sed -i '1s/ [0-9a-f]*$/ nothex/' "$B/kernel_layout"
sed -i '3s/: memscope/: other/' "$B/slabinfo"
rm -r "$B/pids/158"
bad=
for c in $(jqr /dev/null 'json_commands[]' -n); do
	# shellcheck disable=SC2046
	ROOT=$B run "$T/b.json" $c $(args $c)
	rc=$?
	{ [ $rc -ne 0 ] && [ ! -s "$T/b.json" ] && [ -s "$T/b.json.err" ]; } || bad="$bad $c(rc $rc)"
done
ktap_check client_json.broken_files_no_json [ -z "$bad" ]
[ -n "$bad" ] && ktap_diag "printed JSON or exited 0:$bad"
ktap_end
