//! Command-line arguments. clap types stay in the binary.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Exam study guides from markdown: a static website with exam-aware navigation, a live
/// preview, and checks of the guide against its exam.
#[derive(Debug, Parser)]
#[command(
    name = "exambook",
    version,
    about,
    after_help = "Examples:\n  exambook build                 build ./book (or .) into its output folder\n  exambook build my-guide -d out build my-guide into ./out\n  exambook serve                 preview ./book at http://127.0.0.1:3000/\n  exambook init my-guide         start a new guide"
)]
pub struct Cli {
    /// Options for every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Options for every command.
#[derive(Debug, Args)]
pub struct Global {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print timings and more detail.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the website of a book.
    #[command(after_help = "Examples:\n  exambook build\n  exambook build book -d /tmp/site")]
    Build(BuildArgs),
    /// Run every check of a build (links, includes, the exam model, diagrams, …) without
    /// writing anything.
    #[command(after_help = "Examples:\n  exambook check\n  exambook check book --format json")]
    Check(CheckArgs),
    /// Build the book, serve it on a local port and rebuild it on every change, reloading open
    /// browsers.
    #[command(
        after_help = "Examples:\n  exambook serve\n  exambook serve book --port 8000 --open\n  exambook serve -p 0   (any free port; the URL is printed)"
    )]
    Serve(ServeArgs),
    /// Print the whole book to a PDF with a headless Chromium (the print page, `print.html`,
    /// with page numbers, the book's title in the margins and an outline).
    #[command(
        after_help = "Examples:\n  exambook pdf                        ./book → ./book/book.pdf\n  exambook pdf book -o guide.pdf\n  exambook pdf --chrome /usr/bin/chromium\n\nChromium is found through --chrome, then EXAMBOOK_CHROME, then chromium, chromium-browser,\ngoogle-chrome, google-chrome-stable, chrome, microsoft-edge, msedge on PATH."
    )]
    Pdf(PdfArgs),
    /// Create a new study guide: two topics with an objective page each.
    #[command(after_help = "Example:\n  exambook init my-guide && exambook build my-guide")]
    Init(InitArgs),
    /// Write a book's content in another format.
    #[command(subcommand)]
    Export(ExportCommand),
    /// Read practice questions in the common plain format (numbered questions, lettered options,
    /// an answer key at the end) and write them as question-bank pages of a book.
    #[command(
        name = "import-questions",
        after_help = "Examples:\n  exambook import-questions old-questions.md --into book\n  exambook import-questions set.md --objective 351.3 --dry-run"
    )]
    ImportQuestions(ImportArgs),
    /// Make an existing guide a book: one markdown file holding the whole guide, or a folder
    /// (an mdBook or GitBook book, or loose markdown). Pages, SUMMARY.md and book.toml are
    /// written, files copied, links rewritten; a report and a to-do list are printed.
    #[command(after_help = "Examples:
  exambook import README.md -o my-guide
  exambook import old-gitbook/ -o my-guide && exambook build my-guide")]
    Import(ImportGuideArgs),
    /// Translations: the template of a book's texts, the catalogs of its languages, and how
    /// much of the book each translates (see docs/translating.md).
    #[command(subcommand)]
    I18n(I18nCommand),
}

/// `exambook i18n`
#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Write the template `messages.pot` into the catalog folder: one message per text of the
    /// book (headings, paragraphs, list items, table cells, titles, …; code stays as it is).
    #[command(after_help = "Examples:\n  exambook i18n extract\n  exambook i18n extract book")]
    Extract(I18nExtractArgs),
    /// Bring each language's catalog up to date with the template, as msgmerge does: kept
    /// translations, changed texts marked fuzzy, new texts empty, removed ones obsolete.
    #[command(
        after_help = "Examples:\n  exambook i18n update                 every <lang>.po of the catalog folder\n  exambook i18n update --lang pt-BR    that catalog only (created when missing)"
    )]
    Update(I18nUpdateArgs),
    /// How much each language's catalog translates: translated, fuzzy and untranslated
    /// messages, per page and overall.
    #[command(
        after_help = "Examples:\n  exambook i18n stats\n  exambook i18n stats --format json --lang pt-BR"
    )]
    Stats(I18nStatsArgs),
}

/// `exambook i18n extract`
#[derive(Debug, Args)]
pub struct I18nExtractArgs {
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
}

/// `exambook i18n update`
#[derive(Debug, Args)]
pub struct I18nUpdateArgs {
    /// Only this language (a BCP 47 tag such as `pt-BR`); its catalog is created when missing.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
}

/// `exambook i18n stats`
#[derive(Debug, Args)]
pub struct I18nStatsArgs {
    /// Only this language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Text (a table per language) or JSON on stdout.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
}

/// `exambook import`
#[derive(Debug, Args)]
pub struct ImportGuideArgs {
    /// The guide: a markdown file or a folder.
    pub source: PathBuf,
    /// The new book's folder (must not exist, or be empty); default `<name>-exambook`.
    #[arg(short, long, value_name = "BOOK")]
    pub out: Option<PathBuf>,
}

/// `exambook import-questions`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The plain markdown file to read.
    pub file: PathBuf,
    /// The book to write into (pages go to `<src>/imported/<file name>/<objective>.md`);
    /// defaults like `build`.
    #[arg(long, value_name = "BOOK")]
    pub into: Option<PathBuf>,
    /// The objective of questions under no heading that names one.
    #[arg(long, value_name = "ID")]
    pub objective: Option<String>,
    /// Print the pages to stdout instead of writing them.
    #[arg(long)]
    pub dry_run: bool,
}

/// What `exambook export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every question of the book: CSV (one row a question) or Anki's importable text format
    /// (question, answer with explanation, objective tags).
    #[command(
        after_help = "Examples:\n  exambook export questions --format csv > questions.csv\n  exambook export questions book --format anki -o deck.txt"
    )]
    Questions(ExportQuestionsArgs),
}

/// `exambook export questions`
#[derive(Debug, Args)]
pub struct ExportQuestionsArgs {
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
    /// The format.
    #[arg(long, value_enum, default_value_t = QuestionFormat::Csv)]
    pub format: QuestionFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `export questions`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum QuestionFormat {
    /// RFC 4180 CSV with a header row; texts as markdown.
    Csv,
    /// Anki's text import: tab-separated, HTML fields, tags in the last column.
    Anki,
}

/// `exambook build`
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The book folder (holding book.toml); defaults to ./book when it exists, else the current
    /// folder.
    pub book: Option<PathBuf>,
    /// Output folder; defaults to the book's `build.build-dir` (book-out).
    #[arg(short, long = "dest-dir", value_name = "OUT")]
    pub dest_dir: Option<PathBuf>,
    /// The path the site is served under, e.g. `/repo/` for a GitHub Pages project site;
    /// overrides `site.base-path` of book.toml.
    #[arg(long, value_name = "PATH")]
    pub base_path: Option<String>,
    /// Treat warnings as errors (exit 1 when there is any).
    #[arg(short = 'D', long)]
    pub deny_warnings: bool,
    /// What to write: the site, or a markdown tree for GitBook and HonKit (default folder
    /// `gitbook/` in the book folder).
    #[arg(long, value_enum, default_value_t = BuildFormat::Html)]
    pub format: BuildFormat,
}

/// Formats of `build`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BuildFormat {
    /// The static site (and the print page).
    Html,
    /// A GitBook tree: `.gitbook.yaml`, `README.md`, `SUMMARY.md`, `GLOSSARY.md`, one markdown
    /// file per page, assets under `.gitbook/assets/`, and a `book.toml` to read it back.
    Gitbook,
}

/// `exambook pdf`
#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
    /// The PDF to write; defaults to `book.pdf` in the book folder (`book.<lang>.pdf` for a
    /// translation).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The language to print: the book's own (the default) or one of `[i18n] languages`.
    #[arg(long, value_name = "L")]
    pub lang: Option<String>,
    /// The Chromium (or Chrome) program to run.
    #[arg(long, value_name = "PATH")]
    pub chrome: Option<PathBuf>,
    /// Stop the browser and fail when printing takes longer than this.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub timeout: u64,
    /// Treat warnings as errors (exit 1 when there is any).
    #[arg(short = 'D', long)]
    pub deny_warnings: bool,
}

/// `exambook serve`
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
    /// The port to listen on; 0 picks a free one.
    #[arg(short, long, default_value_t = 3000)]
    pub port: u16,
    /// The address to listen on [default: 127.0.0.1]. Anything but a loopback address makes the
    /// preview reachable from other machines.
    #[arg(long, value_name = "ADDRESS")]
    pub host: Option<String>,
    /// Open the book in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// `exambook init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the guide (created if missing; must not hold a book.toml).
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Write a book.toml for the GitBook book in DIR (its `.gitbook.yaml` root and structure,
    /// its title) instead of creating a new guide; the pages stay where they are.
    #[arg(long, value_name = "DIR", conflicts_with = "dir")]
    pub from: Option<PathBuf>,
}

/// The book folder: the argument, else `./book` when it exists, else `.`.
pub fn book_dir(arg: Option<&PathBuf>) -> PathBuf {
    match arg {
        Some(p) => p.clone(),
        None if std::path::Path::new("book").join("book.toml").is_file() => PathBuf::from("book"),
        None => PathBuf::from("."),
    }
}

/// `exambook check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The book folder; defaults like `build`.
    pub book: Option<PathBuf>,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Treat warnings as errors.
    #[arg(short = 'D', long)]
    pub deny_warnings: bool,
    /// Also print the question coverage of each objective (questions per weight point): a table
    /// on stdout, or with `--format json` an object `{"coverage": […], "diagnostics": […]}`.
    #[arg(long)]
    pub coverage: bool,
}

/// Output format of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with source snippets on stderr.
    Text,
    /// A JSON array on stdout (file, line, column, end, severity, message, hints).
    Json,
}
