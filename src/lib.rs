//! Vekha: publishes the roadmaps of Russian district education bodies as
//! static websites.
//!
//! The pipeline, one module per stage:
//! `source` (read files) → `load` (YAML + Markdown into the typed `model`,
//! with `period` and `load::bodies` deriving dates and responsible bodies) →
//! `check` (findings over the model, printed by `diagnostics`) → `render`
//! (pages through the `theme`, data from `export`, the `timeline`, PDF and
//! DOCX from `documents`) → `build` (write into a staging folder, swap it
//! in) or `serve` (the same render into `.vekha-serve/`, re-done per
//! district).
//! See docs/ARCHITECTURE.md.

// `Result<_, Diagnostic>` is the loader's normal currency; a diagnostic is a
// cold-path value of ~140 bytes, and boxing every one would only add noise.
#![allow(clippy::result_large_err)]

// The pipeline, in order (rustfmt.toml keeps this order).
pub(crate) mod source; // read a file: encodings, BOM, line ends
pub mod load; // content/ → model: YAML, Markdown, bodies, glossary
pub mod model; // the typed site: territories, plans, tables, items
pub mod check; // findings over the model
pub(crate) mod render; // pages through the theme, into a Sink
pub(crate) mod export; // data files: JSON, CSV, iCalendar
pub(crate) mod timeline; // a plan's timeline (SVG and its text)
pub mod documents; // PDF and DOCX of a plan
pub mod build; // vekha build: render into a staging folder, swap it in
pub mod serve; // vekha serve: the same render, re-done per district

// What the stages share.
pub(crate) mod dates; // official and machine dates
pub(crate) mod definitions; // «(далее – X)» definitions in a text
pub mod diagnostics; // Russian messages with places, rustc-style
pub mod markdown; // the Markdown dialect, plain text, truncation
pub(crate) mod paths; // where every published file lives
pub mod period; // «Сроки» text → intervals
pub(crate) mod slug; // transliteration for addresses
pub mod collate; // Russian sort order
pub(crate) mod theme; // the default theme and a site's own
pub(crate) mod typography; // non-breaking spaces, plurals
pub(crate) mod url; // which links and images may be published
pub(crate) mod yaml; // YAML with positions and Russian errors

// Beside the pipeline.
pub mod cli; // the command line
pub mod corpus; // generated sites for benchmarks
pub mod import; // vekha import: office files → plan sources
pub mod init; // vekha init: a sample site
pub mod launch; // vekha.exe double-clicked: build, serve, open the browser
pub(crate) mod timing; // VEKHA_TIMINGS=1 phase times
