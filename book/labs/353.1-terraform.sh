#!/usr/bin/env bash
# Lab 353.1 - the Terraform workflow without a cloud account.
#
# The configuration uses only terraform_data, a resource type built into
# Terraform 1.4 and later. It keeps values in the state file like a real
# resource, but creates nothing outside Terraform, so "terraform init" has no
# provider to download and the lab costs nothing. Everything happens in a
# throw-away directory that is deleted when the script ends.
set -euo pipefail

# ANCHOR: setup
command -v terraform >/dev/null || { echo "terraform is not installed" >&2; exit 1; }
workdir=$(mktemp -d)
trap 'rm -rf -- "${workdir:?}"' EXIT
cd "$workdir"
# ANCHOR_END: setup

# ANCHOR: config
cat > main.tf <<'HCL'
terraform {
  required_version = ">= 1.4"
}

variable "vm_names" {
  type        = list(string)
  description = "Names of the machines we want to exist"
  default     = ["web1", "web2"]
}

# One resource instance per name. With a cloud provider this would be
# openstack_compute_instance_v2 or aws_instance instead of terraform_data.
resource "terraform_data" "vm" {
  for_each = toset(var.vm_names)
  input = {
    name   = each.key
    flavor = "m1.small"
  }
}

output "vm_names" {
  value = sort([for vm in terraform_data.vm : vm.output.name])
}
HCL
# ANCHOR_END: config

# ANCHOR: workflow
terraform init -input=false          # prepare .terraform/ and the lock file
terraform fmt -check                 # style check, exits non-zero if a file needs rewriting
terraform validate                   # syntax and type check, no API calls
terraform plan -input=false -out=tfplan
terraform apply -input=false tfplan  # applying a saved plan asks no question
terraform state list                 # what Terraform now tracks
terraform output vm_names
# ANCHOR_END: workflow

# ANCHOR: change
# Change the desired state: with a third name only one instance is to be added.
terraform plan -input=false -var='vm_names=["web1","web2","web3"]'
# ANCHOR_END: change

# ANCHOR: destroy
terraform destroy -input=false -auto-approve
ls -l terraform.tfstate*             # the state file and its backup remain
# ANCHOR_END: destroy
