#!/usr/bin/env bash
# Lab for objective 352.2: system containers with LXD.
#
# Run as a member of the "lxd" group (or as root) on a throw-away lab VM that
# has LXD installed (for example: sudo snap install lxd) and internet access
# to download the Ubuntu image. All objects it creates start with "lab352"
# and are deleted again by the cleanup trap.
set -euo pipefail

command -v lxc >/dev/null || { echo "LXD client 'lxc' not found; install LXD first" >&2; exit 1; }

C=lab352-web          # the container
P=lab352-small        # an extra profile
V=lab352-data         # a custom storage volume
I=lab352-img          # an image alias we publish

cleanup() {
  lxc delete --force "$C" 2>/dev/null || true
  lxc storage volume delete default "$V" 2>/dev/null || true
  lxc profile delete "$P" 2>/dev/null || true
  lxc image delete "$I" 2>/dev/null || true
}
trap cleanup EXIT

# ANCHOR: init
# First use only: a non-interactive init creates the "default" storage
# pool (dir driver) and the lxdbr0 bridge with NAT.
if ! lxc storage show default >/dev/null 2>&1; then
  sudo lxd init --auto
fi
lxc storage list
lxc network list
lxc profile show default
# ANCHOR_END: init

# ANCHOR: launch
lxc launch ubuntu:24.04 "$C"
lxc list "$C"
lxc exec "$C" -- head -n 2 /etc/os-release
lxc exec "$C" -- ps -e -o pid,comm | head -n 5   # a full init system runs inside
# ANCHOR_END: launch

# ANCHOR: limits
lxc config set "$C" limits.cpu=1 limits.memory=256MiB limits.processes=200
lxc exec "$C" -- nproc
lxc exec "$C" -- free -m
lxc config get "$C" limits.memory
# ANCHOR_END: limits

# ANCHOR: profile
lxc profile create "$P"
lxc profile set "$P" limits.memory=128MiB
lxc profile add "$C" "$P"
# the key set directly on the instance still wins over the profile:
lxc config show --expanded "$C" | grep -E 'limits|profiles' -A2
lxc profile remove "$C" "$P"
# ANCHOR_END: profile

# ANCHOR: storage-net
lxc storage volume create default "$V"
lxc storage volume attach default "$V" "$C" data /srv/data
lxc exec "$C" -- df -h /srv/data
# forward 127.0.0.1:8352 on the host to port 80 in the container
lxc config device add "$C" web proxy listen=tcp:127.0.0.1:8352 connect=tcp:127.0.0.1:80
lxc config device show "$C"
lxc network info lxdbr0 | head -n 12
# ANCHOR_END: storage-net

# ANCHOR: snapshot
lxc snapshot "$C" clean
lxc exec "$C" -- touch /root/oops
lxc restore "$C" clean
lxc exec "$C" -- ls -la /root          # "oops" is gone again
lxc publish "$C/clean" --alias "$I"
lxc image list "$I"
# ANCHOR_END: snapshot

echo "lab 352.2 finished; cleaning up"
