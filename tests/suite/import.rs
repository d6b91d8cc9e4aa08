//! `vekha import` on documents and workbooks made by LibreOffice from the
//! seed plans (`tests/import/`, see its README): each imported plan's items
//! equal the seed's in at least 98 % of cells, and every word of a
//! document's prose is there in order.

use std::path::{Path, PathBuf};

use vekha::model::{Item, Plan};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (fixture, territory, plan) for each seed.
const SEEDS: &[(&str, &str, &str)] = &[
    (
        "centralny-klaster-intellektualnogo-obrazovaniya.docx",
        "centralny",
        "klaster-intellektualnogo-obrazovaniya",
    ),
    ("kirovsky-shnor-2023.docx", "kirovsky", "shnor-2023"),
    ("kirovsky-shnor-2023-plain.docx", "kirovsky", "shnor-2023"),
    (
        "leningradskaya-oblast-kompleks-mer-2019-2020.docx",
        "leningradskaya-oblast",
        "kompleks-mer-2019-2020",
    ),
    ("livensky-programma-2023.docx", "livensky", "programma-2023"),
    (
        "vasileostrovsky-shnor-2023.docx",
        "vasileostrovsky",
        "shnor-2023",
    ),
    // LibreOffice's own formats, converted from the DOCX and XLSX above.
    (
        "centralny-klaster-intellektualnogo-obrazovaniya.odt",
        "centralny",
        "klaster-intellektualnogo-obrazovaniya",
    ),
    ("kirovsky-shnor-2023.odt", "kirovsky", "shnor-2023"),
    (
        "leningradskaya-oblast-kompleks-mer-2019-2020.odt",
        "leningradskaya-oblast",
        "kompleks-mer-2019-2020",
    ),
    ("livensky-programma-2023.odt", "livensky", "programma-2023"),
    (
        "vasileostrovsky-shnor-2023.odt",
        "vasileostrovsky",
        "shnor-2023",
    ),
    // The workbooks hold the plan table only: no prose to compare.
    (
        "centralny-klaster-intellektualnogo-obrazovaniya.ods",
        "centralny",
        "klaster-intellektualnogo-obrazovaniya",
    ),
    ("kirovsky-shnor-2023.ods", "kirovsky", "shnor-2023"),
    (
        "leningradskaya-oblast-kompleks-mer-2019-2020.ods",
        "leningradskaya-oblast",
        "kompleks-mer-2019-2020",
    ),
    (
        "centralny-klaster-intellektualnogo-obrazovaniya.xlsx",
        "centralny",
        "klaster-intellektualnogo-obrazovaniya",
    ),
    ("kirovsky-shnor-2023.xlsx", "kirovsky", "shnor-2023"),
    (
        "leningradskaya-oblast-kompleks-mer-2019-2020.xlsx",
        "leningradskaya-oblast",
        "kompleks-mer-2019-2020",
    ),
];

/// Imports `fixture` into a copy of the seed's territory and loads it.
fn imported(dir: &Path, fixture: &str, territory: &str) -> (Plan, usize) {
    let district = dir.join("content").join(territory);
    std::fs::create_dir_all(&district).expect("mkdir");
    std::fs::write(dir.join("content/site.yaml"), "title: Импорт\n").expect("site.yaml");
    let seed = repo().join("content").join(territory);
    std::fs::copy(seed.join("district.yaml"), district.join("district.yaml")).expect("copy");
    let options = vekha::import::command::Options {
        file: repo().join("tests/import/fixtures").join(fixture),
        district: district.clone(),
        out: Some(district.join("imported.md")),
        force: false,
        today: chrono::NaiveDate::from_ymd_opt(2023, 6, 15).expect("date"),
    };
    vekha::import::command::run(&options).unwrap_or_else(|e| panic!("{fixture}: {e}"));
    let loaded = vekha::load::load_and_check(dir);
    let errors: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == vekha::diagnostics::Severity::Error)
        .map(|d| vekha::diagnostics::render(d, &loaded.sources, false))
        .collect();
    assert!(errors.is_empty(), "{fixture}: {}", errors.join("\n"));
    let plan = loaded.site.districts[0]
        .plans
        .iter()
        .find(|p| p.slug == "imported")
        .cloned()
        .expect("the imported plan");
    (plan, errors.len())
}

fn seed_plan(territory: &str, slug: &str) -> Plan {
    let loaded = vekha::load::load(&repo());
    loaded
        .site
        .districts
        .iter()
        .find(|d| d.slug == territory)
        .and_then(|d| d.plans.iter().find(|p| p.slug == slug))
        .cloned()
        .expect("seed plan")
}

/// A cell's text without markup and extra spaces.
fn plain(markdown: &str) -> String {
    let text = vekha::markdown::to_plain(markdown);
    text.split_whitespace()
        .map(|w| w.trim_start_matches(['•', '-']))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each cell of an item, by column key.
fn cells(item: &Item) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |key: &str, text: Option<&str>| {
        if let Some(t) = text {
            out.push((key.to_string(), plain(t)));
        }
    };
    push("number", item.number.as_deref());
    push("text", item.text.as_ref().map(|m| m.source.as_str()));
    push(
        "responsible",
        item.responsible.as_ref().map(|r| r.text.as_str()),
    );
    push("period", item.period.as_ref().map(|p| p.text.as_str()));
    push("result", item.result.as_ref().map(|m| m.source.as_str()));
    push("note", item.note.as_ref().map(|m| m.source.as_str()));
    for (key, m) in &item.cells {
        push(key, Some(&m.source));
    }
    out
}

fn all_items(plan: &Plan) -> Vec<Vec<(String, String)>> {
    plan.tables()
        .flat_map(|t| t.all_items())
        .map(cells)
        .collect()
}

/// Cells equal in both, of the cells either has.
fn agreement(seed: &Plan, imported: &Plan) -> (usize, usize) {
    let (a, b) = (all_items(seed), all_items(imported));
    let mut equal = 0;
    let mut total = 0;
    for i in 0..a.len().max(b.len()) {
        let empty = Vec::new();
        let (x, y) = (a.get(i).unwrap_or(&empty), b.get(i).unwrap_or(&empty));
        // Custom columns may take another key in the import: compare by position too.
        let xs: Vec<&String> = x.iter().map(|(_, t)| t).collect();
        let ys: Vec<&String> = y.iter().map(|(_, t)| t).collect();
        total += xs.len().max(ys.len());
        equal += xs.iter().filter(|t| ys.contains(t)).count();
    }
    (equal, total)
}

/// Words of a text, lower case.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Prose words of the seed that the import lacks: the text in order, the
/// footnotes anywhere (the import puts each after the paragraph citing it,
/// a seed may keep them at the end of its text).
fn missing_prose(seed: &Plan, imported: &Plan) -> Vec<String> {
    let (mut text, mut notes) = (Vec::new(), Vec::new());
    for block in &seed.blocks {
        let vekha::model::Block::Prose(m) = block else {
            continue;
        };
        for line in m.source.lines() {
            let words = words(&vekha::markdown::to_plain(line));
            match line.starts_with("[^") {
                true => notes.extend(words),
                false => text.extend(words),
            }
        }
    }
    let everything: Vec<String> = vekha::check::plan_texts(imported)
        .iter()
        .flat_map(|(t, _)| words(&vekha::markdown::to_plain(t)))
        .collect();
    let mut at = 0;
    let mut missing = Vec::new();
    for w in text {
        match everything[at..].iter().position(|x| *x == w) {
            Some(k) => at += k + 1,
            None => missing.push(w),
        }
    }
    missing.extend(notes.into_iter().filter(|w| !everything.contains(w)));
    missing
}

#[test]
fn imported_seed_documents_equal_the_seeds() {
    let mut report = Vec::new();
    let mut failures = Vec::new();
    for &(fixture, territory, slug) in SEEDS {
        let dir = tempfile::tempdir().expect("tempdir");
        let (plan, _) = imported(dir.path(), fixture, territory);
        let seed = seed_plan(territory, slug);
        let (equal, total) = agreement(&seed, &plan);
        let share = if total == 0 {
            100.0
        } else {
            100.0 * equal as f64 / total as f64
        };
        let glossary = |p: &Plan| -> usize {
            p.blocks
                .iter()
                .map(|b| match b {
                    vekha::model::Block::Glossary(g) => g.entries.len(),
                    _ => 0,
                })
                .sum()
        };
        // A matrix's columns stand for the same bodies as the seed's.
        let bodies = |p: &Plan| -> Vec<Option<String>> {
            p.tables()
                .flat_map(|t| {
                    t.columns
                        .iter()
                        .map(|c| c.body.as_ref().map(|b| b.id.0.clone()))
                })
                .collect()
        };
        if bodies(&plan) != bodies(&seed) {
            failures.push(format!(
                "{fixture}: column bodies {:?}, the seed's {:?}",
                bodies(&plan),
                bodies(&seed)
            ));
        }
        let document = fixture.ends_with(".docx") || fixture.ends_with(".odt");
        // Signatures under the text: who signs, as in the seed.
        let signatures = |p: &Plan| -> Vec<(Option<String>, Option<String>)> {
            p.blocks
                .iter()
                .filter_map(|b| match b {
                    vekha::model::Block::Signatures(s) => Some(s),
                    _ => None,
                })
                .flatten()
                .map(|s| {
                    (
                        s.position.as_ref().map(|m| m.source.clone()),
                        s.name.clone(),
                    )
                })
                .collect()
        };
        if document && signatures(&plan) != signatures(&seed) {
            failures.push(format!(
                "{fixture}: signatures {:?}, the seed's {:?}",
                signatures(&plan),
                signatures(&seed)
            ));
        }
        if document && glossary(&plan) != glossary(&seed) {
            failures.push(format!(
                "{fixture}: glossary entries {} of {}",
                glossary(&plan),
                glossary(&seed)
            ));
        }
        let missing = if document {
            missing_prose(&seed, &plan)
        } else {
            Vec::new()
        };
        report.push(format!(
            "{fixture}: cells {equal}/{total} = {share:.1} %, prose words missing {}",
            missing.len()
        ));
        if share < 98.0 || !missing.is_empty() {
            failures.push(format!(
                "{fixture}: {share:.1} %, missing prose {:?}",
                missing.iter().take(20).collect::<Vec<_>>()
            ));
        }
    }
    println!("{}", report.join("\n"));
    assert!(
        failures.is_empty(),
        "{}\n{}",
        report.join("\n"),
        failures.join("\n")
    );
}

/// Files that cannot be imported get a Russian message naming the file and
/// what to do; nothing is written, and a plan is never overwritten unless
/// asked.
#[test]
fn bad_files_are_refused_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let district = dir.path().join("d");
    std::fs::create_dir_all(&district).expect("mkdir");
    let run = |file: PathBuf, district: &Path, force: bool| {
        vekha::import::command::run(&vekha::import::command::Options {
            file,
            district: district.to_path_buf(),
            out: None,
            force,
            today: chrono::NaiveDate::from_ymd_opt(2023, 6, 15).expect("date"),
        })
    };
    let fixture = repo().join("tests/import/fixtures/kirovsky-shnor-2023.docx");
    std::fs::copy(
        repo().join("content/kirovsky/district.yaml"),
        district.join("district.yaml"),
    )
    .expect("copy");
    // An old Word file, a text file named .docx, a file of another kind.
    let old = dir.path().join("план.doc");
    std::fs::write(&old, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).expect("write");
    let message = run(old, &district, false).map(|_| ()).unwrap_err();
    assert!(
        message.contains("сохраните как «Документ Word (*.docx)»"),
        "{message}"
    );
    let text = dir.path().join("план.docx");
    std::fs::write(&text, "просто текст").expect("write");
    let message = run(text, &district, false).map(|_| ()).unwrap_err();
    assert!(message.contains("не похож на документ Word"), "{message}");
    let xls = dir.path().join("план.xls");
    std::fs::write(&xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).expect("write");
    let message = run(xls, &district, false).map(|_| ()).unwrap_err();
    assert!(
        message.contains("сохраните как «Книга Excel (*.xlsx)»"),
        "{message}"
    );
    // A workbook Excel encrypted with a password is an OLE file too.
    let locked = dir.path().join("план.xlsx");
    std::fs::write(
        &locked,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
    )
    .expect("write");
    let message = run(locked, &district, false).map(|_| ()).unwrap_err();
    assert!(message.contains("защищённый паролем"), "{message}");
    let odt = dir.path().join("план.odt");
    std::fs::write(&odt, "просто текст").expect("write");
    let message = run(odt, &district, false).map(|_| ()).unwrap_err();
    assert!(
        message.contains("не похож на документ Word или LibreOffice"),
        "{message}"
    );
    let pdf = dir.path().join("план.pdf");
    std::fs::write(&pdf, "%PDF").expect("write");
    let message = run(pdf, &district, false).map(|_| ()).unwrap_err();
    assert!(
        message.contains("импортирует документы Word (.docx) и LibreOffice (.odt)"),
        "{message}"
    );
    let names = |dir: &Path| -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        n.sort();
        n
    };
    assert_eq!(names(&district), ["district.yaml"], "nothing written");
    // A plan is written once; the second run without --force refuses.
    let (written, _) = run(fixture.clone(), &district, false).expect("imported");
    std::fs::write(&written, "мой план").expect("edit");
    let message = run(fixture.clone(), &district, false)
        .map(|_| ())
        .unwrap_err();
    assert!(message.contains("не перезаписывает план"), "{message}");
    assert_eq!(std::fs::read_to_string(&written).expect("read"), "мой план");
    run(fixture, &district, true).expect("--force");
    assert_ne!(std::fs::read_to_string(&written).expect("read"), "мой план");
}

/// Imports `fixture` into a territory folder `content/<name>` that does
/// not exist yet.
fn into_new_territory(
    dir: &Path,
    fixture: &str,
    name: &str,
) -> (PathBuf, vekha::import::source::Report) {
    std::fs::create_dir_all(dir.join("content")).expect("mkdir");
    std::fs::write(dir.join("content/site.yaml"), "title: Импорт\n").expect("site.yaml");
    let district = dir.join("content").join(name);
    let (_, report) = vekha::import::command::run(&vekha::import::command::Options {
        file: repo().join("tests/import/fixtures").join(fixture),
        district: district.clone(),
        out: None,
        force: false,
        today: chrono::NaiveDate::from_ymd_opt(2023, 6, 15).expect("date"),
    })
    .expect("imported");
    (district, report)
}

/// A matrix imported into a new territory: each level's header becomes a
/// body of the territory and its column's `body`, and the plan checks.
#[test]
fn a_matrix_makes_its_levels_bodies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (district, report) = into_new_territory(
        dir.path(),
        "centralny-klaster-intellektualnogo-obrazovaniya.docx",
        "centralny",
    );
    let names: Vec<&str> = report.bodies.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Отдел образования Администрации Центрального района Санкт-Петербурга",
            "ИМЦ Центрального района, «Центр оценки качества образования",
            "Школы с низкими результатами, функционирующие в неблагоприятных условиях"
        ]
    );
    let yaml = std::fs::read_to_string(district.join("district.yaml")).expect("district.yaml");
    for b in &report.bodies {
        assert!(yaml.contains(&format!("- id: {}\n", b.id)), "{yaml}");
    }
    let loaded = vekha::load::load_and_check(dir.path());
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == vekha::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let plan = &loaded.site.districts[0].plans[0];
    let table = plan.tables().next().expect("a table");
    assert!(table.is_matrix());
    let ids: Vec<String> = table
        .columns
        .iter()
        .filter_map(|c| c.body.as_ref().map(|b| b.id.0.clone()))
        .collect();
    let proposed: Vec<String> = report.bodies.iter().map(|b| b.id.clone()).collect();
    assert_eq!(ids, proposed);
}

/// A territory that does not exist yet is created with a district.yaml
/// that checks, marked to be filled in.
#[test]
fn a_new_territory_is_created_for_the_plan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (district, report) = into_new_territory(
        dir.path(),
        "livensky-programma-2023.docx",
        "Кировский район",
    );
    assert!(
        report.look_at[0].starts_with("создана новая территория"),
        "{:?}",
        report.look_at
    );
    let yaml = std::fs::read_to_string(district.join("district.yaml")).expect("district.yaml");
    assert!(yaml.contains("name: Кировский район\n"), "{yaml}");
    // What to look at is told with its place in the Word file (checked
    // against the fixture's document.xml) and in the written file.
    let written = "content/Кировский район/livensky-programma-2023.md";
    let text = std::fs::read_to_string(dir.path().join(written)).expect("written plan");
    let points_at = |places: &[String], told: &str, cell: &str| {
        let place = places
            .iter()
            .find_map(|p| p.strip_prefix(&format!("{told}{written}:")))
            .unwrap_or_else(|| panic!("{told}: {places:#?}"));
        let (line, column) = place
            .trim_end_matches(')')
            .split_once(':')
            .expect("line:column");
        let line: usize = line.parse().expect("line");
        let column: usize = column.parse().expect("column");
        let at = text.lines().nth(line - 1).expect("the line");
        let from: String = at.chars().skip(column - 1).collect();
        assert!(from.starts_with(cell), "{at}");
    };
    points_at(
        &report.periods_not_understood,
        "«По графику» (таблица 3, строка 19, столбец 1; ",
        "По графику",
    );
    points_at(
        &report.names_unknown,
        "«Руководители ОО» (таблица 3, строка 19, столбец 3; ",
        "Руководители ОО",
    );
    let loaded = vekha::load::load_and_check(dir.path());
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == vekha::diagnostics::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(loaded.site.districts[0].plans.len(), 1);
}
