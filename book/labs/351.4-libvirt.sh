#!/usr/bin/env bash
# Lab for LPIC-3 305-300 objective 351.4: a storage pool, a volume, a domain
# and a snapshot, all managed through virsh.
# Safe: run it as an ordinary user. It then talks to that user's private
# libvirt instance (qemu:///session), keeps every file in a temporary directory
# and removes what it defined on exit.
# Needs: virsh, the libvirt QEMU driver, qemu-system-x86_64 and qemu-img.
set -euo pipefail

# For root, qemu:///session is served by the system instance: refuse.
if [ "$(id -u)" -eq 0 ]; then
    echo "run this lab as an unprivileged user" >&2
    exit 1
fi

# ANCHOR: connect
# Every virsh call below uses this URI unless -c says otherwise.
export LIBVIRT_DEFAULT_URI=qemu:///session
virsh uri
virsh version
# ANCHOR_END: connect

workdir=$(mktemp -d)
cleanup() {
    virsh destroy lab351 >/dev/null 2>&1 || true
    virsh undefine lab351 --snapshots-metadata >/dev/null 2>&1 || true
    virsh pool-destroy lab351-pool >/dev/null 2>&1 || true
    virsh pool-undefine lab351-pool >/dev/null 2>&1 || true
    rm -rf -- "${workdir:?}"
}
trap cleanup EXIT

# ANCHOR: pool
# A directory-backed pool: define it, create the directory, start it.
virsh pool-define-as lab351-pool dir --target "$workdir/pool"
virsh pool-build lab351-pool
virsh pool-start lab351-pool
virsh pool-list --all
# A 1 GiB thin qcow2 volume inside the pool.
virsh vol-create-as lab351-pool lab351.qcow2 1G --format qcow2
virsh vol-list lab351-pool --details
disk=$(virsh vol-path lab351.qcow2 --pool lab351-pool)
# ANCHOR_END: pool

# Use KVM when this user can open /dev/kvm, plain QEMU emulation otherwise.
domtype=qemu
if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then domtype=kvm; fi

# ANCHOR: domain-xml
cat > "$workdir/lab351.xml" <<XML
<domain type='$domtype'>
  <name>lab351</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <boot dev='hd'/>
  </os>
  <devices>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='$disk'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <graphics type='vnc' autoport='yes' listen='127.0.0.1'/>
  </devices>
</domain>
XML
# ANCHOR_END: domain-xml

# ANCHOR: define-start
virsh define "$workdir/lab351.xml"
virsh dominfo lab351
virsh start lab351
virsh domstate --reason lab351
virsh domstats lab351 --state --balloon --vcpu
# ANCHOR_END: define-start

# ANCHOR: snapshot
# Internal snapshot of the running domain (memory + disk, stored in the qcow2).
virsh snapshot-create-as lab351 clean "state right after first boot"
virsh snapshot-list lab351
virsh snapshot-revert lab351 clean
virsh snapshot-delete lab351 clean
# ANCHOR_END: snapshot

# ANCHOR: stop
virsh destroy lab351          # pull the virtual power plug
virsh undefine lab351         # forget the definition (the volume stays)
virsh vol-delete lab351.qcow2 --pool lab351-pool
# ANCHOR_END: stop
