#!/usr/bin/env bash
# Lab for objective 352.1: look at the kernel building blocks of containers
# (namespaces, cgroups v2, capabilities) with ordinary Linux tools.
#
# Run it as root on a throw-away lab VM:   sudo bash labs/352.1-namespaces.sh
# Needs: util-linux (unshare, nsenter, lsns), iproute2 (ip), procps (ps),
#        libcap2-bin on Debian/Ubuntu or libcap on Fedora/RHEL (capsh).
# Everything it creates (a netns, a veth pair, a cgroup, a temp dir) is
# removed again by the cleanup trap.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "please run this lab as root (sudo bash $0)" >&2
  exit 1
fi

WORK=$(mktemp -d /tmp/lab352-1.XXXXXX)
NS=lab352                      # name of our network namespace
CG=/sys/fs/cgroup/lab352       # our private cgroup (cgroup v2 only)

cleanup() {
  ip netns delete "$NS" 2>/dev/null || true
  ip link delete veth-host 2>/dev/null || true
  if [ -d "$CG" ]; then rmdir "$CG" 2>/dev/null || true; fi
  rm -rf -- "${WORK:?}"
}
trap cleanup EXIT

# ANCHOR: inspect-ns
echo "== namespaces of this shell (PID $$) =="
ls -l /proc/$$/ns
echo "== the same net namespace seen from PID 1? =="
readlink /proc/1/ns/net /proc/$$/ns/net || true
echo "== every net and pid namespace on the host =="
lsns -t net -t pid
# ANCHOR_END: inspect-ns

# ANCHOR: unshare
echo "== private UTS namespace: the new hostname never leaks out =="
unshare --uts sh -c 'hostname lab-ct; echo "inside:  $(hostname)"'
echo "outside: $(hostname)"

echo "== private PID + mount namespace: the shell becomes PID 1 =="
unshare --pid --fork --mount-proc sh -c 'echo "my PID is $$"; ps -o pid,comm'
# ANCHOR_END: unshare

# ANCHOR: netns
echo "== a named network namespace joined to the host by a veth pair =="
ip netns add "$NS"
ip link add veth-host type veth peer name veth-ns
ip link set veth-ns netns "$NS"
ip addr add 10.200.0.1/24 dev veth-host
ip link set veth-host up
ip -n "$NS" addr add 10.200.0.2/24 dev veth-ns
ip -n "$NS" link set lo up
ip -n "$NS" link set veth-ns up
ip netns list
ip netns exec "$NS" ip -brief addr
if command -v ping >/dev/null; then ip netns exec "$NS" ping -c 2 10.200.0.1; fi
# ANCHOR_END: netns

# ANCHOR: nsenter
echo "== park a process in the namespace, then enter it from outside =="
ip netns exec "$NS" sleep 300 &
PID=$!
sleep 1
nsenter --target "$PID" --net ip -brief addr
ip netns identify "$PID"
ip netns pids "$NS"
kill "$PID"
# ANCHOR_END: nsenter

# ANCHOR: cgroup
echo "== cgroup v2: limit a shell and its children to 5 tasks =="
if [ "$(stat -fc %T /sys/fs/cgroup)" = "cgroup2fs" ]; then
  cat /sys/fs/cgroup/cgroup.controllers
  grep -qw pids /sys/fs/cgroup/cgroup.subtree_control \
    || echo +pids > /sys/fs/cgroup/cgroup.subtree_control
  mkdir "$CG"
  echo 5 > "$CG/pids.max"
  # the inner shell moves itself into the cgroup, then tries to start 8 sleepers
  sh -c "echo \$\$ > $CG/cgroup.procs
         for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait" 2>&1 | tail -n 2 || true
  cat "$CG/pids.max" "$CG/pids.events"
  # wait until the surviving sleepers have left, so the cgroup can be removed
  while [ -s "$CG/cgroup.procs" ]; do sleep 0.2; done
else
  echo "this host still mounts cgroup v1 at /sys/fs/cgroup; skipping"
fi
# ANCHOR_END: cgroup

# ANCHOR: caps
echo "== capabilities of this root shell =="
grep -E '^(Cap|NoNewPrivs|Seccomp)' /proc/$$/status
capsh --decode="$(awk '/^CapEff/ {print $2}' /proc/$$/status)"
echo "== Docker's default set, decoded =="
capsh --decode=00000000a80425fb
echo "== drop one capability, then try to use it =="
touch "$WORK/file"
capsh --drop=cap_chown -- -c "chown nobody '$WORK/file'" \
  || echo "chown refused: CAP_CHOWN is gone from the bounding set"
# ANCHOR_END: caps

echo "lab 352.1 finished; cleaning up"
