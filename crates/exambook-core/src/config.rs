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
    /// `[print]`: the print page and the PDF.
    #[serde(default)]
    pub print: PrintConfig,
    /// `[i18n]`: translations.
    #[serde(default)]
    pub i18n: I18nConfig,
}

/// `[i18n]`: translations of the book (gettext catalogs, one per language).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct I18nConfig {
    /// The catalog folder (`messages.pot`, `<lang>.po`), relative to the book root. It may be
    /// outside the book folder, but only inside the folder that holds it (`../i18n`): see
    /// `exambook_core::i18n::catalog_dir`.
    pub dir: String,
    /// BCP 47 tags; the first is the language of the sources (published at the site root), each
    /// other one is published under `/<tag>/`. Empty or one language: no translation.
    pub languages: Vec<String>,
    /// Terms a translation keeps as written whenever its source has them (product names,
    /// commands): a translation without one gets a warning.
    pub keep: Vec<String>,
}

impl Default for I18nConfig {
    fn default() -> Self {
        I18nConfig {
            dir: "i18n".into(),
            languages: Vec::new(),
            keep: Vec::new(),
        }
    }
}

impl I18nConfig {
    /// The source language, when `[i18n]` names languages.
    pub fn source(&self) -> Option<&str> {
        self.languages.first().map(String::as_str)
    }

    /// The languages translated into (every language but the first).
    pub fn targets(&self) -> &[String] {
        self.languages.get(1..).unwrap_or_default()
    }

    /// The catalog of `language`, relative to the book root (`i18n/<language>.po`).
    pub fn catalog(&self, language: &str) -> String {
        format!("{}/{language}.po", self.dir.trim_end_matches('/'))
    }
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
    /// The table of contents, relative to the source folder (GitBook's `structure.summary`).
    pub summary: String,
    /// A page put first in the table of contents when the summary does not list it, relative
    /// to the source folder (GitBook's `structure.readme`).
    pub readme: Option<String>,
}

impl Default for BookConfig {
    fn default() -> Self {
        BookConfig {
            title: "Untitled guide".into(),
            authors: Vec::new(),
            language: "en".into(),
            description: String::new(),
            src: "src".into(),
            summary: "SUMMARY.md".into(),
            readme: None,
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
    /// Files of the source folder published although no page links to them (`CNAME`,
    /// `downloads/`: a folder brings everything in it), relative to the source folder. Other
    /// files are published only when a page links to them or shows them.
    pub extra_files: Vec<String>,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            build_dir: "book-out".into(),
            theme: "theme".into(),
            broken_links: LinkPolicy::Error,
            extra_files: Vec::new(),
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

/// `[print]`: the one-page print version of the book (`print.html`) and `exambook pdf`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct PrintConfig {
    /// Whether `exambook build` writes `print.html` into the site (default `true`).
    pub enabled: bool,
    /// The paper size.
    pub paper: Paper,
    /// Page margins as CSS lengths: one to four of `<number><unit>` (`mm`, `cm`, `in`, `pt`,
    /// `px`), in the order of CSS `margin` (top, right, bottom, left). Checked when the book
    /// loads ([`PrintConfig::margin_error`]).
    pub margin: String,
}

impl Default for PrintConfig {
    fn default() -> Self {
        PrintConfig {
            enabled: true,
            paper: Paper::A4,
            margin: "20mm 18mm".into(),
        }
    }
}

impl PrintConfig {
    /// Why `margin` is not one to four CSS lengths, if it is not.
    pub fn margin_error(&self) -> Option<String> {
        let parts: Vec<&str> = self.margin.split_whitespace().collect();
        if parts.is_empty() || parts.len() > 4 {
            return Some(format!(
                "expected one to four lengths, found {}",
                parts.len()
            ));
        }
        for part in parts {
            let unit_at = part
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(part.len());
            let (number, unit) = part.split_at(unit_at);
            let number_ok = !number.is_empty()
                && number.matches('.').count() <= 1
                && number
                    .parse::<f64>()
                    .is_ok_and(|n| n.is_finite() && n <= 1000.0);
            let unit_ok = matches!(unit, "mm" | "cm" | "in" | "pt" | "px")
                || (unit.is_empty() && number.parse::<f64>().is_ok_and(|n| n == 0.0));
            if !number_ok || !unit_ok {
                return Some(format!(
                    "`{part}` is not a length such as `18mm` or `0.75in`"
                ));
            }
        }
        None
    }
}

/// A paper size of `[print]`.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq, Default)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// Its name in CSS `@page { size: … }`.
    pub fn css(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::Letter => "letter",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn margins() {
        let m = |s: &str| PrintConfig {
            margin: s.into(),
            ..PrintConfig::default()
        };
        assert_eq!(m("20mm 18mm").margin_error(), None);
        assert_eq!(m("0.75in 1in 0 1.5cm").margin_error(), None);
        assert!(m("").margin_error().is_some());
        assert!(m("1 2 3 4 5").margin_error().is_some());
        assert!(m("20mm; color: red").margin_error().is_some());
        assert!(m("12").margin_error().is_some());
        assert!(m("1..2mm").margin_error().is_some());
    }
}
