//! Vekha's integration tests, one binary with a module per area, so the
//! library (Typst included) is linked once, not once per area.
//!
//! - `build`: build `content/` and look at the files as readers would;
//! - `content`: the seed roadmaps load whole and right;
//! - `diagnostics`: each message of `vekha check`, with its place;
//! - `documents`: the PDF and DOCX of the seed plans;
//! - `import`: `vekha import` of office files made by LibreOffice;
//! - `serve`: the preview server.
//!
//! `common` holds the sample sites they share.

// A test that cannot go on says so by panicking.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod build;
mod content;
mod diagnostics;
mod documents;
mod import;
mod serve;
