//! `vekha import`: the Word or Excel file a webmaster receives, read into
//! plain data for a plan source. So far: the DOCX reader (`docx`) with
//! Word's automatic numbering replayed (`numbering`), and the roles of
//! table columns from their headers (`columns`). The command itself, XLSX
//! and the writing of the source are still to come.

pub mod columns;
pub mod docx;
pub mod numbering;
mod xml;
