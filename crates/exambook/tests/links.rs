//! Links on real content, checked in the built site: raw HTML links rewritten like markdown
//! links, root-absolute paths made relative, folders, mailto autolinks, and only the files
//! pages link to published (plus `[build] extra-files`; `.gitignore` honoured).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use std::path::Path;
use std::process::Command;

fn write(root: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let p = root.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

fn files_under(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| {
            p.strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .filter(|p| !p.starts_with("static/") && !p.starts_with("search/"))
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn real_content_links_work_in_the_site() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    write(
        &book,
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nsrc = \".\"\n\n[build]\nbuild-dir = \"out\"\nextra-files = [\"CNAME\", \"downloads/\"]\n",
            ),
            (
                "SUMMARY.md",
                "# Summary\n\n- [Home](README.md)\n- [Topic](351/topic.md)\n",
            ),
            (
                "README.md",
                "# Home\n\n<a href=\"351/topic.md#virt\">Virtualization</a> <a href=\"#home\">top</a>\n\n<p><img src=\"/images/a.png\"> <a href=\"configs/net/\">configs</a></p>\n\nMail <me@example.com>.\n",
            ),
            (
                "351/topic.md",
                "# Topic\n\n## Virt\n\n![a](/images/a.png) ![b](../.gitbook/assets/b.png) [home](/README.md#home)\n\nInline <a href=\"../README.md\">home</a>.\n",
            ),
            ("images/a.png", "A"),
            ("images/unused.png", "U"),
            (".gitbook/assets/b.png", "B"),
            ("configs/net/interfaces", "auto eth0\n"),
            ("CNAME", "guide.example.org\n"),
            ("downloads/lab.tar", "T"),
            ("ignored/x.bin", "X"),
            (".gitignore", "ignored/\n"),
        ],
    );
    let out = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(["build", "-q"])
        .arg(&book)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let site = book.join("out");
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    let topic = std::fs::read_to_string(site.join("351/topic.html")).unwrap();
    for want in [
        "href=351/topic.html#virt",
        "href=#home",
        "src=images/a.png",
        "href=configs/net/",
        "href=mailto:me@example.com",
    ] {
        assert!(index.contains(want), "index.html lacks {want}");
    }
    for want in [
        "src=../images/a.png",
        "src=../.gitbook/assets/b.png",
        "href=../index.html#home",
        "href=../index.html>home",
    ] {
        assert!(topic.contains(want), "351/topic.html lacks {want}");
    }
    assert!(
        !topic.contains(".md"),
        "a .md link is left in 351/topic.html"
    );
    let published: Vec<String> = files_under(&site)
        .into_iter()
        .filter(|p| !p.ends_with(".html") && !p.ends_with(".js") && !p.ends_with(".xml"))
        .filter(|p| !matches!(p.as_str(), ".nojekyll" | ".exambook-output"))
        .collect();
    assert_eq!(
        published,
        [
            ".gitbook/assets/b.png",
            "CNAME",
            // Linked as a folder: what it holds is published.
            "configs/net/interfaces",
            "downloads/lab.tar",
            "images/a.png"
        ]
    );
}

#[test]
fn shortcode_emoji_render_as_emoji_outside_code() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("book");
    write(
        &book,
        &[
            ("book.toml", "[book]\ntitle = \"T\"\n"),
            ("src/SUMMARY.md", "# Summary\n\n- [Home](README.md)\n"),
            (
                "src/README.md",
                "# :rocket: Launch\n\nShip it :tada: at 10:30:00; `:rocket:` stays.\n\n```\n:fire:\n```\n\n[again](#rocket-launch)\n",
            ),
        ],
    );
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_exambook"))
        .args(["build", "-q"])
        .arg(&book)
        .arg("-d")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    // GitHub's id (from the shortcode's name) is kept.
    assert!(
        html.contains("<h1 id=rocket-launch>🚀 Launch</h1>"),
        "{html}"
    );
    assert!(html.contains("Ship it 🎉 at 10:30:00"), "{html}");
    assert!(html.contains("<code>:rocket:</code>"), "{html}");
    assert!(html.contains(":fire:"), "{html}");
}
