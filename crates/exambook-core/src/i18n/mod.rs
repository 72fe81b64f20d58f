//! Translations: gettext catalogs.
//!
//! A book's catalogs live in its catalog folder (`[i18n] dir`, see `docs/book-toml.md`):
//! `messages.pot`, the template made by `exambook i18n extract`, and one `<lang>.po` per
//! language. [`Catalog`] reads and writes them; the build takes
//! [`Catalog::translations`].

pub mod po;

pub use po::{Catalog, Message, State};
