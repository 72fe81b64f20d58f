//! The build pipeline shared by `build`, `check` and `serve`: load → render, returning data.
//! Writing and printing stay with the commands.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use exambook_core::output::OutputFile;
use exambook_core::{Book, Diagnostic, Severity, SourceMap};
use exambook_render::{HtmlOptions, RenderCache, Timings};

/// What the pipeline needs beyond the book folder.
#[derive(Default)]
pub struct Settings {
    /// Overrides `site.base-path`.
    pub base_path: Option<String>,
    /// Warnings fail the build.
    pub deny_warnings: bool,
    /// Warnings that are normal while writing ([`Diagnostic::strict`]) are errors (`check`;
    /// `--deny-warnings` implies it).
    pub strict: bool,
    /// WebSocket path for `serve`'s live reload.
    pub live_reload: Option<String>,
    /// Told about every rendered page (`build`'s progress bar).
    pub progress: Option<exambook_render::Progress>,
    /// Which formats to render.
    pub formats: Formats,
}

/// The formats a run renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    /// The site, and the print page when `[print] enabled` (the default) says so.
    #[default]
    Site,
    /// The print page and the static files it loads, no other page (`exambook pdf`).
    PrintOnly,
    /// The GitBook tree (`build --format gitbook`): markdown, no site.
    GitBook,
}

/// A rendered site, not yet written.
pub struct Built {
    /// The loaded book.
    pub book: Book,
    /// Every warning found (no errors, or the build would have failed).
    pub diagnostics: Vec<Diagnostic>,
    /// The site's files the sink did not take.
    pub files: Vec<OutputFile>,
    /// Per-phase times.
    pub timings: Timings,
    /// Wall time of load + parse + resolve.
    pub load_time: Duration,
    /// The part of `load_time` spent parsing.
    pub parse_time: Duration,
    /// Wall time of rendering.
    pub render_time: Duration,
    /// The assets to publish: what [`Book::published_assets`] picks, where the source folder
    /// has them, or where a format places them (the GitBook tree's `.gitbook/assets/`).
    pub assets: Vec<exambook_core::Asset>,
    /// The paths of the source folder's files no page links to (not published).
    pub left_out: Vec<String>,
}

/// The outcome of a build.
pub enum Outcome {
    /// Rendered; ready to write.
    Built(Box<Built>),
    /// Content errors (or denied warnings); nothing to write.
    Failed {
        /// The files the diagnostics point into.
        sources: Box<SourceMap>,
        /// Every diagnostic found.
        diagnostics: Vec<Diagnostic>,
    },
}

/// What a command hands the renderer once the book is loaded (both may depend on book.toml).
#[derive(Default)]
pub struct Prepared {
    /// The render cache of earlier builds.
    pub cache: Option<Arc<RenderCache>>,
    /// Where finished pages go as they are rendered.
    pub sink: Option<exambook_render::Sink>,
}

/// Checks that `dir` holds a book (a `book.toml`, of any file type: reading it reports what is
/// wrong with it; a GitBook book, `.gitbook.yaml` or `SUMMARY.md` at its root; or a `src/`
/// folder, read with the default settings), before anything is loaded
/// or served. Otherwise says what the folder is and how to make a book of it.
pub fn locate(dir: &Path) -> Result<()> {
    let exists = |p: &Path| std::fs::symlink_metadata(p).is_ok();
    if exists(&dir.join("book.toml")) || exists(&dir.join(exambook_core::gitbook::YAML)) {
        return Ok(());
    }
    let here = if dir == Path::new(".") || dir.as_os_str().is_empty() {
        "this folder".to_owned()
    } else {
        dir.display().to_string()
    };
    let init = if here == "this folder" {
        "exambook init".to_owned()
    } else {
        format!("exambook init {}", dir.display())
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "there is no book in {here}: the folder does not exist\n  \
             help: `{init}` creates a study guide there"
        );
    }
    if exists(&dir.join("SUMMARY.md")) {
        let parent = dir
            .canonicalize()
            .ok()
            .and_then(|d| d.parent().map(Path::to_path_buf))
            .filter(|p| p.join("book.toml").is_file());
        if let Some(parent) = parent {
            anyhow::bail!(
                "{here} holds SUMMARY.md but no book.toml: it is the source folder of the book in {}\n  \
                 help: name the book's folder (the one with book.toml): `exambook build {}`",
                parent.display(),
                parent.display()
            );
        }
        // A GitBook book (SUMMARY.md at the root): read as it is, see exambook_core::gitbook.
        if exambook_core::gitbook::is_gitbook(dir) {
            return Ok(());
        }
        // Both a SUMMARY.md and a `src/` folder: which one is the book is not clear.
        anyhow::bail!(
            "{here} holds SUMMARY.md and a `src/` folder but no book.toml: which is the book's source is not clear\n  \
             help: write a book.toml naming the source folder: `[book] src = \".\"` for the pages \
             beside SUMMARY.md, `src = \"src\"` for those in `src/` (docs/book-toml.md lists the keys)"
        );
    }
    // A `src/` folder without book.toml is a book with every setting at its default.
    if dir.join("src").is_dir() {
        return Ok(());
    }
    anyhow::bail!(
        "there is no book in {here}: no book.toml\n  \
         help: `{init}` creates a study guide, or name a book's folder: `exambook build path/to/book`"
    )
}

/// Loads and renders the book in `dir`, with what `prepare` sets up for the loaded book. `Err`
/// is for I/O and theme errors (and `prepare`'s); content problems come back as
/// [`Outcome::Failed`].
pub fn run(
    dir: &Path,
    settings: &Settings,
    prepare: impl FnOnce(&Book) -> Result<Prepared>,
) -> Result<Outcome> {
    locate(dir)?;
    let t = Instant::now();
    let mut loaded = match exambook_core::load(dir) {
        Ok(loaded) => loaded,
        Err(exambook_core::Error::Content {
            sources,
            diagnostics,
        }) => {
            return Ok(Outcome::Failed {
                sources,
                diagnostics,
            });
        }
        Err(e) => {
            return Err(
                anyhow::Error::new(e).context(format!("loading the book in {}", dir.display()))
            );
        }
    };
    let load_time = t.elapsed();
    let parse_time = loaded.parse_time;
    if let Some(base) = &settings.base_path {
        loaded.book.config.site.base_path = Some(base.clone());
    }
    let failing = |ds: &[Diagnostic]| {
        ds.iter()
            .any(|d| d.severity == Severity::Error || settings.deny_warnings)
    };
    let mut book = loaded.book;
    let mut diagnostics = loaded.diagnostics;
    let (published, left_out) = book.published_assets();
    let left_out: Vec<String> = left_out.iter().map(|a| a.out_path.clone()).collect();
    diagnostics.extend(collisions(&book, &published));
    // The translate stage: one book per other language of `[i18n]`.
    let translations = if book.config.i18n.targets().is_empty() || failing(&diagnostics) {
        Vec::new()
    } else {
        let (translations, ds) = exambook_core::translate::all(&mut book);
        diagnostics.extend(ds);
        translations
    };
    if settings.strict || settings.deny_warnings {
        diagnostics.iter_mut().for_each(Diagnostic::enforce);
    }
    if failing(&diagnostics) {
        return Ok(Outcome::Failed {
            sources: Box::new(book.sources),
            diagnostics,
        });
    }

    let theme_dir = book.root.join(&book.config.build.theme);
    let theme = exambook_render::Theme::load(theme_dir.is_dir().then_some(theme_dir.as_path()))
        .context("loading the theme")?;
    if settings.formats == Formats::GitBook {
        // The output folder is checked and started; the tree is small, so it is written
        // whole at the end rather than through the sink.
        let _prepared = prepare(&book)?;
        let t = Instant::now();
        // The tree's own words in each language, from the theme's UI strings.
        let labels = |tag: &str| {
            exambook_render::gitbook::Labels::new(theme.strings(tag).unwrap_or_default())
        };
        let mut export =
            exambook_render::gitbook::render(&book, &labels(&book.config.book.language));
        if !translations.is_empty() {
            // With translations, one tree per language in a folder named by its tag, and
            // `LANGS.md` (GitBook's and HonKit's list of languages) at the top.
            // Each language listed by its name in itself, when the theme has its strings.
            let name = |tag: &str| {
                theme
                    .strings_file(tag)
                    .ok()
                    .flatten()
                    .and_then(|s| s.get("language_name").cloned())
                    .unwrap_or_else(|| tag.to_owned())
            };
            let source = book.config.book.language.clone();
            let mut trees = vec![(source.clone(), name(&source), export)];
            trees.extend(translations.iter().map(|t| {
                let tree = exambook_render::gitbook::render(&t.book, &labels(&t.language));
                (t.language.clone(), name(&t.language), tree)
            }));
            export = exambook_render::gitbook::languages(trees);
        }
        diagnostics.extend(export.diagnostics);
        let render_time = t.elapsed();
        if failing(&diagnostics) {
            return Ok(Outcome::Failed {
                sources: Box::new(book.sources),
                diagnostics,
            });
        }
        return Ok(Outcome::Built(Box::new(Built {
            book,
            diagnostics,
            files: export.files,
            timings: Timings::default(),
            load_time,
            parse_time,
            render_time,
            // The assets' places are the renderer's: under `.gitbook/assets/`.
            assets: export.assets,
            left_out,
        })));
    }

    let prepared = prepare(&book)?;
    let print = settings.formats == Formats::PrintOnly || book.config.print.enabled;
    let languages: Vec<String> = if translations.is_empty() {
        Vec::new()
    } else {
        book.config.i18n.languages.clone()
    };
    let opts = HtmlOptions {
        cache: prepared.cache,
        sink: prepared.sink,
        live_reload: settings.live_reload.clone(),
        progress: settings.progress.clone(),
        print_link: print,
        languages: (!languages.is_empty()).then(|| {
            Arc::new(exambook_render::html::LanguageSite {
                languages: languages.clone(),
                current: 0,
                progress: Vec::new(),
            })
        }),
        ..HtmlOptions::default()
    };
    let t = Instant::now();
    let mut rendered = render(&book, &theme, &opts, settings.formats, print)?;
    for (i, translation) in translations.iter().enumerate() {
        let site = exambook_render::html::LanguageSite {
            languages: languages.clone(),
            current: i + 1,
            progress: translation.pages.clone(),
        };
        let folder = site.folder();
        let sink = opts.sink.clone().map(|inner| {
            let folder = folder.clone();
            exambook_render::Sink(Arc::new(move |mut file: OutputFile| {
                file.path = format!("{folder}{}", file.path);
                (inner.0)(file);
            }))
        });
        let lang_opts = HtmlOptions {
            sink,
            // The progress display counts the source language's pages.
            progress: None,
            languages: Some(Arc::new(site)),
            ..opts.clone()
        };
        let mut more = render(
            &translation.book,
            &theme,
            &lang_opts,
            settings.formats,
            print,
        )?;
        for file in &mut more.files {
            file.path = format!("{folder}{}", file.path);
        }
        rendered.files.append(&mut more.files);
        // The same code and diagrams give the same warnings: each is reported once.
        for d in more.diagnostics {
            if !rendered.diagnostics.contains(&d) {
                rendered.diagnostics.push(d);
            }
        }
        rendered.timings += more.timings;
    }
    rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
    let render_time = t.elapsed();
    diagnostics.extend(rendered.diagnostics);
    if failing(&diagnostics) {
        return Ok(Outcome::Failed {
            sources: Box::new(book.sources),
            diagnostics,
        });
    }
    Ok(Outcome::Built(Box::new(Built {
        book,
        diagnostics,
        files: rendered.files,
        timings: rendered.timings,
        load_time,
        parse_time,
        render_time,
        assets: published,
        left_out,
    })))
}

/// A published file of the source folder at a path where the site writes a page or a file of
/// its own (`index.html` beside `README.md`): one would silently replace the other, so it is an
/// error, at the page (or at the top of `book.toml`).
fn collisions(book: &exambook_core::Book, published: &[exambook_core::Asset]) -> Vec<Diagnostic> {
    published
        .iter()
        .filter_map(|asset| {
            let what = exambook_render::html::written_at(book, &asset.out_path)?;
            let page = book
                .pages
                .iter()
                .find(|p| exambook_render::html::page_path(p) == asset.out_path);
            let file = page.map_or_else(
                || {
                    book.sources
                        .find(Path::new("book.toml"))
                        .unwrap_or_default()
                },
                |p| p.file,
            );
            Some(
                Diagnostic::error(
                    exambook_syntax::Span::new(file, 0..0),
                    format!(
                        "the file `{}` of the source folder and {what} would both be written as `{}`",
                        asset.out_path, asset.out_path
                    ),
                )
                .with_hint("rename or move the file (or stop linking to it), so that neither replaces the other"),
            )
        })
        .collect()
}

/// Renders the site of one language (and its print page when `print`).
fn render(
    book: &Book,
    theme: &exambook_render::Theme,
    opts: &HtmlOptions,
    formats: Formats,
    print: bool,
) -> Result<exambook_render::Output> {
    let site = exambook_render::html::Site::new(book, theme, opts).context("rendering the site")?;
    let mut rendered = match formats {
        // (`GitBook` returns before rendering.)
        Formats::Site | Formats::GitBook => site.render().context("rendering the site")?,
        Formats::PrintOnly => exambook_render::Output {
            files: site.static_files(),
            ..exambook_render::Output::default()
        },
    };
    if print {
        let page = exambook_render::print::render(&site).context("rendering the print page")?;
        rendered.timings += page.timings;
        // The pages' warnings, found once: by the site when it was rendered, else here.
        if formats == Formats::PrintOnly {
            rendered.diagnostics.extend(page.diagnostics);
        }
        rendered.files.extend(page.files);
        rendered.files.sort_by(|a, b| a.path.cmp(&b.path));
        rendered
            .files
            .dedup_by(|later, earlier| later.path == earlier.path);
    }
    Ok(rendered)
}
