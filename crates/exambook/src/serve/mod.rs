//! `exambook serve`: a live preview. The command ([`crate::cmd::serve`]) wires these together:
//!
//! - [`live`] builds the book into a temporary folder, then rebuilds on every change, re-parsing
//!   and re-rendering only what the change touches and writing only files whose bytes changed;
//! - [`watch`] turns file-system events into batches of changed paths for it (one builder
//!   thread, so builds never overlap);
//! - [`http`] serves the folder and a WebSocket over which every open page learns of new
//!   builds (reload) and failed ones (an overlay with the diagnostics);
//! - [`path`] maps request paths to files, refusing anything that could leave the folder.

pub mod http;
pub mod live;
pub mod path;
pub mod watch;
