//! A body's page (the items it answers for, across the district's plans),
//! its embed page, its fragment for school sites and its calendar file.

use super::*;
use crate::model::Body;
use document::{item_months, month_spans};
use items::{body_items, district_items, period_html, responsible_html};
use plan::Filters;

#[derive(Serialize)]
struct BodyPage<'a> {
    #[serde(flatten)]
    page: Page,
    district: BodyDistrict,
    body: &'a BodyView,
    items: &'a [BodyItemRow],
    data_files: Vec<DataFile>,
    data_title: &'static str,
    school: SchoolView,
    filters: Filters,
}

#[derive(Serialize)]
struct BodyDistrict {
    full_name: String,
}

/// The embed page of a body: its item list with the page's title.
#[derive(Serialize)]
struct BodyEmbed {
    #[serde(flatten)]
    embed: EmbedPage,
    /// Unset: `embed.html` shows a plan's document when it is set.
    plan: Option<()>,
}

#[derive(Serialize)]
struct BodyView {
    name: String,
    full_name: Option<Html>,
    url: Option<String>,
    parent: Option<BodyLink>,
    children: Vec<BodyLink>,
}

#[derive(Serialize)]
struct BodyLink {
    name: String,
    href: String,
}

/// An item on a body's page (`body-items.html`): its whole text, with its plan.
#[derive(Serialize)]
pub(super) struct BodyItemRow {
    href: String,
    number: Option<String>,
    row: usize,
    text: Html,
    period: Html,
    responsible: Html,
    plan_title: Html,
    plan_href: String,
    /// For the filters: the months it spans and its status.
    months: String,
    status: Option<&'static str>,
}

impl BodyItemRow {
    /// `r` showing `markdown` (its text, or a matrix row's cell).
    pub(super) fn new(r: &ItemRef, markdown: &str, text: &TextRenderer) -> BodyItemRow {
        BodyItemRow {
            href: r.href(),
            number: r.item.number.clone(),
            row: r.row,
            text: text.inline(markdown),
            period: period_html(r.item, text),
            responsible: responsible_html(r.item, text),
            plan_title: Html::escaped(&r.plan.name()),
            plan_href: paths::plan_page(r.district, r.plan),
            months: month_spans(r.item),
            status: r.item.status.map(crate::model::Status::key),
        }
    }
}

/// Every body's files.
pub(in crate::render) fn render_all(
    input: &RenderInput,
    district: &District,
    shared: &DistrictShared,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let items = district_items(district);
    for body in &district.bodies {
        render(
            input,
            district,
            body,
            &body_items(&items, &body.id),
            shared,
            out,
        )?;
    }
    Ok(())
}

/// The files of `body`, which answers for `mine`.
fn render(
    input: &RenderInput,
    district: &District,
    body: &Body,
    mine: &[(&ItemRef, String)],
    shared: &DistrictShared,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let site = input.site;
    let files = paths::body_files(district, &body.id);
    let text = shared.text(input, &files.page);
    let lines: Vec<BodyItemRow> = mine
        .iter()
        .map(|(r, md)| BodyItemRow::new(r, md, &text))
        .collect();
    let updated = district
        .plans
        .iter()
        .map(|p| p.updated)
        .max()
        .unwrap_or(input.today);
    let title = format!("{}: мероприятия ({})", body.name, district.name);
    let frag = body_fragment(site, &files.page, &title, mine, shared, updated);
    let mut data_files = Vec::new();
    if let Some(ics) = shared.events.body_ics(&body.id) {
        let label = format!("Сроки «{}» для календаря", body.name);
        let note = Some(CALENDAR_NOTE);
        let (output, file) =
            DataFile::with_output(&files.ics, ics.into_bytes(), &label, "iCalendar", note);
        out.push(output);
        data_files.push(file);
    }
    out.push(Output {
        path: files.fragment.clone(),
        bytes: fragment::fragment_document(&title, &frag).into_bytes(),
    });
    let view = body_view(district, body, &text);
    let page = BodyPage {
        page: Page::new(input, &files.page, &body.name, district_crumbs(district)),
        district: BodyDistrict {
            full_name: district_name(district),
        },
        body: &view,
        items: &lines,
        data_files,
        data_title: "Данные исполнителя",
        filters: body_filters(district, mine),
        school: SchoolView::new(
            site,
            format!("мероприятия, за которые отвечает {}", body.name),
            &frag,
            (&files.embed, &title),
            Vec::new(),
        ),
    };
    let mut ctx = context(&page)?;
    // The list is the same on the page and the embed page: rendered once.
    let html = input.templates.render_bytes("body-items.html", &ctx)?;
    let part = ("items_html", html.as_slice());
    render_with_part(input, out, files.page, "body.html", &mut ctx, part)?;
    let embed = BodyEmbed {
        embed: EmbedPage::new(input, &files.embed, &title, updated),
        plan: None,
    };
    let mut ctx = context(&embed)?;
    render_with_part(input, out, files.embed, "embed.html", &mut ctx, part)
}

/// The filters of a body's items: month and status (the body is chosen).
fn body_filters(district: &District, mine: &[(&ItemRef, String)]) -> Filters {
    let months: Vec<_> = mine.iter().flat_map(|(r, _)| item_months(r.item)).collect();
    let statuses: Vec<_> = mine.iter().filter_map(|(r, _)| r.item.status).collect();
    Filters::new(district, &[], &months, &statuses)
}

/// The paste-ready fragment of a body's items: period, number, text.
fn body_fragment(
    site: &Site,
    page: &str,
    title: &str,
    mine: &[(&ItemRef, String)],
    shared: &DistrictShared,
    updated: NaiveDate,
) -> String {
    let rows: Vec<(String, String, String)> = mine
        .iter()
        .map(|(r, md)| {
            let period = r.item.period.as_ref().map(|p| p.text.clone());
            let number = r.item.number.clone();
            (
                period.unwrap_or_default(),
                number.unwrap_or_default(),
                md.clone(),
            )
        })
        .collect();
    let source = site.base_url.as_ref().map(|b| format!("{b}{page}"));
    shared
        .fragments
        .rows(title, &rows, source.as_deref(), updated)
}

fn body_view(district: &District, body: &Body, text: &TextRenderer) -> BodyView {
    let link = |b: &Body| BodyLink {
        name: b.name.clone(),
        href: paths::body_page(district, &b.id),
    };
    BodyView {
        name: body.name.clone(),
        full_name: body.full_name.as_deref().map(|f| text.plain(f)),
        url: body.url.clone(),
        parent: body
            .parent
            .as_ref()
            .and_then(|p| district.body(p))
            .map(link),
        children: district
            .bodies
            .iter()
            .filter(|b| b.parent.as_ref() == Some(&body.id))
            .map(link)
            .collect(),
    }
}
