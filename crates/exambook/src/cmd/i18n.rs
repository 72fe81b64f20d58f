//! `exambook i18n extract | update | stats`: the book's gettext catalogs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use exambook_core::i18n::{self, Catalog, stats::Coverage};
use exambook_core::{Book, Diagnostic, SourceMap};

use crate::args::{Format, Global, I18nCommand, book_dir};
use crate::{pipeline, report};

/// Runs `exambook i18n …`.
pub fn run(command: &I18nCommand, global: &Global) -> Result<ExitCode> {
    match command {
        I18nCommand::Extract(a) => extract(a.book.as_ref(), global),
        I18nCommand::Update(a) => update(a.book.as_ref(), a.lang.as_deref(), global),
        I18nCommand::Stats(a) => stats(a.book.as_ref(), a.lang.as_deref(), a.format, global),
    }
}

/// Runs one loading `step` on the book folder named by `arg`: `Err(code)` when the book has
/// content errors (diagnostics printed).
fn with_book<T>(
    arg: Option<&PathBuf>,
    global: &Global,
    step: impl FnOnce(&Path) -> Result<T, exambook_core::Error>,
) -> Result<Result<T, ExitCode>> {
    let dir = book_dir(arg);
    pipeline::locate(&dir)?;
    match step(&dir) {
        Ok(value) => Ok(Ok(value)),
        Err(exambook_core::Error::Content {
            sources,
            diagnostics,
        }) => {
            report::diagnostics(&sources, &diagnostics, global.quiet);
            Ok(Err(report::failed(&diagnostics, false)))
        }
        Err(e) => {
            Err(anyhow::Error::new(e).context(format!("loading the book in {}", dir.display())))
        }
    }
}

/// The catalog folder of a book. Checked while loading, so this only fails if the folders
/// changed meanwhile.
fn catalogs(root: &Path, dir: &str) -> Result<PathBuf> {
    i18n::catalog_dir(root, dir).map_err(|why| anyhow::anyhow!("the catalog folder `{dir}`: {why}"))
}

/// The loaded book and its catalog folder; `Err(code)` when the book cannot be loaded
/// (diagnostics printed). Content problems of pages (a broken link) do not stop translation
/// work: `check` reports them.
fn load(arg: Option<&PathBuf>, global: &Global) -> Result<Result<(Book, PathBuf), ExitCode>> {
    let book = match with_book(arg, global, exambook_core::load)? {
        Ok(loaded) => loaded.book,
        Err(code) => return Ok(Err(code)),
    };
    let dir = catalogs(&book.root, &book.config.i18n.dir)?;
    Ok(Ok((book, dir)))
}

/// The book's root and catalog folder, from `book.toml` alone (the pages are read, not
/// parsed): what `update` needs.
fn folders(arg: Option<&PathBuf>, global: &Global) -> Result<Result<(PathBuf, PathBuf), ExitCode>> {
    let read = match with_book(arg, global, exambook_core::load::read)? {
        Ok(read) => read,
        Err(code) => return Ok(Err(code)),
    };
    let dir = catalogs(&read.root, &read.config.i18n.dir)?;
    Ok(Ok((read.root, dir)))
}

fn shown(root: &Path, dir: &Path, name: &str) -> String {
    i18n::display_name(root, dir, name).display().to_string()
}

fn extract(arg: Option<&PathBuf>, global: &Global) -> Result<ExitCode> {
    let (book, dir) = match load(arg, global)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let units = i18n::units(&book);
    let template = i18n::template(&book, &units);
    let path = dir.join(i18n::TEMPLATE);
    i18n::write_atomically(&path, &template.write())
        .with_context(|| format!("cannot write {}", path.display()))?;
    if !global.quiet {
        eprintln!(
            "extracted {} message(s) ({} text(s) in {} page(s) and book.toml) → {}",
            template.messages.len(),
            units.len(),
            book.pages.len(),
            shown(&book.root, &dir, i18n::TEMPLATE)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Reads catalog file `name`; `Ok(None)` when missing, `Err(diagnostics)` when it has errors.
fn read(
    root: &Path,
    dir: &Path,
    name: &str,
    sources: &mut SourceMap,
) -> Result<Option<std::result::Result<Catalog, Vec<Diagnostic>>>> {
    let read = i18n::read_catalog(root, dir, name, sources)
        .with_context(|| format!("cannot read {}", shown(root, dir, name)))?;
    Ok(read.map(|(catalog, diags)| {
        if diags.iter().any(Diagnostic::is_error) {
            Err(diags)
        } else {
            Ok(catalog)
        }
    }))
}

/// The languages to work on: `--lang` (checked), else every catalog of the folder.
fn languages(dir: &Path, lang: Option<&str>) -> Result<Vec<String>> {
    match lang {
        Some(l) => {
            exambook_core::config::check_language(l).map_err(|why| {
                anyhow::anyhow!(
                    "`--lang {l}` is not a BCP 47 language tag: {why}\n  help: write a tag such as `de`, `fr` or `pt-BR`"
                )
            })?;
            Ok(vec![l.to_string()])
        }
        None => Ok(i18n::catalog_languages(dir)),
    }
}

fn update(arg: Option<&PathBuf>, lang: Option<&str>, global: &Global) -> Result<ExitCode> {
    let (root, dir) = match folders(arg, global)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let langs = languages(&dir, lang)?;
    let mut sources = SourceMap::default();
    let template = match read(&root, &dir, i18n::TEMPLATE, &mut sources)? {
        Some(Ok(t)) => t,
        Some(Err(diags)) => {
            report::diagnostics(&sources, &diags, global.quiet);
            return Ok(report::failed(&diags, false));
        }
        None => anyhow::bail!(
            "there is no template {}\n  help: `exambook i18n extract` writes it from the book",
            shown(&root, &dir, i18n::TEMPLATE)
        ),
    };
    if langs.is_empty() {
        anyhow::bail!(
            "there is no catalog in {} yet\n  help: `exambook i18n update --lang pt-BR` creates one (any BCP 47 tag)",
            shown(&root, &dir, "")
        );
    }
    let mut failed = Vec::new();
    for lang in &langs {
        let name = format!("{lang}.po");
        let (catalog, what) = match read(&root, &dir, &name, &mut sources)? {
            Some(Ok(old)) => {
                let (new, m) = i18n::merge(&template, &old, lang);
                let what = format!(
                    "{} kept, {} fuzzy, {} new, {} made obsolete",
                    m.kept, m.fuzzy, m.new, m.obsolete
                );
                (new, what)
            }
            Some(Err(diags)) => {
                // A catalog we cannot read whole is not rewritten (it would lose entries).
                failed.extend(diags);
                continue;
            }
            None => (
                i18n::new_catalog(&template, lang),
                format!("created with {} message(s)", template.messages.len()),
            ),
        };
        let path = dir.join(&name);
        i18n::write_atomically(&path, &catalog.write())
            .with_context(|| format!("cannot write {}", path.display()))?;
        if !global.quiet {
            eprintln!("{}: {what}", shown(&root, &dir, &name));
        }
    }
    if !failed.is_empty() {
        report::diagnostics(&sources, &failed, global.quiet);
        let errors = failed.iter().filter(|d| d.is_error()).count();
        eprintln!("error: {errors} error(s); the catalogs with errors were not updated");
        return Ok(ExitCode::from(crate::EXIT_CONTENT));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(serde::Serialize)]
struct LanguageStats {
    language: String,
    catalog: String,
    #[serde(flatten)]
    coverage: Coverage,
}

fn stats(
    arg: Option<&PathBuf>,
    lang: Option<&str>,
    format: Format,
    global: &Global,
) -> Result<ExitCode> {
    let (book, dir) = match load(arg, global)? {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let langs = languages(&dir, lang)?;
    let units = i18n::units(&book);
    let mut sources = SourceMap::default();
    let mut out = Vec::new();
    let mut failed = Vec::new();
    for lang in langs {
        let name = format!("{lang}.po");
        let catalog = match read(&book.root, &dir, &name, &mut sources)? {
            Some(Ok(c)) => c,
            Some(Err(diags)) => {
                failed.extend(diags);
                continue;
            }
            // A language asked for without a catalog: nothing translated.
            None => Catalog::default(),
        };
        out.push(LanguageStats {
            language: lang,
            catalog: shown(&book.root, &dir, &name),
            coverage: i18n::stats::coverage(&book, &units, &catalog),
        });
    }
    if !failed.is_empty() {
        report::diagnostics(&sources, &failed, global.quiet);
        return Ok(report::failed(&failed, false));
    }
    match format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&out).context("writing JSON")?;
            println!("{json}");
        }
        Format::Text => {
            if out.is_empty() {
                println!("no catalogs in {}", shown(&book.root, &dir, ""));
            }
            for l in &out {
                print_text(l);
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_text(l: &LanguageStats) {
    let o = &l.coverage.overall;
    println!(
        "{} ({}): {} % translated: {} of {} message(s), {} fuzzy, {} untranslated",
        l.language,
        l.catalog,
        o.percent(),
        o.translated,
        o.total(),
        o.fuzzy,
        o.untranslated
    );
    let width = l
        .coverage
        .pages
        .iter()
        .map(|p| p.page.chars().count())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "  {:<width$}  {:>4}  {:>10}  {:>5}  {:>12}",
        "page", "%", "translated", "fuzzy", "untranslated"
    );
    for p in &l.coverage.pages {
        let c = &p.counts;
        println!(
            "  {:<width$}  {:>4}  {:>10}  {:>5}  {:>12}",
            p.page,
            c.percent(),
            format!("{}/{}", c.translated, c.total()),
            c.fuzzy,
            c.untranslated
        );
    }
}
