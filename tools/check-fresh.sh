#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check-fresh`: prove the README's two commands, `make demo` and
# `make check`, work on a fresh Debian bookworm machine where nothing was
# installed by hand. As root on a Debian host:
#
#   debootstrap  a minbase bookworm root (mirror taken from the host's apt
#                sources at run time, never written into a project file)
#   packages     git, make and ca-certificates in it, nothing else
#   clone        `git clone` of this worktree: only COMMITTED work is tested
#   demo         `make demo` in the clone, inside the root, with a clean
#                environment; HOME is the root's /root, so the kernel cache
#                (/root/.cache/memscope) starts empty: this phase includes
#                the cold tools/vm/setup.sh (apt packages, kernel downloads)
#   check        `make check` in the same clone
#
# Each phase's wall time is printed; everything goes to build/check-fresh.log.
# Exit status is non-zero if a phase failed, or if `make demo` or
# `make check` did.
#
# Where the root lives: a mktemp directory under $FRESH_TMP (default
# /var/tmp, on the system disk; a tmpfs is refused, the root grows to a few
# GB). Not under build/: a `make clean` during a run would otherwise
# recurse into the root's bind-mounted /dev.
#
# KEEP=1 keeps the root (all mounts are still removed) for a look inside:
#   mount --rbind /dev ROOT/dev; mount -t proc proc ROOT/proc; chroot ROOT
set -uo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
SUITE=bookworm
FRESH_TMP=${FRESH_TMP:-/var/tmp}
LOG=$TOP/build/check-fresh.log
INPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

mkdir -p "$TOP/build"
: > "$LOG"
exec > >(tee -a "$LOG") 2>&1

say() { echo "check-fresh: $*"; }
die() { say "$*"; exit 1; }

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, mount, chroot)"

# --- the host's apt sources ------------------------------------------------
# host_uri SUITE: the first http(s) URI the host's apt uses for SUITE, from
# one-line sources.list files and deb822 .sources files alike.
host_uri() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk -v suite="$1" '
			/^[ \t]*deb[ \t]/ {
				line = $0
				sub(/\[[^]]*\]/, "", line)	# [arch=... signed-by=...]
				n = split(line, w, /[ \t]+/)
				if (w[1] == "") { for (i = 1; i < n; i++) w[i] = w[i + 1] }
				if (w[3] == suite && w[2] ~ /^https?:\/\//) { print w[2]; exit }
			}' "$f"
	done
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk -v suite="$1" '
			function flush() {
				if (index(" " types " ", " deb ") &&
				    index(" " suites " ", " " suite " ") &&
				    enabled != "no") {
					n = split(uris, u, /[ \t]+/)
					for (i = 1; i <= n; i++)
						if (u[i] ~ /^https?:\/\//) { print u[i]; done = 1; exit }
				}
				types = suites = uris = enabled = key = ""
			}
			/^#/ { next }
			/^[ \t]*$/ { flush(); next }
			/^[ \t]/ { v = $0; sub(/^[ \t]+/, "", v); add(key, v); next }
			{
				key = tolower($0); sub(/:.*/, "", key)
				v = $0; sub(/^[^:]*:[ \t]*/, "", v); add(key, v)
			}
			function add(k, v) {
				if (k == "types") types = types " " v
				else if (k == "suites") suites = suites " " v
				else if (k == "uris") uris = uris " " v
				else if (k == "enabled") enabled = tolower(v)
			}
			END { if (!done) flush() }' "$f"
	done | head -n1
}

MIRROR=$(host_uri "$SUITE")
UPDATES=$(host_uri "$SUITE-updates")
SECURITY=$(host_uri "$SUITE-security")
[ -n "$MIRROR" ] || die "no http(s) source for $SUITE in the host's apt sources"
[ -n "$SECURITY" ] || die "no http(s) source for $SUITE-security in the host's apt sources"
UPDATES=${UPDATES:-$MIRROR}

# --- phases, cleanup -------------------------------------------------------
PHASES=() TIMES=() RESULTS=()
# phase NAME CMD...: run CMD, record its wall time and status.
phase() {
	local name=$1 t0 rc
	shift
	say "== $name"
	t0=$(date +%s)
	"$@"
	rc=$?
	PHASES+=("$name") TIMES+=($(( $(date +%s) - t0 ))) RESULTS+=("$rc")
	say "== $name: ${TIMES[-1]} s, status $rc"
	return "$rc"
}

ROOT="" CHILD=""
MOUNTS=()
# Mount points under the root, deepest first (debootstrap's own included,
# should it have died with its proc or sys still mounted).
mounts_under() {
	awk -v r="$ROOT" 'index($2, r "/") == 1 { print $2 }' /proc/self/mounts |
		sort -r
}
cleanup() {
	local rc=$? i m
	trap - EXIT INT TERM
	# What runs in the chroot is in its own session (setsid): stop it so
	# nothing holds the mounts, by its process group id.
	if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then
		say "stopping the chroot's processes (group $CHILD)"
		kill -TERM -- "-$CHILD" 2>/dev/null
		sleep 5
		kill -KILL -- "-$CHILD" 2>/dev/null
	fi
	[ -n "$ROOT" ] || exit "$rc"
	for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
		m=${MOUNTS[i]}
		umount -R "$m" 2>/dev/null || umount -R -l "$m" ||
			say "cannot unmount $m"
	done
	for m in $(mounts_under); do
		umount "$m" 2>/dev/null || umount -l "$m" || say "cannot unmount $m"
	done
	if [ -n "$(mounts_under)" ]; then
		say "mounts remain under $ROOT, not removing it:"
		mounts_under
		rc=1
	elif [ "${KEEP:-0}" = 1 ]; then
		say "KEEP=1: root kept at $ROOT (nothing mounted)"
	else
		say "removing $ROOT"
		rm -rf --one-file-system "$ROOT"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# inroot DIR CMD: run CMD with bash in the root, in DIR, with nothing of
# this shell's environment but HOME, PATH and TERM. Its own session, so
# cleanup can stop all of it.
inroot() {
	local rc
	setsid chroot "$ROOT" /usr/bin/env -i HOME=/root PATH="$INPATH" \
		TERM=dumb /bin/bash -c "cd $1 && $2" < /dev/null &
	CHILD=$!
	wait "$CHILD"
	rc=$?
	CHILD=
	return "$rc"
}

# --- debootstrap -----------------------------------------------------------
host_debootstrap() {
	command -v debootstrap >/dev/null && return
	if ! apt-cache show debootstrap >/dev/null 2>&1; then
		say "apt-get update (host)"
		apt-get update -qq || return
	fi
	say "installing debootstrap on the host"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends debootstrap
}
host_debootstrap || die "cannot install debootstrap"

[ "$(stat -f -c %T "$FRESH_TMP")" != tmpfs ] ||
	die "$FRESH_TMP is a tmpfs; set FRESH_TMP to a directory on disk"
ROOT=$(mktemp -d "$FRESH_TMP/memscope-fresh.XXXXXX") || die "mktemp failed"
chmod 755 "$ROOT"
say "root: $ROOT${KEEP:+ (KEEP=$KEEP)}"
say "mirror from the host's apt sources: $MIRROR (security: $SECURITY)"

debootstrap_root() {
	debootstrap --variant=minbase --arch="$(dpkg --print-architecture)" \
		"$SUITE" "$ROOT" "$MIRROR"
}
phase debootstrap debootstrap_root || exit 1

# --- mounts, apt sources, packages -----------------------------------------
# /dev recursively (/dev/kvm, /dev/null, /dev/pts) and /sys; rslave so that
# unmounting them here can never propagate back to the host's.
mount_root() {
	mount --rbind /dev "$ROOT/dev" && MOUNTS+=("$ROOT/dev") &&
		mount --make-rslave "$ROOT/dev" &&
		mount -t proc proc "$ROOT/proc" && MOUNTS+=("$ROOT/proc") &&
		mount --rbind /sys "$ROOT/sys" && MOUNTS+=("$ROOT/sys") &&
		mount --make-rslave "$ROOT/sys"
}
mount_root || die "mounting /dev, /proc, /sys in the root failed"
rm -f "$ROOT/etc/resolv.conf"
cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"

# The root's sources: the host's mirrors, written here at run time.
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
signed_by() { [ -f "$ROOT$KEYRING" ] && echo "Signed-By: $KEYRING"; }
: > "$ROOT/etc/apt/sources.list"
{
	printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n%s\n\n' \
		"$MIRROR" "$SUITE" "$(signed_by)"
	printf 'Types: deb\nURIs: %s\nSuites: %s-updates\nComponents: main\n%s\n\n' \
		"$UPDATES" "$SUITE" "$(signed_by)"
	printf 'Types: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n%s\n' \
		"$SECURITY" "$SUITE" "$(signed_by)"
} > "$ROOT/etc/apt/sources.list.d/debian.sources"
# No daemon may start from a package's postinst inside the chroot.
printf '#!/bin/sh\nexit 101\n' > "$ROOT/usr/sbin/policy-rc.d"
chmod 755 "$ROOT/usr/sbin/policy-rc.d"

phase packages inroot / "apt-get update -qq &&
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends git make ca-certificates" || exit 1

# --- clone -----------------------------------------------------------------
HEAD=$(git -C "$TOP" rev-parse HEAD)
say "testing committed HEAD $(git -C "$TOP" log -1 --format='%h %s' HEAD)"
say "(a git clone of $TOP: uncommitted changes are NOT tested)"
[ -z "$(git -C "$TOP" status --porcelain --untracked-files=no)" ] ||
	say "note: $TOP has uncommitted changes; they are left out"
clone() {
	git clone -q --no-hardlinks "$TOP" "$ROOT/root/memscope" &&
		git -C "$ROOT/root/memscope" checkout -q --detach "$HEAD"
}
phase clone clone || exit 1

# --- the README's two commands ---------------------------------------------
phase demo inroot /root/memscope "make demo"
DEMO_RC=$?
# The check's output is also kept in the root, complete once make returns,
# for its final "N passed, N failed, N skipped" line.
phase check inroot /root/memscope \
	"set -o pipefail; make check 2>&1 | tee /root/check-fresh.out"
CHECK_RC=$?
TOTALS=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' \
	"$ROOT/root/check-fresh.out" 2>/dev/null | tail -n1)

echo
say "summary (commit $(git -C "$TOP" rev-parse --short HEAD), root $ROOT)"
for i in "${!PHASES[@]}"; do
	printf 'check-fresh:   %-12s %6s s  status %s\n' \
		"${PHASES[i]}" "${TIMES[i]}" "${RESULTS[i]}"
done
say "make check: ${TOTALS:-no 'N passed, N failed, N skipped' line}"
say "log: $LOG"
if [ "$DEMO_RC" -eq 0 ] && [ "$CHECK_RC" -eq 0 ] && [ -n "$TOTALS" ]; then
	say "PASS: make demo and make check work on a fresh $SUITE root"
	exit 0
fi
say "FAIL: make demo status $DEMO_RC, make check status $CHECK_RC"
exit 1
