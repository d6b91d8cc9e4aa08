//! The source files as serde reads them: field names and nesting exactly as
//! documented in docs/format.md. Conversion into the model happens in the
//! sibling modules, where positions and cross-references are available.
//!
//! Table rows are read as plain YAML values (`serde_yaml::Value`) because a
//! row may carry the keys of its table's own columns; they are checked and
//! converted by hand in `items.rs`.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Any YAML scalar read as text: `2023`, `1.10` and `true` are text here. The
/// exact source spelling is recovered from the locator when it matters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scalar, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub title: Scalar,
    pub description: Option<Scalar>,
    pub base_url: Option<Scalar>,
    pub theme: Option<Scalar>,
    #[serde(default)]
    pub allow_html: bool,
    pub today: Option<Scalar>,
    pub organisation: Option<RawOrganisation>,
    pub logo: Option<Scalar>,
    pub favicon: Option<Scalar>,
    pub contacts: Option<Scalar>,
    pub about: Option<Scalar>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub enum RawKind {
    #[serde(rename = "city_district", alias = "район города")]
    CityDistrict,
    #[serde(rename = "municipal_district", alias = "муниципальный район")]
    MunicipalDistrict,
    #[serde(rename = "region", alias = "регион")]
    Region,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDistrict {
    pub name: Scalar,
    pub full_name: Option<Scalar>,
    pub kind: RawKind,
    pub region: Scalar,
    pub slug: Option<Scalar>,
    pub organisation: Option<RawOrganisation>,
    #[serde(default)]
    pub bodies: Vec<RawBody>,
    #[serde(default)]
    pub glossary: Vec<RawGlossaryEntry>,
    #[serde(default)]
    pub not_abbreviations: Vec<Scalar>,
    #[serde(default)]
    pub not_bodies: Vec<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    pub name: Scalar,
    pub url: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBody {
    pub id: Scalar,
    pub name: Scalar,
    pub full_name: Option<Scalar>,
    #[serde(default)]
    pub aliases: Vec<Scalar>,
    pub url: Option<Scalar>,
    pub parent: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGlossaryEntry {
    pub term: Scalar,
    pub full: Scalar,
    #[serde(default)]
    pub aliases: Vec<Scalar>,
    pub mark: Option<Scalar>,
    pub separator: Option<Scalar>,
}

/// The YAML front matter of a plan file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPlanMeta {
    pub title: Scalar,
    pub short_title: Option<Scalar>,
    pub slug: Option<Scalar>,
    pub updated: Scalar,
    pub period: Option<Scalar>,
    pub year: Option<i32>,
    #[serde(default)]
    pub marks: Vec<Scalar>,
    #[serde(default)]
    pub approval: Vec<RawSignature>,
    pub signature_file: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSignature {
    pub heading: Option<Scalar>,
    pub position: Option<Scalar>,
    pub name: Option<Scalar>,
    pub date: Option<Scalar>,
    pub number: Option<Scalar>,
    pub text: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub id: Option<Scalar>,
    pub caption: Option<Scalar>,
    /// The year (or academic year) the table's periods without one take.
    pub year: Option<Scalar>,
    pub columns: Vec<RawColumn>,
    #[serde(default)]
    pub items: Vec<serde_yaml::Value>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    pub key: Scalar,
    pub title: Scalar,
    pub body: Option<Scalar>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub number: Option<Scalar>,
    pub title: Option<Scalar>,
    /// The year the section's periods without one take.
    pub year: Option<Scalar>,
    /// The number stands in a cell of its own («I.» | «Организационные
    /// мероприятия»), as the document has it.
    pub number_cell: Option<bool>,
    pub tasks: Option<Scalar>,
    pub indicators: Option<Scalar>,
    pub text: Option<Scalar>,
    #[serde(default)]
    pub items: Vec<serde_yaml::Value>,
    #[serde(default)]
    pub sections: Vec<RawSection>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPassport {
    pub title: Option<Scalar>,
    pub rows: Vec<RawPassportRow>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPassportRow {
    pub label: Scalar,
    pub text: Scalar,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGlossaryBlock {
    pub title: Option<Scalar>,
    pub entries: Vec<RawGlossaryBlockEntry>,
}

/// An entry of a glossary block: a term, or a shared footnote (`note`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGlossaryBlockEntry {
    pub term: Option<Scalar>,
    pub full: Option<Scalar>,
    pub note: Option<Scalar>,
    #[serde(default)]
    pub aliases: Vec<Scalar>,
    pub mark: Option<Scalar>,
    pub separator: Option<Scalar>,
}
