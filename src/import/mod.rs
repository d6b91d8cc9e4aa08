//! `vekha import`: the Word file a webmaster receives, as a plan source.
//! `command` runs it: `docx` reads the file (with Word's automatic
//! numbering replayed by `numbering`), `source` writes the plan — tables
//! through `table`, their columns' roles from `columns`. Excel files and
//! proposing bodies for district.yaml are still to come.

pub mod bodies;
pub mod columns;
pub mod command;
pub mod docx;
pub mod numbering;
pub mod source;
mod table;
mod xml;
