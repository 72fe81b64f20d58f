//! Themes: the default theme embedded in the binary, overridable file by file.
//!
//! A theme is a set of files addressed by their path inside the theme folder:
//! `templates/*.html` (tera 2 templates), `static/**` (copied to the site's `static/`),
//! `icons/*.svg` (inlined into pages), `strings/<lang>.toml` (UI strings). A same-named file in a
//! book's theme folder replaces the default one, any other file is added (zola's and mdBook's
//! rule). Templates are compiled when a theme is loaded, so a broken override fails early with
//! its file and line.
//!
//! The stylesheet is written in parts, [`Theme::STYLESHEET_PARTS`] (`static/css/variables.css`,
//! …), so that an author overrides one part (say the colours) without copying the others. The
//! theme joins them, in that order (the cascade order), into the one published
//! [`Theme::STYLESHEET`] (`static/exambook.css`): pages still load one stylesheet with one
//! versioned URL. The parts themselves are not published (their rules are already in the
//! stylesheet). A theme folder that has a whole `static/exambook.css` gets it as it is, parts
//! or no parts. Any other file under `static/css/` is not a part: it is published like every
//! static file, for a template of the theme to link.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;

/// Declares the default theme's files, embedded at compile time from `theme/` in this crate: a
/// symlink to the repository's `themes/default`, which `cargo package` follows, so the packaged
/// crate carries the theme's files themselves.
macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../theme/", $path)) as &[u8])),*]
    };
}

/// Every file of `themes/default`, by path inside the theme.
const DEFAULT_FILES: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/page.html",
    "templates/objective.html",
    "templates/nav.html",
    "templates/toc.html",
    "templates/toc.js",
    "templates/404.html",
    "templates/blueprint.html",
    "templates/cited.html",
    "templates/cheatsheet.html",
    "templates/prev_next.html",
    "templates/practice.html",
    "templates/print.html",
    "static/css/variables.css",
    "static/css/layout.css",
    "static/css/content.css",
    "static/css/print.css",
    "static/css/exam.css",
    "static/css/quiz.css",
    "static/css/paper.css",
    "static/css/search.css",
    "static/exambook.js",
    "static/search.js",
    "static/exam.js",
    "static/quiz.js",
    "static/diagram.js",
    "static/favicon.svg",
    "icons/note.svg",
    "icons/tip.svg",
    "icons/important.svg",
    "icons/warning.svg",
    "icons/caution.svg",
    "icons/exam.svg",
    "icons/lab.svg",
    "icons/menu.svg",
    "icons/sun.svg",
    "icons/moon.svg",
    "icons/copy.svg",
    "icons/chevron.svg",
    "icons/arrow-left.svg",
    "icons/arrow-right.svg",
    "strings/en.toml",
    "strings/de.toml",
    "strings/pt-BR.toml",
];

/// The language whose strings file is complete by definition and fills gaps in the others.
pub const FALLBACK_LANGUAGE: &str = "en";

/// A theme that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    /// A file of the theme folder could not be read.
    #[error("cannot read theme file {}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A template does not compile or failed while rendering.
    #[error("{file}:{line}:{column}: {message}")]
    Template {
        /// The template file: its path in the book's theme folder when overridden, else
        /// `themes/default/templates/…`.
        file: String,
        /// 1-based line (0 when tera gave no position).
        line: usize,
        /// 1-based column (0 when tera gave no position).
        column: usize,
        /// What went wrong.
        message: String,
    },
    /// A UI strings file is not a flat TOML table of strings.
    #[error("{file}: {message}")]
    Strings {
        /// The strings file.
        file: String,
        /// What went wrong.
        message: String,
    },
    /// A file the renderer needs is missing from the theme.
    #[error("the theme has no {0}")]
    Missing(String),
}

/// A site theme: the default files with a book's overrides applied.
#[derive(Debug, Clone)]
pub struct Theme {
    files: BTreeMap<String, Vec<u8>>,
    /// Where each overridden or added file was read from.
    origins: BTreeMap<String, PathBuf>,
}

impl Theme {
    /// The published stylesheet, joined from [`Theme::STYLESHEET_PARTS`] unless the theme folder
    /// has its own.
    pub const STYLESHEET: &str = "static/exambook.css";

    /// The parts of [`Theme::STYLESHEET`], in the order they are joined (the cascade order):
    /// the custom properties (colours of both schemes, fonts, sizes); the page frame (base
    /// elements, header, sidebar, navigation); the content (headings, code, admonitions,
    /// diagrams, objective header, 404); the print rules of those; the exam pages and progress
    /// controls, with their own print rules; the question forms and the practice exam; the
    /// search box and its results.
    pub const STYLESHEET_PARTS: &[&str] = &[
        "static/css/variables.css",
        "static/css/layout.css",
        "static/css/content.css",
        "static/css/print.css",
        "static/css/exam.css",
        "static/css/quiz.css",
        "static/css/search.css",
    ];

    /// The default theme (`themes/default`), embedded in the binary.
    pub fn default_theme() -> Theme {
        let files = DEFAULT_FILES
            .iter()
            .map(|(p, b)| ((*p).to_owned(), b.to_vec()))
            .collect();
        let mut theme = Theme {
            files,
            origins: BTreeMap::new(),
        };
        theme.assemble_stylesheet();
        theme
    }

    /// The default theme with the files of `override_dir` (a book's theme folder) laid over it.
    /// A missing folder means no overrides. Templates are compiled and strings parsed here, so
    /// errors surface before any page is rendered.
    pub fn load(override_dir: Option<&Path>) -> Result<Theme, ThemeError> {
        let mut theme = Theme::default_theme();
        if let Some(dir) = override_dir.filter(|d| d.is_dir()) {
            let root = dir.canonicalize().map_err(|source| ThemeError::Io {
                path: dir.to_owned(),
                source,
            })?;
            let mut found = Vec::new();
            collect_files(&root, &root, &mut found)?;
            for (rel, path) in found {
                let bytes = read_theme_file(&path)?;
                theme.files.insert(rel.clone(), bytes);
                theme.origins.insert(rel.clone(), dir.join(rel));
            }
        }
        theme.assemble_stylesheet();
        theme.templates()?;
        theme.strings("")?;
        Ok(theme)
    }

    /// A theme from explicit files (paths inside the theme → contents) laid over the default
    /// one; for tests and for embedding tools.
    pub fn with_files<I, P, B>(files: I) -> Result<Theme, ThemeError>
    where
        I: IntoIterator<Item = (P, B)>,
        P: Into<String>,
        B: Into<Vec<u8>>,
    {
        let mut theme = Theme::default_theme();
        for (path, bytes) in files {
            let path = path.into();
            theme.origins.insert(path.clone(), PathBuf::from(&path));
            theme.files.insert(path, bytes.into());
        }
        theme.assemble_stylesheet();
        theme.templates()?;
        theme.strings("")?;
        Ok(theme)
    }

    /// The file at `path` inside the theme (e.g. `static/exambook.css`, assembled, or one of
    /// its [`Theme::STYLESHEET_PARTS`]).
    pub fn file(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// Every file path of the theme as a site gets it, sorted: the [`Theme::STYLESHEET_PARTS`] are
    /// left out (they are in [`Theme::STYLESHEET`]).
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files
            .keys()
            .map(String::as_str)
            .filter(|p| !Self::STYLESHEET_PARTS.contains(p))
    }

    /// Joins the [`Theme::STYLESHEET_PARTS`] into [`Theme::STYLESHEET`], unless the theme folder has its own:
    /// each part ends with a line break (one is added if it lacks it), an empty line between
    /// two parts, an empty part left out.
    fn assemble_stylesheet(&mut self) {
        if self.origins.contains_key(Self::STYLESHEET) {
            return;
        }
        let mut css = Vec::new();
        for part in Self::STYLESHEET_PARTS {
            let Some(bytes) = self.files.get(*part).filter(|b| !b.is_empty()) else {
                continue;
            };
            if !css.is_empty() {
                css.push(b'\n');
            }
            css.extend_from_slice(bytes);
            if !css.ends_with(b"\n") {
                css.push(b'\n');
            }
        }
        self.files.insert(Self::STYLESHEET.to_owned(), css);
    }

    /// Whether `path` comes from the book's theme folder rather than the default theme.
    pub fn is_overridden(&self, path: &str) -> bool {
        self.origins.contains_key(path)
    }

    /// The text of a theme file, or an error naming it.
    pub(crate) fn text(&self, path: &str) -> Result<&str, ThemeError> {
        let bytes = self
            .file(path)
            .ok_or_else(|| ThemeError::Missing(path.to_owned()))?;
        std::str::from_utf8(bytes).map_err(|e| ThemeError::Strings {
            file: self.display_path(path),
            message: e.to_string(),
        })
    }

    /// How a theme file is named in messages.
    pub(crate) fn display_path(&self, path: &str) -> String {
        match self.origins.get(path) {
            Some(origin) => origin.display().to_string(),
            None => format!("themes/default/{path}"),
        }
    }

    /// Compiles every template (`templates/*`), named by their path below `templates/`.
    pub(crate) fn templates(&self) -> Result<Tera, ThemeError> {
        let mut tera = Tera::new();
        let mut sources = Vec::new();
        for (path, bytes) in &self.files {
            if let Some(name) = path.strip_prefix("templates/") {
                let text = std::str::from_utf8(bytes).map_err(|e| ThemeError::Template {
                    file: self.display_path(path),
                    line: 0,
                    column: 0,
                    message: e.to_string(),
                })?;
                sources.push((name.to_owned(), text.to_owned()));
            }
        }
        tera.add_raw_templates(sources)
            .map_err(|e| self.template_error(&e))?;
        Ok(tera)
    }

    /// Maps a tera error to the template file and line it points at.
    pub(crate) fn template_error(&self, e: &tera::Error) -> ThemeError {
        let (name, line, column, message) = match e.kind() {
            tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
                r.filename().to_owned(),
                r.span().start_line,
                r.span().start_col + 1,
                r.message().to_owned(),
            ),
            other => (String::new(), 0, 0, other.to_string()),
        };
        let file = if name.is_empty() {
            "templates".to_owned()
        } else {
            self.display_path(&format!("templates/{name}"))
        };
        let mut message = message;
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        ThemeError::Template {
            file,
            line,
            column,
            message,
        }
    }

    /// The UI strings for `language` (a BCP 47 tag such as `de` or `de-CH`): its own file, else
    /// its primary language's, each key falling back to English.
    pub fn strings(&self, language: &str) -> Result<BTreeMap<String, String>, ThemeError> {
        let mut strings = self.strings_file(FALLBACK_LANGUAGE)?.unwrap_or_default();
        let lower = language.to_ascii_lowercase();
        let primary = lower.split(['-', '_']).next().unwrap_or("").to_owned();
        for candidate in [primary, lower] {
            if candidate.is_empty() || candidate == FALLBACK_LANGUAGE {
                continue;
            }
            if let Some(own) = self.strings_file(&candidate)? {
                strings.extend(own);
            }
        }
        Ok(strings)
    }

    /// Every language that has a strings file, sorted.
    pub fn languages(&self) -> Vec<String> {
        self.files
            .keys()
            .filter_map(|p| {
                p.strip_prefix("strings/")?
                    .strip_suffix(".toml")
                    .map(str::to_owned)
            })
            .collect()
    }

    /// The strings file of exactly `language`, if the theme has one.
    pub fn strings_file(
        &self,
        language: &str,
    ) -> Result<Option<BTreeMap<String, String>>, ThemeError> {
        // Language tags are case-insensitive (`pt-br` is `pt-BR.toml`).
        let wanted = format!("strings/{language}.toml");
        let Some(path) = self
            .files
            .keys()
            .find(|p| p.eq_ignore_ascii_case(&wanted))
            .cloned()
        else {
            return Ok(None);
        };
        let text = self.text(&path)?;
        toml::from_str::<BTreeMap<String, String>>(text)
            .map(Some)
            .map_err(|e| ThemeError::Strings {
                file: self.display_path(&path),
                message: e.to_string(),
            })
    }

    /// The inline SVG icons (`icons/*.svg`) by name, `-` written as `_` (`arrow-left` →
    /// `arrow_left`), as templates see them.
    pub(crate) fn icons(&self) -> BTreeMap<String, String> {
        self.files
            .iter()
            .filter_map(|(path, bytes)| {
                let name = path.strip_prefix("icons/")?.strip_suffix(".svg")?;
                let svg = String::from_utf8_lossy(bytes).trim().to_owned();
                Some((name.replace('-', "_"), svg))
            })
            .collect()
    }
}

/// A theme file larger than this is refused (the default theme's largest is a few hundred KB).
const MAX_THEME_FILE: u64 = 16 * 1024 * 1024;
/// A theme folder with more files than this is refused (the default theme has under a hundred).
const MAX_THEME_FILES: usize = 10_000;

fn theme_io(path: &Path, message: String) -> ThemeError {
    ThemeError::Io {
        path: path.to_owned(),
        source: std::io::Error::other(message),
    }
}

/// Collects the files below `dir` (inside the canonical theme folder `root`) as (path relative
/// to `root` with `/` separators, full path), skipping hidden files. Only regular files are
/// taken: a symbolic link is an error unless it resolves to a regular file inside `root`, and so
/// is any other kind of file (a FIFO, a device) or more than [`MAX_THEME_FILES`] files, so a
/// theme folder can neither publish nor read anything outside itself, nor block or grow a build.
fn collect_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(String, PathBuf)>,
) -> Result<(), ThemeError> {
    let entries = std::fs::read_dir(dir).map_err(|source| ThemeError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ThemeError::Io {
            path: dir.to_owned(),
            source,
        })?;
        paths.push(entry.path());
    }
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let meta = std::fs::symlink_metadata(&path).map_err(|source| ThemeError::Io {
            path: path.clone(),
            source,
        })?;
        let kind = meta.file_type();
        if kind.is_dir() {
            collect_files(root, &path, out)?;
            continue;
        }
        if kind.is_symlink() {
            let target = path.canonicalize().ok().filter(|t| t.starts_with(root));
            if !target.as_deref().is_some_and(Path::is_file) {
                return Err(theme_io(
                    &path,
                    "a symbolic link in the theme folder must point at a regular file inside it"
                        .into(),
                ));
            }
        } else if !kind.is_file() {
            return Err(theme_io(&path, "it is not a regular file".into()));
        }
        if out.len() >= MAX_THEME_FILES {
            return Err(theme_io(
                root,
                format!("the theme folder holds more than {MAX_THEME_FILES} files"),
            ));
        }
        if let Ok(rel) = path.strip_prefix(root) {
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            out.push((rel.join("/"), path));
        }
    }
    Ok(())
}

/// The bytes of a theme file found by [`collect_files`]: a regular file (checked again before it
/// is opened) of at most [`MAX_THEME_FILE`] bytes.
fn read_theme_file(path: &Path) -> Result<Vec<u8>, ThemeError> {
    use std::io::Read as _;
    let io = |source| ThemeError::Io {
        path: path.to_owned(),
        source,
    };
    let too_large = || {
        theme_io(
            path,
            format!("it is larger than {} MiB", MAX_THEME_FILE >> 20),
        )
    };
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(theme_io(path, "it is not a regular file".into()));
    }
    if meta.len() > MAX_THEME_FILE {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .map_err(io)?
        .take(MAX_THEME_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_THEME_FILE {
        return Err(too_large());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn default_theme_compiles_and_every_language_has_every_key() {
        let theme = Theme::default_theme();
        theme.templates().unwrap();
        let en = theme.strings_file("en").unwrap().unwrap();
        let languages = theme.languages();
        assert!(languages.contains(&"de".to_owned()), "{languages:?}");
        for lang in languages {
            let own = theme.strings_file(&lang).unwrap().unwrap();
            let missing: Vec<_> = en.keys().filter(|k| !own.contains_key(*k)).collect();
            let extra: Vec<_> = own.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(missing.is_empty(), "strings/{lang}.toml lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "strings/{lang}.toml has unknown keys {extra:?}"
            );
        }
    }

    #[test]
    fn language_falls_back_to_primary_then_english() {
        let theme = Theme::default_theme();
        assert_eq!(theme.strings("de-CH").unwrap()["next"], "Weiter");
        assert_eq!(theme.strings("fr").unwrap()["next"], "Next");
    }

    #[test]
    fn every_embedded_file_is_listed() {
        // A file added to themes/default but not to DEFAULT_FILES would silently be missing
        // from the binary.
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("theme");
        let mut found = Vec::new();
        collect_files(&root, &root, &mut found).unwrap();
        let listed: Vec<&str> = DEFAULT_FILES.iter().map(|(p, _)| *p).collect();
        for (rel, _) in found {
            assert!(listed.contains(&rel.as_str()), "{rel} is not embedded");
        }
    }

    /// The default parts, those named in `replaced` replaced, joined by hand.
    fn joined(replaced: &[(&str, &str)]) -> Vec<u8> {
        let parts: Vec<Vec<u8>> = Theme::STYLESHEET_PARTS
            .iter()
            .map(|part| match replaced.iter().find(|(p, _)| p == part) {
                Some((_, text)) => text.as_bytes().to_vec(),
                None => Theme::default_theme().file(part).unwrap().to_vec(),
            })
            .collect();
        parts.join(&b"\n"[..])
    }

    #[test]
    fn stylesheet_is_its_parts_in_order() {
        let theme = Theme::default_theme();
        let css = theme.file(Theme::STYLESHEET).unwrap();
        assert_eq!(css, joined(&[]));
        let css = std::str::from_utf8(css).unwrap();
        assert!(css.starts_with("/* exambook default theme."));
        assert!(css.ends_with("}\n}\n"));
        // Published once, inside the stylesheet; never as parts.
        let paths: Vec<&str> = theme.paths().collect();
        assert!(paths.contains(&Theme::STYLESHEET), "{paths:?}");
        for part in Theme::STYLESHEET_PARTS {
            assert!(!paths.contains(part), "{part} is published");
            assert!(theme.file(part).is_some_and(|b| b.ends_with(b"}\n")));
        }
    }

    #[test]
    fn overriding_one_part_changes_only_that_part() {
        let colours = ":root {\n  --bg: #fdf6e3;\n}\n";
        let theme = Theme::with_files([("static/css/variables.css", colours)]).unwrap();
        let css = theme.file(Theme::STYLESHEET).unwrap();
        let default = Theme::default_theme();
        let default_css = default.file(Theme::STYLESHEET).unwrap();
        let old_part = default.file("static/css/variables.css").unwrap();
        // The same bytes after the first part; the first part is the override.
        assert_eq!(css, joined(&[("static/css/variables.css", colours)]));
        assert!(css.starts_with(colours.as_bytes()));
        assert_eq!(
            css[colours.len()..],
            default_css[old_part.len()..],
            "everything after the colours is untouched"
        );
        // The parts are joined, not published (the print page's own stylesheet is published).
        assert!(
            !theme
                .paths()
                .any(|p| p.starts_with("static/css/") && p != crate::print::PAPER_CSS)
        );

        // A part in the middle without a final line break, and an emptied part.
        let theme = Theme::with_files([
            ("static/css/content.css", "main{color:red}"),
            ("static/css/print.css", ""),
        ])
        .unwrap();
        let part = |p: &str| default.file(p).unwrap().to_vec();
        let expected = [
            part("static/css/variables.css"),
            part("static/css/layout.css"),
            b"main{color:red}\n".to_vec(),
            part("static/css/exam.css"),
            part("static/css/quiz.css"),
            part("static/css/search.css"),
        ]
        .join(&b"\n"[..]);
        assert_eq!(theme.file(Theme::STYLESHEET).unwrap(), expected);
    }

    #[test]
    fn a_whole_stylesheet_in_the_theme_wins_over_parts() {
        let theme = Theme::with_files([
            ("static/exambook.css", "body{}\n"),
            ("static/css/variables.css", ":root{}\n"),
            ("static/css/extra.css", "p{}\n"),
        ])
        .unwrap();
        assert_eq!(theme.file(Theme::STYLESHEET).unwrap(), b"body{}\n");
        let published: Vec<&str> = theme.paths().filter(|p| p.starts_with("static/")).collect();
        assert!(
            published.contains(&"static/css/extra.css"),
            "not a part: published"
        );
        assert!(!published.contains(&"static/css/variables.css"));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_theme_folder_never_reads_outside_itself() {
        // `/proc/self` links to `/` (root, cwd) and holds endless files; `/` holds everything.
        for dir in ["/proc/self", "/"] {
            let started = std::time::Instant::now();
            let err = Theme::load(Some(Path::new(dir))).unwrap_err();
            assert!(err.to_string().contains("symbolic link"), "{dir}: {err}");
            assert!(started.elapsed().as_secs() < 10, "{dir}");
        }
    }

    #[test]
    fn broken_override_names_file_and_line() {
        let err = Theme::with_files([("templates/page.html", "line one\n{% if %}\n")]).unwrap_err();
        match err {
            ThemeError::Template { file, line, .. } => {
                assert_eq!(file, "templates/page.html");
                assert_eq!(line, 2);
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}
