//! Items as the pages that list them see them (body, district and home
//! pages, calendars, timelines): with the plan and district they belong to,
//! and as a line of a list.

use super::*;
use crate::model::{BodyId, Item};

/// One item of one plan, with where it lives.
pub(super) struct ItemRef<'a> {
    pub(super) district: &'a District,
    pub(super) plan: &'a Plan,
    pub(super) item: &'a Item,
    /// 1-based row number within its table, for rows without a number.
    pub(super) row: usize,
    /// Matrix cells this item holds per body (column key → body).
    pub(super) matrix_bodies: Vec<(&'a BodyId, String)>,
}

impl ItemRef<'_> {
    pub(super) fn href(&self) -> String {
        paths::item_href(self.district, self.plan, &self.item.anchor)
    }
}

/// Every item of `plan`, groups and their children alike, in table order.
pub(super) fn items_of<'a>(district: &'a District, plan: &'a Plan) -> Vec<ItemRef<'a>> {
    let mut out = Vec::new();
    for table in plan.tables() {
        let level_columns: Vec<(&BodyId, &str)> = table
            .columns
            .iter()
            .filter_map(|c| c.body.as_ref().map(|b| (&b.id, c.key.as_str())))
            .collect();
        for (ri, item) in table.all_items().into_iter().enumerate() {
            let matrix_bodies = level_columns
                .iter()
                .filter_map(|(body, key)| {
                    item.cells
                        .get(*key)
                        .filter(|m| !m.source.trim().is_empty())
                        .map(|m| (*body, m.source.clone()))
                })
                .collect();
            out.push(ItemRef {
                district,
                plan,
                item,
                row: ri + 1,
                matrix_bodies,
            });
        }
    }
    out
}

/// Every item of every plan of `district`.
pub(super) fn district_items(district: &District) -> Vec<ItemRef<'_>> {
    district
        .plans
        .iter()
        .flat_map(|p| items_of(district, p))
        .collect()
}

/// An item's text without markup: its text, or its matrix cells joined.
pub(super) fn item_plain(item: &Item) -> String {
    match &item.text {
        Some(t) => t.to_plain(),
        None => crate::markdown::to_plain(&item_markdown(item)),
    }
}

/// The main text of an item: its text, or its matrix cells.
pub(super) fn item_markdown(item: &Item) -> String {
    match &item.text {
        Some(t) => t.source.clone(),
        None => item
            .cells
            .values()
            .map(|m| m.source.clone())
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// An item in a short list (calendars, «now / next» on district and home
/// pages): its link, number, text cut to a line and period.
#[derive(Serialize, Clone)]
pub(super) struct ItemBrief {
    pub(super) href: String,
    pub(super) number: Option<String>,
    pub(super) text: Html,
    pub(super) period: Html,
    /// Who answers for it, as the plan writes it.
    pub(super) responsible: Html,
}

impl ItemBrief {
    /// `r` with its text cut at `max` characters.
    pub(super) fn new(r: &ItemRef, max: usize, text: &TextRenderer) -> ItemBrief {
        ItemBrief {
            href: r.href(),
            number: r.item.number.clone(),
            text: text.plain_unlinked(&truncate(&item_plain(r.item), max)),
            period: period_html(r.item, text),
            responsible: responsible_html(r.item, text),
        }
    }
}

/// Who answers for the item, as written, or nothing.
pub(super) fn responsible_html(item: &Item, text: &TextRenderer) -> Html {
    item.responsible
        .as_ref()
        .map(|x| text.plain(&x.text))
        .unwrap_or_default()
}

/// The item's period as written, or nothing.
pub(super) fn period_html(item: &Item, text: &TextRenderer) -> Html {
    item.period
        .as_ref()
        .map(|p| text.plain(&p.text))
        .unwrap_or_default()
}

/// Items of a district naming `body`, with the text to show for each
/// (a matrix row shows the body's own cell), in date order.
pub(super) fn body_items<'a>(
    items: &'a [ItemRef<'a>],
    body: &BodyId,
) -> Vec<(&'a ItemRef<'a>, String)> {
    let mut found: Vec<(&ItemRef, String)> = items
        .iter()
        .filter_map(|r| {
            if let Some((_, cell)) = r.matrix_bodies.iter().find(|(b, _)| *b == body) {
                return Some((r, cell.clone()));
            }
            let named = r
                .item
                .responsible
                .as_ref()
                .is_some_and(|x| x.bodies().contains(&body));
            named.then(|| (r, item_markdown(r.item)))
        })
        .collect();
    found.sort_by_key(|(r, _)| {
        let p = r.item.period.as_ref();
        (
            p.and_then(|p| p.start()).unwrap_or(NaiveDate::MAX),
            p.and_then(|p| p.end()).unwrap_or(NaiveDate::MAX),
        )
    });
    found
}
