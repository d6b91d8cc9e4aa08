//! Open data: every plan as JSON, CSV and iCalendar, every body as
//! iCalendar, and the site as a JSON index.
//!
//! Exports are pure functions of the model: the same `content/` gives the
//! same bytes, so published files change only when their source does. They
//! never fail: what the model holds is always exportable.

pub mod csv;
pub mod ics;
pub mod json;

/// A machine date, `2023-03-10`, for the data files.
use crate::dates::date_iso as iso;
use crate::model::{District, Item, Markdown, Plan, Section, Site, Table};

/// The plan's page on the published site, when `base_url` says where that
/// is; `anchor` points at one item.
fn page_url(site: &Site, district: &District, plan: &Plan) -> Option<String> {
    let base = site.base_url.as_deref()?.trim();
    if base.is_empty() {
        return None;
    }
    let slash = if base.ends_with('/') { "" } else { "/" };
    Some(format!(
        "{base}{slash}{}",
        crate::paths::plan_page(district, plan)
    ))
}

fn plain(md: &Markdown) -> String {
    md.to_plain()
}

fn opt_plain(md: Option<&Markdown>) -> String {
    md.map(plain).unwrap_or_default()
}

/// What an item says, as plain text. A matrix row has no text of its own:
/// its cells, each under its column title, are what it says.
fn item_text(table: &Table, item: &Item) -> String {
    if let Some(text) = &item.text {
        return plain(text);
    }
    table
        .columns
        .iter()
        .filter(|c| c.body.is_some())
        .filter_map(|c| {
            let cell = plain(item.cells.get(c.key.as_str())?);
            (!cell.is_empty()).then(|| format!("{}: {cell}", c.title))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// One item with where it stands: the flat view CSV and calendars need.
struct Row<'a> {
    /// 0-based position of the table among the plan's tables.
    table_index: usize,
    table: &'a Table,
    /// The sections around the item, outermost first.
    sections: Vec<&'a Section>,
    item: &'a Item,
}

/// Every item of the plan, tables in order, each table in the order of
/// [`Table::all_items`], with the sections around it.
fn rows(plan: &Plan) -> Vec<Row<'_>> {
    let mut out = Vec::new();
    for (table_index, table) in plan.tables().enumerate() {
        let mut walk = Walk {
            table_index,
            table,
            out: &mut out,
        };
        let mut path = Vec::new();
        walk.items(&table.items, &path);
        walk.sections(&table.sections, &mut path);
    }
    out
}

struct Walk<'a, 'o> {
    table_index: usize,
    table: &'a Table,
    out: &'o mut Vec<Row<'a>>,
}

impl<'a> Walk<'a, '_> {
    fn items(&mut self, items: &'a [Item], path: &[&'a Section]) {
        for item in items {
            self.out.push(Row {
                table_index: self.table_index,
                table: self.table,
                sections: path.to_vec(),
                item,
            });
            self.items(&item.children, path);
        }
    }

    fn sections(&mut self, sections: &'a [Section], path: &mut Vec<&'a Section>) {
        for section in sections {
            path.push(section);
            self.items(&section.items, path);
            self.sections(&section.sections, path);
            path.pop();
        }
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! The repository's own `content/`, loaded once per test.

    use crate::model::{District, Plan, Site};

    pub fn site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        crate::load::load(root).site
    }

    pub fn district<'a>(site: &'a Site, slug: &str) -> &'a District {
        site.districts
            .iter()
            .find(|d| d.slug == slug)
            .unwrap_or_else(|| panic!("no district {slug}"))
    }

    pub fn plan<'a>(site: &'a Site, slug: &str) -> (&'a District, &'a Plan) {
        let d = district(site, slug);
        (d, &d.plans[0])
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::site;
    use super::*;
    use crate::model::BodyId;

    #[test]
    fn rows_follow_all_items() {
        let site = site();
        for district in &site.districts {
            for plan in &district.plans {
                let rows = rows(plan);
                let expected: Vec<*const Item> = plan
                    .tables()
                    .flat_map(|t| t.all_items())
                    .map(|i| i as *const Item)
                    .collect();
                let got: Vec<*const Item> = rows.iter().map(|r| r.item as *const Item).collect();
                assert_eq!(got, expected, "{}", plan.slug);
            }
        }
    }

    #[test]
    fn matrix_rows_read_as_their_cells() {
        let site = site();
        let (_, plan) = test_support::plan(&site, "centralny");
        let table = plan.tables().next().expect("a table");
        let first = table.all_items()[0];
        let text = item_text(table, first);
        assert!(text.starts_with(
            "Отдел образования Администрации Центрального района Санкт-Петербурга: Назначить"
        ));
        assert_eq!(text.lines().count(), 3);
        let ids: Vec<&str> = first.bodies(table).iter().map(|b| b.0.as_str()).collect();
        assert_eq!(ids, ["otdel", "imc", "schools"]);
    }

    #[test]
    fn paths() {
        let site = site();
        let (district, plan) = test_support::plan(&site, "kirovsky");
        assert_eq!(
            crate::paths::plan_files(district, plan).csv,
            "kirovsky/shnor-2023/kirovsky-shnor-2023.csv"
        );
        assert_eq!(
            crate::paths::body_ics(district, &BodyId("imc".into())),
            "kirovsky/bodies/imc/kirovsky-imc.ics"
        );
    }
}
