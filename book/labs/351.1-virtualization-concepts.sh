#!/usr/bin/env bash
# Lab for LPIC-3 305-300 objective 351.1: is this host able to run
# hardware-assisted virtual machines, and is it itself a virtual machine?
# Read-only: the script changes nothing and does not need root.
set -euo pipefail

# ANCHOR: cpu-flags
# vmx = Intel VT-x, svm = AMD-V. grep -c counts the logical CPUs that list the flag.
vt_cpus=$(grep -Ec '^flags.*\b(vmx|svm)\b' /proc/cpuinfo || true)
echo "logical CPUs advertising vmx/svm: ${vt_cpus}"
grep -Eow 'vmx|svm' /proc/cpuinfo | sort -u || echo "no vmx/svm flag: KVM will not work here"
# ANCHOR_END: cpu-flags

# ANCHOR: more-flags
# ept/npt: second-level address translation (faster guest memory handling).
# hypervisor: set by the CPU model a hypervisor gives its guests.
for flag in ept npt hypervisor; do
    if grep -qw "$flag" /proc/cpuinfo; then
        echo "flag present: $flag"
    else
        echo "flag absent:  $flag"
    fi
done
# ANCHOR_END: more-flags

# ANCHOR: kvm-device
# Is the KVM kernel side loaded, and can this user open /dev/kvm?
if [ -e /dev/kvm ]; then
    ls -l /dev/kvm
    if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
        echo "this user can use /dev/kvm"
    else
        echo "no access to /dev/kvm: join the kvm group (or run as root)"
    fi
else
    echo "/dev/kvm missing: load kvm_intel or kvm_amd, or enable VT in the firmware"
fi
grep -E '^kvm' /proc/modules 2>/dev/null | cut -d' ' -f1 || true
# ANCHOR_END: kvm-device

# ANCHOR: am-i-virtual
# Which hypervisor (or container manager) is this system running under?
if command -v systemd-detect-virt >/dev/null 2>&1; then
    echo "systemd-detect-virt: $(systemd-detect-virt || true)"
fi
if command -v lscpu >/dev/null 2>&1; then
    lscpu | grep -Ei 'virtuali[sz]ation|hypervisor vendor' || true
fi
# ANCHOR_END: am-i-virtual
