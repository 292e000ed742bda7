//! Fetching outlets' feeds into the archive: `http` talks to servers, `run` drives a whole fetch.
//! With `load` and `write`, the only code that touches the disk or the network.

pub mod http;
mod run;

pub use run::*;
