//! The editable DOCX of a plan, written as WordprocessingML by hand: real
//! tables with a repeated header row, heading styles, page numbers. Writing
//! the XML directly (instead of a DOCX crate) gives what ИМЦ staff need —
//! `tblHeader`, landscape sections — and fixed zip times, so the same source
//! gives the same bytes.

use std::fmt::Write as _;
use std::io::Write as _;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::SignatureRow;
use crate::model::{
    Block, ColumnKey, District, GlossaryBlockEntry, Item, Markdown, Plan, Section, Signature,
    SignaturePart, Table,
};

/// Escapes text for XML, dropping characters XML 1.0 forbids.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// Inline formatting of a run.
#[derive(Clone, Copy, Default)]
struct Format {
    bold: bool,
    italic: bool,
    superscript: bool,
}

fn run(text: &str, f: Format) -> String {
    if text.is_empty() {
        return String::new();
    }
    let mut props = String::new();
    if f.bold {
        props.push_str("<w:b/>");
    }
    if f.italic {
        props.push_str("<w:i/>");
    }
    if f.superscript {
        props.push_str("<w:vertAlign w:val=\"superscript\"/>");
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{props}</w:rPr>")
    };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        xml(text)
    )
}

fn para(style: Option<&str>, align: Option<&str>, runs: &str) -> String {
    let mut props = String::new();
    if let Some(s) = style {
        let _ = write!(props, "<w:pStyle w:val=\"{s}\"/>");
    }
    if let Some(a) = align {
        let _ = write!(props, "<w:jc w:val=\"{a}\"/>");
    }
    let props = if props.is_empty() {
        String::new()
    } else {
        format!("<w:pPr>{props}</w:pPr>")
    };
    format!("<w:p>{props}{runs}</w:p>")
}

/// The document being written: its body and hyperlink relationships.
#[derive(Default)]
struct Writer {
    body: String,
    links: Vec<String>,
    /// Width of the text on the page, in twips (tables fill it).
    text_width: u32,
}

impl Writer {
    fn link_id(&mut self, url: &str) -> String {
        self.links.push(url.to_string());
        format!("rIdLink{}", self.links.len())
    }

    /// Markdown as paragraphs; `base` is the paragraph style (none or a
    /// table-cell style).
    fn markdown(&mut self, md: &str) -> String {
        let mut out = String::new();
        let mut runs = String::new();
        let mut f = Format::default();
        let mut heading: Option<u8> = None;
        let mut lists: Vec<Option<u64>> = Vec::new();
        let mut link: Option<String> = None;
        for event in crate::markdown::parser(md) {
            match event {
                Event::Start(Tag::Paragraph) | Event::Start(Tag::Item) => {
                    if let Some(Some(n)) = lists.last_mut() {
                        if matches!(event, Event::Start(Tag::Item)) {
                            runs.push_str(&run(&format!("{n}. "), f));
                            *n += 1;
                        }
                    } else if matches!(event, Event::Start(Tag::Item)) {
                        runs.push_str(&run("• ", f));
                    }
                }
                Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) if !runs.is_empty() => {
                    let style = if lists.is_empty() {
                        None
                    } else {
                        Some("ListParagraph")
                    };
                    out.push_str(&para(style, None, &std::mem::take(&mut runs)));
                }
                Event::Start(Tag::Heading { level, .. }) => {
                    heading = Some(match level {
                        HeadingLevel::H1 | HeadingLevel::H2 => 2,
                        _ => 3,
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    let style = format!("Heading{}", heading.take().unwrap_or(2));
                    out.push_str(&para(Some(&style), None, &std::mem::take(&mut runs)));
                }
                Event::Start(Tag::List(start)) => {
                    if !runs.is_empty() {
                        out.push_str(&para(None, None, &std::mem::take(&mut runs)));
                    }
                    lists.push(start);
                }
                Event::End(TagEnd::List(_)) => {
                    lists.pop();
                }
                Event::Start(Tag::Strong) => f.bold = true,
                Event::End(TagEnd::Strong) => f.bold = false,
                Event::Start(Tag::Emphasis) => f.italic = true,
                Event::End(TagEnd::Emphasis) => f.italic = false,
                Event::Start(Tag::Link { dest_url, .. })
                    if crate::url::is_web_address(&dest_url) =>
                {
                    let id = self.link_id(&dest_url);
                    link = Some(id);
                    runs.push_str(&format!(
                        "<w:hyperlink r:id=\"{}\">",
                        link.as_deref().unwrap_or_default()
                    ));
                }
                Event::End(TagEnd::Link) if link.take().is_some() => {
                    runs.push_str("</w:hyperlink>");
                }
                Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                    runs.push_str(&run(&t, f))
                }
                Event::SoftBreak => runs.push_str(&run(" ", f)),
                Event::HardBreak => runs.push_str("<w:r><w:br/></w:r>"),
                Event::FootnoteReference(label) => {
                    runs.push_str(&run(
                        &label,
                        Format {
                            superscript: true,
                            ..f
                        },
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    runs.push_str(&run(
                        &label,
                        Format {
                            superscript: true,
                            ..f
                        },
                    ));
                    runs.push_str(&run(" ", f));
                }
                _ => {}
            }
        }
        if !runs.is_empty() {
            out.push_str(&para(None, None, &runs));
        }
        out
    }

    fn push_markdown(&mut self, md: &str) {
        let p = self.markdown(md);
        self.body.push_str(&p);
    }
}

/// Column widths in twips: a narrow number column, period and responsible
/// columns of moderate width, the rest shared by the text columns.
fn column_widths(t: &Table, total: u32) -> Vec<u32> {
    let weight = |k: &ColumnKey| match k {
        ColumnKey::Number => 2,
        ColumnKey::Period | ColumnKey::Responsible => 5,
        _ => 10,
    };
    let sum: u32 = t.columns.iter().map(|c| weight(&c.key)).sum::<u32>().max(1);
    t.columns
        .iter()
        .map(|c| total * weight(&c.key) / sum)
        .collect()
}

/// A table cell holding paragraphs (a cell must hold at least one).
fn cell(content: &str, span: usize) -> String {
    let span = if span > 1 {
        format!("<w:tcPr><w:gridSpan w:val=\"{span}\"/></w:tcPr>")
    } else {
        String::new()
    };
    let content = if content.is_empty() {
        "<w:p/>".to_string()
    } else {
        content.to_string()
    };
    format!("<w:tc>{span}{content}</w:tc>")
}

impl Writer {
    fn table(&mut self, t: &Table) {
        let n = t.columns.len().max(1);
        if let Some(c) = &t.caption {
            let runs = self.markdown(&c.source);
            self.body
                .push_str(&runs.replace("<w:p>", "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>"));
        }
        let mut x = String::from("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\"/></w:tblPr><w:tblGrid>");
        for width in column_widths(t, self.text_width) {
            let _ = write!(x, "<w:gridCol w:w=\"{width}\"/>");
        }
        x.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
        for c in &t.columns {
            x.push_str(&cell(
                &para(
                    None,
                    None,
                    &run(
                        &c.title,
                        Format {
                            bold: true,
                            ..Format::default()
                        },
                    ),
                ),
                1,
            ));
        }
        x.push_str("</w:tr>");
        for item in &t.items {
            self.item_rows(t, item, &mut x);
        }
        for s in &t.sections {
            self.section_rows(t, s, n, &mut x);
        }
        x.push_str("</w:tbl>");
        self.body.push_str(&x);
        self.body.push_str("<w:p/>");
    }

    fn section_rows(&mut self, t: &Table, s: &Section, n: usize, x: &mut String) {
        let bold = Format {
            bold: true,
            ..Format::default()
        };
        let title = s.title.as_ref().map(Markdown::to_plain);
        match s.number_in_own_cell() {
            Some(number) => {
                let _ = write!(
                    x,
                    "<w:tr>{}{}</w:tr>",
                    cell(&para(None, None, &run(number, bold)), 1),
                    cell(
                        &para(None, None, &run(&title.unwrap_or_default(), bold)),
                        n.saturating_sub(1)
                    )
                );
            }
            None => {
                let title = [s.number.clone(), title]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                let _ = write!(
                    x,
                    "<w:tr>{}</w:tr>",
                    cell(&para(None, None, &run(&title, bold)), n)
                );
            }
        }
        for (label, body) in [
            ("", &s.text),
            ("Задачи:", &s.tasks),
            ("Показатели:", &s.indicators),
        ] {
            if let Some(m) = body {
                let mut content = String::new();
                if !label.is_empty() {
                    content.push_str(&para(None, None, &run(label, bold)));
                }
                content.push_str(&self.markdown(&m.source));
                let _ = write!(x, "<w:tr>{}</w:tr>", cell(&content, n));
            }
        }
        for item in &s.items {
            self.item_rows(t, item, x);
        }
        for sub in &s.sections {
            self.section_rows(t, sub, n, x);
        }
    }

    fn item_rows(&mut self, t: &Table, item: &Item, x: &mut String) {
        x.push_str("<w:tr>");
        for c in &t.columns {
            let md = match item.column_text(&c.key) {
                Some(source) if c.key.is_markdown() => Some(self.markdown(source)),
                Some(plain) => Some(para(None, None, &run(plain, Format::default()))),
                None => None,
            };
            x.push_str(&cell(&md.unwrap_or_default(), 1));
        }
        x.push_str("</w:tr>");
        for child in &item.children {
            self.item_rows(t, child, x);
        }
    }

    fn head(&mut self, plan: &Plan) {
        for m in &plan.marks {
            let p = self.markdown(&m.source);
            self.body
                .push_str(&p.replace("<w:p>", "<w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr>"));
        }
        if !plan.approval.is_empty() {
            self.signatures(&plan.approval, SignatureRow::Stamps);
        }
        let title = plan.title.to_plain();
        self.body.push_str(&para(
            Some("Heading1"),
            Some("center"),
            &run(&title, Format::default()),
        ));
    }

    /// Signatures side by side, in a table without borders.
    fn signatures(&mut self, sigs: &[Signature], row: SignatureRow) {
        let mut x = String::from(
            "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>",
        );
        let single = row == SignatureRow::Stamps && sigs.len() == 1;
        for _ in 0..sigs.len() + usize::from(single) {
            x.push_str("<w:gridCol/>");
        }
        x.push_str("</w:tblGrid><w:tr>");
        if single {
            x.push_str(&cell("", 1));
        }
        for s in sigs {
            let mut content = String::new();
            for &part in &s.order {
                let Some(source) = s.part(part) else {
                    continue;
                };
                let bold = Format {
                    bold: true,
                    ..Format::default()
                };
                let lines = match part {
                    SignaturePart::Heading => para(None, None, &run(&source.to_uppercase(), bold)),
                    SignaturePart::Position | SignaturePart::Text => self.markdown(source),
                    SignaturePart::Name | SignaturePart::Date | SignaturePart::Number => {
                        para(None, None, &run(source, Format::default()))
                    }
                };
                content.push_str(&lines);
            }
            x.push_str(&cell(&content, 1));
        }
        x.push_str("</w:tr></w:tbl><w:p/>");
        self.body.push_str(&x);
    }
}

/// The DOCX of a plan.
pub fn plan_docx(district: &District, plan: &Plan) -> Result<Vec<u8>, String> {
    let wide = super::typst_markup::is_wide(plan);
    let mut w = Writer {
        text_width: if wide {
            16838 - 850 - 1134
        } else {
            11906 - 850 - 1134
        },
        ..Writer::default()
    };
    let head_at_top = !plan.blocks.iter().any(|b| matches!(b, Block::Head));
    if head_at_top {
        w.head(plan);
    }
    for block in &plan.blocks {
        match block {
            Block::Head => w.head(plan),
            Block::Prose(m) => w.push_markdown(&m.source),
            Block::Table(t) => w.table(t),
            Block::Passport(p) => {
                let mut x = String::from("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>");
                if let Some(t) = &p.title {
                    let title = t.to_plain();
                    let _ = write!(
                        x,
                        "<w:tr><w:trPr><w:tblHeader/></w:trPr>{}</w:tr>",
                        cell(
                            &para(
                                None,
                                Some("center"),
                                &run(
                                    &title,
                                    Format {
                                        bold: true,
                                        ..Format::default()
                                    }
                                )
                            ),
                            2
                        )
                    );
                }
                for r in &p.rows {
                    let label = w.markdown(&r.label.source);
                    let text = w.markdown(&r.text.source);
                    let _ = write!(x, "<w:tr>{}{}</w:tr>", cell(&label, 1), cell(&text, 1));
                }
                x.push_str("</w:tbl><w:p/>");
                w.body.push_str(&x);
            }
            Block::Glossary(g) => {
                if let Some(t) = &g.title {
                    w.push_markdown(&t.source);
                }
                for e in &g.entries {
                    let line = match e {
                        GlossaryBlockEntry::Term(t) => format!(
                            "{}{}",
                            run(
                                &format!("{} {} ", t.term, t.separator.as_deref().unwrap_or("–")),
                                Format {
                                    bold: true,
                                    ..Format::default()
                                }
                            ),
                            run(
                                &format!(
                                    "{}{}",
                                    t.full.to_plain(),
                                    t.mark.as_deref().unwrap_or("")
                                ),
                                Format::default()
                            )
                        ),
                        GlossaryBlockEntry::Note {
                            text,
                            mark,
                            separator,
                        } => run(
                            &format!(
                                "{}{} {}",
                                mark.as_deref().unwrap_or(""),
                                separator.as_deref().unwrap_or("–"),
                                text.to_plain()
                            ),
                            Format::default(),
                        ),
                    };
                    w.body.push_str(&para(None, None, &line));
                }
            }
            Block::Signatures(s) => w.signatures(s, SignatureRow::InText),
        }
    }
    let title = plan.name();
    package(
        &w,
        &title,
        &district
            .full_name
            .clone()
            .unwrap_or_else(|| district.name.clone()),
        plan,
    )
}

/// The parts of the DOCX package, zipped with fixed times.
fn package(w: &Writer, title: &str, author: &str, plan: &Plan) -> Result<Vec<u8>, String> {
    let wide = super::typst_markup::is_wide(plan);
    let (pw, ph, orient) = if wide {
        (16838, 11906, " w:orient=\"landscape\"")
    } else {
        (11906, 16838, "")
    };
    let ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {ns}><w:body>{}<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/><w:pgSz w:w=\"{pw}\" w:h=\"{ph}\"{orient}/><w:pgMar w:top=\"850\" w:right=\"850\" w:bottom=\"850\" w:left=\"1134\" w:header=\"425\" w:footer=\"425\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        w.body
    );
    let footer = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {ns}><w:p><w:pPr><w:jc w:val=\"right\"/></w:pPr><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:ftr>"
    );
    let mut rels = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>");
    for (i, url) in w.links.iter().enumerate() {
        let _ = write!(rels, "<Relationship Id=\"rIdLink{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>", i + 1, xml(url));
    }
    rels.push_str("</Relationships>");
    let date = plan.updated.format("%Y-%m-%dT00:00:00Z");
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>ru-RU</dc:language><dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified></cp:coreProperties>",
        xml(title),
        xml(author)
    );
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        ("docProps/core.xml", core),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.to_string()),
        ("word/footer1.xml", footer),
        ("word/_rels/document.xml.rels", rels),
    ];
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut buffer);
        // Time, system and permissions fixed: left to the zip crate, the
        // system byte of every entry would say which system made the file,
        // and a build on Windows would differ from one on Linux.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .system(zip::System::Unix)
            .unix_permissions(0o644);
        for (name, content) in parts {
            zip.start_file(name, options).map_err(|e| e.to_string())?;
            zip.write_all(content.as_bytes())
                .map_err(|e| e.to_string())?;
        }
        zip.finish().map_err(|e| e.to_string())?;
    }
    Ok(buffer.into_inner())
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>";

/// Styles: Times New Roman (Liberation Serif has its metrics), Russian
/// language for spelling and hyphenation, heading styles Word and
/// LibreOffice list in their navigators, a bordered table style.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\" w:eastAsia=\"Times New Roman\"/><w:sz w:val=\"22\"/><w:lang w:val=\"ru-RU\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"80\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"240\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"28\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"200\" w:after=\"120\"/><w:outlineLvl w:val=\"1\"/></w:pPr><w:rPr><w:b/><w:sz w:val=\"24\"/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"Heading3\"><w:name w:val=\"heading 3\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:outlineLvl w:val=\"2\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type=\"paragraph\" w:styleId=\"ListParagraph\"><w:name w:val=\"List Paragraph\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:ind w:left=\"360\"/></w:pPr></w:style><w:style w:type=\"character\" w:styleId=\"Hyperlink\"><w:name w:val=\"Hyperlink\"/><w:rPr><w:color w:val=\"0B4F9C\"/><w:u w:val=\"single\"/></w:rPr></w:style><w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>";
