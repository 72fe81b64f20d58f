#!/usr/bin/env bash
# Lab for LPIC-3 305-300 objective 351.3: boot a (diskless-OS) QEMU machine,
# drive it through the QEMU monitor and take an internal snapshot.
# Safe: everything lives in a temporary directory; the VM has no network.
# Needs: qemu-system-x86_64 and qemu-img. KVM is used when /dev/kvm is usable.
set -euo pipefail

workdir=$(mktemp -d)
trap 'rm -rf -- "${workdir:?}"' EXIT
cd "$workdir"

# ANCHOR: create-disk
# qcow2 is required for internal snapshots (savevm); 1 GiB virtual, sparse.
qemu-img create -f qcow2 lab.qcow2 1G
qemu-img info lab.qcow2
# ANCHOR_END: create-disk

# ANCHOR: monitor
# The monitor is on stdio, so the commands below are typed into it one by one.
# The guest firmware finds no OS on the empty disk; that does not matter here.
# -accel kvm -accel tcg: use KVM if it initialises, otherwise fall back to TCG.
# The final grep hides the monitor's echo of each typed "(qemu) ..." line.
printf '%s\n' 'info status' 'savevm before-change' 'info snapshots' \
    'stop' 'info status' 'cont' 'quit' |
qemu-system-x86_64 \
    -name lab351 \
    -accel kvm -accel tcg -cpu max \
    -m 256 -smp 1 \
    -drive file=lab.qcow2,format=qcow2,if=virtio \
    -nic none \
    -display none -serial none \
    -monitor stdio |
grep -av '^(qemu)'
# ANCHOR_END: monitor

# ANCHOR: list-snapshots
# The snapshot (VM state plus disk state) is stored inside the qcow2 file.
qemu-img snapshot -l lab.qcow2
# ANCHOR_END: list-snapshots

# ANCHOR: tap-bridge
# Bridge + tap networking needs root. To leave the host untouched, it is
# built inside a throw-away network namespace (unshare -n) and vanishes after.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null 2>&1; then
    unshare -n sh -c '
        ip link add name br0 type bridge
        ip tuntap add dev tap0 mode tap
        ip link set tap0 master br0
        ip link set br0 up
        ip link set tap0 up
        ip -br link show
        if command -v brctl >/dev/null 2>&1; then brctl show; fi
    '
else
    echo "skipping the bridge/tap part: run as root to try it"
fi
# ANCHOR_END: tap-bridge
