# SPDX-License-Identifier: GPL-2.0
#
# JSON checks for the shell selftests (busybox sh compatible; source
# ktap.sh first). jq is the parser; memscope_json.jq, next to this file,
# holds the shape of every `memscope -j` output.
#   json_check NAME FILE FILTER [JQ-ARGS...]
#       ok if FILE holds exactly one JSON document and FILTER is true of
#       it; a KTAP SKIP if there is no jq
#   jqr FILE FILTER [JQ-ARGS...]   jq -r with the shapes included
#   json_help_commands MSC         the commands `MSC -h` lists, sorted
#   json_known_commands            those memscope_json.jq knows, sorted
JSON_LIB=${KTAP_LIB:-$(dirname "$0")/../lib}

# One line of printable ASCII for a diagnostic (output may hold anything).
json_printable() { head -c "${2:-200}" "$1" | tr '\n\t' '  ' | tr -cd ' -~'; }

json_check() {
	_jn=$1 _jf=$2 _jq=$3
	shift 3
	if ! command -v jq >/dev/null 2>&1; then
		ktap_skip "$_jn" "no jq"
		return
	fi
	# -s: two documents, or a document and garbage, are not one output
	if _je=$(jq -e -s -L "$JSON_LIB" "$@" \
		"include \"memscope_json\"; length == 1 and (.[0] | $_jq)" \
		"$_jf" 2>&1 >/dev/null); then
		ktap_ok "$_jn"
	else
		ktap_fail "$_jn" "jq: $(echo "${_je:-false}" | head -n1) on: $(json_printable "$_jf")"
	fi
}

jqr() {
	_jf=$1 _jq=$2
	shift 2
	jq -r -L "$JSON_LIB" "$@" "include \"memscope_json\"; $_jq" "$_jf"
}

json_help_commands() {
	"$1" -h | awk '/^Commands:/ { on = 1; next } on && NF == 0 { on = 0 }
		on { print $1 }' | sort
}

json_known_commands() {
	jq -n -r -L "$JSON_LIB" \
		'include "memscope_json"; (json_commands + plain_commands)[]' | sort
}
