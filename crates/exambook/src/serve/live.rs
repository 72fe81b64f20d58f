//! The builder behind `serve`: builds the book into the served folder once, then again on every
//! change, doing as little as the change needs.
//!
//! - An edit of page files re-parses those pages only ([`LiveBook`]), renders only them (and
//!   their neighbours when a title changed, since their previous/next links show it) and writes
//!   only files whose bytes changed, each through a temporary file and a rename so the server
//!   never reads half a page.
//! - `book.toml`, `SUMMARY.md`, the theme, includes, new or deleted files load and render
//!   everything again; front-matter changes (navigation weights, the exam model) and edits of an
//!   exam's objective pages (whose code blocks make the command cheat sheet) render everything
//!   again. Both go through the in-memory [`RenderCache`], so unchanged code blocks and diagrams
//!   cost a lookup.
//! - Which pages an update makes stale is the renderer's rule ([`html::invalidated`]); those
//!   pages are rendered through the renderer's [`html::Site`], in parallel, exactly as a full
//!   build renders them.
//! - The search index ([`exambook_render::search::Index`]) is kept between builds: the stale
//!   pages are indexed again and only the index files whose bytes changed are written.
//! - Pages are not minified (a preview gains nothing from it; it would be the most expensive
//!   step of a one-page rebuild), otherwise they are what `exambook build` writes plus the
//!   live-reload script.
//! - When the book has errors nothing is written: the last good site stays served and browsers
//!   get the diagnostics for their overlay; edits made meanwhile are rendered with the fix.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use annotate_snippets::Renderer;
use anyhow::{Context, Result};
use exambook_core::incremental::LiveBook;
use exambook_core::output::OutputFile;
use exambook_core::{Diagnostic, Severity, SourceMap};
use exambook_render::html::{self, Site, Stale};
use exambook_render::{HtmlOptions, RenderCache, Theme};
use exambook_syntax::FileId;
use rayon::prelude::*;
use serde_json::json;

use crate::report;

/// The base path pages are rendered for: the server serves the site at its root.
const BASE_PATH: &str = "/";
/// At most this many diagnostics go to the browser overlay.
const OVERLAY_LIMIT: usize = 50;
/// Reload messages list at most this many paths; past that, every page reloads.
const PATHS_LIMIT: usize = 100;

/// What a build did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing a browser would see changed.
    Unchanged,
    /// Files were written (or a failure was cleared).
    Built(Built),
    /// The book has errors; the previous site stays.
    Failed(Failure),
}

/// A successful build.
#[derive(Debug)]
pub struct Built {
    /// Output paths written or removed.
    pub changed: Vec<String>,
    /// Pages rendered.
    pub rendered: usize,
    /// Whether everything was loaded or rendered again.
    pub full: bool,
    /// The warnings worth printing now (all of them after a full build, those of the rendered
    /// pages otherwise), rendered for the terminal.
    pub warnings: Vec<String>,
    /// The JSON message for the browsers.
    pub message: String,
    /// Where the time went, by step (for `--verbose`).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Why a build failed: what the author wrote, or the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// The book has errors (diagnostics).
    Content,
    /// Reading or writing failed (the output folder, the temporary folder, a vanished file).
    Io,
}

/// A failed build.
#[derive(Debug)]
pub struct Failure {
    /// Content errors or an I/O error.
    pub kind: FailureKind,
    /// The errors rendered for the terminal (with snippets), or the error that stopped the build.
    pub terminal: Vec<String>,
    /// The JSON message for the browsers' overlay.
    pub message: String,
}

/// Size and modification time of an asset's source when it was copied.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    source: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(source: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(source).ok()?;
        Some(Stamp {
            source: source.to_path_buf(),
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

/// The loaded book and where its parts are.
struct State {
    live: LiveBook,
    root: PathBuf,
    src: PathBuf,
    theme_dir: PathBuf,
    /// Absolute source path of every page → its source path (the key of [`LiveBook::page`]).
    pages: HashMap<PathBuf, String>,
    /// Absolute source path of every asset.
    assets: HashMap<PathBuf, String>,
}

impl State {
    fn new(live: LiveBook) -> State {
        let book = live.book();
        let root = book.root.clone();
        let src = root.join(&book.config.book.src);
        let pages = book
            .pages
            .iter()
            .map(|p| (src.join(&p.source_path), p.source_path.clone()))
            .collect();
        let assets = book
            .assets
            .iter()
            .map(|a| (a.source.clone(), a.out_path.clone()))
            .collect();
        State {
            theme_dir: root.join(&book.config.build.theme),
            live,
            root,
            src,
            pages,
            assets,
        }
    }
}

/// The builder. See the [module docs](self).
pub struct Live {
    dir: PathBuf,
    out: PathBuf,
    opts: HtmlOptions,
    theme: Option<Theme>,
    state: Option<State>,
    /// Output path → hash of the bytes on disk.
    files: HashMap<String, u64>,
    /// Output path of each copied asset → its source's stamp at the time.
    assets: HashMap<String, Stamp>,
    /// Render diagnostics by page, and those pointing elsewhere (included files).
    page_render: Vec<Vec<Diagnostic>>,
    site_render: Vec<Diagnostic>,
    /// Pages edited while the book had errors, to render with the fix.
    pending: BTreeSet<usize>,
    /// The next successful build renders everything.
    render_all: bool,
    /// The last build failed.
    failing: bool,
    /// Whether the render cache of the book's build folder was looked for.
    warmed: bool,
    /// What pages share (templates, navigation), kept while only pages change.
    shared: Option<Arc<html::Shared>>,
    /// The search index of the last build, updated for the pages an edit makes stale.
    search: exambook_render::search::Index,
    /// The search index's files in the output.
    search_files: BTreeSet<String>,
    /// Steps of the build under way and their times.
    timings: Vec<(&'static str, Duration)>,
}

impl Live {
    /// A builder for the book in `dir`, writing into `out` (an empty folder of ours); pages get
    /// the live-reload script connecting to `ws_path`.
    pub fn new(dir: &Path, out: &Path, ws_path: &str) -> Live {
        Live {
            dir: dir.to_path_buf(),
            out: out.to_path_buf(),
            opts: HtmlOptions {
                live_reload: Some(ws_path.to_owned()),
                cache: Some(Arc::new(RenderCache::new())),
                // Minifying is the most expensive step of a page once code and diagrams are
                // cached, and a local preview gains nothing from it.
                minify: false,
                progress: None,
                sink: None,
                // The preview does not keep a print page up to date; `build` writes it.
                print_link: false,
                // Translations are not served yet: the preview shows the source language.
                languages: None,
            },
            theme: None,
            state: None,
            files: HashMap::new(),
            assets: HashMap::new(),
            page_render: Vec::new(),
            site_render: Vec::new(),
            pending: BTreeSet::new(),
            render_all: true,
            failing: false,
            warmed: false,
            shared: None,
            search: exambook_render::search::Index::default(),
            search_files: BTreeSet::new(),
            timings: Vec::new(),
        }
    }

    /// The canonical book root, once a build has loaded it.
    pub fn root(&self) -> Option<&Path> {
        self.state.as_ref().map(|s| s.root.as_path())
    }

    /// The book's build folder (never watched), once loaded.
    pub fn build_dir(&self) -> Option<PathBuf> {
        let state = self.state.as_ref()?;
        Some(state.root.join(&state.live.book().config.build.build_dir))
    }

    /// Loads and renders everything.
    pub fn build(&mut self) -> Outcome {
        self.timings.clear();
        let result = self.full();
        self.settle(result)
    }

    /// Rebuilds after `paths` changed.
    pub fn changed(&mut self, paths: &[PathBuf]) -> Outcome {
        self.timings.clear();
        let result = self.changed_inner(paths);
        self.settle(result)
    }

    fn settle(&mut self, result: Result<Outcome>) -> Outcome {
        let outcome = result.unwrap_or_else(|e| {
            let text = format!("{e:#}");
            Outcome::Failed(Failure {
                kind: FailureKind::Io,
                terminal: vec![format!("error: {text}")],
                message: json!({"type": "error", "kind": "io", "message": text, "diagnostics": []})
                    .to_string(),
            })
        });
        let mut outcome = outcome;
        match &mut outcome {
            Outcome::Failed(_) => self.failing = true,
            Outcome::Built(built) => {
                self.failing = false;
                built.timings = std::mem::take(&mut self.timings);
            }
            Outcome::Unchanged => {}
        }
        outcome
    }

    fn changed_inner(&mut self, paths: &[PathBuf]) -> Result<Outcome> {
        let Some(state) = &self.state else {
            return self.full();
        };
        let mut edits = Vec::new();
        let mut assets = Vec::new();
        let mut everything = false;
        for path in paths {
            if path.is_dir() {
                // What changed inside a folder is reported for the files themselves.
                continue;
            }
            let known = state.pages.contains_key(path) || state.assets.contains_key(path);
            let exists = if known {
                reappears(path)
            } else {
                path.is_file()
            };
            if let Some(source_path) = state.pages.get(path) {
                // Never a blocking read: a page replaced by a FIFO or a device is refused here and
                // reported by the full load.
                let text = exambook_core::load::read_regular(path)
                    .ok()
                    .and_then(|bytes| String::from_utf8(bytes).ok());
                match text {
                    Some(text) if exists => edits.push((source_path.clone(), text)),
                    _ => everything = true,
                }
            } else if let Some(out_path) = state.assets.get(path) {
                if exists {
                    assets.push((path.clone(), out_path.clone()));
                } else {
                    everything = true;
                }
            } else if !exists
                && path.starts_with(&state.src)
                && path.extension().is_none_or(|e| e != "md")
            {
                // A temporary file that came and went (an editor's atomic save), or a file
                // nothing used.
            } else {
                // book.toml, SUMMARY.md, the theme, includes, new or deleted files, catalogs.
                everything = true;
            }
        }
        if everything {
            return self.full();
        }

        let mut changed = Vec::new();
        for (source, out_path) in assets {
            if self.copy_asset(&source, &out_path)? {
                changed.push(out_path);
            }
        }
        let mut outcome = if edits.is_empty() {
            Outcome::Unchanged
        } else {
            self.pages(edits)?
        };
        match &mut outcome {
            Outcome::Built(built) => built.changed.extend(changed),
            Outcome::Unchanged if !changed.is_empty() => {
                outcome = Outcome::Built(Built {
                    message: reload_message(&changed),
                    changed,
                    rendered: 0,
                    full: false,
                    warnings: Vec::new(),
                    timings: Vec::new(),
                });
            }
            _ => {}
        }
        Ok(outcome)
    }

    /// Loads the book again and renders everything.
    fn full(&mut self) -> Result<Outcome> {
        self.render_all = true;
        self.pending.clear();
        self.state = None;
        self.shared = None;
        self.theme = None;
        let t = Instant::now();
        let loaded = exambook_core::load(&self.dir);
        self.timings.push(("load", t.elapsed()));
        let mut loaded = match loaded {
            Ok(loaded) => loaded,
            Err(exambook_core::Error::Content {
                sources,
                diagnostics,
            }) => {
                return Ok(Outcome::Failed(failure(&sources, &diagnostics)));
            }
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("loading the book in {}", self.dir.display())));
            }
        };
        loaded.book.config.site.base_path = Some(BASE_PATH.into());
        let state = State::new(LiveBook::new(loaded));
        let theme_dir = state.theme_dir.clone();
        self.theme = Some(
            Theme::load(theme_dir.is_dir().then_some(theme_dir.as_path()))
                .context("loading the theme")?,
        );
        if !self.warmed {
            self.warmed = true;
            self.warm(&state);
        }
        self.state = Some(state);
        self.render(Vec::new(), true)
    }

    /// Starts the in-memory cache from the one `exambook build` left in the book's
    /// `.exambook/`, if any (read only: `serve` writes nothing into the book).
    fn warm(&mut self, state: &State) {
        let root = &state.live.book().root;
        if let Some(path) = crate::cmd::build::cache_file(root, false)
            && let Ok(found) = RenderCache::load(&path)
        {
            self.opts.cache = Some(Arc::new(found));
        }
    }

    /// Applies edits of page files.
    fn pages(&mut self, edits: Vec<(String, String)>) -> Result<Outcome> {
        let Some(state) = self.state.as_mut() else {
            return self.full();
        };
        let t = Instant::now();
        let Ok(update) = state.live.update(edits) else {
            return self.full();
        };
        self.timings.push(("parse", t.elapsed()));
        if update.pages.is_empty() {
            return Ok(Outcome::Unchanged);
        }
        if state.live.stale_sources() > state.live.book().pages.len().max(256) {
            // Superseded texts piled up in the source map: start afresh.
            return self.full();
        }
        let book = state.live.book();
        match html::invalidated(book, &update) {
            Stale::All => self.render_all = true,
            Stale::Pages(pages) => self.pending.extend(pages),
        }
        let edited = update
            .pages
            .iter()
            .filter_map(|&p| book.pages.get(p).map(|p| p.file))
            .collect();
        self.render(edited, false)
    }

    /// Renders what is pending (everything when needed) and writes what changed. `edited` are
    /// the files of the pages just edited, whose warnings are printed.
    fn render(&mut self, edited: Vec<FileId>, loaded_all: bool) -> Result<Outcome> {
        let (Some(state), Some(theme)) = (self.state.take(), self.theme.take()) else {
            return self.full();
        };
        let result = self.render_with(&state, &theme, &edited, loaded_all);
        self.state = Some(state);
        self.theme = Some(theme);
        result
    }

    fn render_with(
        &mut self,
        state: &State,
        theme: &Theme,
        edited: &[FileId],
        loaded_all: bool,
    ) -> Result<Outcome> {
        let book = state.live.book();
        let load_diags = state.live.diagnostics();
        if load_diags.iter().any(Diagnostic::is_error) {
            return Ok(Outcome::Failed(failure(&book.sources, load_diags)));
        }

        let full = self.render_all || loaded_all;
        let page_of: HashMap<FileId, usize> = book
            .pages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.file, i))
            .collect();
        let mut files: Vec<OutputFile> = Vec::new();
        let mut page_render = self.page_render.clone();
        page_render.resize(book.pages.len(), Vec::new());
        let mut site_render = self.site_render.clone();
        let rendered;
        let t = Instant::now();
        // The source language's pages link the other languages of `[i18n]`.
        let languages = &book.config.i18n.languages;
        self.opts.languages = (!book.config.i18n.targets().is_empty()).then(|| {
            Arc::new(html::LanguageSite {
                languages: languages.clone(),
                current: 0,
                progress: Vec::new(),
            })
        });
        let site = match self.shared.take() {
            Some(shared) if !full => Site::with(book, theme, &self.opts, shared),
            _ => Site::new(book, theme, &self.opts).context("rendering the site")?,
        };
        self.shared = Some(site.shared());
        if full {
            let output = site.render().context("rendering the site")?;
            page_render = vec![Vec::new(); book.pages.len()];
            site_render = Vec::new();
            for d in output.diagnostics {
                match page_of
                    .get(&d.span.file)
                    .and_then(|&i| page_render.get_mut(i))
                {
                    Some(list) => list.push(d),
                    None => site_render.push(d),
                }
            }
            files = output.files;
            self.search = output.search;
            rendered = book.pages.len();
        } else {
            let pending: Vec<usize> = self.pending.iter().copied().collect();
            let pages = pending
                .par_iter()
                .map(|&i| site.page(i).map(|r| (i, r)))
                .collect::<Result<Vec<_>, _>>()
                .context("rendering the page")?;
            for (index, page) in pages {
                // Diagnostics in included files are the site's (as in a full render).
                let file = book.pages.get(index).map(|p| p.file);
                if let Some(list) = page_render.get_mut(index) {
                    *list = page
                        .diagnostics
                        .into_iter()
                        .filter(|d| Some(d.span.file) == file)
                        .collect();
                }
                files.push(page.file);
            }
            // The search index: the stale pages indexed again, the shards written anew (only
            // those whose bytes changed reach the disk below).
            self.search.update(book, &self.pending);
            files.extend(self.search.files(book));
            rendered = pending.len();
        }

        // The other languages: translated from their catalogs and rendered whole, after any
        // change (a page edit changes what falls back to the source; saving a catalog loads
        // everything again, as book.toml does). Only files whose bytes changed are written.
        if !book.config.i18n.targets().is_empty() {
            let mut source = book.clone();
            let (translations, ds) = exambook_core::translate::all(&mut source);
            if ds.iter().any(Diagnostic::is_error) {
                return Ok(Outcome::Failed(failure(&source.sources, &ds)));
            }
            for (i, translation) in translations.iter().enumerate() {
                let site = html::LanguageSite {
                    languages: languages.clone(),
                    current: i + 1,
                    progress: translation.pages.clone(),
                };
                let folder = site.folder();
                let opts = HtmlOptions {
                    languages: Some(Arc::new(site)),
                    ..self.opts.clone()
                };
                let output = Site::new(&translation.book, theme, &opts)
                    .and_then(|site| site.render())
                    .context("rendering a translation")?;
                files.extend(output.files.into_iter().map(|mut f| {
                    f.path = format!("{folder}{}", f.path);
                    f
                }));
            }
        }

        self.timings.push(("render", t.elapsed()));
        let render_diags = || page_render.iter().flatten().chain(&site_render);
        if render_diags().any(Diagnostic::is_error) {
            let all: Vec<Diagnostic> = load_diags.iter().chain(render_diags()).cloned().collect();
            return Ok(Outcome::Failed(failure(&book.sources, &all)));
        }

        // Write what changed.
        let t = Instant::now();
        let mut changed = Vec::new();
        let mut present = BTreeSet::new();
        // Files whose bytes changed are written in parallel (a batch can touch many).
        let fresh: Vec<(&OutputFile, u64)> = files
            .iter()
            .map(|f| (f, xxhash_rust::xxh3::xxh3_64(&f.contents)))
            .filter(|(f, hash)| self.files.get(&f.path) != Some(hash))
            .collect();
        fresh
            .par_iter()
            .try_for_each(|(file, _)| self.write(&file.path, &file.contents))?;
        for (file, hash) in fresh {
            self.files.insert(file.path.clone(), hash);
            changed.push(file.path.clone());
        }
        present.extend(files.iter().map(|f| f.path.clone()));
        // Search shards no longer made (their words went away) are removed.
        let search_files: BTreeSet<String> = files
            .iter()
            .filter(|f| f.path.starts_with("search/"))
            .map(|f| f.path.clone())
            .collect();
        if !full {
            for path in self.search_files.difference(&search_files) {
                self.files.remove(path);
                if let Ok(rel) = checked(path) {
                    let _ = std::fs::remove_file(self.out.join(rel));
                }
                changed.push(path.clone());
            }
        }
        self.search_files = search_files;
        if full {
            for asset in &book.assets {
                present.insert(asset.out_path.clone());
                if self.copy_asset(&asset.source, &asset.out_path)? {
                    changed.push(asset.out_path.clone());
                }
            }
            let stale: Vec<String> = self
                .files
                .keys()
                .chain(self.assets.keys())
                .filter(|p| !present.contains(*p))
                .cloned()
                .collect();
            for path in stale {
                self.files.remove(&path);
                self.assets.remove(&path);
                if let Ok(rel) = checked(&path) {
                    let _ = std::fs::remove_file(self.out.join(rel));
                }
                changed.push(path);
            }
        }

        self.timings.push(("write", t.elapsed()));
        let renderer = report::terminal();
        let warnings: Vec<String> = load_diags
            .iter()
            .chain(render_diags())
            .filter(|d| d.severity == Severity::Warning && (full || edited.contains(&d.span.file)))
            .map(|d| report::render(&renderer, &book.sources, d))
            .collect();
        self.page_render = page_render;
        self.site_render = site_render;
        self.pending.clear();
        self.render_all = false;
        if changed.is_empty() && !self.failing {
            return Ok(Outcome::Unchanged);
        }
        changed.sort();
        Ok(Outcome::Built(Built {
            message: reload_message(&changed),
            changed,
            rendered,
            full,
            warnings,
            timings: Vec::new(),
        }))
    }

    /// Writes one output file (through a temporary file and a rename).
    fn write(&self, path: &str, contents: &[u8]) -> Result<()> {
        let dest = self.out.join(checked(path)?);
        replace_file(&self.out, &dest, |tmp| std::fs::write(tmp, contents))
    }

    /// Copies an asset unless its source looks unchanged since the last copy.
    fn copy_asset(&mut self, source: &Path, out_path: &str) -> Result<bool> {
        let Some(stamp) = Stamp::of(source) else {
            return Ok(false);
        };
        if self.assets.get(out_path) == Some(&stamp) {
            return Ok(false);
        }
        let dest = self.out.join(checked(out_path)?);
        replace_file(&self.out, &dest, |tmp| {
            std::fs::copy(source, tmp).map(|_| ())
        })?;
        self.assets.insert(out_path.to_owned(), stamp);
        Ok(true)
    }
}

/// Whether a file of the book is there, waiting a moment when it is not: some editors save by
/// moving the old file away before writing the new one.
fn reappears(path: &Path) -> bool {
    for _ in 0..10 {
        if path.is_file() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    false
}

/// Writes `dest` (inside `out`) through a hidden temporary file beside it and a rename.
fn replace_file(
    out: &Path,
    dest: &Path,
    fill: impl FnOnce(&Path) -> std::io::Result<()>,
) -> Result<()> {
    // Never create the output folder itself: it is gone once the server stops.
    if !out.is_dir() {
        anyhow::bail!("the output folder {} is gone", out.display());
    }
    let dir = dest.parent().unwrap_or(out);
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.exambook-tmp"));
    fill(&tmp).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, dest).with_context(|| format!("writing {}", dest.display()))?;
    Ok(())
}

/// A relative output path made only of normal components.
fn checked(path: &str) -> Result<PathBuf> {
    exambook_core::paths::output_path(path)
        .with_context(|| format!("refusing to write the output path `{path}`"))
}

/// The failure report of diagnostics holding errors: for the terminal, the errors; for the
/// overlay, the errors then the warnings, at most [`OVERLAY_LIMIT`].
fn failure(sources: &SourceMap, diagnostics: &[Diagnostic]) -> Failure {
    let terminal_r = report::terminal();
    let plain = Renderer::plain();
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    // Grouped as `check` prints them: 16,000 broken anchors are ten snippets and one count.
    let terminal = report::grouped(&terminal_r, sources, errors.iter().copied()).collect();
    let ordered = errors
        .iter()
        .copied()
        .chain(diagnostics.iter().filter(|d| !d.is_error()));
    let items: Vec<report::Json<'_>> = ordered
        .take(OVERLAY_LIMIT)
        .map(|d| report::Json::new(sources, d).with_text(report::render(&plain, sources, d)))
        .collect();
    let message = json!({
        "type": "error",
        "kind": "content",
        "errors": errors.len(),
        "warnings": diagnostics.len() - errors.len(),
        "diagnostics": items,
    })
    .to_string();
    Failure {
        kind: FailureKind::Content,
        terminal,
        message,
    }
}

/// The reload message: the changed paths, or none (reload every page) when there are many or
/// none (a failure was cleared).
fn reload_message(changed: &[String]) -> String {
    if changed.is_empty() || changed.len() > PATHS_LIMIT {
        json!({"type": "reload"}).to_string()
    } else {
        json!({"type": "reload", "paths": changed}).to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn workspace() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
    }

    fn copy_tree(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let dest = to.join(entry.file_name());
            if entry.file_type().unwrap().is_dir() {
                copy_tree(&entry.path(), &dest);
            } else {
                std::fs::copy(entry.path(), dest).unwrap();
            }
        }
    }

    fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let rel = path
                        .strip_prefix(dir)
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    out.insert(rel, std::fs::read(&path).unwrap());
                }
            }
        }
        out
    }

    fn outcome_kind(outcome: &Outcome) -> &'static str {
        match outcome {
            Outcome::Unchanged => "unchanged",
            Outcome::Built(b) if b.full => "full",
            Outcome::Built(_) => "pages",
            Outcome::Failed(_) => "failed",
        }
    }

    /// Applies `steps` (file, new text or `None` for the text with `{{#include` lines dropped,
    /// expected kind of build) to a copy of `fixture` and checks after each that the served
    /// folder is what a fresh build of the book writes.
    fn follow(name: &str, fixture: &str, steps: &[(&str, &str, &str)]) {
        let tmp = tempfile::Builder::new().prefix(name).tempdir().unwrap();
        let book = tmp.path().join("book");
        copy_tree(&workspace().join(fixture), &book);
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let mut live = Live::new(&book, &out, "/ws");
        assert_eq!(outcome_kind(&live.build()), "full");
        let book = book.canonicalize().unwrap();
        for (step, (file, text, expected)) in steps.iter().enumerate() {
            let path = book.join(file);
            let text = match *text {
                WITHOUT_INCLUDES => std::fs::read_to_string(&path)
                    .unwrap()
                    .lines()
                    .filter(|l| !l.contains("{{#"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                EDIT_CODE => std::fs::read_to_string(&path)
                    .unwrap()
                    .replace("xl list", "xl list --long"),
                text => text.to_owned(),
            };
            std::fs::write(&path, text).unwrap();
            let outcome = live.changed(&[path]);
            assert_eq!(outcome_kind(&outcome), *expected, "{name} step {step}");
            if *expected == "failed" {
                continue;
            }
            let fresh_out = tmp.path().join(format!("fresh-{step}"));
            std::fs::create_dir_all(&fresh_out).unwrap();
            let mut fresh = Live::new(&book, &fresh_out, "/ws");
            // Content-addressed, so sharing it changes nothing but the time.
            fresh.opts.cache.clone_from(&live.opts.cache);
            assert_eq!(outcome_kind(&fresh.build()), "full", "{name} step {step}");
            let (mine, theirs) = (tree(&out), tree(&fresh_out));
            assert_eq!(
                mine.keys().collect::<Vec<_>>(),
                theirs.keys().collect::<Vec<_>>(),
                "{name} step {step}"
            );
            for (path, bytes) in &mine {
                assert!(
                    theirs.get(path) == Some(bytes),
                    "{name} step {step}: {path} differs"
                );
            }
        }
    }

    /// Saving a language's catalog renders that language's pages again, as a fresh build
    /// does; the source language's pages link it.
    #[test]
    fn a_saved_catalog_reloads_its_language() {
        let tmp = tempfile::Builder::new()
            .prefix("catalog")
            .tempdir()
            .unwrap();
        let book = tmp.path().join("book");
        copy_tree(&workspace().join("crates/exambook/tests/serve/book"), &book);
        let toml = std::fs::read_to_string(book.join("book.toml")).unwrap();
        std::fs::write(
            book.join("book.toml"),
            format!("{toml}\n[i18n]\nlanguages = [\"en\", \"de\"]\n"),
        )
        .unwrap();
        std::fs::create_dir_all(book.join("i18n")).unwrap();
        let catalog = |text: &str| {
            format!(
                "msgid \"\"\nmsgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n\n\
                 msgid \"First paragraph of page A.\"\nmsgstr \"{text}\"\n"
            )
        };
        std::fs::write(book.join("i18n/de.po"), catalog("Erster Absatz.")).unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let mut live = Live::new(&book, &out, "/ws");
        assert_eq!(outcome_kind(&live.build()), "full");
        let page = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
        assert!(page("de/a.html").contains("Erster Absatz."));
        assert!(
            page("a.html").contains("hreflang=\"de\""),
            "{}",
            page("a.html")
        );
        let po = book.canonicalize().unwrap().join("i18n/de.po");
        std::fs::write(&po, catalog("Der erste Absatz.")).unwrap();
        let Outcome::Built(built) = live.changed(&[po]) else {
            panic!("a saved catalog must build");
        };
        assert!(
            built.changed.contains(&"de/a.html".to_owned()),
            "{:?}",
            built.changed
        );
        assert!(
            !built.changed.contains(&"a.html".to_owned()),
            "{:?}",
            built.changed
        );
        assert!(page("de/a.html").contains("Der erste Absatz."));
        // A page edit reaches the other language too (an untranslated text falls back).
        let a = book.canonicalize().unwrap().join("src/a.md");
        let text = std::fs::read_to_string(&a).unwrap();
        std::fs::write(&a, format!("{text}\nA new paragraph.\n")).unwrap();
        assert_eq!(outcome_kind(&live.changed(&[a])), "pages");
        assert!(page("de/a.html").contains("<span lang=\"en\">A new paragraph.</span>"));
    }

    /// Many errors alike print as `check` prints them: the first few in full, then a count.
    #[test]
    fn repeated_errors_are_grouped_in_the_terminal() {
        let tmp = tempfile::Builder::new()
            .prefix("grouped")
            .tempdir()
            .unwrap();
        let book = tmp.path().join("book");
        copy_tree(&workspace().join("crates/exambook/tests/serve/book"), &book);
        let broken = "[x](#nope)\n\n".repeat(40);
        std::fs::write(book.join("src/a.md"), format!("# A\n\n{broken}")).unwrap();
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let mut live = Live::new(&book, &out, "/ws");
        let Outcome::Failed(failure) = live.build() else {
            panic!("40 broken anchors must fail the build");
        };
        let alike = |needle: &str| {
            failure
                .terminal
                .iter()
                .filter(|t| t.contains(needle))
                .count()
        };
        assert_eq!(
            alike("`#nope`"),
            report::MAX_ALIKE + 1,
            "{:#?}",
            failure.terminal
        );
        assert_eq!(
            alike("… and 30 more like this"),
            1,
            "{:#?}",
            failure.terminal
        );
    }

    /// A page replaced by a FIFO while serving does not block the builder: the rebuild fails
    /// with an error instead.
    #[cfg(unix)]
    #[test]
    fn a_page_replaced_by_a_fifo_does_not_block() {
        let tmp = tempfile::Builder::new().prefix("fifo").tempdir().unwrap();
        let book = tmp.path().join("book");
        copy_tree(&workspace().join("crates/exambook/tests/serve/book"), &book);
        let out = tmp.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let mut live = Live::new(&book, &out, "/ws");
        assert_eq!(outcome_kind(&live.build()), "full");
        let page = book.canonicalize().unwrap().join("src/a.md");
        std::fs::remove_file(&page).unwrap();
        let made = std::process::Command::new("mkfifo").arg(&page).status();
        if !made.is_ok_and(|s| s.success()) {
            assert!(
                std::env::var_os("CI").is_none(),
                "mkfifo is needed for this test"
            );
            eprintln!("SKIPPED: mkfifo is not available");
            return;
        }
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let outcome = live.changed(&[page]);
            let _ = tx.send(outcome_kind(&outcome));
        });
        let kind = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("the rebuild blocked on a FIFO");
        assert_eq!(kind, "failed");
    }

    /// After every kind of edit, the served folder is what a fresh build of the book writes.
    #[test]
    fn incremental_builds_match_a_fresh_build() {
        let a = "src/a.md";
        follow(
            "summary",
            "crates/exambook/tests/serve/book",
            &[
                // A paragraph: that page only.
                (
                    a,
                    "# Page A\n\nA new first paragraph.\n\n## Details\n\nText.\n",
                    "pages",
                ),
                // The same bytes again: nothing.
                (
                    a,
                    "# Page A\n\nA new first paragraph.\n\n## Details\n\nText.\n",
                    "unchanged",
                ),
                // Front matter (here a title): everything is rendered again.
                (
                    a,
                    "+++\ntitle = \"Renamed A\"\n+++\n\n# Page A\n\n## Details\n",
                    "full",
                ),
                (a, "# Page A\n\n## Details\n\nBack.\n", "full"),
                // A heading another page links to goes away: that page's link breaks.
                (a, "# Page A\n\n## Other\n", "failed"),
                (a, "# Page A\n\n## Details\n\nFixed.\n", "pages"),
                // An unclosed admonition, then the fix, with an edit of another page meanwhile.
                (a, "# Page A\n\n## Details\n\n:::note\nopen\n", "failed"),
                (
                    "src/index.md",
                    "# Home\n\nEdited while broken. [d](a.md#details)\n",
                    "failed",
                ),
                (
                    a,
                    "# Page A\n\n## Details\n\n:::note\nclosed\n:::\n",
                    "pages",
                ),
                // The table of contents.
                (
                    "src/SUMMARY.md",
                    "# Summary\n\n- [Page A](a.md)\n- [Home](index.md)\n- [Section](sub/index.md)\n  - [Page B](sub/b.md)\n",
                    "full",
                ),
            ],
        );
    }

    /// The bundled guide has an exam, whose generated pages are made of the objective pages.
    #[test]
    fn exam_books_keep_their_generated_pages_current() {
        let xen = "src/351/351.2-xen.md";
        let topic = "src/351/README.md";
        let topic_text = std::fs::read_to_string(workspace().join("book").join(topic)).unwrap();
        let edited_topic = topic_text.replacen("\n\n", "\n\nAn added paragraph.\n\n", 1);
        follow(
            "exam",
            "book",
            &[
                // A topic page: no objective, no includes.
                (topic, &edited_topic, "pages"),
                // An objective page losing its includes, then edited without them.
                (xen, WITHOUT_INCLUDES, "full"),
                (xen, EDIT_CODE, "full"),
            ],
        );
    }

    /// Marks a step that drops the `{{#include}}` lines of the file.
    const WITHOUT_INCLUDES: &str = "\0without includes";
    /// Marks a step that changes the commands of the file's code blocks.
    const EDIT_CODE: &str = "\0edit code";

    /// An output that cannot be written is an I/O failure, not "the book has errors" (#21.22).
    #[test]
    fn an_output_that_cannot_be_written_is_an_io_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let book = tmp.path().join("book");
        copy_tree(&workspace().join("crates/exambook/tests/serve/book"), &book);
        // A file where the output folder should be: every write under it fails (even as root).
        let out = tmp.path().join("out");
        std::fs::write(&out, "not a folder").unwrap();
        let mut live = Live::new(&book, &out, "/ws");
        let Outcome::Failed(failure) = live.build() else {
            panic!("an unwritable output must fail the build");
        };
        assert_eq!(failure.kind, FailureKind::Io, "{:#?}", failure.terminal);
        assert!(
            failure.message.contains(r#""kind":"io""#),
            "{}",
            failure.message
        );

        std::fs::remove_file(&out).unwrap();
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(book.join("src/a.md"), "# A\n\n[x](#nope)\n").unwrap();
        let Outcome::Failed(failure) = live.build() else {
            panic!("a broken anchor must fail the build");
        };
        assert_eq!(failure.kind, FailureKind::Content);
        assert!(
            failure.message.contains(r#""kind":"content""#),
            "{}",
            failure.message
        );
    }

    /// Without SUMMARY.md a page's title is its first heading, which its neighbours show.
    #[test]
    fn retitled_pages_update_their_neighbours() {
        follow(
            "layout",
            "crates/exambook/tests/cli/ok-no-summary/book",
            &[
                ("src/a/index.md", "# A new title\n\nText.\n", "pages"),
                ("src/a/b.md", "# B, renamed\n\nMore text.\n", "pages"),
            ],
        );
    }
}
