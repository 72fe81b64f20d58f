#!/usr/bin/env bash
# Lab 353.2 - a Packer HCL2 template that turns the Debian 12 cloud image into
# a customised qcow2 image and a Vagrant box for the libvirt provider.
#
# By default the script only writes the template and runs the checks that need
# no VM: packer init, fmt, validate and inspect. Set LAB_BUILD=1 to really
# build (needs KVM, xorriso or mkisofs, network access and a few GB of
# disk); the work directory is then kept so that you can use the results.
set -euo pipefail

command -v packer >/dev/null || { echo "packer is not installed" >&2; exit 1; }
workdir=$(mktemp -d)
if [ "${LAB_BUILD:-0}" = 1 ]; then
    echo "Results will stay in $workdir"
else
    trap 'rm -rf -- "${workdir:?}"' EXIT
fi
cd "$workdir"
mkdir -p seed scripts

# ANCHOR: template
cat > debian12.pkr.hcl <<'HCL'
packer {
  required_version = ">= 1.10.0"
  required_plugins {
    qemu = {
      source  = "github.com/hashicorp/qemu"
      version = ">= 1.1.0"
    }
    vagrant = {
      source  = "github.com/hashicorp/vagrant"
      version = ">= 1.1.0"
    }
  }
}

variable "image_url" {
  type    = string
  default = "https://cloud.debian.org/images/cloud/bookworm/latest/debian-12-genericcloud-amd64.qcow2"
}

variable "disk_size" {
  type    = string
  default = "8G"
}

locals {
  checksum_url = "https://cloud.debian.org/images/cloud/bookworm/latest/SHA512SUMS"
}

source "qemu" "debian12" {
  iso_url      = var.image_url
  iso_checksum = "file:${local.checksum_url}"
  disk_image   = true
  disk_size    = var.disk_size
  format       = "qcow2"
  accelerator  = "kvm"
  headless     = true
  memory       = 1024
  cpus         = 2

  # NoCloud seed: cloud-init in the image creates the build account from it
  cd_files = ["./seed/user-data", "./seed/meta-data"]
  cd_label = "cidata"

  communicator     = "ssh"
  ssh_username     = "packer"
  ssh_password     = "packer"
  ssh_timeout      = "15m"
  shutdown_command = "sudo shutdown -P now"
  output_directory = "output-debian12"
  vm_name          = "debian12.qcow2"
}

build {
  sources = ["source.qemu.debian12"]

  provisioner "file" {
    source      = "./scripts/motd"
    destination = "/tmp/motd"
  }

  provisioner "shell" {
    execute_command = "sudo sh -c '{{ .Vars }} {{ .Path }}'"
    environment_vars = [
      "DEBIAN_FRONTEND=noninteractive",
    ]
    scripts = ["./scripts/base.sh"]
  }

  post-processor "vagrant" {
    output            = "debian12-{{ .Provider }}.box"
    compression_level = 6
  }
}
HCL
# ANCHOR_END: template

# ANCHOR: seed
cat > seed/user-data <<'YAML'
#cloud-config
users:
  - name: packer
    plain_text_passwd: packer
    lock_passwd: false
    sudo: "ALL=(ALL) NOPASSWD:ALL"
    shell: /bin/bash
ssh_pwauth: true
YAML
printf 'instance-id: packer-build\nlocal-hostname: packer\n' > seed/meta-data
# ANCHOR_END: seed

# ANCHOR: script
printf 'Built with Packer for the LPIC-3 305 labs\n' > scripts/motd
cat > scripts/base.sh <<'SH'
#!/bin/sh
set -eu
install -m 0644 /tmp/motd /etc/motd
apt-get update
apt-get install -y qemu-guest-agent rsync curl
# A "vagrant" account with the well-known insecure key, replaced on first "vagrant up"
useradd -m -s /bin/bash vagrant
echo 'vagrant ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/vagrant
install -d -m 0700 -o vagrant -g vagrant /home/vagrant/.ssh
curl -fsSL https://raw.githubusercontent.com/hashicorp/vagrant/main/keys/vagrant.pub \
    > /home/vagrant/.ssh/authorized_keys
chown vagrant:vagrant /home/vagrant/.ssh/authorized_keys
chmod 0600 /home/vagrant/.ssh/authorized_keys
# Generalise: forget this instance so that every clone runs cloud-init afresh
passwd --lock packer
apt-get clean
cloud-init clean --logs --machine-id --seed
SH
# ANCHOR_END: script

# ANCHOR: check
packer version
packer init .                 # download the plugins named in required_plugins
packer fmt -check -diff .     # report files that are not in canonical style
packer validate .             # syntax, plugin options and variable types
packer inspect debian12.pkr.hcl
# ANCHOR_END: check

# ANCHOR: build
if [ "${LAB_BUILD:-0}" = 1 ]; then
    PACKER_LOG=1 PACKER_LOG_PATH=packer.log \
        packer build -on-error=ask -var 'disk_size=10G' .
    ls -lh output-debian12/ ./*.box
fi
# ANCHOR_END: build
