#!/usr/bin/env bash
# Lab for LPIC-3 305-300 objective 351.2: write xl domain configurations and,
# on a real Xen dom0, let xl parse them without starting anything.
# Safe: files go to a temporary directory; no domain is created.
set -euo pipefail

workdir=$(mktemp -d)
trap 'rm -rf -- "${workdir:?}"' EXIT
cd "$workdir"

# ANCHOR: pv-guest
# A paravirtualized guest: Xen loads the kernel named in the file directly.
cat > pv-guest.cfg <<'CFG'
name    = "pv-guest"
type    = "pv"
kernel  = "/var/lib/xen/images/vmlinuz"
ramdisk = "/var/lib/xen/images/initrd.img"
extra   = "console=hvc0"
root    = "/dev/xvda1 ro"
memory  = 1024
maxmem  = 2048
vcpus   = 2
disk    = [ "format=raw, vdev=xvda, access=rw, target=/dev/vg0/pv-guest" ]
vif     = [ "mac=00:16:3e:00:00:01, bridge=xenbr0" ]
on_crash = "restart"
CFG
# ANCHOR_END: pv-guest

# ANCHOR: hvm-guest
# A fully virtualized guest: firmware boots from the emulated disk or CD,
# QEMU in dom0 provides the device model.
cat > hvm-guest.cfg <<'CFG'
name    = "hvm-guest"
type    = "hvm"
memory  = 2048
vcpus   = 2
disk    = [ "format=qcow2, vdev=hda, access=rw, target=/var/lib/xen/images/hvm-guest.qcow2",
            "format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/srv/iso/installer.iso" ]
vif     = [ "model=e1000, bridge=xenbr0" ]
boot    = "dc"
vnc     = 1
vnclisten = "127.0.0.1"
serial  = "pty"
CFG
# ANCHOR_END: hvm-guest

ls -l "$workdir"

# ANCHOR: dry-run
# Only on a Xen dom0 (the control domain) does xl have a hypervisor to talk to.
if command -v xl >/dev/null 2>&1 && grep -qs control_d /proc/xen/capabilities; then
    xl info | grep -E '^(xen_version|total_memory|free_memory|nr_cpus)'
    xl list
    # -n (dry run) parses the file and prints the resulting domain config
    xl create -n pv-guest.cfg
    xentop -b -i 1
else
    echo "not a Xen dom0: config files written, nothing passed to xl"
fi
# ANCHOR_END: dry-run
