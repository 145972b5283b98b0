# SPDX-License-Identifier: GPL-2.0
#
# apt.sh, sourced by setup.sh and build-debug-kernel.sh: install Debian
# packages by name with apt-get, updating the package lists at most once
# per run. The sourcing script defines say().

APT_UPDATED=
apt_update_once() {
	[ -n "$APT_UPDATED" ] && return
	say "apt-get update"
	apt-get update -qq >&2
	APT_UPDATED=1
}

# install_missing WHAT PKG...: install the PKGs dpkg does not have.
install_missing() {
	local what=$1 missing=() p
	shift
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return
	apt_update_once
	say "installing $what packages: ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends "${missing[@]}" >&2
}
