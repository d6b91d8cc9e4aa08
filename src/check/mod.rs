//! What `vekha check` finds beyond what loading reports. Loading already
//! reports each file's own faults with their places (YAML, unknown fields,
//! dates, names a table cannot resolve): only the loader holds those
//! positions. The checks here look at what loaded:
//!
//! - `district`: one territory's plans — numbers written twice, periods not
//!   understood or without a year, abbreviations without a glossary entry,
//!   unused glossary terms, Latin letters in Russian words;
//! - `across`: territories side by side — addresses, region spellings, one
//!   territory in two folders;
//! - `words`: the word finders the others use (abbreviations, look-alikes,
//!   glossary terms in a text).

mod across;
mod district;
pub(crate) mod words;

pub use across::across_districts;
pub use district::{check_district, plan_texts};
