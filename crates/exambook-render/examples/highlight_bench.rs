//! What build-time highlighting costs: syntect throughput (MB/s, one thread) for every language
//! the LPIC guide uses, on samples repeated to about 256 KB each, then for all of them together.
//!
//! `cargo run --release -p exambook-render --example highlight_bench`
use std::time::Instant;

use exambook_render::highlight::{LineOptions, highlight, language, syntax_name};

const SAMPLES: &[(&str, &str)] = &[
    (
        "bash",
        "#!/bin/bash\n# start every VM\nfor vm in $(virsh list --name --inactive); do\n  virsh start \"$vm\" && echo \"started $vm\" >> /var/log/vms.log\ndone\nexport LIBVIRT_DEFAULT_URI=qemu:///system\n",
    ),
    (
        "console",
        "$ virsh list --all\n Id   Name   State\n----------------------\n 1    vm1    running\n# qemu-img info disk.qcow2\nimage: disk.qcow2\nfile format: qcow2\n",
    ),
    (
        "yaml",
        "#cloud-config\nusers:\n  - name: admin\n    groups: [sudo, docker]\n    ssh_authorized_keys:\n      - \"ssh-ed25519 AAAA... admin@host\"\npackages: [qemu-guest-agent]\n",
    ),
    (
        "json",
        "{\n  \"builders\": [{\"type\": \"qemu\", \"disk_size\": 10240, \"headless\": true}],\n  \"provisioners\": [{\"type\": \"shell\", \"inline\": [\"apt-get update\"]}]\n}\n",
    ),
    (
        "toml",
        "[book]\ntitle = \"LPIC-3\"\nauthors = [\"A\", \"B\"]\n\n[exam]\nquestions = 60 # total\n",
    ),
    (
        "ini",
        "[Unit]\nDescription=QEMU guest agent\nAfter=network.target\n\n[Service]\nExecStart=/usr/bin/qemu-ga --method=virtio-serial\n",
    ),
    (
        "xml",
        "<domain type='kvm'>\n  <name>vm1</name>\n  <memory unit='MiB'>2048</memory>\n  <devices><disk type='file' device='disk'><source file='/var/lib/libvirt/images/vm1.qcow2'/></disk></devices>\n</domain>\n",
    ),
    (
        "dockerfile",
        "FROM debian:13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx \\\n    && rm -rf /var/lib/apt/lists/*\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
    ),
    (
        "hcl",
        "resource \"libvirt_domain\" \"vm\" {\n  name   = \"vm1\"\n  memory = 2048\n  vcpu   = 2\n  disk { volume_id = libvirt_volume.root.id }\n}\n",
    ),
    (
        "powershell",
        "# list the running VMs\nGet-VM | Where-Object { $_.State -eq 'Running' } | ForEach-Object {\n    Write-Host \"VM: $($_.Name)\"\n}\n",
    ),
    (
        "python",
        "import libvirt\n\ndef running(uri: str = \"qemu:///system\") -> list[str]:\n    conn = libvirt.open(uri)\n    return [d.name() for d in conn.listAllDomains() if d.isActive()]\n",
    ),
];

fn main() {
    let target = 256 * 1024;
    let opts = LineOptions::default();
    // Load the syntax set outside the timings: it is paid once per process.
    let t = Instant::now();
    let _ = language(Some("bash"));
    println!(
        "syntax set load: {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    );
    let (mut all_bytes, mut all_secs) = (0usize, 0f64);
    println!(
        "{:<12} {:<28} {:>9} {:>9}",
        "language", "syntax", "KB", "MB/s"
    );
    for (lang, sample) in SAMPLES {
        let text = sample.repeat(target / sample.len() + 1);
        let l = language(Some(lang));
        // Highlight per block of ~20 lines, as pages do.
        let blocks: Vec<String> = text
            .lines()
            .collect::<Vec<_>>()
            .chunks(20)
            .map(|c| c.join("\n") + "\n")
            .collect();
        let t = Instant::now();
        let mut out = 0;
        for b in &blocks {
            out += highlight(l, b, &opts).len();
        }
        let secs = t.elapsed().as_secs_f64();
        all_bytes += text.len();
        all_secs += secs;
        println!(
            "{:<12} {:<28} {:>9} {:>9.2}   (html {:.1}x)",
            lang,
            syntax_name(l),
            text.len() / 1024,
            text.len() as f64 / secs / 1e6,
            out as f64 / text.len() as f64
        );
    }
    println!(
        "{:<12} {:<28} {:>9} {:>9.2}",
        "all",
        "",
        all_bytes / 1024,
        all_bytes as f64 / all_secs / 1e6
    );
}
