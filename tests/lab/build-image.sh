#!/bin/bash
# Build the lab image mailharden-lab/FLAVOR:RELEASE from Debian's mirror.
# No image registry is reachable, so the root file system comes from
# debootstrap and is imported as a single-layer image.
# Usage: build-image.sh RELEASE FLAVOR [--force]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOCKER=${DOCKER:-/usr/bin/docker}
MIRROR=${MAILHARDEN_LAB_MIRROR:-http://deb.debian.org/debian}

say() { echo "build-image: $*" >&2; }
die() { echo "build-image: ERROR: $*" >&2; exit 1; }

[ $# -ge 2 ] || die "usage: $0 RELEASE FLAVOR [--force]"
RELEASE=$1 FLAVOR=$2 FORCE=${3:-}
IMAGE="mailharden-lab/$FLAVOR:$RELEASE"
FDIR="$HERE/flavors/$FLAVOR"
[ -f "$FDIR/packages" ] && [ -f "$FDIR/setup.sh" ] || die "unknown flavor $FLAVOR (no $FDIR/packages or setup.sh)"

# The cache key: an image is reused only if it was built from this very recipe (this
# script, the flavor's package lists and build hook), so a changed recipe rebuilds it. The
# start scripts (lab-start, the flavor's setup.sh) are not part of it: every container gets
# the repository's copies bind-mounted over the image's, so changing them needs no rebuild.
RECIPE=$(cat "$0" "$FDIR"/packages* $( [ -f "$FDIR/build.sh" ] && echo "$FDIR/build.sh") | sha256sum | cut -c1-16)
if [ "$FORCE" != "--force" ] && [ "$("$DOCKER" image inspect -f \
    '{{index .Config.Labels "org.mailharden.lab.recipe"}}' "$IMAGE" 2>/dev/null)" = "$RECIPE" ]; then
  say "$IMAGE present (recipe $RECIPE)"
  exit 0
fi

ROOT=$(mktemp -d /var/tmp/mailharden-lab-rootfs.XXXXXX)
# mktemp makes it 0700: as the chroot's "/" that hides /etc/passwd from
# daemons that dropped root (exim4-config's postinst fails), and the image's
# "/" would inherit the mode.
chmod 0755 "$ROOT"
cleanup() {
  # debootstrap mounts proc/sys inside; an interrupted run can leave them.
  # Unmount before deleting so rm never walks into the host's /proc or /sys.
  local m
  for m in $(grep -o " $ROOT/[^ ]*" /proc/mounts | sort -r || true); do umount -l "$m" || true; done
  rm -rf --one-file-system "$ROOT" "$ROOT.debootstrap.log"
}
trap cleanup EXIT

start=$SECONDS
# packages: the flavor's list, plus packages.RELEASE where a release needs more.
PKGS=$({ cat "$FDIR/packages"; cat "$FDIR/packages.$RELEASE" 2>/dev/null || true; } | grep -v '^[[:space:]]*\(#\|$\)' | tr '\n' ' ')
say "debootstrap $RELEASE ($FLAVOR): $PKGS"
# A private UTS namespace with a neutral hostname: postinst scripts write the
# build machine's hostname into stock configs (postfix, exim dc_other_hostnames,
# /etc/mailname); this keeps the images identical anywhere. Its name must
# resolve inside the target (exim4-config's postinst asks for the FQDN), and
# debootstrap keeps an existing /etc/hostname and /etc/hosts.
mkdir -p "$ROOT/etc"
echo lab-build.mailharden.test >"$ROOT/etc/hostname"
printf '127.0.0.1\tlocalhost\n127.0.1.1\tlab-build.mailharden.test lab-build\n' >"$ROOT/etc/hosts"
in_uts() { unshare --uts sh -c 'hostname lab-build.mailharden.test && exec "$@"' sh "$@"; }
# Two stages: debootstrap resolves alternatives naively (trixie's cron pulls
# systemd and fails), so the products are installed by apt inside the chroot.
in_uts debootstrap --variant=minbase "$RELEASE" "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 || {
    tail -n 20 "$ROOT.debootstrap.log" >&2; grep -m1 -B30 -A5 "dpkg: error" "$ROOT/debootstrap/debootstrap.log" >&2 || true
    die "debootstrap failed"; }
say "debootstrap took $((SECONDS - start)) s"
# No daemon may start inside the build chroot (it would bind the machine's ports).
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"
mount -t proc proc "$ROOT/proc"
# shellcheck disable=SC2086
in_uts chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive sh -c \
  "apt-get update -q && apt-get install -y -q --no-install-recommends $PKGS && apt-get clean" \
  >"$ROOT.debootstrap.log" 2>&1 || { tail -n 40 "$ROOT.debootstrap.log" >&2; die "apt-get install failed"; }
umount "$ROOT/proc"
rm -f "$ROOT/usr/sbin/policy-rc.d" "$ROOT.debootstrap.log"
say "packages installed after $((SECONDS - start)) s"

# Lab start scripts: the common part and the flavor's part.
install -m 0755 "$HERE/lab-start" "$ROOT/usr/local/sbin/lab-start"
install -d "$ROOT/usr/local/lib/mailharden-lab"
install -m 0644 "$FDIR/setup.sh" "$ROOT/usr/local/lib/mailharden-lab/flavor-setup.sh"
printf 'release=%s\nflavor=%s\nbuilt=%s\n' "$RELEASE" "$FLAVOR" "$(date -u +%FT%TZ)" \
  >"$ROOT/etc/mailharden-lab-release"

# Host keys baked into the image would be shared by every container of it:
# lab-start generates fresh ones per container.
rm -f "$ROOT"/etc/ssh/ssh_host_*

# Users: admin (sudo, password required) and the mail user alice.
chroot "$ROOT" /bin/sh -e -c '
  id admin >/dev/null 2>&1 || useradd -m -s /bin/bash -G sudo admin
  id alice >/dev/null 2>&1 || useradd -m -s /bin/bash alice
  printf "admin:admin-lab-pw\nalice:alice-lab-pw\n" | chpasswd
'
# Flavor-specific build steps (optional hook in the flavor folder).
if [ -f "$FDIR/build.sh" ]; then
  ROOT="$ROOT" RELEASE="$RELEASE" bash "$FDIR/build.sh"
fi

# Smaller image: downloaded .debs and apt lists are not needed.
rm -rf "$ROOT"/var/cache/apt/archives/*.deb "$ROOT"/var/lib/apt/lists/*_Packages

OLD_ID=$("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
say "importing $IMAGE"
tar -C "$ROOT" --numeric-owner -c . |
  "$DOCKER" import \
    --change 'CMD ["/usr/local/sbin/lab-start"]' \
    --change "LABEL org.mailharden.lab.release=$RELEASE org.mailharden.lab.flavor=$FLAVOR org.mailharden.lab.recipe=$RECIPE" \
    --change "ENV LAB_RELEASE=$RELEASE LAB_FLAVOR=$FLAVOR" \
    - "$IMAGE" >/dev/null
# --force: drop the image this one replaces (fails harmlessly while in use).
if [ -n "$OLD_ID" ] && [ "$OLD_ID" != "$("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE")" ]; then
  "$DOCKER" rmi "$OLD_ID" >/dev/null 2>&1 || true
fi
say "$IMAGE built in $((SECONDS - start)) s"
