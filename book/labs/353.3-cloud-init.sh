#!/usr/bin/env bash
# Lab 353.3 - write cloud-init user-data, validate it and pack it into a
# NoCloud seed image (and, for comparison, an OpenStack-style config drive).
#
# Needs: cloud-init (for "cloud-init schema"), cloud-image-utils (cloud-localds)
# or genisoimage. Booting a VM is optional: set LAB_IMAGE to a downloaded
# cloud image (qcow2) and the script starts it with QEMU/KVM at the end.
# All files are written to a temporary directory that is removed on exit.
set -euo pipefail

workdir=$(mktemp -d)
trap 'rm -rf -- "${workdir:?}"' EXIT
cd "$workdir"

# A throw-away key pair so that the user-data contains a real public key.
ssh-keygen -q -t ed25519 -N '' -C lab353 -f ./lab_key
pubkey=$(cat ./lab_key.pub)

# ANCHOR: user-data
cat > user-data <<'YAML'
#cloud-config
# The first line must be exactly "#cloud-config" or the file is not parsed.
hostname: lab353
fqdn: lab353.example.test
manage_etc_hosts: true
timezone: Etc/UTC

users:
  - default                      # keep the distribution's default user
  - name: ops
    gecos: Lab operator
    groups: [adm, sudo]
    shell: /bin/bash
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    lock_passwd: true            # key-only login
    ssh_authorized_keys:
      - @PUBKEY@
ssh_pwauth: false
disable_root: true

growpart:                        # grow the root partition to the disk size
  mode: auto
  devices: ["/"]
resize_rootfs: true              # ... and then the file system in it

disk_setup:                      # partition a second disk, if there is one
  /dev/vdb:
    table_type: gpt
    layout: true
    overwrite: false
fs_setup:
  - label: data
    filesystem: ext4
    device: /dev/vdb
    partition: auto
mounts:
  - [/dev/vdb1, /srv/data, ext4, "defaults,nofail", "0", "2"]

package_update: true
packages:
  - qemu-guest-agent
  - nginx

write_files:
  - path: /etc/motd
    permissions: "0644"
    content: |
      Provisioned by cloud-init (LPIC-3 lab 353.3)

runcmd:
  - [systemctl, enable, --now, qemu-guest-agent]
  - echo "first boot of $(hostname) done" > /var/tmp/lab353.txt

final_message: "cloud-init done after $UPTIME seconds"
YAML
sed -i "s|@PUBKEY@|${pubkey}|" user-data
# ANCHOR_END: user-data

# ANCHOR: meta-data
cat > meta-data <<'YAML'
instance-id: lab353-0001
local-hostname: lab353
YAML

cat > network-config <<'YAML'
version: 2
ethernets:
  primary:
    match:
      name: "e*"
    dhcp4: true
YAML
# ANCHOR_END: meta-data

# ANCHOR: validate
if command -v cloud-init >/dev/null; then
    cloud-init schema --config-file user-data
else
    echo "cloud-init not installed here: skipping schema validation"
fi
# ANCHOR_END: validate

# ANCHOR: seed
if command -v cloud-localds >/dev/null; then
    cloud-localds -v --network-config=network-config seed.iso user-data meta-data
else
    # The same thing by hand: an ISO 9660 image whose volume label is "cidata".
    genisoimage -quiet -output seed.iso -volid cidata -joliet -rock \
        user-data meta-data network-config
fi
blkid seed.iso || file seed.iso
# ANCHOR_END: seed

# ANCHOR: config-drive
# An OpenStack-format config drive: volume label "config-2" and JSON metadata.
mkdir -p cfgdrive/openstack/latest
cp user-data cfgdrive/openstack/latest/user_data
cat > cfgdrive/openstack/latest/meta_data.json <<'JSON'
{"uuid": "lab353-0002", "hostname": "lab353b", "name": "lab353b"}
JSON
genisoimage -quiet -output config-drive.iso -volid config-2 -joliet -rock cfgdrive
# ANCHOR_END: config-drive

ls -l ./*.iso

# ANCHOR: boot
if [ -n "${LAB_IMAGE:-}" ]; then
    # An overlay keeps the downloaded image untouched; 10G lets growpart work.
    qemu-img create -q -f qcow2 -F qcow2 -b "$(realpath "$LAB_IMAGE")" vm.qcow2 10G
    qemu-img create -q -f qcow2 data.qcow2 2G
    echo "Log in from another terminal: ssh -i $workdir/lab_key -p 2222 ops@127.0.0.1"
    echo "Leave the console with Ctrl-a x."
    qemu-system-x86_64 -enable-kvm -m 1024 -smp 2 -nographic \
        -drive file=vm.qcow2,if=virtio \
        -drive file=data.qcow2,if=virtio \
        -drive file=seed.iso,media=cdrom,readonly=on \
        -nic user,model=virtio-net-pci,hostfwd=tcp:127.0.0.1:2222-:22
fi
# ANCHOR_END: boot
