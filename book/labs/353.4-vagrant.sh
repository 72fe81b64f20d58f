#!/usr/bin/env bash
# Lab 353.4 - a two-machine Vagrant project with file and shell provisioners.
#
# By default the script writes the project and runs the commands that start
# nothing: vagrant validate, vagrant status and vagrant box list. Set LAB_UP=1
# to bring the "web" machine up (this downloads the debian/bookworm64 box and
# needs a provider: libvirt via the vagrant-libvirt plugin, or VirtualBox); the
# machine is destroyed again at the end.
set -euo pipefail

command -v vagrant >/dev/null || { echo "vagrant is not installed" >&2; exit 1; }
workdir=$(mktemp -d)
trap 'rm -rf -- "${workdir:?}"' EXIT
cd "$workdir"
mkdir -p provision

# ANCHOR: vagrantfile
cat > Vagrantfile <<'RUBY'
# -*- mode: ruby -*-
Vagrant.configure("2") do |config|
  # Settings for every machine
  config.vm.box = "debian/bookworm64"
  config.vm.box_check_update = false
  # rsync works with every provider; it copies at "vagrant up" and "vagrant reload"
  config.vm.synced_folder ".", "/vagrant", type: "rsync", rsync__exclude: [".vagrant/"]

  config.vm.provider "libvirt" do |lv|
    lv.memory = 1024
    lv.cpus = 1
  end
  config.vm.provider "virtualbox" do |vb|
    vb.memory = 1024
    vb.cpus = 1
  end

  config.vm.define "web", primary: true do |web|
    web.vm.hostname = "web"
    web.vm.network "private_network", ip: "192.168.56.10"
    web.vm.network "forwarded_port", guest: 80, host: 8080, host_ip: "127.0.0.1"
    web.vm.provision "file", source: "index.html", destination: "/tmp/index.html"
    web.vm.provision "shell", inline: <<-SHELL
      apt-get update -q
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx
      install -m 0644 /tmp/index.html /var/www/html/index.html
    SHELL
  end

  config.vm.define "db", autostart: false do |db|
    db.vm.hostname = "db"
    db.vm.network "private_network", ip: "192.168.56.11"
    db.vm.provision "shell", path: "provision/db.sh", args: ["labdb"]
    db.vm.provision "shell", run: "always", inline: "uptime"
  end
end
RUBY
# ANCHOR_END: vagrantfile

# ANCHOR: files
echo '<h1>Served from a Vagrant machine</h1>' > index.html
cat > provision/db.sh <<'SH'
#!/bin/sh
# Runs as root inside the "db" machine; $1 is the database name.
set -eu
apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
su - postgres -c "createdb $1" || true
SH
# ANCHOR_END: files

# ANCHOR: check
vagrant version || true        # installed version (and the latest, if online)
vagrant validate               # parse the Vagrantfile and check its settings
vagrant status                 # both machines: "not created"
vagrant box list || true       # boxes already in ~/.vagrant.d/boxes
# ANCHOR_END: check

# ANCHOR: up
if [ "${LAB_UP:-0}" = 1 ]; then
    vagrant up web                      # db has autostart: false anyway
    vagrant ssh web -c 'hostname; ip -brief address'
    curl -fsS http://127.0.0.1:8080/ || true
    vagrant provision web --provision-with shell
    vagrant destroy -f
fi
# ANCHOR_END: up
