#!/usr/bin/env bash
# Lab for LPIC-3 305-300 objective 351.5: create, convert, layer, resize and
# inspect virtual disk images; optionally look inside one with libguestfs.
# Safe: all images live in a temporary directory that is removed at the end.
# Needs: qemu-img. Optional: guestfish, virt-filesystems, virt-cat (libguestfs).
set -euo pipefail

workdir=$(mktemp -d)
trap 'rm -rf -- "${workdir:?}"' EXIT
cd "$workdir"

# ANCHOR: create
# A raw image is a plain (sparse) file; qcow2 has a header and grows on demand.
qemu-img create -f raw base.raw 256M
qemu-img create -f qcow2 -o cluster_size=64k,preallocation=metadata thin.qcow2 256M
ls -ls base.raw thin.qcow2        # first column: blocks really allocated
# ANCHOR_END: create

# ANCHOR: convert
# raw -> qcow2 (compressed) and qcow2 -> VMDK for a VMware-based hypervisor.
qemu-img convert -f raw -O qcow2 -c base.raw base.qcow2
qemu-img convert -f qcow2 -O vmdk -o subformat=streamOptimized base.qcow2 base.vmdk
qemu-img info base.vmdk | grep -E '^(file format|virtual size)'
# ANCHOR_END: convert

# ANCHOR: overlay
# A copy-on-write overlay: base.qcow2 stays untouched, changes land in vm1.qcow2.
# -F (backing format) is mandatory since QEMU 6.1.
qemu-img create -f qcow2 -b base.qcow2 -F qcow2 vm1.qcow2
qemu-img info --backing-chain vm1.qcow2 | grep -E '^(image|backing file|file format)'
# ANCHOR_END: overlay

# ANCHOR: maintain
qemu-img resize vm1.qcow2 +256M       # grow the virtual disk (not the filesystem!)
qemu-img check vm1.qcow2              # consistency check (qcow2, qed, vdi, ...)
qemu-img snapshot -c pristine vm1.qcow2   # internal snapshot inside the overlay
qemu-img snapshot -l vm1.qcow2
qemu-img measure -O qcow2 base.raw    # space needed for a conversion
# ANCHOR_END: maintain

# ANCHOR: guestfs
# libguestfs starts a small appliance VM; this can take a few seconds.
if command -v guestfish >/dev/null 2>&1; then
    qemu-img create -f qcow2 fs.qcow2 128M
    guestfish --rw -a fs.qcow2 <<'GF'
run
part-disk /dev/sda mbr
mkfs ext4 /dev/sda1
mount /dev/sda1 /
mkdir /etc
write /etc/hostname "lab351\n"
GF
    virt-filesystems -a fs.qcow2 --long --all -h
    virt-cat -a fs.qcow2 -m /dev/sda1 /etc/hostname
else
    echo "libguestfs tools not installed: skipping the guestfish part"
fi
# ANCHOR_END: guestfs
