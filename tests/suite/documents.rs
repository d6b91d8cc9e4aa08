//! The downloadable documents of the seed plans: a tagged, searchable PDF
//! carrying the whole text, and a DOCX with the items in real table cells.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Words, lower-cased; letters and digits apart (a footnote number sits
/// right after its word in extracted text: «кластеризации1»).
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut digits = false;
    for c in text.chars() {
        let kind_changes = !word.is_empty() && c.is_alphanumeric() && c.is_ascii_digit() != digits;
        if (!c.is_alphanumeric() || kind_changes) && !word.is_empty() {
            out.push(std::mem::take(&mut word).to_lowercase());
        }
        if c.is_alphanumeric() {
            digits = c.is_ascii_digit();
            word.push(c);
        }
    }
    if !word.is_empty() {
        out.push(word.to_lowercase());
    }
    out
}

fn counts(ws: &[String]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for w in ws {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

fn source_words(plan: &vekha::model::Plan) -> Vec<String> {
    let mut out = Vec::new();
    for (text, _) in vekha::check::plan_texts(plan) {
        out.extend(words(&vekha::markdown::to_plain(text)));
    }
    out
}

/// Words of the source missing from (or fewer in) the document text.
fn missing(source: &[String], document: &str) -> Vec<String> {
    // Hyphenation of prose leaves a soft hyphen at the line end: join the
    // word halves (the next line may start with layout spaces).
    let mut joined = String::with_capacity(document.len());
    let mut rest = document;
    while let Some(i) = rest.find('\u{ad}') {
        joined.push_str(&rest[..i]);
        let after = &rest[i + '\u{ad}'.len_utf8()..];
        rest = if after.starts_with('\n') {
            after.trim_start()
        } else {
            after
        };
    }
    joined.push_str(rest);
    let doc = words(&joined);
    let have = counts(&doc);
    counts(source)
        .into_iter()
        .filter(|(w, n)| have.get(w).copied().unwrap_or(0) < *n)
        .map(|(w, n)| format!("{w}×{n}/{}", have.get(w).copied().unwrap_or(0)))
        .collect()
}

#[test]
fn every_seed_pdf_is_tagged_and_carries_the_whole_text() {
    pdfs_are_tagged_and_carry_the_whole_text(Path::new(env!("CARGO_MANIFEST_DIR")));
}

/// The roadmap fragments of other regions (`tests/regions/`), too.
#[test]
fn other_regions_pdfs_carry_the_whole_text() {
    pdfs_are_tagged_and_carry_the_whole_text(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regions"),
    );
}

fn pdfs_are_tagged_and_carry_the_whole_text(root: &Path) {
    let loaded = vekha::load::load(root);
    let dir = tempfile::tempdir().expect("tempdir");
    for district in &loaded.site.districts {
        for plan in &district.plans {
            let pdf = vekha::documents::plan_pdf(district, plan)
                .unwrap_or_else(|e| panic!("{}: {e}", plan.slug));
            let raw = String::from_utf8_lossy(&pdf);
            assert!(
                raw.contains("/StructTreeRoot"),
                "{}: no structure tree",
                plan.slug
            );
            assert!(
                raw.contains("/Lang (ru)") || raw.contains("/Lang(ru)"),
                "{}: no /Lang (ru)",
                plan.slug
            );
            let file = dir.path().join(format!("{}.pdf", plan.slug));
            std::fs::write(&file, &pdf).expect("write");
            match Command::new("pdftotext")
                .arg("-layout")
                .arg("-enc")
                .arg("UTF-8")
                .arg(&file)
                .arg("-")
                .output()
            {
                Ok(out) => {
                    let text = String::from_utf8_lossy(&out.stdout);
                    let lost = missing(&source_words(plan), &text);
                    assert!(
                        lost.is_empty(),
                        "{}/{}: words missing from the PDF: {lost:?}",
                        district.slug,
                        plan.slug
                    );
                }
                // poppler-utils is installed by .ci/run; a developer without it
                // still gets the structure and reproducibility checks.
                Err(_) => {
                    assert!(
                        std::env::var_os("CI").is_none(),
                        "CI must install poppler-utils (pdftotext)"
                    );
                    eprintln!("pdftotext is not installed: PDF text not checked here");
                }
            }
            // Same source, same bytes.
            assert_eq!(
                vekha::documents::plan_pdf(district, plan).expect("again"),
                pdf,
                "{}: not reproducible",
                plan.slug
            );
        }
    }
}

/// Text of every table cell of a DOCX, whitespace collapsed.
fn docx_cells(docx: &[u8]) -> Vec<String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    xml.split("<w:tc>")
        .skip(1)
        .map(|cell| {
            let cell = cell.split("</w:tc>").next().unwrap_or("");
            let mut text = String::new();
            for piece in cell.split("<w:t").skip(1) {
                let Some(start) = piece.find('>') else {
                    continue;
                };
                let body = &piece[start + 1..];
                let end = body.find("</w:t>").unwrap_or(0);
                text.push_str(&body[..end]);
            }
            let text = text
                .replace("&amp;", "&")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"");
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

/// Every entry of the DOCX names the same system and permissions whatever
/// system built it (the zip crate's default is the building system's, so
/// a build on Windows would otherwise differ from one on Linux).
fn assert_same_on_every_system(docx: &[u8]) {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    for i in 0..archive.len() {
        let entry = archive.by_index(i).expect("entry");
        assert_eq!(entry.system(), zip::System::Unix, "{:?}", entry.name());
        assert_eq!(entry.unix_mode(), Some(0o100644), "{:?}", entry.name());
    }
}

#[test]
fn every_seed_docx_holds_every_item_in_table_cells() {
    docx_hold_every_item_in_table_cells(Path::new(env!("CARGO_MANIFEST_DIR")));
}

/// The roadmap fragments of other regions, too; a section written in two
/// cells («I.» | title) keeps them in the DOCX.
#[test]
fn other_regions_docx_hold_every_item_and_two_cell_sections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regions");
    docx_hold_every_item_in_table_cells(&root);
    let loaded = vekha::load::load(&root);
    let district = loaded
        .site
        .districts
        .iter()
        .find(|d| d.slug == "verkhnemstinsky")
        .expect("district");
    let plan = district.plans.first().expect("plan");
    let cells = docx_cells(&vekha::documents::plan_docx(district, plan).expect("docx"));
    let at = cells
        .iter()
        .position(|c| c == "I.")
        .expect("«I.» in a cell of its own");
    assert_eq!(
        cells.get(at + 1).map(String::as_str),
        Some("Организационно-управленческие мероприятия")
    );
}

fn docx_hold_every_item_in_table_cells(root: &Path) {
    let loaded = vekha::load::load(root);
    for district in &loaded.site.districts {
        for plan in &district.plans {
            let docx = vekha::documents::plan_docx(district, plan).expect("docx");
            assert_eq!(
                vekha::documents::plan_docx(district, plan).expect("again"),
                docx,
                "{}: not reproducible",
                plan.slug
            );
            assert_same_on_every_system(&docx);
            let cells = docx_cells(&docx);
            for table in plan.tables() {
                for item in table.all_items() {
                    let md = item
                        .text
                        .as_ref()
                        .map(|m| m.source.clone())
                        .unwrap_or_else(|| {
                            item.cells
                                .values()
                                .next()
                                .map(|m| m.source.clone())
                                .unwrap_or_default()
                        });
                    let plain = vekha::markdown::to_plain(&md);
                    let first_line = plain
                        .lines()
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    assert!(
                        cells.iter().any(|c| c.contains(&first_line)),
                        "{}/{}: item {:?} «{first_line}» not in a table cell",
                        district.slug,
                        plan.slug,
                        item.number
                    );
                    if let Some(n) = &item.number {
                        assert!(
                            cells.iter().any(|c| c == n),
                            "{}: number {n} not in its own cell",
                            plan.slug
                        );
                    }
                }
            }
        }
    }
}

/// LibreOffice opens every seed DOCX without error. LibreOffice is installed
/// by `.ci/run`; on a developer's machine without it the check says so and
/// passes, but in CI (CI=true) a missing LibreOffice fails it.
#[test]
fn libreoffice_opens_every_seed_docx() {
    let available = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install LibreOffice (libreoffice-writer-nogui)"
        );
        eprintln!("LibreOffice (soffice) is not installed: DOCX conversion not checked here");
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let loaded = vekha::load::load(root);
    let dir = tempfile::tempdir().expect("tempdir");
    let profile = format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    );
    for district in &loaded.site.districts {
        for plan in &district.plans {
            let file = dir
                .path()
                .join(format!("{}-{}.docx", district.slug, plan.slug));
            std::fs::write(
                &file,
                vekha::documents::plan_docx(district, plan).expect("docx"),
            )
            .expect("write");
            let status = Command::new("soffice")
                .args([
                    profile.as_str(),
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                ])
                .arg(dir.path())
                .arg(&file)
                .output()
                .expect("soffice");
            assert!(
                status.status.success(),
                "{}: {}",
                plan.slug,
                String::from_utf8_lossy(&status.stderr)
            );
            let pdf = file.with_extension("pdf");
            let text = Command::new("pdftotext")
                .arg("-layout")
                .arg(&pdf)
                .arg("-")
                .output()
                .expect("pdftotext");
            let text = String::from_utf8_lossy(&text.stdout);
            let first = plan.tables().next().and_then(|t| {
                t.all_items()
                    .first()
                    .and_then(|i| i.text.as_ref().map(|m| m.source.clone()))
            });
            if let Some(first) = first {
                let word = first.split_whitespace().next().unwrap_or("");
                assert!(
                    text.contains(word),
                    "{}: LibreOffice's PDF lacks «{word}»",
                    plan.slug
                );
            }
        }
    }
}
