//! The `print` renderer: the whole book on one page, `print.html`, made to be printed or turned
//! into a PDF (`exambook pdf` prints it with a headless Chromium).
//!
//! In order: a cover (title, the exam's code, name and objectives version, authors; no date, so
//! the output depends on the book only), a table of contents with objective ids and weights,
//! every page in SUMMARY order (each in a `<section id="p{index}">`, objective pages with their
//! objective header), then the appendices ([`appendices`]: the exam blueprint, the cited-objects
//! index and the command cheat sheet for an exam book), and an answer key when the book has
//! questions ([`questions`]: in the chapters they are numbered and shown without answers).
//!
//! Page bodies and appendices are the site's own HTML ([`Site::body`], [`Site::exam_pages`]:
//! the same highlighting, diagrams and objective headers, through the same cache), moved onto
//! the one page by [`rewrite`]: ids are prefixed with their section's id (pages may share
//! heading slugs), links to pages of the book become in-document anchors, other relative URLs
//! start at the site root, and headings move down one level per level of nesting in the table of
//! contents, so that the PDF's outline nests objectives under their topics.
//!
//! The page is styled by the site's stylesheet plus `static/css/paper.css` (paper only: page
//! breaks, margins, running title and page numbers, light colours), with the paper size and
//! margins of `[print]` in `book.toml`.

mod questions;
mod rewrite;

use std::collections::BTreeMap;
use std::time::Instant;

use exambook_core::{Book, TocEntry};
use exambook_syntax::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::html::site::Body;
use crate::html::{Output, OutputFile, Site, Timings};
use crate::theme::ThemeError;
pub(crate) use rewrite::Targets;
use rewrite::{Section, rewrite};

/// Where the print page is written (at the site root, beside `index.html`).
pub const PRINT_PATH: &str = "print.html";

/// The stylesheet made for paper (a file of the theme, published with the site's static files).
pub const PAPER_CSS: &str = "static/css/paper.css";

/// Renders the print page of the book `site` renders. The diagnostics are those of the pages'
/// bodies (the same the site's render reports). Nothing is written when a page of the book is
/// written at [`PRINT_PATH`].
pub fn render(site: &Site<'_>) -> Result<Output, ThemeError> {
    let book = site.book();
    if book
        .pages
        .iter()
        .any(|p| crate::html::page_path(p) == PRINT_PATH)
    {
        return Ok(Output::default());
    }
    let strings = site.strings();
    let mut timings = Timings::default();

    // Sections: one per page, in order, each knowing its nesting depth in the contents.
    let mut depth = vec![0usize; book.pages.len()];
    for entry in &book.toc {
        depths(entry, 0, &mut depth);
    }
    let mut targets = Targets::new();
    for (i, page) in book.pages.iter().enumerate() {
        targets.insert(crate::html::page_url(page), section_id(i));
    }
    let appendix_list = appendices(site)?;
    for a in &appendix_list.0 {
        targets.insert(a.path.to_owned(), a.id.clone());
    }
    timings += appendix_list.1;
    targets.insert("toc.html".into(), "print-toc".into());

    // Page bodies in parallel; each rewritten as soon as it is rendered, its questions split
    // from their answers (numbered by CSS counters, so no page waits for the ones before it).
    let question_label = strings
        .get("print_question")
        .map_or("Question", String::as_str);
    type Part = (String, Vec<questions::KeyEntry>, Vec<Diagnostic>, Timings);
    let rendered: Vec<Result<Part, ThemeError>> = (0..book.pages.len())
        .into_par_iter()
        .map(|i| {
            let mut body = site.body(i)?;
            let diagnostics = std::mem::take(&mut body.diagnostics);
            let mut timings = body.timings;
            let t = Instant::now();
            let html = page_section(book, i, depth.get(i).copied().unwrap_or(0), body, &targets);
            let mut key = Vec::new();
            let mut out = String::with_capacity(html.len() + 64);
            questions::split(&html, &mut key, question_label, &mut out);
            timings.templates += t.elapsed();
            Ok((out, key, diagnostics, timings))
        })
        .collect();
    let mut content = String::new();
    let mut diagnostics = Vec::new();
    // Questions stay in their chapters without their answers; the answers go to a key at the end.
    let mut key = Vec::new();
    for r in rendered {
        let (html, k, d, t) = r?;
        timings += t;
        diagnostics.extend(d);
        key.extend(k);
        content.push_str(&html);
    }
    let t = Instant::now();
    for a in &appendix_list.0 {
        let section = Section {
            base: a.path,
            id: &a.id,
            shift: 0,
        };
        content.push_str("<section class=\"print-appendix\" id=\"");
        content.push_str(&a.id);
        content.push_str("\">\n");
        rewrite(&a.html, &section, &targets, &mut content);
        content.push_str("\n</section>\n");
    }
    let mut toc_appendices: Vec<TocLine> = appendix_list
        .0
        .iter()
        .map(|a| TocLine {
            title: a.title.clone(),
            href: format!("#{}", a.id),
            objective: None,
            show_id: false,
            weight: None,
            depth: 0,
        })
        .collect();
    if !key.is_empty() {
        let title = strings
            .get("print_answer_key")
            .map_or("Answer key", String::as_str);
        content.push_str("<section class=\"print-appendix\" id=\"appendix-answers\">\n<h1>");
        exambook_syntax::escape::text(&mut content, title);
        content.push_str("</h1>\n");
        content.push_str(&questions::key_html(&key, question_label));
        content.push_str("</section>\n");
        toc_appendices.push(TocLine {
            title: title.to_owned(),
            href: "#appendix-answers".into(),
            objective: None,
            show_id: false,
            weight: None,
            depth: 0,
        });
    }

    let config = &book.config;
    let mut ctx = Context::new();
    ctx.insert("title", &config.book.title);
    ctx.insert("toc", &toc_lines(book, &depth));
    ctx.insert("appendices", &toc_appendices);
    // The content (tens of MB for a large book) is spliced in after the template ran, not
    // copied through tera's context.
    ctx.insert("content", CONTENT_MARK);
    let authors = config.book.authors.join(", ");
    ctx.insert(
        "by_line",
        &(!authors.is_empty()).then(|| {
            strings
                .get("print_by")
                .map_or("{authors}", String::as_str)
                .replace("{authors}", &authors)
        }),
    );
    ctx.insert("paper_css", PAPER_CSS);
    ctx.insert(
        "page_css",
        &page_css(
            &config.book.title,
            config.print.paper.css(),
            &config.print.margin,
            strings,
        ),
    );
    ctx.insert(
        "exam_version",
        &config.exam.as_ref().and_then(|e| e.version.clone()),
    );
    let frame = site.render_template("print.html", &ctx)?;
    let html = match frame.split_once(CONTENT_MARK) {
        Some((before, after)) => {
            let mut html = String::with_capacity(frame.len() + content.len());
            html.push_str(before);
            html.push_str(&content);
            html.push_str(after);
            html
        }
        None => {
            return Err(ThemeError::Missing(
                "`{{ content | safe }}` in templates/print.html (where the book goes)".into(),
            ));
        }
    };
    timings.templates += t.elapsed();
    Ok(Output {
        files: vec![OutputFile {
            path: PRINT_PATH.into(),
            contents: html.into_bytes(),
        }],
        diagnostics,
        timings,
        // The print page has no index of its own: search is the site's.
        ..Output::default()
    })
}

/// Stands for the content in the print template's output until it is spliced in.
const CONTENT_MARK: &str = "\u{1}exambook-print-content\u{1}";

/// The id of page `index`'s section.
fn section_id(index: usize) -> String {
    format!("p{index}")
}

/// Records the nesting depth of every page under `entry`.
fn depths(entry: &TocEntry, level: usize, out: &mut [usize]) {
    if let TocEntry::Chapter { page, children, .. } = entry {
        if let Some(slot) = page.and_then(|p| out.get_mut(p)) {
            *slot = level;
        }
        for child in children {
            depths(child, level + 1, out);
        }
    }
}

/// Page `index` as a section of the print page.
fn page_section(book: &Book, index: usize, depth: usize, body: Body, targets: &Targets) -> String {
    let Some(page) = book.pages.get(index) else {
        return String::new();
    };
    let id = section_id(index);
    let objective = page.meta().objective.is_some();
    let mut out = String::with_capacity(body.html.len() + 256);
    out.push_str("<section class=\"print-page content");
    if objective {
        out.push_str(" print-objective");
    }
    out.push_str(&format!(" print-depth-{}\" id=\"{id}\">\n", depth.min(5)));
    let path = crate::html::page_url(page);
    let section = Section {
        base: &path,
        id: &id,
        shift: u8::try_from(depth.min(5)).unwrap_or(5),
    };
    if !body.has_h1 {
        let mut head = String::from("<h1>");
        exambook_syntax::escape::text(&mut head, &page.title);
        head.push_str("</h1>\n");
        head.push_str(body.objective_html.as_deref().unwrap_or(""));
        rewrite(&head, &section, targets, &mut out);
    }
    rewrite(&body.html, &section, targets, &mut out);
    out.push_str("\n</section>\n");
    out
}

/// One line of the printed table of contents.
#[derive(Debug, Serialize)]
struct TocLine {
    title: String,
    href: String,
    objective: Option<String>,
    /// Whether the objective id is shown before the title (which may start with it).
    show_id: bool,
    weight: Option<u32>,
    depth: usize,
}

fn toc_lines(book: &Book, depth: &[usize]) -> Vec<TocLine> {
    book.pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let meta = page.meta();
            let objective = meta.objective.as_ref().map(|o| o.value.clone());
            TocLine {
                title: page.title.clone(),
                href: format!("#{}", section_id(i)),
                show_id: objective
                    .as_ref()
                    .is_some_and(|id| !page.title.starts_with(id.as_str())),
                objective,
                weight: meta.weight.as_ref().map(|w| w.value),
                depth: depth.get(i).copied().unwrap_or(0),
            }
        })
        .collect()
}

/// One appendix: a page of the site moved to the end of the print page.
pub(crate) struct Appendix {
    /// The site path of the page it comes from (its links are relative to it).
    path: &'static str,
    /// The id of its section.
    id: String,
    /// Its title (in the contents).
    title: String,
    /// Its HTML: what the page shows in its `<main>`.
    html: String,
}

/// The appendices, in order: for an exam book the blueprint, the cited-objects index and the
/// command cheat sheet (each the content of its page of the site; not the practice exam). A further appendix is one
/// more entry here.
fn appendices(site: &Site<'_>) -> Result<(Vec<Appendix>, Timings), ThemeError> {
    let strings = site.strings();
    let (pages, timings) = site.exam_pages()?;
    let title_key: BTreeMap<&str, &str> = [
        ("blueprint.html", "blueprint_title"),
        ("cited.html", "cited_title"),
        ("cheatsheet.html", "cheatsheet_title"),
    ]
    .into_iter()
    .collect();
    let mut out = Vec::new();
    for (path, html) in pages {
        // The practice exam is a page to use, not to read: on paper its questions are in their
        // chapters, with the answer key at the end.
        if path == crate::html::exam_pages::PRACTICE {
            continue;
        }
        let Some(main) = main_content(&html) else {
            return Err(ThemeError::Missing(format!(
                "a <main> element in the page template of {path} (the print page takes its content)"
            )));
        };
        let key = title_key.get(path).copied().unwrap_or(path);
        out.push(Appendix {
            path,
            id: format!("appendix-{}", path.trim_end_matches(".html")),
            title: strings.get(key).cloned().unwrap_or_else(|| key.to_owned()),
            html: main.to_owned(),
        });
    }
    Ok((out, timings))
}

/// What is inside the `<main …>` element of a whole page.
fn main_content(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let open_end = start + html[start..].find('>')? + 1;
    let end = html.rfind("</main>")?;
    html.get(open_end..end)
}

/// The `@page` rules: paper size and margins from `book.toml`, the book's title at the top and
/// the page number at the bottom of every page but the cover.
fn page_css(title: &str, paper: &str, margin: &str, strings: &BTreeMap<String, String>) -> String {
    let of = strings.get("print_page_of").map_or(" / ", String::as_str);
    format!(
        "@page{{size:{paper};margin:{margin};@top-center{{content:{};}}@bottom-center{{content:counter(page) {} counter(pages);}}}}\n@page:first{{@top-center{{content:none;}}@bottom-center{{content:none;}}}}\n",
        css_string(title),
        css_string(of),
    )
}

/// `s` as a CSS string literal that is also safe inside `<style>`.
fn css_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("a\"b</style>"), "\"a\\22 b\\3c /style\\3e \"");
    }

    #[test]
    fn main_of_a_page() {
        assert_eq!(
            main_content("<body><main id=\"content\" tabindex=\"-1\">\n<p>x</p>\n</main></body>"),
            Some("\n<p>x</p>\n")
        );
        assert_eq!(main_content("<body></body>"), None);
    }
}
