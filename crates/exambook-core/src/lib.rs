//! The exambook book model.
//!
//! [`load`] reads a book folder (`book.toml`, `SUMMARY.md`, pages, includes, assets) into a
//! resolved [`Book`] plus diagnostics; renderers take `&Book` and never touch files;
//! [`output::write`] puts their files on disk atomically.
//!
//! ```no_run
//! # fn main() -> Result<(), exambook_core::Error> {
//! let loaded = exambook_core::load(std::path::Path::new("book"))?;
//! for page in &loaded.book.pages {
//!     println!("{} -> {}", page.source_path, page.stem);
//! }
//! # Ok(())
//! # }
//! ```

pub mod book;
pub mod config;
pub mod emoji;
pub mod error;
pub mod exam;
pub mod gitbook;
pub mod i18n;
pub mod ids;
pub mod include;
pub mod incremental;
pub mod links;
pub mod load;
pub mod output;
pub mod paths;
pub mod questions;
pub mod summary;
pub mod translate;

pub use book::{Asset, Book, Crumb, HeadingInfo, Page, SourceFile, SourceMap, TocEntry};
pub use config::Config;
pub use error::{Error, ErrorKind};
pub use exambook_syntax::{Diagnostic, Severity};
pub use load::{Loaded, load};
