//! A plan's files: its page, its embed page, its fragment for school sites,
//! its data files (JSON, CSV, iCalendar), its PDF and DOCX, its timeline.

use super::*;
use crate::model::{Block, ColumnKey};
use crate::render::views::{block_views, signature_view, BlockView, SignatureView};

/// The plan's document, as the plan page and the embed page both show it.
#[derive(Serialize)]
struct DocumentView {
    plan: PlanHead,
    blocks: Vec<BlockView>,
    /// The title and stamps come first (the source has no `head` block).
    head_at_top: bool,
    /// Some table has four columns or more.
    wide: bool,
}

/// The head of a plan's document, and what the page says around it.
#[derive(Serialize)]
struct PlanHead {
    title: Html,
    marks: Vec<Html>,
    approval: Vec<SignatureView>,
    updated: DateView,
    period: Option<Html>,
    timeline_href: bool,
    signature_file: Option<SignatureLink>,
}

/// The link to a plan's signature or scan, with format and size as the
/// rules for official documents ask.
#[derive(Serialize)]
struct SignatureLink {
    href: String,
    label: &'static str,
    info: String,
}

/// The plan page's own view; the document's view joins it.
#[derive(Serialize)]
struct PlanPage<'a> {
    #[serde(flatten)]
    page: Page,
    district: PlanDistrict,
    data_files: &'a [DataFile],
    data_title: &'static str,
    school: &'a SchoolView,
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
    parts: &DistrictParts,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let files = paths::plan_files(district, plan);
    let title = plan.name();
    // Files first: the page lists them with their sizes.
    let (listed, school) = downloads(input, district, plan, (index, parts), &files, out)?;
    let text = TextRenderer::new(
        &parts.abbreviations,
        // Plan pages sit at <district>/<plan>/: the glossary is one up.
        format!("../{}", paths::GLOSSARY),
        input.site.allow_html,
    );
    let document = context(&document_view(district, plan, &title, &text))?;
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
    };
    let mut ctx = context(&page)?;
    ctx.extend(document.clone());
    // The document is the same on the page and the embed page (both sit in
    // the plan's folder): it is rendered once and both take the HTML.
    let html = input.templates.render_bytes("document.html", &ctx)?;
    let part = ("document_html", html.as_slice());
    render_with_part(input, out, files.page.clone(), "plan.html", &mut ctx, part)?;
    let mut ctx = context(&EmbedPage::new(input, &files.embed, &title, plan.updated))?;
    ctx.extend(document);
    render_with_part(input, out, files.embed, "embed.html", &mut ctx, part)?;
    timeline::render(input, district, plan, &title, out)
}

/// The plan's files for download (documents, data files, the fragment for
/// school sites), and what its page says of them: the list of downloads
/// and the section for school sites.
fn downloads(
    input: &RenderInput,
    district: &District,
    plan: &Plan,
    (index, parts): (usize, &DistrictParts),
    files: &paths::PlanFiles,
    out: &mut Vec<Output>,
) -> Result<(Vec<DataFile>, SchoolView), Diagnostic> {
    let site = input.site;
    let documents = if input.documents {
        plan_documents(district, plan, files)?
    } else {
        Vec::new()
    };
    let data = plan_data(site, district, plan, files, parts.events.plan_ics(index));
    let source_url = site.base_url.as_ref().map(|b| format!("{b}{}", files.page));
    let frag = parts.fragments.plan(plan, source_url.as_deref());
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
    listed.extend(signature_file(district, plan));
    listed.extend(documents);
    listed.extend(data.iter().map(|(_, file)| file.clone()));
    listed
}

/// The plan's detached signature or signed scan in its list of files.
fn signature_file(district: &District, plan: &Plan) -> Option<DataFile> {
    let a = district.attachment(plan.signature_file.as_deref()?)?;
    let format = if a.published_name.ends_with(".pdf") {
        "PDF"
    } else {
        "SIG"
    };
    Some(DataFile {
        href: format!("../files/{}", a.published_name),
        label: "Электронная подпись или подписанный скан документа".into(),
        format,
        size: crate::typography::human_size(usize::try_from(a.size).unwrap_or(usize::MAX)),
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

/// The view of the plan's document.
fn document_view(
    district: &District,
    plan: &Plan,
    plain_title: &str,
    text: &TextRenderer,
) -> DocumentView {
    // A term is linked to the glossary where it is first rendered: the
    // head, then the blocks, then the period.
    let title = text.inline(&plan.title.source);
    let marks = plan.marks.iter().map(|m| text.inline(&m.source)).collect();
    let approval = plan
        .approval
        .iter()
        .map(|s| signature_view(s, text))
        .collect();
    let blocks = block_views(plan, plain_title, text);
    let head = PlanHead {
        title,
        marks,
        approval,
        updated: DateView::new(plan.updated),
        period: plan.period_text.as_deref().map(|p| text.plain(p)),
        timeline_href: plan.tables().any(|t| t.has_column(&ColumnKey::Period)),
        signature_file: signature_link(district, plan),
    };
    DocumentView {
        plan: head,
        blocks,
        head_at_top: !plan.blocks.iter().any(|b| matches!(b, Block::Head)),
        wide: plan.tables().any(|t| t.columns.len() >= 4),
    }
}

/// The link to a plan's signature or scan from its page.
fn signature_link(district: &District, plan: &Plan) -> Option<SignatureLink> {
    let a = district.attachment(plan.signature_file.as_deref()?)?;
    let format = a
        .published_name
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_uppercase();
    let label = if matches!(format.as_str(), "SIG" | "P7S") {
        "Электронная подпись документа"
    } else {
        "Подписанный документ"
    };
    let size = crate::typography::human_size(usize::try_from(a.size).unwrap_or(usize::MAX));
    Some(SignatureLink {
        href: format!("../files/{}", a.published_name),
        label,
        info: format!("{format}, {size}"),
    })
}
