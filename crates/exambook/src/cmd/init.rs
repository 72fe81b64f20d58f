//! `exambook init`: scaffold a small study guide.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::args::{Global, InitArgs};

const BOOK_TOML: &str = r#"# Every key, its default and an example: docs/book-toml.md in the exambook repository.

[book]
title = "My Exam Study Guide"
authors = ["Your Name"]
language = "en"
description = "A study guide for exam 101-500."

# Where the site is published: sitemap.xml and the 404 page use it (GitHub Pages project
# sites live under /<repository>/). `edit-url` links every page to its source.
# [site]
# url = "https://you.github.io/my-guide/"
# edit-url = "https://github.com/you/my-guide/edit/main/src/{path}"

[exam]
code = "101-500"
name = "My Exam"
# The objective weights (the `weight` of each objective page) sum to this.
questions = 5
minutes = 90
passing-score = 500
scale = [200, 800]

# The exam's topics: objective 101.1 belongs to topic 101.
[[exam.topics]]
id = "101"
title = "System Architecture"

[[exam.topics]]
id = "102"
title = "Linux Installation and Package Management"
"#;

const SUMMARY: &str = "# Summary

[Home](index.md)

# Topic 101: System Architecture

- [101.1 Determine and configure hardware settings](101/101.1-hardware.md)

# Topic 102: Linux Installation and Package Management

- [102.1 Design hard disk layout](102/102.1-disk-layout.md)
";

const INDEX: &str = "# My Exam Study Guide

Welcome. Each page of this guide covers one exam objective. Start with
[101.1](101/101.1-hardware.md); the exam blueprint shows how the questions split.
";

const OBJECTIVE: &str = r#"+++
title = "101.1 Determine and configure hardware settings"
objective = "101.1"
weight = 3
description = "Candidates should be able to determine and configure fundamental system hardware."
knowledge = ["Enable and disable integrated peripherals", "Tools to list hardware"]
cited = ["/sys/", "lsusb", "lspci"]
+++

# 101.1 Determine and configure hardware settings

The kernel exposes devices under `/sys/`. Two utilities list the buses:

```console
$ lspci -k      # PCI devices and the kernel driver bound to each
$ lsusb -t      # USB devices as a tree
```

> [!TIP]
> The exam likes to ask which option shows kernel drivers: it is `lspci -k`.
"#;

const OBJECTIVE_2: &str = r#"+++
title = "102.1 Design hard disk layout"
objective = "102.1"
weight = 2
description = "Candidates should be able to design a disk partitioning scheme for a Linux system."
knowledge = ["Allocate filesystems and swap space to partitions", "Tailor the design to the system's use"]
cited = ["/boot/", "swap", "lsblk"]
+++

# 102.1 Design hard disk layout

Keep `/boot/` on its own small partition when the boot loader cannot read the root filesystem,
and give swap space its own partition (or a swap file). `lsblk` shows the layout:

```console
$ lsblk -f      # block devices, filesystems and mount points
```
"#;

/// What `.gitignore` must name: the render cache folder and the default output folder.
const IGNORED: [&str; 2] = [".exambook/", "book-out/"];

/// Runs `exambook init`.
pub fn run(args: &InitArgs, global: &Global) -> Result<ExitCode> {
    if let Some(from) = &args.from {
        return from_gitbook(from, global);
    }
    let dir = &args.dir;
    if dir.join("book.toml").exists() {
        bail!(
            "{} already holds a book.toml; not overwriting it",
            dir.display()
        );
    }
    let files = [
        ("book.toml", BOOK_TOML),
        ("src/SUMMARY.md", SUMMARY),
        ("src/index.md", INDEX),
        ("src/101/101.1-hardware.md", OBJECTIVE),
        ("src/102/102.1-disk-layout.md", OBJECTIVE_2),
    ];
    for (path, _) in &files {
        if dir.join(path).exists() {
            bail!(
                "{} already exists; not overwriting it",
                dir.join(path).display()
            );
        }
    }
    for (path, text) in files {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&target, text).with_context(|| format!("writing {}", target.display()))?;
    }
    ignore_generated(&dir.join(".gitignore"))?;
    if !global.quiet {
        eprintln!(
            "created a study guide in {}; build it with `exambook build {}`",
            dir.display(),
            dir.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `.gitignore` with the [`IGNORED`] folders, or appends those an existing one lacks (a
/// guide started in a repository that already has one).
fn ignore_generated(path: &std::path::Path) -> Result<()> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e).with_context(|| format!("reading {}", path.display())),
    };
    let has = |entry: &str| {
        existing
            .lines()
            .any(|l| l.trim() == entry || l.trim() == entry.trim_end_matches('/'))
    };
    let mut text = existing.clone();
    for entry in IGNORED.into_iter().filter(|e| !has(e)) {
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(entry);
        text.push('\n');
    }
    if text != existing {
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// `exambook init --from DIR`: writes DIR/book.toml with the settings a GitBook book is read
/// with when it has none (`exambook_core::gitbook`), so that the book can get the rest of
/// book.toml's keys, and says what it wrote.
fn from_gitbook(dir: &std::path::Path, global: &Global) -> Result<ExitCode> {
    use exambook_core::gitbook;
    let target = dir.join("book.toml");
    if std::fs::symlink_metadata(&target).is_ok() {
        bail!(
            "{} already holds a book.toml; not overwriting it",
            dir.display()
        );
    }
    let root = dir
        .canonicalize()
        .with_context(|| format!("reading {}", dir.display()))?;
    let mut sources = exambook_core::SourceMap::default();
    let config = match gitbook::config(&root, &mut sources) {
        Ok(Some(config)) => config,
        Ok(None) => bail!(
            "{} holds no GitBook book: no `{}` and no SUMMARY.md\n  \
             help: `exambook init {}` creates a new study guide there",
            dir.display(),
            gitbook::YAML,
            dir.display()
        ),
        Err(exambook_core::Error::Content {
            sources,
            diagnostics,
        }) => {
            crate::report::diagnostics(&sources, &diagnostics, global.quiet);
            return Ok(crate::report::failed(&diagnostics, false));
        }
        Err(e) => return Err(e.into()),
    };
    let book = &config.book;
    let quote = |s: &str| toml::Value::String(s.to_owned()).to_string();
    let mut text = format!(
        "# Written by `exambook init --from` for a GitBook book (see {}); every key: docs/book-toml.md.\n\n\
         [book]\ntitle = {}\nsrc = {}\nsummary = {}\n",
        gitbook::YAML,
        quote(&book.title),
        quote(&book.src),
        quote(&book.summary),
    );
    if let Some(readme) = &book.readme {
        text.push_str(&format!("readme = {}\n", quote(readme)));
    }
    std::fs::write(&target, &text).with_context(|| format!("writing {}", target.display()))?;
    if !global.quiet {
        eprintln!("wrote {}:", target.display());
        for line in text.lines().filter(|l| l.contains(" = ")) {
            eprintln!("  {line}");
        }
        eprintln!("build it with `exambook build {}`", dir.display());
    }
    Ok(ExitCode::SUCCESS)
}
