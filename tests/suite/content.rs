//! End-to-end over the repository's own `content/`: the five seed roadmaps
//! load without errors, with every row, and with the data derived right.

use chrono::NaiveDate;
use vekha::diagnostics::Severity;
use vekha::model::{District, Item, Plan, ResponsiblePart, Site, Table};
use vekha::period::PeriodKind;

fn site() -> Site {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = vekha::load::load_and_check(root);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| vekha::diagnostics::render(d, &loaded.sources, false))
        .collect();
    assert!(
        errors.is_empty(),
        "content/ has errors:\n{}",
        errors.join("\n")
    );
    loaded.site
}

fn district<'a>(site: &'a Site, slug: &str) -> &'a District {
    site.districts
        .iter()
        .find(|d| d.slug == slug)
        .unwrap_or_else(|| panic!("no district {slug}"))
}

fn plan<'a>(site: &'a Site, district_slug: &str) -> &'a Plan {
    let d = district(site, district_slug);
    assert_eq!(d.plans.len(), 1, "{district_slug} has one plan");
    &d.plans[0]
}

fn tables(plan: &Plan) -> Vec<&Table> {
    plan.tables().collect()
}

fn leaves(table: &Table) -> Vec<&Item> {
    table
        .all_items()
        .into_iter()
        .filter(|i| i.is_leaf())
        .collect()
}

fn item<'a>(table: &'a Table, number: &str) -> &'a Item {
    table
        .all_items()
        .into_iter()
        .find(|i| i.number.as_deref() == Some(number))
        .unwrap_or_else(|| panic!("no item {number}"))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn period_dates(item: &Item) -> (PeriodKind, Option<NaiveDate>, Option<NaiveDate>) {
    let p = item.period.as_ref().expect("item has a period");
    (p.kind, p.start(), p.end())
}

fn body_ids(item: &Item) -> Vec<String> {
    item.responsible
        .as_ref()
        .map(|r| r.bodies().into_iter().map(|b| b.0.clone()).collect())
        .unwrap_or_default()
}

#[test]
fn all_five_territories_load_grouped_by_region() {
    let site = site();
    let mut slugs: Vec<&str> = site.districts.iter().map(|d| d.slug.as_str()).collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "centralny",
            "kirovsky",
            "leningradskaya-oblast",
            "livensky",
            "vasileostrovsky"
        ]
    );
    assert_eq!(district(&site, "livensky").region, "Орловская область");
    assert_eq!(district(&site, "kirovsky").region, "Санкт-Петербург");
}

#[test]
fn seed_000_vasileostrovsky() {
    let site = site();
    let plan = plan(&site, "vasileostrovsky");
    assert_eq!(
        plan.span_of_plan.map(|s| (s.start, s.end)),
        Some((date(2023, 1, 1), date(2023, 12, 31)))
    );
    let t = tables(plan);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].sections.len(), 5);
    assert_eq!(t[0].all_items().len(), 35);
    assert_eq!(leaves(t[0]).len(), 35);
    let first = item(t[0], "1.1");
    assert!(first
        .text
        .as_ref()
        .map(|m| m.source.starts_with("Разработка плана мероприятий"))
        .unwrap_or(false));
    assert_eq!(body_ids(first), ["imc", "ar"]);
    assert_eq!(
        period_dates(first),
        (
            PeriodKind::Months,
            Some(date(2023, 3, 1)),
            Some(date(2023, 3, 31))
        )
    );
    let p = item(t[0], "1.5");
    assert_eq!(
        period_dates(p),
        (
            PeriodKind::Range,
            Some(date(2023, 3, 13)),
            Some(date(2023, 3, 24))
        )
    );
    let deadline = item(t[0], "1.2").period.as_ref().expect("period");
    assert_eq!(deadline.kind, PeriodKind::Deadline);
    assert_eq!(deadline.deadline, Some(date(2023, 3, 10)));
    // The original numbers 3.1 and 4.2 twice.
    let numbers: Vec<&str> = t[0]
        .all_items()
        .iter()
        .filter_map(|i| i.number.as_deref())
        .collect();
    assert_eq!(numbers.iter().filter(|n| **n == "3.1").count(), 2);
    assert_eq!(numbers.iter().filter(|n| **n == "4.2").count(), 2);
}

#[test]
fn seed_001_kirovsky() {
    let site = site();
    let plan = plan(&site, "kirovsky");
    assert_eq!(plan.approval.len(), 2);
    assert_eq!(plan.approval[0].name.as_deref(), Some("Ю.В. Ступак"));
    let t = tables(plan);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].sections.len(), 5);
    assert!(t[0]
        .sections
        .iter()
        .all(|s| s.tasks.is_some() && s.indicators.is_some()));
    assert_eq!(leaves(t[0]).len(), 41);
    let group = item(t[0], "2.1");
    assert_eq!(group.children.len(), 5);
    assert!(group.period.is_none() && group.responsible.is_none());
    let lower = item(t[0], "3.1.");
    assert_eq!(
        lower.responsible.as_ref().map(|r| r.text.as_str()),
        Some("цоко имц, оо")
    );
    assert_eq!(body_ids(lower), ["coko-imc", "oo"]);
    let open_start = item(t[0], "1.8.");
    assert_eq!(
        period_dates(open_start),
        (
            PeriodKind::Range,
            Some(date(2023, 4, 3)),
            Some(date(2023, 12, 31))
        )
    );
    let twice = item(t[0], "3.1.");
    assert_eq!(twice.period.as_ref().map(|p| p.intervals.len()), Some(2));
}

#[test]
fn seed_002_centralny_matrix() {
    let site = site();
    let plan = plan(&site, "centralny");
    assert!(plan.span_of_plan.is_none());
    let t = tables(plan);
    assert_eq!(t.len(), 1);
    assert!(t[0].is_matrix());
    let levels: Vec<&str> = t[0]
        .columns
        .iter()
        .filter_map(|c| c.body.as_ref().map(|b| b.id.0.as_str()))
        .collect();
    assert_eq!(levels, ["otdel", "imc", "schools"]);
    assert_eq!(t[0].sections.len(), 3);
    let rows = t[0].all_items();
    assert_eq!(rows.len(), 19);
    assert!(rows
        .iter()
        .all(|r| !r.cells.is_empty() && r.number.is_none() && r.period.is_none()));
    // Some rows leave a level empty.
    assert!(rows.iter().any(|r| r.cells.len() < 3));
    let first = rows[0];
    assert!(first
        .cells
        .get("otdel")
        .map(|m| m.source.starts_with("Назначить районного координатора"))
        .unwrap_or(false));
}

#[test]
fn seed_003_livensky_two_tables_and_passport() {
    let site = site();
    let plan = plan(&site, "livensky");
    assert_eq!(
        plan.span_of_plan.map(|s| (s.start, s.end)),
        Some((date(2023, 2, 1), date(2023, 12, 31)))
    );
    assert!(plan
        .blocks
        .iter()
        .any(|b| matches!(b, vekha::model::Block::Passport(p) if p.rows.len() >= 8)));
    assert!(plan
        .blocks
        .iter()
        .any(|b| matches!(b, vekha::model::Block::Head)));
    assert!(plan.blocks.iter().any(|b| matches!(b, vekha::model::Block::Signatures(s) if s[0].name.as_deref() == Some("В.М. Ревин"))));
    let t = tables(plan);
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].sections.len(), 4);
    assert_eq!(t[0].all_items().len(), 19);
    assert_eq!(t[1].all_items().len(), 18);
    let keys: Vec<&str> = t[1].columns.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(keys, ["period", "text", "responsible", "form"]);
    let october = t[1]
        .all_items()
        .into_iter()
        .find(|i| i.period.as_ref().map(|p| p.text.as_str()) == Some("До 1 октября текущего года"))
        .expect("a row due 1 October");
    assert_eq!(
        october.period.as_ref().and_then(|p| p.deadline),
        Some(date(2023, 10, 1))
    );
    assert_eq!(
        october.cells.get("form").map(|m| m.source.as_str()),
        Some("Заполнение формы")
    );
    let by_schedule = t[1]
        .all_items()
        .into_iter()
        .filter(|i| i.period.as_ref().map(|p| p.text.as_str()) == Some("По графику"))
        .count();
    assert!(by_schedule >= 1);
    let whole = item(t[0], "1.2.");
    assert_eq!(
        period_dates(whole),
        (
            PeriodKind::WholePlan,
            Some(date(2023, 2, 1)),
            Some(date(2023, 12, 31))
        )
    );
}

#[test]
fn seed_004_leningrad_region() {
    let site = site();
    let plan = plan(&site, "leningradskaya-oblast");
    assert_eq!(
        plan.span_of_plan.map(|s| (s.start, s.end)),
        Some((date(2019, 9, 1), date(2020, 8, 31)))
    );
    let t = tables(plan);
    assert_eq!(t.len(), 1);
    assert_eq!(t[0].all_items().len(), 29);
    let first = item(t[0], "1");
    assert_eq!(
        period_dates(first),
        (
            PeriodKind::Range,
            Some(date(2019, 8, 1)),
            Some(date(2019, 12, 31))
        )
    );
    let parts = &first.responsible.as_ref().expect("responsible").parts;
    let persons: Vec<(&str, Option<&str>)> = parts
        .iter()
        .filter_map(|p| match p {
            ResponsiblePart::Body { id, person, .. } => Some((id.0.as_str(), person.as_deref())),
            _ => None,
        })
        .collect();
    assert_eq!(
        persons,
        [
            ("kopo", Some("Л.Г. Михайлюк")),
            ("loiro", Some("О.В. Ковальчук"))
        ]
    );
    assert!(item(t[0], "8").period.is_none());
    let jan_feb = t[0]
        .all_items()
        .into_iter()
        .find(|i| i.period.as_ref().map(|p| p.text.as_str()) == Some("январь - февраль 2020 года"))
        .expect("a January–February 2020 item");
    assert_eq!(
        period_dates(jan_feb),
        (
            PeriodKind::Range,
            Some(date(2020, 1, 1)),
            Some(date(2020, 2, 29))
        )
    );
}
