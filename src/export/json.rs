//! JSON data files: one per plan with everything the model holds, and one
//! index of the whole site.
//!
//! The model keeps source positions and derived look-ups that mean nothing
//! outside a build, so the files are written from export structs of their
//! own. Their field order is the struct order and every map is a
//! `BTreeMap`: the same input always gives the same bytes, and a published
//! file's diff shows only what changed in the source.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::value::RawValue;

use super::{iso, plain};
use crate::model::{
    Block, Body, District, GlossaryBlockEntry, GlossaryEntry, Item, Markdown, Organisation,
    Passport, Plan, Responsible, ResponsiblePart, Section, Signature, Site, Status, Table,
    TerritoryKind,
};
use crate::paths::{self, plan_files, PlanFiles};
use crate::period::{Frequency, Period, PeriodKind};

/// The whole plan as data, pretty-printed, ending with a newline.
pub fn plan_json(site: &Site, district: &District, plan: &Plan) -> String {
    let out = PlanOut {
        site: &site.title,
        url: super::page_url(site, district, plan),
        district: DistrictRef {
            slug: &district.slug,
            name: &district.name,
        },
        slug: &plan.slug,
        title: &plan.title.source,
        short_title: plan.short_title.as_deref(),
        updated: iso(plan.updated),
        period: plan_period(plan),
        year: plan.year,
        marks: plan.marks.iter().map(|m| m.source.as_str()).collect(),
        approval: plan.approval.iter().map(signature).collect(),
        signature_file: plan.signature_file.as_deref(),
        blocks: blocks(district, plan),
    };
    to_json(&out)
}

/// The site index: regions in order of first appearance, their districts,
/// and for each plan what a list needs and where its data files are.
pub fn site_json(site: &Site) -> String {
    SiteIndex::new(site).json(site)
}

/// The site index in parts: each district's entry serialised on its own,
/// so that `serve` serialises again only the districts an edit touched
/// (at 10,000 plans the index is 22 MB).
pub struct SiteIndex {
    districts: Vec<Box<RawValue>>,
}

impl SiteIndex {
    pub fn new(site: &Site) -> SiteIndex {
        use rayon::prelude::*;
        SiteIndex {
            districts: site
                .districts
                .par_iter()
                .map(|d| raw(&district_summary(d)))
                .collect(),
        }
    }

    /// Serialises district `i` of `site` again (the site has as many
    /// districts as when the index was made: `serve` reloads districts in
    /// place).
    pub fn update(&mut self, site: &Site, i: usize) {
        if let (Some(part), Some(d)) = (self.districts.get_mut(i), site.districts.get(i)) {
            *part = raw(&district_summary(d));
        }
    }

    /// The index of `site`, whose districts the parts stand for.
    pub fn json(&self, site: &Site) -> String {
        let mut regions: Vec<RegionOut> = Vec::new();
        for (district, entry) in site.districts.iter().zip(&self.districts) {
            match regions.iter_mut().find(|r| r.name == district.region) {
                Some(region) => region.districts.push(entry),
                None => regions.push(RegionOut {
                    name: &district.region,
                    districts: vec![entry],
                }),
            }
        }
        let out = SiteOut {
            title: &site.title,
            description: site.description.as_ref().map(|m| m.source.as_str()),
            base_url: site.base_url.as_deref(),
            regions,
        };
        to_json(&out)
    }
}

/// A district's entry as JSON text, ready to stand in the index.
fn raw(entry: &DistrictOut) -> Box<RawValue> {
    let text = serde_json::to_string(entry).unwrap_or_else(|_| "{}".to_string());
    // The text was just written by serde_json, so it is valid JSON.
    RawValue::from_string(text).unwrap_or_else(|_| RawValue::NULL.to_owned())
}

/// Compact JSON: indentation doubled the files (browsers show JSON
/// indented anyway, programs do not need it).
fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising these structs (strings, numbers, string-keyed maps) cannot
    // fail; an empty object keeps the file valid JSON if it ever did.
    let mut text = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

// ---------------------------------------------------------------- site

#[derive(Serialize)]
struct SiteOut<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
    regions: Vec<RegionOut<'a>>,
}

#[derive(Serialize)]
struct RegionOut<'a> {
    name: &'a str,
    districts: Vec<&'a RawValue>,
}

#[derive(Serialize)]
struct DistrictOut<'a> {
    slug: &'a str,
    name: &'a str,
    full_name: Option<&'a str>,
    kind: TerritoryKind,
    kind_label: &'static str,
    region: &'a str,
    organisation: Option<OrganisationOut<'a>>,
    bodies: Vec<BodyOut<'a>>,
    glossary: Vec<GlossaryEntryOut<'a>>,
    plans: Vec<PlanSummary<'a>>,
}

#[derive(Serialize)]
struct OrganisationOut<'a> {
    name: &'a str,
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct BodyOut<'a> {
    id: &'a str,
    name: &'a str,
    full_name: Option<&'a str>,
    aliases: &'a [String],
    url: Option<&'a str>,
    parent: Option<&'a str>,
    /// The body's calendar, when some item names it (else none is written).
    calendar: Option<String>,
}

#[derive(Serialize)]
struct PlanSummary<'a> {
    slug: &'a str,
    title: String,
    short_title: Option<&'a str>,
    updated: String,
    period: PlanPeriodOut<'a>,
    items: usize,
    files: FilesOut,
}

#[derive(Serialize)]
struct FilesOut {
    json: String,
    csv: String,
    /// Null when the plan has no dated item: a calendar without events is
    /// not a valid iCalendar file, so none is published.
    ics: Option<String>,
}

impl FilesOut {
    fn new(f: PlanFiles, has_calendar: bool) -> FilesOut {
        FilesOut {
            json: f.json,
            csv: f.csv,
            ics: has_calendar.then_some(f.ics),
        }
    }
}

fn district_summary<'a>(district: &'a District) -> DistrictOut<'a> {
    DistrictOut {
        slug: &district.slug,
        name: &district.name,
        full_name: district.full_name.as_deref(),
        kind: district.kind,
        kind_label: district.kind.label(),
        region: &district.region,
        organisation: district.organisation.as_ref().map(organisation),
        bodies: district
            .bodies
            .iter()
            .map(|b| body(district, b, super::ics::body_has_events(district, &b.id)))
            .collect(),
        glossary: district.glossary.iter().map(glossary_entry).collect(),
        plans: district
            .plans
            .iter()
            .map(|p| plan_summary(district, p))
            .collect(),
    }
}

fn organisation(o: &Organisation) -> OrganisationOut<'_> {
    OrganisationOut {
        name: &o.name,
        url: o.url.as_deref(),
    }
}

fn body<'a>(district: &District, b: &'a Body, has_calendar: bool) -> BodyOut<'a> {
    BodyOut {
        id: &b.id.0,
        name: &b.name,
        full_name: b.full_name.as_deref(),
        aliases: &b.aliases,
        url: b.url.as_deref(),
        parent: b.parent.as_ref().map(|p| p.0.as_str()),
        calendar: has_calendar.then(|| paths::body_ics(district, &b.id)),
    }
}

fn plan_summary<'a>(district: &District, plan: &'a Plan) -> PlanSummary<'a> {
    PlanSummary {
        slug: &plan.slug,
        title: plain(&plan.title),
        short_title: plan.short_title.as_deref(),
        updated: iso(plan.updated),
        period: plan_period(plan),
        items: plan.tables().map(|t| t.all_items().len()).sum(),
        files: FilesOut::new(
            plan_files(district, plan),
            super::ics::plan_has_events(plan),
        ),
    }
}

// ---------------------------------------------------------------- plan

#[derive(Serialize)]
struct PlanOut<'a> {
    site: &'a str,
    /// The plan's page, when the site's address is known.
    url: Option<String>,
    district: DistrictRef<'a>,
    slug: &'a str,
    title: &'a str,
    short_title: Option<&'a str>,
    updated: String,
    period: PlanPeriodOut<'a>,
    year: Option<i32>,
    marks: Vec<&'a str>,
    approval: Vec<SignatureOut<'a>>,
    signature_file: Option<&'a str>,
    blocks: Vec<BlockOut<'a>>,
}

#[derive(Serialize)]
struct DistrictRef<'a> {
    slug: &'a str,
    name: &'a str,
}

/// The plan's own period: the text as written and its days when understood.
#[derive(Serialize)]
struct PlanPeriodOut<'a> {
    text: Option<&'a str>,
    start: Option<String>,
    end: Option<String>,
}

fn plan_period(plan: &Plan) -> PlanPeriodOut<'_> {
    PlanPeriodOut {
        text: plan.period_text.as_deref(),
        start: plan.span_of_plan.map(|s| iso(s.start)),
        end: plan.span_of_plan.map(|s| iso(s.end)),
    }
}

#[derive(Serialize)]
struct SignatureOut<'a> {
    heading: Option<&'a str>,
    position: Option<&'a str>,
    name: Option<&'a str>,
    date: Option<&'a str>,
    date_value: Option<String>,
    number: Option<&'a str>,
    text: Option<&'a str>,
}

fn signature(s: &Signature) -> SignatureOut<'_> {
    SignatureOut {
        heading: s.heading.as_deref(),
        position: md(s.position.as_ref()),
        name: s.name.as_deref(),
        date: s.date.as_deref(),
        date_value: s.date_value.map(iso),
        number: s.number.as_deref(),
        text: md(s.text.as_ref()),
    }
}

fn md(m: Option<&Markdown>) -> Option<&str> {
    m.map(|m| m.source.as_str())
}

/// A part of the document, tagged by `"type"`.
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum BlockOut<'a> {
    Prose {
        markdown: &'a str,
    },
    Head,
    Table(TableOut<'a>),
    Passport {
        title: Option<&'a str>,
        rows: Vec<PassportRowOut<'a>>,
    },
    Glossary {
        title: Option<&'a str>,
        entries: Vec<GlossaryBlockEntryOut<'a>>,
    },
    Signatures {
        signatures: Vec<SignatureOut<'a>>,
    },
}

fn blocks<'a>(district: &'a District, plan: &'a Plan) -> Vec<BlockOut<'a>> {
    plan.blocks
        .iter()
        .map(|block| match block {
            Block::Prose(m) => BlockOut::Prose {
                markdown: &m.source,
            },
            Block::Head => BlockOut::Head,
            Block::Table(t) => BlockOut::Table(table(district, t)),
            Block::Passport(p) => passport(p),
            Block::Glossary(g) => BlockOut::Glossary {
                title: md(g.title.as_ref()),
                entries: g.entries.iter().map(glossary_block_entry).collect(),
            },
            Block::Signatures(s) => BlockOut::Signatures {
                signatures: s.iter().map(signature).collect(),
            },
        })
        .collect()
}

#[derive(Serialize)]
struct PassportRowOut<'a> {
    label: &'a str,
    text: &'a str,
}

fn passport(p: &Passport) -> BlockOut<'_> {
    BlockOut::Passport {
        title: md(p.title.as_ref()),
        rows: p
            .rows
            .iter()
            .map(|r| PassportRowOut {
                label: &r.label.source,
                text: &r.text.source,
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct GlossaryEntryOut<'a> {
    term: &'a str,
    full: &'a str,
    aliases: &'a [String],
    mark: Option<&'a str>,
    separator: Option<&'a str>,
}

fn glossary_entry(e: &GlossaryEntry) -> GlossaryEntryOut<'_> {
    GlossaryEntryOut {
        term: &e.term,
        full: &e.full.source,
        aliases: &e.aliases,
        mark: e.mark.as_deref(),
        separator: e.separator.as_deref(),
    }
}

/// An entry as the source writes it: a term, or a shared `note`.
#[derive(Serialize)]
#[serde(untagged)]
enum GlossaryBlockEntryOut<'a> {
    Term(GlossaryEntryOut<'a>),
    Note {
        note: &'a str,
        mark: Option<&'a str>,
        separator: Option<&'a str>,
    },
}

fn glossary_block_entry(e: &GlossaryBlockEntry) -> GlossaryBlockEntryOut<'_> {
    match e {
        GlossaryBlockEntry::Term(t) => GlossaryBlockEntryOut::Term(glossary_entry(t)),
        GlossaryBlockEntry::Note {
            text,
            mark,
            separator,
        } => GlossaryBlockEntryOut::Note {
            note: &text.source,
            mark: mark.as_deref(),
            separator: separator.as_deref(),
        },
    }
}

// ---------------------------------------------------------------- tables

#[derive(Serialize)]
struct TableOut<'a> {
    id: Option<&'a str>,
    caption: Option<&'a str>,
    columns: Vec<ColumnOut<'a>>,
    items: Vec<ItemOut<'a>>,
    sections: Vec<SectionOut<'a>>,
}

#[derive(Serialize)]
struct ColumnOut<'a> {
    key: &'a str,
    title: &'a str,
    body: Option<&'a str>,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    number: Option<&'a str>,
    title: Option<&'a str>,
    tasks: Option<&'a str>,
    indicators: Option<&'a str>,
    text: Option<&'a str>,
    items: Vec<ItemOut<'a>>,
    sections: Vec<SectionOut<'a>>,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    anchor: &'a str,
    number: Option<&'a str>,
    text: Option<&'a str>,
    responsible: Option<ResponsibleOut<'a>>,
    period: Option<PeriodOut<'a>>,
    result: Option<&'a str>,
    note: Option<&'a str>,
    cells: BTreeMap<&'a str, &'a str>,
    status: Option<Status>,
    report: Option<&'a str>,
    evidence: Vec<EvidenceOut<'a>>,
    items: Vec<ItemOut<'a>>,
}

#[derive(Serialize)]
struct ResponsibleOut<'a> {
    text: &'a str,
    bodies: Vec<BodyMention<'a>>,
}

/// A body the responsible cell names, with the persons written after it.
#[derive(Serialize)]
struct BodyMention<'a> {
    id: &'a str,
    name: &'a str,
    /// The persons, joined with «, » when the cell names several.
    person: Option<String>,
}

#[derive(Serialize)]
struct PeriodOut<'a> {
    text: &'a str,
    start: Option<String>,
    end: Option<String>,
    kind: &'static str,
    intervals: Vec<IntervalOut>,
    deadline: Option<String>,
    recurrence: Option<RecurrenceOut>,
}

#[derive(Serialize)]
struct IntervalOut {
    start: String,
    end: String,
}

#[derive(Serialize)]
struct RecurrenceOut {
    frequency: &'static str,
    times_min: u32,
    times_max: u32,
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    title: &'a str,
    url: &'a str,
}

fn table<'a>(district: &'a District, t: &'a Table) -> TableOut<'a> {
    let items = items(district, &t.items);
    let sections = sections(district, &t.sections);
    TableOut {
        id: t.id.as_deref(),
        caption: md(t.caption.as_ref()),
        columns: t
            .columns
            .iter()
            .map(|c| ColumnOut {
                key: c.key.as_str(),
                title: &c.title,
                body: c.body.as_ref().map(|b| b.id.0.as_str()),
            })
            .collect(),
        items,
        sections,
    }
}

fn sections<'a>(district: &'a District, list: &'a [Section]) -> Vec<SectionOut<'a>> {
    list.iter()
        .map(|s| {
            let items = items(district, &s.items);
            SectionOut {
                number: s.number.as_deref(),
                title: md(s.title.as_ref()),
                tasks: md(s.tasks.as_ref()),
                indicators: md(s.indicators.as_ref()),
                text: md(s.text.as_ref()),
                items,
                sections: sections(district, &s.sections),
            }
        })
        .collect()
}

fn items<'a>(district: &'a District, list: &'a [Item]) -> Vec<ItemOut<'a>> {
    list.iter().map(|i| item(district, i)).collect()
}

fn item<'a>(district: &'a District, i: &'a Item) -> ItemOut<'a> {
    ItemOut {
        anchor: &i.anchor,
        number: i.number.as_deref(),
        text: md(i.text.as_ref()),
        responsible: i.responsible.as_ref().map(|r| responsible(district, r)),
        period: i.period.as_ref().map(period),
        result: md(i.result.as_deref()),
        note: md(i.note.as_deref()),
        cells: i
            .cells
            .iter()
            .map(|(k, v)| (k.as_str(), v.source.as_str()))
            .collect(),
        status: i.status,
        report: md(i.report.as_deref()),
        evidence: i
            .evidence
            .iter()
            .map(|e| EvidenceOut {
                title: &e.title,
                url: &e.url,
            })
            .collect(),
        items: items(district, &i.children),
    }
}

/// Each body once, in the cell's order; a person belongs to the body
/// written before it.
fn responsible<'a>(district: &'a District, r: &'a Responsible) -> ResponsibleOut<'a> {
    let mut bodies: Vec<(BodyMention<'a>, Vec<&'a str>)> = Vec::new();
    let mut current: Option<usize> = None;
    for part in &r.parts {
        match part {
            ResponsiblePart::Body { id, text, person } => {
                let at = match bodies.iter().position(|(b, _)| b.id == id.0) {
                    Some(at) => at,
                    None => {
                        let name = district.body(id).map_or(text.as_str(), |b| &b.name);
                        let mention = BodyMention {
                            id: &id.0,
                            name,
                            person: None,
                        };
                        bodies.push((mention, Vec::new()));
                        bodies.len() - 1
                    }
                };
                if let (Some(person), Some((_, persons))) = (person, bodies.get_mut(at)) {
                    persons.push(person);
                }
                current = Some(at);
            }
            ResponsiblePart::Person(person) => {
                if let Some((_, persons)) = current.and_then(|at| bodies.get_mut(at)) {
                    persons.push(person);
                }
            }
            ResponsiblePart::Other(_) => {}
        }
    }
    ResponsibleOut {
        text: &r.text,
        bodies: bodies
            .into_iter()
            .map(|(mut mention, persons)| {
                mention.person = (!persons.is_empty()).then(|| persons.join(", "));
                mention
            })
            .collect(),
    }
}

fn period(p: &Period) -> PeriodOut<'_> {
    PeriodOut {
        text: &p.text,
        start: p.start().map(iso),
        end: p.end().map(iso),
        kind: kind_name(p.kind),
        intervals: p
            .intervals
            .iter()
            .map(|i| IntervalOut {
                start: iso(i.start),
                end: iso(i.end),
            })
            .collect(),
        deadline: p.deadline.map(iso),
        recurrence: p.recurrence.as_ref().map(|r| RecurrenceOut {
            frequency: frequency_name(r.frequency),
            times_min: r.times_min,
            times_max: r.times_max,
        }),
    }
}

fn kind_name(kind: PeriodKind) -> &'static str {
    match kind {
        PeriodKind::Date => "date",
        PeriodKind::Months => "months",
        PeriodKind::Range => "range",
        PeriodKind::Deadline => "deadline",
        PeriodKind::Recurring => "recurring",
        PeriodKind::WholePlan => "whole_plan",
        PeriodKind::Unknown => "unknown",
    }
}

fn frequency_name(f: Frequency) -> &'static str {
    match f {
        Frequency::Weekly => "weekly",
        Frequency::Monthly => "monthly",
        Frequency::Quarterly => "quarterly",
        Frequency::HalfYearly => "half_yearly",
        Frequency::Yearly => "yearly",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use serde_json::Value;

    use super::*;
    use crate::export::test_support::{plan, site};

    fn parsed(site: &Site, slug: &str) -> Value {
        let (d, p) = plan(site, slug);
        json_of(site, d, p)
    }

    fn json_of(site: &Site, d: &District, p: &Plan) -> Value {
        let text = plan_json(site, d, p);
        assert!(text.ends_with("}\n"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.slug))
    }

    /// Every item object of a plan file, depth first.
    fn all_items(v: &Value) -> Vec<&Value> {
        fn walk<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
            if let Some(list) = v.get("items").and_then(Value::as_array) {
                for item in list {
                    if item.get("anchor").is_some() {
                        out.push(item);
                    }
                    walk(item, out);
                }
            }
            if let Some(list) = v.get("sections").and_then(Value::as_array) {
                for s in list {
                    walk(s, out);
                }
            }
        }
        let mut out = Vec::new();
        for block in v["blocks"].as_array().into_iter().flatten() {
            if block["type"] == "table" {
                walk(block, &mut out);
            }
        }
        out
    }

    #[test]
    fn every_plan_parses_back_with_every_item() {
        let site = site();
        for district in &site.districts {
            for p in &district.plans {
                let v = json_of(&site, district, p);
                let items = all_items(&v);
                let expected: usize = p.tables().map(|t| t.all_items().len()).sum();
                assert_eq!(items.len(), expected, "{}", p.slug);
                for item in items {
                    let o = item.as_object().expect("object");
                    assert!(o.contains_key("number") && o.contains_key("period"));
                }
            }
        }
    }

    #[test]
    fn livensky_deadline_and_blocks() {
        let site = site();
        let v = parsed(&site, "livensky");
        let october = all_items(&v)
            .into_iter()
            .find(|i| i["period"]["text"] == "До 1 октября текущего года")
            .expect("a row due 1 October");
        assert_eq!(october["period"]["end"], "2023-10-01");
        assert_eq!(october["period"]["deadline"], "2023-10-01");
        assert_eq!(october["period"]["kind"], "deadline");
        assert_eq!(october["cells"]["form"], "Заполнение формы");
        assert_eq!(v["period"]["start"], "2023-02-01");
        assert_eq!(v["district"]["slug"], "livensky");
        let types: HashSet<&str> = v["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .filter_map(|b| b["type"].as_str())
            .collect();
        for t in ["prose", "head", "table", "passport", "signatures"] {
            assert!(types.contains(t), "{t}");
        }
    }

    #[test]
    fn vasileostrovsky_has_35_distinct_anchors() {
        let site = site();
        let v = parsed(&site, "vasileostrovsky");
        let items = all_items(&v);
        assert_eq!(items.len(), 35);
        let anchors: HashSet<&str> = items.iter().filter_map(|i| i["anchor"].as_str()).collect();
        assert_eq!(anchors.len(), 35);
        assert!(anchors.contains("p-3-1_2"));
    }

    #[test]
    fn responsible_bodies_and_persons() {
        let site = site();
        let v = parsed(&site, "leningradskaya-oblast");
        let first = all_items(&v)
            .into_iter()
            .find(|i| i["number"] == "1")
            .expect("item 1");
        let bodies = first["responsible"]["bodies"].as_array().expect("bodies");
        assert_eq!(bodies[0]["id"], "kopo");
        assert_eq!(bodies[0]["person"], "Л.Г. Михайлюк");
        assert_eq!(bodies[1]["id"], "loiro");
    }

    #[test]
    fn output_is_deterministic() {
        let site = site();
        let (d, p) = plan(&site, "kirovsky");
        assert_eq!(plan_json(&site, d, p), plan_json(&site, d, p));
        assert_eq!(site_json(&site), site_json(&site));
    }

    #[test]
    fn site_index() {
        let site = site();
        let v: Value = serde_json::from_str(&site_json(&site)).expect("valid JSON");
        let regions = v["regions"].as_array().expect("regions");
        let spb = regions
            .iter()
            .find(|r| r["name"] == "Санкт-Петербург")
            .expect("Санкт-Петербург");
        let kirovsky = spb["districts"]
            .as_array()
            .expect("districts")
            .iter()
            .find(|d| d["slug"] == "kirovsky")
            .expect("kirovsky");
        let plan = &kirovsky["plans"][0];
        assert_eq!(
            plan["files"]["csv"],
            "kirovsky/shnor-2023/kirovsky-shnor-2023.csv"
        );
        assert!(plan["items"].as_u64().is_some_and(|n| n > 41));
        assert_eq!(kirovsky["kind"], "city_district");
        let coko = kirovsky["bodies"]
            .as_array()
            .expect("bodies")
            .iter()
            .find(|b| b["id"] == "coko-imc")
            .expect("coko-imc");
        assert_eq!(
            coko["calendar"],
            "kirovsky/bodies/coko-imc/kirovsky-coko-imc.ics"
        );
        let districts: usize = regions
            .iter()
            .map(|r| r["districts"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(districts, 5);
    }
}
