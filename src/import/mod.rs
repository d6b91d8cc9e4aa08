//! `vekha import`: the Word, LibreOffice or Excel file a webmaster
//! receives, as a plan source. `command` runs it: `docx` (with Word's
//! automatic numbering replayed by `numbering`), `odf` (.odt and .ods) or
//! `xlsx` reads the file into one `docx::Document`; `source` writes the
//! plan — tables through `table`, their columns' roles from `columns`,
//! signatures through `signature` — and `bodies` adds the bodies it names
//! to district.yaml.

pub mod bodies;
pub mod columns;
pub mod command;
pub mod docx;
pub mod numbering;
pub mod odf;
mod signature;
pub mod source;
pub mod table;
pub mod xlsx;
mod xml;
