//! `vekha import`: the Word, LibreOffice or Excel file a webmaster
//! receives, as a plan source. `command` runs it: `docx` (with Word's
//! automatic numbering replayed by `numbering`), `odf` (.odt and .ods) or
//! `xlsx` reads the file into one `docx::Document`; `source` writes the
//! plan — tables through `table`, their columns' roles from `columns`,
//! signatures through `signature` — and `bodies` adds the bodies it names
//! to district.yaml.

pub(crate) mod bodies;
pub(crate) mod columns;
pub mod command;
pub(crate) mod docx;
pub(crate) mod numbering;
pub(crate) mod odf;
mod signature;
pub mod source;
pub(crate) mod table;
pub(crate) mod xlsx;
mod xml;
