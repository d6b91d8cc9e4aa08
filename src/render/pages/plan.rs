//! A plan's files: its page, its embed page, its fragment for school sites,
//! its data files (JSON, CSV, iCalendar), its PDF and DOCX, its timeline.

use super::*;
use crate::model::{BodyId, Status};
use document::{document_view, item_months, month_key, signature_of};

/// The plan page's own view; the document's view joins it.
#[derive(Serialize)]
struct PlanPage<'a> {
    #[serde(flatten)]
    page: Page,
    district: PlanDistrict,
    data_files: &'a [DataFile],
    data_title: &'static str,
    school: &'a SchoolView,
    /// The plan's chapters and tables, for the short contents at the top.
    contents: Vec<Crumb>,
    /// The last day of the plan's period, when it has passed.
    ended: Option<DateView>,
    filters: Filters,
}

/// The choices of a page's item filters: the values that occur among its
/// items. The page's script hides the other rows; without it, or with
/// nothing chosen, every item stays in view.
#[derive(Serialize, Default)]
pub(super) struct Filters {
    pub(super) bodies: Vec<FilterOption>,
    pub(super) months: Vec<FilterOption>,
    pub(super) statuses: Vec<FilterOption>,
}

#[derive(Serialize)]
pub(super) struct FilterOption {
    value: String,
    label: String,
}

impl Filters {
    /// The filters of a set of items: `bodies` in the district's order.
    pub(super) fn new(
        district: &District,
        bodies: &[&BodyId],
        months: &[(i32, u32)],
        statuses: &[Status],
    ) -> Filters {
        let mut months = months.to_vec();
        months.sort_unstable();
        months.dedup();
        Filters {
            bodies: district
                .bodies
                .iter()
                .filter(|b| bodies.contains(&&b.id))
                .map(|b| FilterOption {
                    value: b.id.0.clone(),
                    label: b.name.clone(),
                })
                .collect(),
            months: months
                .into_iter()
                .map(|m| FilterOption {
                    value: month_key(m),
                    label: crate::dates::month_year(m.0, m.1),
                })
                .collect(),
            statuses: [
                Status::Planned,
                Status::InProgress,
                Status::Done,
                Status::Cancelled,
            ]
            .into_iter()
            .filter(|s| statuses.contains(s))
            .map(|s| FilterOption {
                value: s.key().to_string(),
                label: s.label().to_string(),
            })
            .collect(),
        }
    }
}

/// The filters of a plan's items.
fn plan_filters(district: &District, plan: &Plan) -> Filters {
    let (mut bodies, mut months, mut statuses) = (Vec::new(), Vec::new(), Vec::new());
    for table in plan.tables() {
        for item in table.all_items() {
            bodies.extend(item.bodies(table));
            months.extend(item_months(item));
            statuses.extend(item.status);
        }
    }
    Filters::new(district, &bodies, &months, &statuses)
}

#[derive(Serialize)]
struct PlanDistrict {
    name: String,
    kind: String,
    href: String,
}

/// Renders every file of `plan`, the `index`-th of `district`.
pub(in crate::render) fn render(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    index: usize,
    shared: &DistrictShared,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let files = paths::plan_files(district, plan);
    let title = plan.name();
    // Files first: the page lists them with their sizes.
    let ics = shared.events.plan_ics(index);
    let (listed, school) = write_downloads(input, district, plan, (ics, shared), &files, out)?;
    let text = shared.text(input, &files.page);
    let mut view = document_view(district, plan, &title, &text);
    let contents = std::mem::take(&mut view.contents);
    let document = context(&view)?;
    let page = PlanPage {
        page: Page::new(input, &files.page, &title, district_crumbs(district)),
        district: PlanDistrict {
            name: district.name.clone(),
            kind: capitalise(district.kind.label()),
            href: paths::district_page(district),
        },
        data_files: &listed,
        data_title: "Документ и данные плана",
        school: &school,
        contents,
        ended: plan
            .span_of_plan
            .filter(|span| span.end < input.today)
            .map(|span| DateView::new(span.end)),
        filters: plan_filters(district, plan),
    };
    // The document is the same on the page and the embed page (both sit in
    // the plan's folder): it is rendered once and both take the HTML.
    let html = input.templates.render_bytes("document.html", &document)?;
    let part = ("document_html", html.as_slice());
    let mut ctx = with_document(context(&page)?, &document);
    render_with_part(input, out, files.page.clone(), "plan.html", &mut ctx, part)?;
    let embed = EmbedPage::new(input, &files.embed, &title, plan.updated);
    let mut ctx = with_document(context(&embed)?, &document);
    render_with_part(input, out, files.embed, "embed.html", &mut ctx, part)?;
    timeline::render(input, district, plan, &title, out)
}

/// Writes the plan's files for download (documents, data files with `ics`,
/// the fragment for school sites) and returns what its page says of them:
/// the list of downloads and the section for school sites.
fn write_downloads(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    (ics, shared): (String, &DistrictShared),
    files: &paths::PlanFiles,
    out: &mut Vec<Output>,
) -> Result<(Vec<DataFile>, SchoolView), Diagnostic> {
    let site = input.site;
    let documents = if input.documents {
        plan_documents(district, plan, files)?
    } else {
        Vec::new()
    };
    let data = plan_data(site, district, plan, files, ics);
    let source_url = site.base_url.as_ref().map(|b| format!("{b}{}", files.page));
    let frag = shared.fragments.plan(plan, source_url.as_deref());
    let title = plan.name();
    let school = SchoolView::new(
        site,
        "этот план".into(),
        &frag,
        (&files.embed, &title),
        documents.iter().map(|(_, file)| file.clone()).collect(),
    );
    let listed = listed_files(district, plan, &documents, &data);
    out.extend(documents.into_iter().map(|(output, _)| output));
    out.extend(data.into_iter().map(|(output, _)| output));
    out.push(Output {
        path: files.fragment.clone(),
        bytes: fragment::fragment_document(&title, &frag).into_bytes(),
    });
    Ok((listed, school))
}

/// The plan's files in the order its page lists them: the PDF, the
/// signature or scan that signs it, the DOCX, then the data files.
fn listed_files(
    district: &District,
    plan: &Plan,
    documents: &[(Output, DataFile)],
    data: &[(Output, DataFile)],
) -> Vec<DataFile> {
    let mut documents = documents.iter().map(|(_, file)| file.clone());
    let mut listed: Vec<DataFile> = documents.next().into_iter().collect();
    listed.extend(signature_download(district, plan));
    listed.extend(documents);
    listed.extend(data.iter().map(|(_, file)| file.clone()));
    listed
}

/// The plan's detached signature or signed scan in its list of files.
fn signature_download(district: &District, plan: &Plan) -> Option<DataFile> {
    let signed = signature_of(district, plan)?;
    Some(DataFile {
        href: signed.href,
        label: "Электронная подпись или подписанный скан документа".into(),
        format: signed.format,
        size: signed.size,
        note: None,
    })
}

/// A plan's data files and their links on its page, in the page's order:
/// a new format is one line here and a field of `paths::PlanFiles`. `ics`
/// is the plan's calendar as made with the district's events.
fn plan_data(
    site: &Site,
    district: &District,
    plan: &Plan,
    files: &paths::PlanFiles,
    ics: String,
) -> Vec<(Output, DataFile)> {
    let json = export::json::plan_json(site, district, plan).into_bytes();
    let csv = export::csv::plan_csv(district, plan);
    let mut out = vec![
        DataFile::with_output(&files.json, json, "Все данные плана", "JSON", None),
        DataFile::with_output(
            &files.csv,
            csv,
            "Таблица мероприятий для Excel",
            "CSV, UTF-8, разделитель «;»",
            None,
        ),
    ];
    // A plan without dated items (a matrix) gets no calendar file.
    if export::ics::has_events(&ics) {
        out.push(DataFile::with_output(
            &files.ics,
            ics.into_bytes(),
            "Сроки для календаря",
            "iCalendar",
            Some(CALENDAR_NOTE),
        ));
    }
    out
}

/// The PDF and DOCX of a plan, with their links.
fn plan_documents(
    district: &District,
    plan: &Plan,
    files: &paths::PlanFiles,
) -> Result<Vec<(Output, DataFile)>, Diagnostic> {
    let failed = |what: &str, e: String| {
        Diagnostic::for_path(
            Severity::Error,
            std::path::Path::new(&format!("content/{}/{}.md", district.slug, plan.slug)),
            format!("не удалось сделать {what} плана: {e}"),
        )
        .with_help("это ошибка программы «Веха», а не исходника; сообщите о ней разработчикам")
    };
    let pdf = crate::documents::plan_pdf(district, plan).map_err(|e| failed("PDF", e))?;
    let docx = crate::documents::plan_docx(district, plan).map_err(|e| failed("DOCX", e))?;
    Ok(vec![
        DataFile::with_output(
            &files.pdf,
            pdf,
            "Документ для печати и раздела «Документы»",
            "PDF",
            Some("с текстовым слоем и разметкой для экранного диктора"),
        ),
        DataFile::with_output(
            &files.docx,
            docx,
            "Документ для редактирования",
            "DOCX",
            Some("открывается в Word и LibreOffice"),
        ),
    ])
}
