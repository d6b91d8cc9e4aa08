//! Vekha: publishes the roadmaps of Russian district education bodies as
//! static websites.
//!
//! The pipeline, one module per stage:
//! `source` (read files) → `load` (YAML + Markdown into the typed `model`,
//! with `period` and `bodies` deriving dates and responsible bodies) →
//! `check` (findings over the model, printed by `diagnostics`) → `render`
//! (pages through the `theme`, data from `export`, the `timeline`, PDF and
//! DOCX from `documents`) → `build` (write into a staging folder, swap it
//! in) or `serve` (the same render into `.vekha-serve/`, re-done per
//! district).
//! See docs/ARCHITECTURE.md.

// `Result<_, Diagnostic>` is the loader's normal currency; a diagnostic is a
// cold-path value of ~140 bytes, and boxing every one would only add noise.
#![allow(clippy::result_large_err)]

pub mod build;
pub mod check;
pub mod cli;
pub mod collate;
pub mod corpus;
pub mod dates;
pub mod definitions;
pub mod diagnostics;
pub mod documents;
pub mod export;
pub mod import;
pub mod init;
pub mod load;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod period;
pub mod render;
pub mod serve;
pub mod slug;
pub mod source;
pub mod theme;
pub mod timeline;
pub mod timing;
pub mod typography;
pub mod url;
pub mod yaml;
