//! One module per subcommand.

pub mod build;
pub mod check;
pub mod export;
pub mod i18n;
pub mod import;
pub mod import_guide;
pub mod init;
pub mod pdf;
pub mod serve;
