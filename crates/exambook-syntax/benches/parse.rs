//! Parse throughput next to pulldown-cmark's bare event iteration over the same bytes (same
//! extensions), on three ~1 MB sets of study-guide pages:
//! - `book/`, the bundled LPIC-3 305 guide, its pages repeated to 1 MB: real pages as we write
//!   them (TOML front matter, admonitions, tables, code, `<details>` answers);
//! - the shared benchmark corpus the build benchmark uses (`../shared/bench/gen_corpus.py`
//!   beside the repository, 120 pages, hugo layout), when that generator is there;
//! - a generated stress set: every extension on every page (front matter in both syntaxes, the
//!   four admonition dialects, bare URLs, `<details>`, diagrams) and one word in eight marked
//!   up, a third more inline nodes per KB than `book/`.
//!
//! `cargo bench -p exambook-syntax`. Goal: at least 60 % of bare pulldown-cmark on realistic
//! pages (the first two sets).

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

/// The stress set.
fn stress_pages() -> Vec<String> {
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

/// The pages of `book/`, repeated until they make 1 MB.
fn book_pages() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../book");
    let mut pages = Vec::new();
    markdown_files(&root, &mut pages);
    repeat_to_1mb(pages)
}

/// The shared benchmark corpus (120 pages), generated into a temporary folder; `None` when the
/// generator is not beside the repository or python3 is missing.
fn shared_pages() -> Option<Vec<String>> {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let generator = manifest.join("../../../shared/bench/gen_corpus.py");
    if !generator.is_file() {
        return None;
    }
    let out = std::env::temp_dir().join(format!("exambook-parse-bench-{}", std::process::id()));
    let ok = std::process::Command::new("python3")
        .arg(&generator)
        .args(["--pages", "120", "--tools", "hugo", "--out"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    let mut pages = Vec::new();
    if ok {
        markdown_files(&out.join("hugo/content"), &mut pages);
    }
    let _ = std::fs::remove_dir_all(&out);
    (!pages.is_empty()).then_some(pages)
}

/// Every `.md` file under `dir`, in path order.
fn markdown_files(dir: &std::path::Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            markdown_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "md")
            && let Ok(text) = std::fs::read_to_string(&p)
        {
            out.push(text);
        }
    }
}

fn repeat_to_1mb(pages: Vec<String>) -> Vec<String> {
    let mut all = pages.clone();
    while !pages.is_empty() && all.iter().map(String::len).sum::<usize>() < 1_000_000 {
        all.extend(pages.iter().cloned());
    }
    all
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

/// pulldown-cmark's options for our extensions (what `exambook_syntax::parse` asks for).
fn pulldown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM
}

/// Best times of bare pulldown-cmark and of each parse option set on `pages`, in interleaved
/// rounds: the machine may be shared, and a slow moment should not count against one side only.
fn measure(pages: &[String], ours: &[exambook_syntax::ParseOptions]) -> (Duration, Vec<Duration>) {
    let opts = pulldown_options();
    let mut bare = Duration::MAX;
    let mut times = vec![Duration::MAX; ours.len()];
    for _ in 0..8 {
        bare = bare.min(best(3, || {
            for p in pages {
                pulldown_cmark::Parser::new_ext(black_box(p), opts).for_each(|e| {
                    black_box(e);
                });
            }
        }));
        for (t, o) in times.iter_mut().zip(ours) {
            *t = (*t).min(best(3, || {
                for p in pages {
                    black_box(exambook_syntax::parse_with(black_box(p), o));
                }
            }));
        }
    }
    (bare, times)
}

fn main() {
    let all = exambook_syntax::ParseOptions::default();
    let commonmark = exambook_syntax::ParseOptions {
        extensions: exambook_syntax::Extensions::COMMONMARK,
        ..Default::default()
    };
    let stress = stress_pages();
    let mut sets = vec![("book/ (repeated to 1 MB)", Some(book_pages()))];
    sets.push(("shared corpus (gen_corpus.py)", shared_pages()));
    sets.push(("stress (every extension)", Some(stress.clone())));
    println!(
        "{:<32} {:>5} {:>6} {:>10} {:>10} {:>9}",
        "pages", "count", "MB", "bare MB/s", "ours MB/s", "ours/bare"
    );
    for (name, pages) in &sets {
        let Some(pages) = pages.as_deref().filter(|p| !p.is_empty()) else {
            println!("{name:<32} skipped: ../shared/bench/gen_corpus.py or python3 not found");
            continue;
        };
        let bytes: usize = pages.iter().map(String::len).sum();
        let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
        let (bare, ours) = measure(pages, std::slice::from_ref(&all));
        println!(
            "{name:<32} {:>5} {:>6.2} {:>10.1} {:>10.1} {:>8.1} %",
            pages.len(),
            bytes as f64 / 1e6,
            mbs(bare),
            mbs(ours[0]),
            100.0 * bare.as_secs_f64() / ours[0].as_secs_f64()
        );
    }
    println!("goal: >= 60 % of bare pulldown-cmark on realistic pages (book/, shared corpus)");

    // The stress set again: without any extension, and the writers.
    let bytes: usize = stress.iter().map(String::len).sum();
    let mbs = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    let (bare, ours) = measure(&stress, std::slice::from_ref(&commonmark));
    println!(
        "stress set, pure CommonMark (no extension): {:.1} MB/s = {:.1} % of bare",
        mbs(ours[0]),
        100.0 * bare.as_secs_f64() / ours[0].as_secs_f64()
    );
    let docs: Vec<_> = stress.iter().map(|p| exambook_syntax::parse(p).0).collect();
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
    println!(
        "stress set writers: html {:.1} MB/s of source, markdown {:.1} MB/s",
        mbs(html),
        mbs(md)
    );
}
