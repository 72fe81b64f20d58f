//! `book.toml`: book, site, build and exam settings.
//!
//! Unknown keys are errors at their line, so a typo never silently does nothing.

use serde::Deserialize;

/// The whole `book.toml`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// `[book]`
    #[serde(default)]
    pub book: BookConfig,
    /// `[site]`
    #[serde(default)]
    pub site: SiteConfig,
    /// `[build]`
    #[serde(default)]
    pub build: BuildConfig,
    /// `[exam]`, for an exam study guide.
    pub exam: Option<ExamConfig>,
}

/// `[book]`: what the book is.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct BookConfig {
    /// Title shown in the header and the `<title>`.
    pub title: String,
    /// Authors.
    pub authors: Vec<String>,
    /// BCP 47 language code of the sources.
    pub language: String,
    /// One-sentence description for `<meta name="description">`.
    pub description: String,
    /// Source directory, relative to the book root.
    pub src: String,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Untitled guide".into(),
            authors: Vec::new(),
            language: "en".into(),
            description: String::new(),
            src: "src".into(),
        }
    }
}

/// `[site]`: where the website is published.
#[derive(Debug, Clone, Deserialize, PartialEq, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct SiteConfig {
    /// Absolute URL of the published site, e.g. `https://user.github.io/repo/`; used for
    /// `sitemap.xml`. Pages themselves only use relative links.
    pub url: Option<String>,
    /// The path the site is served under, e.g. `/repo/`; used by `404.html`, which can be
    /// served at any depth. Defaults to the path of `url`, else `/`.
    pub base_path: Option<String>,
    /// Where an author edits a page: a URL with `{path}` for the page's path in the source
    /// folder, e.g. `https://github.com/user/repo/edit/main/book/src/{path}`. Each page then
    /// links to it ("Edit this page").
    pub edit_url: Option<String>,
}

impl SiteConfig {
    /// The base path, normalised to start and end with `/`.
    pub fn base_path(&self) -> String {
        let raw = match (&self.base_path, &self.url) {
            (Some(p), _) => p.clone(),
            (None, Some(url)) => url
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
                .unwrap_or_default(),
            (None, None) => String::new(),
        };
        let trimmed = raw.trim_matches('/');
        if trimmed.is_empty() {
            "/".into()
        } else {
            format!("/{trimmed}/")
        }
    }
}

/// `[build]`: how to build.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct BuildConfig {
    /// Output directory, relative to the book root.
    pub build_dir: String,
    /// Theme override folder, relative to the book root: same-named files replace the default
    /// theme's.
    pub theme: String,
    /// Whether a broken internal link is an error (default) or a warning.
    pub broken_links: LinkPolicy,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: "book-out".into(),
            theme: "theme".into(),
            broken_links: LinkPolicy::Error,
        }
    }
}

/// What a broken internal link is.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "kebab-case")]
pub enum LinkPolicy {
    /// The build fails.
    #[default]
    Error,
    /// The build goes on with a warning.
    Warn,
}

/// `[exam]`: the exam the guide prepares for.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExamConfig {
    /// Exam code, e.g. `305-300`.
    pub code: String,
    /// Exam name.
    pub name: String,
    /// Objectives version.
    pub version: Option<String>,
    /// Number of questions; objective weights must sum to it.
    pub questions: u32,
    /// Duration in minutes.
    pub minutes: Option<u32>,
    /// Passing score on `scale`.
    pub passing_score: Option<u32>,
    /// Score scale `[min, max]`.
    pub scale: Option<[u32; 2]>,
    /// Where the official objectives are published.
    pub objectives_source: Option<String>,
    /// A remark on the source (e.g. known inconsistencies).
    pub note: Option<String>,
    /// The exam's topics; objectives are grouped by the part of their id before the last dot.
    #[serde(default)]
    pub topics: Vec<TopicConfig>,
    /// Questions a weight point should have at least: an objective with fewer (questions per
    /// weight point) gets a warning. Off when not given.
    pub min_questions_per_weight: Option<f64>,
}

/// One `[[exam.topics]]` entry.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TopicConfig {
    /// The topic id, e.g. `351`.
    pub id: String,
    /// Its title, e.g. `Full Virtualization`.
    pub title: String,
}

/// Checks that `tag` is a BCP 47 language tag whose language is an ISO 639 code (two or three
/// letters): `en`, `de-CH`, `sr-Latn`, `zh-Hant-TW`. The grammar alone also admits five to eight
/// letters (`english`), which no registered language uses. Returns why not.
pub fn check_language(tag: &str) -> Result<(), String> {
    let locale = icu_locale_core::Locale::try_from_str(tag.trim())
        .map_err(|e| format!("{e}").to_lowercase())?;
    let language = locale.id.language.as_str();
    if !(2..=3).contains(&language.len()) {
        return Err(format!(
            "the language `{language}` is not a two- or three-letter ISO 639 code"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check_language;

    #[test]
    fn language_tags() {
        for good in [
            "en",
            "de",
            "de-CH",
            "pt-BR",
            "zh-Hant-TW",
            "sr-Latn",
            "fil",
            "en-US-u-ca-gregory",
        ] {
            assert!(check_language(good).is_ok(), "{good}");
        }
        for bad in ["english", "", "e", "en_US!", "en--US", "123"] {
            assert!(check_language(bad).is_err(), "{bad}");
        }
    }
}
