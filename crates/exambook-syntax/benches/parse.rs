//! Parse throughput on a generated, deterministic ~1 MB set of study-guide pages, next to
//! pulldown-cmark's bare event iteration over the same bytes (same extensions).
//! `cargo bench -p exambook-syntax`. Goal: at least 60 % of bare pulldown-cmark.

use std::hint::black_box;

// The same allocator as the exambook binary, so the figure is what users get.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::time::{Duration, Instant};

/// A tiny deterministic generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "the",
    "hypervisor",
    "guest",
    "domain",
    "virsh",
    "storage",
    "pool",
    "network",
    "bridge",
    "memory",
    "balloon",
    "driver",
    "virtio",
    "migration",
    "snapshot",
    "image",
    "disk",
    "CPU",
    "QEMU",
    "KVM",
    "Xen",
    "libvirt",
    "container",
    "namespace",
    "cgroup",
    "is",
    "a",
    "to",
    "of",
    "and",
    "with",
    "for",
    "on",
    "in",
    "when",
    "candidates",
    "should",
    "know",
    "configure",
];

const INLINE: &[&str] = &[
    "*paravirtualization*",
    "**important**",
    "`virsh list --all`",
    "`/etc/libvirt/qemu.conf`",
    "[the manual](https://libvirt.org/docs.html)",
    "[objective 351.2](../351/351.2.md#xen)",
    "~~deprecated~~",
    "<kbd>Ctrl</kbd>",
    "[^note]",
    "*guest*",
    "`qemu-img create -f qcow2`",
    "**never**",
    "`/dev/kvm`",
    "[KVM](https://www.linux-kvm.org/)",
    "`xl list`",
    "_hypervisor_",
    "`virt-install`",
    "[libvirt](https://libvirt.org)",
    "**Type 1**",
    "https://www.qemu.org",
];

fn sentence(r: &mut Rng) -> String {
    let n = 6 + r.below(14);
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        if r.below(8) == 0 {
            s.push_str(r.pick(INLINE));
        } else {
            s.push_str(r.pick(WORDS));
        }
    }
    s.push('.');
    s
}

fn paragraph(r: &mut Rng) -> String {
    let n = 2 + r.below(4);
    (0..n).map(|_| sentence(r)).collect::<Vec<_>>().join("\n")
}

fn page(r: &mut Rng, i: usize) -> String {
    let mut p = String::new();
    if i.is_multiple_of(2) {
        p.push_str(&format!(
            "+++\ntitle = \"35{}.{} Topic {i}\"\nobjective = \"35{}.{}\"\nweight = {}\ndescription = \"{}\"\nknowledge = [\"{}\", \"{}\"]\ncited = [\"virsh\", \"/etc/xen/\", \"qemu-img\"]\n+++\n\n",
            i % 3 + 1, i % 5 + 1, i % 3 + 1, i % 5 + 1, 1 + i % 8, sentence(r), sentence(r), sentence(r)
        ));
    } else {
        p.push_str(&format!(
            "---\ntitle: 35{}.{} Topic {i}\nweight: {}\nknowledge:\n  - \"{}\"\n  - \"{}\"\n---\n\n",
            i % 3 + 1,
            i % 5 + 1,
            1 + i % 8,
            sentence(r),
            sentence(r)
        ));
    }
    p.push_str(&format!(
        "# Topic {i} {{#topic-{i}}}\n\n{}\n\n",
        paragraph(r)
    ));
    for s in 0..12 {
        p.push_str(&format!("## Section {s}\n\n{}\n\n", paragraph(r)));
        match r.below(10) {
            0 => p.push_str(&format!("> [!TIP]\n> {}\n\n", sentence(r))),
            1 => p.push_str(&format!(
                "!!! exam \"On the exam\"\n    {}\n\n    - {}\n    - {}\n\n",
                sentence(r), sentence(r), sentence(r)
            )),
            2 => p.push_str(&format!(":::warning[Careful]\n{}\n:::\n\n", paragraph(r))),
            3 => p.push_str(&format!(
                "{{% hint style=\"info\" %}}\n{}\n{{% endhint %}}\n\n",
                sentence(r)
            )),
            4 => p.push_str(&format!(
                "<details>\n<summary>Answer</summary>\n\n{}\n\n</details>\n\n",
                sentence(r)
            )),
            5 => p.push_str("```mermaid\nflowchart TD\n  A[Guest] --> B[Hypervisor]\n  B --> C[Hardware]\n```\n\n"),
            _ => {}
        }
        for _ in 0..(2 + r.below(5)) {
            p.push_str(&format!("- {}\n", sentence(r)));
            if r.below(3) == 0 {
                p.push_str(&format!("  - {}\n", sentence(r)));
            }
        }
        p.push('\n');
        if r.below(2) == 0 {
            p.push_str("```sh title=\"Lab\"\nvirsh pool-define-as pool dir --target /var/lib/pool\nvirsh pool-start pool\nvirsh vol-create-as pool disk.qcow2 10G --format qcow2\n```\n\n");
        }
        if r.below(3) == 0 {
            p.push_str("| Command | Purpose |\n| --- | --- |\n");
            for _ in 0..4 {
                p.push_str(&format!("| `{}` | {} |\n", r.pick(WORDS), sentence(r)));
            }
            p.push('\n');
        }
        if r.below(4) == 0 {
            p.push_str(&format!(
                "1. {}\n2. {}\n3. {}\n\n",
                sentence(r),
                sentence(r),
                sentence(r)
            ));
        }
    }
    p.push_str(&format!("[^note]: {}\n", sentence(r)));
    p
}

fn corpus() -> Vec<String> {
    let mut r = Rng(0x5eed);
    let mut pages = Vec::new();
    let mut total = 0;
    let mut i = 0;
    while total < 1_000_000 {
        let p = page(&mut r, i);
        total += p.len();
        pages.push(p);
        i += 1;
    }
    pages
}

fn best(iters: usize, mut f: impl FnMut()) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..iters {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed());
    }
    best
}

fn main() {
    let pages = corpus();
    let bytes: usize = pages.iter().map(String::len).sum();
    let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    let opts = {
        use pulldown_cmark::Options;
        Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_TASKLISTS
            | Options::ENABLE_HEADING_ATTRIBUTES
            | Options::ENABLE_DEFINITION_LIST
            | Options::ENABLE_GFM
    };
    let commonmark = exambook_syntax::ParseOptions {
        extensions: exambook_syntax::Extensions::COMMONMARK,
        ..Default::default()
    };
    // Interleaved rounds, best of each: the machine may be shared, and a slow moment should
    // not count against one side only.
    let (mut ours, mut ours_cm, mut theirs) = (Duration::MAX, Duration::MAX, Duration::MAX);
    for _ in 0..6 {
        theirs = theirs.min(best(3, || {
            for p in &pages {
                pulldown_cmark::Parser::new_ext(black_box(p), opts).for_each(|e| {
                    black_box(e);
                });
            }
        }));
        ours = ours.min(best(3, || {
            for p in &pages {
                black_box(exambook_syntax::parse(black_box(p)));
            }
        }));
        ours_cm = ours_cm.min(best(3, || {
            for p in &pages {
                black_box(exambook_syntax::parse_with(black_box(p), &commonmark));
            }
        }));
    }
    let docs: Vec<_> = pages.iter().map(|p| exambook_syntax::parse(p).0).collect();
    let html = best(10, || {
        for d in &docs {
            black_box(exambook_syntax::html::body(
                &d.blocks,
                &mut exambook_syntax::html::DefaultHooks,
            ));
        }
    });
    let md = best(10, || {
        for d in &docs {
            black_box(exambook_syntax::markdown::write(d, &Default::default()));
        }
    });
    let pct = |d: Duration| 100.0 * theirs.as_secs_f64() / d.as_secs_f64();
    println!(
        "corpus: {} generated study-guide pages, {:.2} MB",
        pages.len(),
        bytes as f64 / 1e6
    );
    println!(
        "pulldown-cmark bare event iteration:        {:>7.1} MB/s",
        mbs(theirs)
    );
    println!(
        "exambook-syntax parse (tree, all extensions): {:>7.1} MB/s = {:.0} % of bare pulldown-cmark (goal: >= 60 %)",
        mbs(ours),
        pct(ours)
    );
    println!(
        "exambook-syntax parse (tree, pure CommonMark): {:>6.1} MB/s = {:.0} %",
        mbs(ours_cm),
        pct(ours_cm)
    );
    println!(
        "html writer: {:.1} MB/s of source; markdown writer: {:.1} MB/s",
        mbs(html),
        mbs(md)
    );
}
