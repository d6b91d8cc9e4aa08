//! The typed model of a site: what the loader produces and every later stage
//! (check, render, export) consumes. Plain data, no behaviour beyond small
//! look-ups; all text is kept exactly as written, with what Vekha derives from
//! it (dates, bodies) beside it.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::diagnostics::Span;
use crate::period::{Interval, Period};

/// Markdown source text of one field, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    pub source: String,
    pub span: Span,
    /// The source is a plain paragraph (see [`Markdown::plain_paragraph`]).
    /// Found once here: a text is rendered and exported half a dozen times
    /// (page, CSV, JSON, calendars, timeline), and the scan was 3–4% of a
    /// build. Private, so that every `Markdown` is made by `new`.
    plain: bool,
}

impl Markdown {
    pub fn new(source: String, span: Span) -> Markdown {
        let plain = crate::markdown::plain_paragraph(&source).is_some();
        Markdown {
            source,
            span,
            plain,
        }
    }

    /// The text, trimmed, when it is one line with nothing Markdown would
    /// act on (most cells of a plan): its plain text is itself and its HTML
    /// one paragraph of it, escaped.
    pub fn plain_paragraph(&self) -> Option<&str> {
        self.plain.then(|| self.source.trim())
    }

    /// [`crate::markdown::to_plain`] of the source.
    pub fn to_plain(&self) -> String {
        match self.plain_paragraph() {
            Some(text) => text.to_string(),
            None => crate::markdown::to_plain(&self.source),
        }
    }
}

/// The whole input: the site file and its territories.
#[derive(Debug, Clone)]
pub struct Site {
    pub title: String,
    pub description: Option<Markdown>,
    /// Absolute address of the published site, ending in `/`; only sitemap,
    /// Open Graph and embed snippets use it.
    pub base_url: Option<String>,
    /// A theme folder (relative to the site root) overriding the default.
    pub theme: Option<String>,
    /// Raw HTML in Markdown is escaped unless the site allows it.
    pub allow_html: bool,
    /// A fixed «today» for reproducible builds.
    pub today: Option<NaiveDate>,
    /// Who publishes the site and how it introduces itself.
    pub publisher: Publisher,
    pub districts: Vec<District>,
}

/// Who publishes the site and how it presents itself, all optional: the
/// organisation and its logo in every page's header, the browser tab's
/// icon, the contacts in every footer and the «О сайте» page's own text.
#[derive(Debug, Clone, Default)]
pub struct Publisher {
    pub organisation: Option<Organisation>,
    pub logo: Option<SiteFile>,
    pub favicon: Option<SiteFile>,
    pub contacts: Option<Markdown>,
    pub about: Option<Markdown>,
}

impl Publisher {
    /// Whether `name` (a file of `content/`) is the logo or the icon. Case
    /// is ignored: Windows finds `Logo.PNG` when site.yaml says `logo.png`.
    pub fn names(&self, name: &str) -> bool {
        [&self.logo, &self.favicon].into_iter().flatten().any(|f| {
            f.source
                .file_name()
                .is_some_and(|n| n.to_string_lossy().to_lowercase() == name.to_lowercase())
        })
    }
}

/// A file of `content/` that the site publishes as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SiteFile {
    pub source: std::path::PathBuf,
    /// From the site's root: `assets/site-logo.png`.
    pub published: String,
}

impl Site {
    /// How many plans the site has: what decides how much its site-wide
    /// pages list (`render::regions`).
    pub fn plan_count(&self) -> usize {
        self.districts.iter().map(|d| d.plans.len()).sum()
    }

    /// Every plan of the site, territory by territory.
    pub fn plans(&self) -> impl Iterator<Item = &Plan> {
        self.districts.iter().flat_map(|d| &d.plans)
    }
}

/// The level of an issuing territory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TerritoryKind {
    CityDistrict,
    MunicipalDistrict,
    Region,
}

impl TerritoryKind {
    pub fn label(self) -> &'static str {
        match self {
            TerritoryKind::CityDistrict => "район города",
            TerritoryKind::MunicipalDistrict => "муниципальный район",
            TerritoryKind::Region => "регион",
        }
    }
}

/// An issuing territory (a city district, a municipal district, a region):
/// one folder of `content/`.
#[derive(Debug, Clone)]
pub struct District {
    pub slug: String,
    pub name: String,
    pub full_name: Option<String>,
    pub kind: TerritoryKind,
    pub region: String,
    /// The `name` and `region` values in district.yaml.
    pub name_span: Span,
    pub region_span: Span,
    pub organisation: Option<Organisation>,
    pub bodies: Vec<Body>,
    /// The district's glossary: `district.yaml` entries, then entries of the
    /// plans' own glossary blocks whose terms the district file lacks.
    pub glossary: Vec<GlossaryEntry>,
    /// Capitalised words that are not abbreviations (`ПРИКАЗ`).
    pub not_abbreviations: Vec<String>,
    /// Texts of responsible cells that name no body and need no warning
    /// (a person, a description), lower-cased.
    pub not_bodies: Vec<String>,
    /// Files beside the plans (scans, signatures), published under `files/`.
    pub attachments: Vec<Attachment>,
    pub plans: Vec<Plan>,
    /// The `district.yaml` file.
    pub span: Span,
    /// A hash of everything in the district's folder that its pages are
    /// made from (texts of district.yaml and plans; names, sizes and times
    /// of attachments): equal fingerprints, equal sources.
    pub fingerprint: u64,
}

impl District {
    pub fn body(&self, id: &BodyId) -> Option<&Body> {
        self.bodies.iter().find(|b| &b.id == id)
    }

    pub fn attachment(&self, name: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| a.name == name)
    }
}

/// A file in a district folder that plans link to (a scan, a detached
/// signature). Published as `<district>/files/<published_name>`.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The name as in the folder (and as plans refer to it).
    pub name: String,
    /// A transliterated, URL-safe name for the site.
    pub published_name: String,
    pub source: std::path::PathBuf,
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Organisation {
    pub name: String,
    pub url: Option<String>,
}

/// Identifier of a responsible body, unique within its district.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct BodyId(pub String);

impl fmt::Display for BodyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A responsible body («ИМЦ», «районный координатор») of one district.
#[derive(Debug, Clone)]
pub struct Body {
    pub id: BodyId,
    pub name: String,
    pub full_name: Option<String>,
    pub aliases: Vec<String>,
    pub url: Option<String>,
    pub parent: Option<BodyId>,
    pub span: Span,
}

impl Body {
    /// The name and every alias: the ways a plan may refer to this body.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// One abbreviation and its full form.
#[derive(Debug, Clone)]
pub struct GlossaryEntry {
    pub term: String,
    pub full: Markdown,
    pub aliases: Vec<String>,
    /// Footnote mark after the full form (`*`).
    pub mark: Option<String>,
    /// What stands between term and full form in the document (`–`, `-`).
    pub separator: Option<String>,
    pub span: Span,
}

impl GlossaryEntry {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// A plan (roadmap): one `.md` file, the whole official document.
#[derive(Debug, Clone)]
pub struct Plan {
    pub slug: String,
    pub title: Markdown,
    pub short_title: Option<String>,
    /// «Last updated» date, from the source (never from file times).
    pub updated: NaiveDate,
    /// The plan's own period as written, with its dates when understood.
    pub period_text: Option<String>,
    pub span_of_plan: Option<Interval>,
    pub year: Option<i32>,
    pub marks: Vec<Markdown>,
    pub approval: Vec<Signature>,
    pub signature_file: Option<String>,
    pub signature_file_span: Option<Span>,
    /// The document in its order.
    pub blocks: Vec<Block>,
    /// The plan file.
    pub span: Span,
}

impl Plan {
    /// The plan's name where space is short (calendars, the timeline, file
    /// titles): its short title, else its title as plain text.
    pub fn name(&self) -> String {
        match &self.short_title {
            Some(short) if !short.trim().is_empty() => short.clone(),
            _ => self.title.to_plain(),
        }
    }

    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// Gives every item of the plan its anchor, once, when the plan is
    /// loaded: the number's fragment (`2.1.1.` → `p-2-1-1`), or
    /// `t<table>-r<row>` for an unnumbered row; a number the original
    /// repeats gets `_2`, `_3` (an underscore never occurs in a number's
    /// anchor, so `1.1` twice and `1.1.2` stay apart). Pages, data files and
    /// calendar UIDs all use these, so they must stay stable for the same
    /// source.
    pub fn assign_anchors(&mut self) {
        let mut used: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        let tables = self.blocks.iter_mut().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        });
        for (ti, table) in tables.enumerate() {
            let mut row = 0;
            table.for_each_item_mut(&mut |item| {
                row += 1;
                let base = item
                    .number_anchor()
                    .unwrap_or_else(|| format!("t{}-r{row}", ti + 1));
                let n = used.entry(base.clone()).or_insert(0);
                *n += 1;
                item.anchor = if *n == 1 { base } else { format!("{base}_{n}") };
            });
        }
    }
}

/// One part of a plan document, in document order.
#[derive(Debug, Clone)]
pub enum Block {
    /// Prose: headings, paragraphs, lists, footnotes.
    Prose(Markdown),
    /// Where marks, approval and title stand when not at the very top.
    Head,
    Table(Table),
    Passport(Passport),
    Glossary(GlossaryBlock),
    Signatures(Vec<Signature>),
}

/// An approval or signature block («Утверждено», a signature under an order).
#[derive(Debug, Clone)]
pub struct Signature {
    pub heading: Option<String>,
    pub position: Option<Markdown>,
    pub name: Option<String>,
    /// The date as written, and the day when it can be read.
    pub date: Option<String>,
    pub date_value: Option<NaiveDate>,
    pub number: Option<String>,
    pub text: Option<Markdown>,
    /// The fields written, in the order the source gives them: a stamp is
    /// published in its document's own order («УТВЕРЖДЕН распоряжением …
    /// от 02.07.2019 N 241-рп» puts the date and number inside the text).
    pub order: Vec<SignaturePart>,
    /// The date and number were found inside `text` («… от 02.07.2019
    /// N 241-рп»), not written as fields: data, not extra lines.
    pub in_text: bool,
    pub span: Span,
}

impl Signature {
    /// The source text of a field (Markdown for position and text), for
    /// every output to walk `order` the same way.
    pub fn part(&self, part: SignaturePart) -> Option<&str> {
        match part {
            SignaturePart::Heading => self.heading.as_deref(),
            SignaturePart::Position => self.position.as_ref().map(|m| m.source.as_str()),
            SignaturePart::Name => self.name.as_deref(),
            SignaturePart::Date => self.date.as_deref(),
            SignaturePart::Number => self.number.as_deref(),
            SignaturePart::Text => self.text.as_ref().map(|m| m.source.as_str()),
        }
    }
}

/// A field of a signature or stamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignaturePart {
    Heading,
    Position,
    Name,
    Date,
    Number,
    Text,
}

/// A programme passport: label → rich text.
#[derive(Debug, Clone)]
pub struct Passport {
    pub title: Option<Markdown>,
    pub rows: Vec<PassportRow>,
}

#[derive(Debug, Clone)]
pub struct PassportRow {
    pub label: Markdown,
    pub text: Markdown,
}

/// The document's own list of abbreviations, in its order.
#[derive(Debug, Clone)]
pub struct GlossaryBlock {
    pub title: Option<Markdown>,
    pub entries: Vec<GlossaryBlockEntry>,
}

#[derive(Debug, Clone)]
pub enum GlossaryBlockEntry {
    Term(GlossaryEntry),
    /// A shared footnote standing between the entries.
    Note {
        text: Markdown,
        mark: Option<String>,
        separator: Option<String>,
    },
}

/// The role of a table column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ColumnKey {
    Number,
    Text,
    Responsible,
    Period,
    Result,
    Note,
    /// A column of this document only (`form`), or a matrix level.
    Custom(String),
}

impl ColumnKey {
    pub fn parse(key: &str) -> ColumnKey {
        match key {
            "number" => ColumnKey::Number,
            "text" => ColumnKey::Text,
            "responsible" => ColumnKey::Responsible,
            "period" => ColumnKey::Period,
            "result" => ColumnKey::Result,
            "note" => ColumnKey::Note,
            other => ColumnKey::Custom(other.to_string()),
        }
    }

    /// Whether cells of this column are Markdown; number, responsible and
    /// period cells are plain text (written as in the document).
    pub fn is_markdown(&self) -> bool {
        !matches!(
            self,
            ColumnKey::Number | ColumnKey::Responsible | ColumnKey::Period
        )
    }

    pub fn as_str(&self) -> &str {
        match self {
            ColumnKey::Number => "number",
            ColumnKey::Text => "text",
            ColumnKey::Responsible => "responsible",
            ColumnKey::Period => "period",
            ColumnKey::Result => "result",
            ColumnKey::Note => "note",
            ColumnKey::Custom(k) => k,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Column {
    pub key: ColumnKey,
    /// The header exactly as in the document.
    pub title: String,
    /// In a matrix: the body whose actions this column lists.
    pub body: Option<BodyRef>,
    pub span: Span,
}

/// A table of the document, with its own columns.
#[derive(Debug, Clone)]
pub struct Table {
    pub id: Option<String>,
    pub caption: Option<Markdown>,
    pub columns: Vec<Column>,
    /// Rows outside any section, shown first.
    pub items: Vec<Item>,
    pub sections: Vec<Section>,
    pub span: Span,
}

impl Table {
    /// A matrix is a table whose columns are levels of responsibility.
    pub fn is_matrix(&self) -> bool {
        self.columns.iter().any(|c| c.body.is_some())
    }

    pub fn has_column(&self, key: &ColumnKey) -> bool {
        self.columns.iter().any(|c| &c.key == key)
    }

    /// Every item of the table in document order, depth first.
    pub fn all_items(&self) -> Vec<&Item> {
        let mut out = Vec::new();
        for item in &self.items {
            item.collect(&mut out);
        }
        for section in &self.sections {
            section.collect(&mut out);
        }
        out
    }

    /// Calls `f` on every item in the order of [`Table::all_items`].
    pub fn for_each_item_mut(&mut self, f: &mut impl FnMut(&mut Item)) {
        for item in &mut self.items {
            item.for_each_mut(f);
        }
        for section in &mut self.sections {
            section.for_each_item_mut(f);
        }
    }
}

/// A section of a table: a full-width heading row with its tasks,
/// indicators, rows and sub-sections.
#[derive(Debug, Clone)]
pub struct Section {
    pub number: Option<String>,
    /// Where the number was written (for duplicate-number warnings).
    pub number_span: Option<Span>,
    /// The number and the title sit in two cells of the heading row, as in
    /// the document, instead of one cell across the table.
    pub number_cell: bool,
    pub title: Option<Markdown>,
    pub tasks: Option<Markdown>,
    pub indicators: Option<Markdown>,
    pub text: Option<Markdown>,
    pub items: Vec<Item>,
    pub sections: Vec<Section>,
    pub span: Span,
}

impl Section {
    /// The number, when it stands in a cell of its own (`number_cell`).
    pub fn number_in_own_cell(&self) -> Option<&str> {
        self.number.as_deref().filter(|_| self.number_cell)
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Item>) {
        for item in &self.items {
            item.collect(out);
        }
        for section in &self.sections {
            section.collect(out);
        }
    }

    fn for_each_item_mut(&mut self, f: &mut impl FnMut(&mut Item)) {
        for item in &mut self.items {
            item.for_each_mut(f);
        }
        for section in &mut self.sections {
            section.for_each_item_mut(f);
        }
    }
}

/// Where the year of a row's period came from. Real tables group rows
/// under a year row or a section of their own year and write «март» below;
/// a year taken from the plan as a whole is only a guess, and a period
/// with no year anywhere has no dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodYear {
    /// The text names its year, or needs none («в течение года»).
    Written,
    /// A year row, section or table above the row states it.
    Structure,
    /// Taken from the plan's `period` or `year`.
    Plan,
    /// Needed, but neither the row, the table nor the plan states one.
    Missing,
}

/// Execution status of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Planned,
    InProgress,
    Done,
    Cancelled,
}

impl Status {
    /// The status as a word for page classes, filters and their
    /// addresses: stable, whatever the variants are called.
    pub fn key(self) -> &'static str {
        match self {
            Status::Planned => "planned",
            Status::InProgress => "inprogress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Planned => "запланировано",
            Status::InProgress => "выполняется",
            Status::Done => "выполнено",
            Status::Cancelled => "отменено",
        }
    }
}

/// A link to evidence of execution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub title: String,
    pub url: String,
}

/// A row of a table. Group rows (`2.1`) hold children and usually no period
/// or responsible; a matrix row has only cells.
#[derive(Debug, Clone)]
pub struct Item {
    /// The number exactly as written (`2.1.1.`), if any.
    pub number: Option<String>,
    pub number_span: Option<Span>,
    pub text: Option<Markdown>,
    pub responsible: Option<Responsible>,
    pub period: Option<Period>,
    /// Where the period text was written.
    pub period_span: Option<Span>,
    /// Where the period's year came from when its text names none.
    pub period_year: PeriodYear,
    /// Result, note and report are boxed: most rows have none of them, and
    /// an `Item` is the bulk of a loaded site (a third smaller this way).
    pub result: Option<Box<Markdown>>,
    pub note: Option<Box<Markdown>>,
    /// Cells of custom and matrix columns, by column key.
    pub cells: BTreeMap<String, Markdown>,
    pub status: Option<Status>,
    pub report: Option<Box<Markdown>>,
    pub evidence: Vec<Evidence>,
    pub children: Vec<Item>,
    pub span: Span,
    /// Its URL fragment, unique in the plan (`p-2-1-1`, `t2-r5`,
    /// `p-3-1_2`): set once by the loader ([`Plan::assign_anchors`]) and
    /// read by every output — page rows, links, data files, calendar UIDs,
    /// the timeline — so they cannot disagree.
    pub anchor: String,
}

impl Item {
    /// The bodies that answer for the item: those its «responsible» cell
    /// names, then, in a matrix, those whose level column of `table` (the
    /// item's table) the row fills. Each once.
    pub fn bodies<'a>(&'a self, table: &'a Table) -> Vec<&'a BodyId> {
        let mut out: Vec<&BodyId> = self
            .responsible
            .as_ref()
            .map(|r| r.bodies())
            .unwrap_or_default();
        for column in &table.columns {
            let Some(body) = &column.body else { continue };
            let filled = self
                .cells
                .get(column.key.as_str())
                .is_some_and(|m| !m.source.trim().is_empty());
            if filled && !out.contains(&&body.id) {
                out.push(&body.id);
            }
        }
        out
    }

    /// The source text of this row's cell in a column: what every output
    /// (page, fragment, PDF, DOCX) shows there.
    pub fn column_text(&self, key: &ColumnKey) -> Option<&str> {
        match key {
            ColumnKey::Number => self.number.as_deref(),
            ColumnKey::Text => self.text.as_ref().map(|m| m.source.as_str()),
            ColumnKey::Responsible => self.responsible.as_ref().map(|r| r.text.as_str()),
            ColumnKey::Period => self.period.as_ref().map(|p| p.text.as_str()),
            ColumnKey::Result => self.result.as_ref().map(|m| m.source.as_str()),
            ColumnKey::Note => self.note.as_ref().map(|m| m.source.as_str()),
            ColumnKey::Custom(k) => self.cells.get(k).map(|m| m.source.as_str()),
        }
    }

    /// A row with nothing in it yet, written at `span`: the loader fills it
    /// field by field.
    pub fn empty(span: Span) -> Item {
        Item {
            number: None,
            number_span: None,
            text: None,
            responsible: None,
            period: None,
            period_span: None,
            period_year: PeriodYear::Written,
            result: None,
            note: None,
            cells: BTreeMap::new(),
            status: None,
            report: None,
            evidence: Vec::new(),
            children: Vec::new(),
            span,
            anchor: String::new(),
        }
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a Item>) {
        out.push(self);
        for child in &self.children {
            child.collect(out);
        }
    }

    fn for_each_mut(&mut self, f: &mut impl FnMut(&mut Item)) {
        f(self);
        for child in &mut self.children {
            child.for_each_mut(f);
        }
    }

    /// A leaf item is an actual action; a group row only gathers others.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }

    /// The fragment a numbered item's anchor is made of: `2.1.1.` →
    /// `p-2-1-1`.
    pub fn number_anchor(&self) -> Option<String> {
        let number = self.number.as_deref()?;
        let parts: Vec<String> = number
            .split(|c: char| !c.is_alphanumeric())
            .filter(|p| !p.is_empty())
            .map(str::to_lowercase)
            .collect();
        (!parts.is_empty()).then(|| format!("p-{}", parts.join("-")))
    }
}

/// A reference to a body in a matrix column, resolved by the loader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyRef {
    pub id: BodyId,
    pub span: Span,
}

/// A responsible cell: the text as written and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Responsible {
    pub text: String,
    pub span: Span,
    /// The cell cut into pieces that join back into `text`.
    pub parts: Vec<ResponsiblePart>,
}

impl Responsible {
    /// The bodies the cell names, each once, in order.
    pub fn bodies(&self) -> Vec<&BodyId> {
        let mut out: Vec<&BodyId> = Vec::new();
        for part in &self.parts {
            if let ResponsiblePart::Body { id, .. } = part {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }
}

/// A piece of a responsible cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResponsiblePart {
    /// A known body as written in the cell, with the person named after it.
    Body {
        id: BodyId,
        text: String,
        person: Option<String>,
    },
    /// A person named after a separator («…, Л.Г. Косырева»): belongs to the
    /// body before it.
    Person(String),
    /// Commas, spaces, «и» and text between the pieces that names nothing.
    Other(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::FileId;

    #[test]
    fn plain_flag_gives_what_the_parser_gives_on_every_text_of_content() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::load::load(root).site;
        let (mut plain, mut parsed) = (0, 0);
        for p in site.plans() {
            for item in p.tables().flat_map(Table::all_items) {
                for m in item.text.iter().chain(item.cells.values()) {
                    let slow = crate::markdown::to_plain(&m.source);
                    assert_eq!(m.to_plain(), slow, "{}", m.source);
                    let flag = m.plain_paragraph().is_some();
                    assert_eq!(flag, crate::markdown::plain_paragraph(&m.source).is_some());
                    if flag {
                        plain += 1;
                    } else {
                        parsed += 1;
                    }
                }
            }
        }
        // Both kinds occur in the seeds (210 and 6 today), so both paths
        // were compared; and a few texts Markdown acts on.
        assert!(plain > 100 && parsed > 3, "{plain} plain, {parsed} parsed");
        let span = Span::new(FileId::default(), 0, 0);
        for odd in [
            "1. список",
            "- пункт",
            "a *b*",
            "ИМЦ  и ОО",
            " «Текст» ",
            "a\nb",
            "a &amp; b",
        ] {
            let m = Markdown::new(odd.to_string(), span);
            assert_eq!(m.to_plain(), crate::markdown::to_plain(odd), "{odd}");
        }
    }

    fn item(number: Option<&str>) -> Item {
        Item {
            number: number.map(str::to_string),
            ..Item::empty(Span::new(FileId::default(), 0, 0))
        }
    }

    #[test]
    fn anchors_are_unique_and_stable() {
        let span = Span::new(FileId::default(), 0, 0);
        let table = |items: Vec<Item>| {
            Block::Table(Table {
                id: None,
                caption: None,
                columns: Vec::new(),
                items,
                sections: Vec::new(),
                span,
            })
        };
        let mut plan = Plan {
            slug: "p".into(),
            title: Markdown::new("t".into(), span),
            short_title: None,
            updated: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap_or_default(),
            period_text: None,
            span_of_plan: None,
            year: None,
            marks: Vec::new(),
            approval: Vec::new(),
            signature_file: None,
            signature_file_span: None,
            blocks: vec![
                table(vec![
                    item(Some("2.1.1.")),
                    item(Some("3.1")),
                    item(Some("3.1")),
                ]),
                table(vec![item(None), item(None)]),
            ],
            span,
        };
        plan.assign_anchors();
        let anchors: Vec<Vec<&str>> = plan
            .tables()
            .map(|t| t.all_items().iter().map(|i| i.anchor.as_str()).collect())
            .collect();
        assert_eq!(
            anchors,
            vec![vec!["p-2-1-1", "p-3-1", "p-3-1_2"], vec!["t2-r1", "t2-r2"]]
        );
    }
}
