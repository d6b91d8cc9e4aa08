//! End-to-end: build `content/` into a temporary folder and look at the
//! files as a reader, a school and a data user would.

use super::common;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use vekha::build::{build, BuildOptions};
use vekha::diagnostics::Severity;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 6, 15).expect("date")
}

fn options(root: PathBuf, out: PathBuf) -> BuildOptions {
    BuildOptions {
        root,
        out,
        today: Some(today()),
        progress: None,
        documents: true,
    }
}

/// Builds `root` into `out`; panics with the diagnostics on failure.
fn build_ok(root: &Path, out: &Path) {
    let report = build(&options(root.to_path_buf(), out.to_path_buf()), today());
    let errors: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| vekha::diagnostics::render(d, &report.sources, false))
        .collect();
    assert!(
        report.summary.is_some(),
        "build failed:\n{}",
        errors.join("\n")
    );
}

/// All files of a folder: relative path → bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Visible text of an HTML page: tags, scripts, styles and textareas
/// dropped, entities decoded, NBSP as space.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let lower: String = rest.chars().take(10).collect::<String>().to_lowercase();
        let skip = ["script", "style", "textarea"]
            .into_iter()
            .find(|t| lower.starts_with(&format!("<{t}")));
        if let Some(tag) = skip {
            let end = format!("</{tag}>");
            match rest.find(&end) {
                Some(i) => rest = &rest[i + end.len()..],
                None => break,
            }
            continue;
        }
        if c == '<' {
            out.push(' ');
            match rest.find('>') {
                Some(i) => rest = &rest[i + 1..],
                None => break,
            }
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
        .replace('\u{a0}', " ")
}

/// Values of an attribute in a page, quoted or not (the minifier drops
/// quotes where HTML allows).
fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=");
    let mut out = Vec::new();
    for (i, _) in html.match_indices(&needle) {
        let rest = &html[i + needle.len()..];
        let value = if let Some(q) = rest.strip_prefix('"') {
            q.split('"').next().unwrap_or("")
        } else if let Some(q) = rest.strip_prefix('\'') {
            q.split('\'').next().unwrap_or("")
        } else {
            rest.split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or("")
        };
        out.push(value.to_string());
    }
    out
}

fn has_id(html: &str, id: &str) -> bool {
    attr_values(html, "id").iter().any(|v| v == id)
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

fn counts(ws: &[String]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for w in ws {
        *m.entry(w.as_str()).or_insert(0) += 1;
    }
    m
}

/// One build of the repository's content, shared by the tests that only read.
fn built() -> &'static Path {
    use std::sync::OnceLock;
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("tempdir");
        build_ok(&repo(), &dir.path().join("public"));
        dir
    })
    .path()
}

fn public() -> PathBuf {
    built().join("public")
}

/// Words of a plan's sources that its page shows fewer times than the
/// sources hold them (none, when the page carries the whole text).
fn missing_words(public: &Path, district: &str, plan: &vekha::model::Plan) -> Vec<String> {
    let html = read(public, &format!("{district}/{}/index.html", plan.slug));
    let page = words(&visible_text(&html));
    let page_counts = counts(&page);
    let mut source_words = Vec::new();
    for (text, _) in vekha::check::plan_texts(plan) {
        source_words.extend(words(&vekha::markdown::to_plain(text)));
    }
    let source_counts = counts(&source_words);
    let mut missing: Vec<String> = source_counts
        .iter()
        .filter(|(w, n)| page_counts.get(*w).copied().unwrap_or(0) < **n)
        .map(|(w, n)| {
            format!(
                "{w} ×{n} (page {})",
                page_counts.get(w).copied().unwrap_or(0)
            )
        })
        .collect();
    missing.sort();
    if source_words.len() < 300 {
        missing.push(format!("{} words only", source_words.len()));
    }
    missing
}

#[test]
fn every_seed_plan_page_carries_its_whole_text() {
    let loaded = vekha::load::load(&repo());
    for district in &loaded.site.districts {
        for plan in &district.plans {
            let missing = missing_words(&public(), &district.slug, plan);
            assert!(
                missing.is_empty(),
                "{}/{}: missing words {missing:?}",
                district.slug,
                plan.slug
            );
        }
    }
}

/// The roadmap fragments of other regions (`tests/regions/`) build, every
/// word of each is on its page, and what they exercise shows there.
#[test]
fn other_regions_fixtures_build_with_every_word() {
    let root = repo().join("tests/regions");
    let dir = tempfile::tempdir().expect("tempdir");
    let public = dir.path().join("public");
    build_ok(&root, &public);
    let loaded = vekha::load::load(&root);
    for district in &loaded.site.districts {
        for plan in &district.plans {
            let missing = missing_words(&public, &district.slug, plan);
            assert!(missing.is_empty(), "{}: {missing:?}", district.slug);
        }
    }
    // Sections whose number has a cell of its own.
    let html = read(
        &public,
        "verkhnemstinsky/dorozhnaya-karta-2019-2021/index.html",
    );
    let headings = html.matches("class=section-number scope=rowgroup>").count();
    assert_eq!(headings, 3, "three sections in two cells");
    assert!(html.contains("scope=rowgroup>I.</th><th colspan=\"4\" scope=rowgroup>"));
    // A stamp in its own word order, its date marked inside the sentence.
    let stamp = html
        .find("class=\"sig-heading\">УТВЕРЖДЕН")
        .expect("stamp heading");
    let sentence = html
        .find("распоряжением комитета образования")
        .expect("stamp text");
    assert!(stamp < sentence);
    let spaced = html.replace('\u{a0}', " ");
    assert!(spaced.contains("от <time datetime=\"2019-07-02\">02.07.2019</time> N 241-рп"));
    let json = read(&public, "verkhnemstinsky/dorozhnaya-karta-2019-2021/verkhnemstinsky-dorozhnaya-karta-2019-2021.json");
    let data: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(data["approval"][0]["date_value"], "2019-07-02");
    assert_eq!(data["approval"][0]["number"], "N 241-рп");
    // A multi-word short name defined in the text is one abbreviation.
    let html = read(
        &public,
        "novosibirskaya-oblast/kompleks-mer-2021-2022/index.html",
    );
    assert!(html.replace('\u{a0}', " ").contains(">МО НСО</abbr>"));
    assert!(!html.contains(">МО</abbr>"));
}

#[test]
fn item_anchors_and_data_links_are_on_the_plan_page() {
    let html = read(&public(), "kirovsky/shnor-2023/index.html");
    assert!(has_id(&html, "p-2-1-1"), "item anchors");
    let hrefs = attr_values(&html, "href");
    for file in [
        "kirovsky-shnor-2023.json",
        "kirovsky-shnor-2023.csv",
        "kirovsky-shnor-2023.ics",
        "timeline.html",
        "embed.html",
    ] {
        assert!(hrefs.iter().any(|h| h == file), "link to {file}");
    }
    assert!(html.contains("Обновлено:"));
    assert!(
        html.contains("<time datetime=\"2026-11-23\">23 ноября 2026\u{a0}г.</time>"),
        "official date with <time>"
    );
    // The original repeats 3.1 and 4.2: the repeats get their own anchors.
    let v = read(&public(), "vasileostrovsky/shnor-2023/index.html");
    assert!(has_id(&v, "p-3-1") && has_id(&v, "p-3-1_2"));
}

/// A plan's contents lead to its prose chapters and its tables, in the
/// document's order, and every link finds its target on the page.
#[test]
fn plan_contents_link_chapters_and_tables_in_order() {
    for plan in [
        "kirovsky/shnor-2023",
        "livensky/programma-2023",
        "vasileostrovsky/shnor-2023",
    ] {
        let html = read(&public(), &format!("{plan}/index.html"));
        let Some(nav) = html
            .split("<nav aria-label=\"Содержание плана\">")
            .nth(1)
            .and_then(|rest| rest.split("</nav>").next())
        else {
            panic!("{plan}: no contents");
        };
        let targets: Vec<String> = attr_values(nav, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix('#').map(str::to_string))
            .collect();
        for id in &targets {
            assert!(has_id(&html, id), "{plan}: #{id} is not on the page");
        }
        let at = |id: &str| {
            html.find(&format!("id=\"{id}\""))
                .or(html.find(&format!("id={id}>")))
        };
        let positions: Vec<_> = targets.iter().filter_map(|id| at(id)).collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{plan}: contents out of order"
        );
    }
    let livensky = read(&public(), "livensky/programma-2023/index.html");
    let nav = livensky.split("Содержание плана").nth(1).unwrap_or("");
    assert!(
        nav.contains("href=\"#razdel-tselevoi-razdel\">Целевой раздел</a>"),
        "{nav}"
    );
    let kirovsky = read(&public(), "kirovsky/shnor-2023/index.html");
    assert!(kirovsky.contains("<h2 id=\"razdel-4-mekhanizmy-realizatsii\">"));
}

/// Every output names an item by the same anchor: the plan page's row ids
/// (each row holding the item's number), the JSON's anchors in item order,
/// the calendar's UIDs and the timeline's links.
#[test]
fn every_output_gives_an_item_the_same_anchor() {
    let loaded = vekha::load::load(&repo());
    let public = public();
    let mut checked = 0;
    for district in &loaded.site.districts {
        for plan in &district.plans {
            let dir = format!("{}/{}", district.slug, plan.slug);
            let items: Vec<&vekha::model::Item> =
                plan.tables().flat_map(|t| t.all_items()).collect();
            let anchors: Vec<&str> = items.iter().map(|i| i.anchor.as_str()).collect();
            let known: std::collections::HashSet<&str> = anchors.iter().copied().collect();
            assert_eq!(known.len(), anchors.len(), "{dir}: anchors repeat");
            // The page: a row per item, its id the anchor, its number in it.
            let html = read(&public, &format!("{dir}/index.html"));
            for item in &items {
                let at = html
                    .find(&format!("id={}", item.anchor))
                    .or_else(|| html.find(&format!("id=\"{}\"", item.anchor)))
                    .unwrap_or_else(|| panic!("{dir}: no row #{}", item.anchor));
                let row = &html[at..];
                let row = &row[..row.find("</tr>").unwrap_or(row.len())];
                if let Some(number) = &item.number {
                    assert!(
                        row.contains(number.trim()),
                        "{dir}: #{} holds {number}",
                        item.anchor
                    );
                }
            }
            // The data: the same anchors, in the same order.
            let json: serde_json::Value = serde_json::from_str(&read(
                &public,
                &format!("{dir}/{}-{}.json", district.slug, plan.slug),
            ))
            .expect("json");
            let mut in_json = Vec::new();
            collect_anchors(&json["blocks"], &mut in_json);
            assert_eq!(in_json, anchors, "{dir}: JSON anchors");
            // The calendar and the timeline name only these.
            let ics_file = format!("{dir}/{}-{}.ics", district.slug, plan.slug);
            if public.join(&ics_file).exists() {
                let suffix = format!("-{}-{}@vekha", plan.slug, district.slug);
                for uid in read(&public, &ics_file)
                    .lines()
                    .filter_map(|l| l.strip_prefix("UID:"))
                {
                    let anchor = uid
                        .strip_suffix(&suffix)
                        .and_then(|u| u.split_once('-'))
                        .map(|(_, a)| a)
                        .unwrap_or_default();
                    assert!(known.contains(anchor), "{dir}: UID {uid}");
                    checked += 1;
                }
            }
            let timeline = read(&public, &format!("{dir}/timeline.html"));
            for href in attr_values(&timeline, "href") {
                if let Some(anchor) = href.strip_prefix("index.html#") {
                    assert!(known.contains(anchor), "{dir}: timeline #{anchor}");
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
}

/// The anchors of a plan's JSON blocks, in the order `all_items` walks a
/// table: an item before its children, a table's (or section's) items
/// before its sections.
fn collect_anchors(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(anchor) = map.get("anchor").and_then(|a| a.as_str()) {
                out.push(anchor.to_string());
            }
            for key in ["items", "sections"] {
                if let Some(v) = map.get(key) {
                    collect_anchors(v, out);
                }
            }
        }
        serde_json::Value::Array(list) => {
            for v in list {
                collect_anchors(v, out);
            }
        }
        _ => {}
    }
}

#[test]
fn body_pages_hold_exactly_their_items() {
    let loaded = vekha::load::load(&repo());
    let district = loaded
        .site
        .districts
        .iter()
        .find(|d| d.slug == "kirovsky")
        .expect("kirovsky");
    let plan = &district.plans[0];
    for body in &district.bodies {
        let mut expected: Vec<String> = Vec::new();
        for table in plan.tables() {
            for item in table.all_items() {
                if item
                    .responsible
                    .as_ref()
                    .is_some_and(|r| r.bodies().contains(&&body.id))
                {
                    expected.push(format!("shnor-2023/index.html#{}", item.anchor));
                }
            }
        }
        expected.sort();
        let html = read(
            &public(),
            &format!("kirovsky/bodies/{}/index.html", body.id),
        );
        let mut found: Vec<String> = attr_values(&html, "href")
            .into_iter()
            .filter_map(|h| h.strip_prefix("../../../kirovsky/").map(str::to_string))
            .filter(|h| h.starts_with("shnor-2023/index.html#"))
            .collect();
        found.sort();
        assert_eq!(found, expected, "body {}", body.id);
    }
}

#[test]
fn matrix_levels_have_body_pages_with_their_cells() {
    let html = read(&public(), "centralny/bodies/schools/index.html");
    assert!(
        html.contains("Сформировать управленческую команду проекта"),
        "schools' own cell"
    );
    assert!(
        !html.contains("Назначить районного координатора"),
        "another level's cell"
    );
}

#[test]
fn glossary_pages_sort_in_russian_order_with_anchors() {
    let html = read(&public(), "kirovsky/glossary.html");
    let terms: Vec<String> = html
        .match_indices("<dfn>")
        .map(|(i, _)| {
            let rest = &html[i + 5..];
            rest[..rest.find("</dfn>").expect("end")].to_string()
        })
        .collect();
    let mut sorted = terms.clone();
    sorted.sort_by(|a, b| vekha::collate::compare(a, b));
    assert_eq!(terms, sorted);
    assert!(terms.len() > 10);
    assert!(has_id(&html, "g-shnor"));
    let site = read(&public(), "glossary.html");
    assert!(
        has_id(&site, "g-imts-kirovsky"),
        "site-wide glossary anchors per district"
    );
}

#[test]
fn e_and_yo_sort_apart_in_the_glossary() {
    let site = small_site();
    site.edit("content/primer/district.yaml", "glossary:\n", "glossary:\n  - term: ЁЛКА\n    full: ёлка\n  - term: ЖЭК\n    full: жилищно-эксплуатационная контора\n  - term: ЕГЭ\n    full: единый государственный экзамен\n");
    let out = site.dir.path().join("public");
    build_ok(site.dir.path(), &out);
    let html = read(&out, "primer/glossary.html");
    let e = html.find("<dfn>ЕГЭ</dfn>").expect("ЕГЭ");
    let yo = html.find("<dfn>ЁЛКА</dfn>").expect("ЁЛКА");
    let zh = html.find("<dfn>ЖЭК</dfn>").expect("ЖЭК");
    assert!(e < yo && yo < zh, "Е, then Ё, then Ж");
}

#[test]
fn abbreviations_are_marked_longest_first() {
    let html = read(&public(), "vasileostrovsky/shnor-2023/index.html");
    assert!(
        html.contains(">ОО\u{a0}РПП</abbr>") || html.contains(">ОО РПП</abbr>"),
        "ОО РПП as one abbreviation"
    );
    assert!(html.contains("<abbr title=\"общеобразовательные организации, находящиеся в ведении администрации Василеостровского района района.\">ОО</abbr>"));
    assert!(
        html.contains("class=\"abbr\" href=\"../glossary.html#g-shnor\">"),
        "first ШНОР links to the glossary"
    );
}

#[test]
fn typography_binds_short_words_and_numbers() {
    let html = read(&public(), "kirovsky/shnor-2023/index.html");
    assert!(html.contains("в\u{a0}соответствии"), "short word + NBSP");
    assert!(html.contains("№\u{a0}847"), "№ + NBSP");
    assert!(html.contains("Ю.В.\u{a0}Ступак"), "initials + NBSP");
}

#[test]
fn timeline_and_calendar_pages() {
    let html = read(&public(), "kirovsky/shnor-2023/timeline.html");
    assert!(html.contains("<svg"), "timeline drawn");
    assert!(html.contains("Те же сроки текстом"));
    let cal = read(&public(), "calendar.html");
    assert!(has_id(&cal, "m-2023-03"), "March 2023");
    assert!(cal.contains("Март 2023"));
}

#[test]
fn open_data_parses_back() {
    let json: serde_json::Value = serde_json::from_str(&read(
        &public(),
        "livensky/programma-2023/livensky-programma-2023.json",
    ))
    .expect("json");
    let text = json.to_string();
    assert!(text.contains("\"2023-10-01\""));
    let index: serde_json::Value =
        serde_json::from_str(&read(&public(), "data/site.json")).expect("site json");
    assert!(index.to_string().contains("kirovsky"));
    let csv =
        std::fs::read(public().join("kirovsky/shnor-2023/kirovsky-shnor-2023.csv")).expect("csv");
    assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    let csv_text = String::from_utf8(csv[3..].to_vec()).expect("utf-8");
    assert!(csv_text.lines().next().unwrap_or("").contains(';'));
    let ics = read(&public(), "kirovsky/shnor-2023/kirovsky-shnor-2023.ics");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    for line in ics.split("\r\n") {
        assert!(line.len() <= 75, "folded: {line}");
        assert!(!line.contains('\n'));
    }
    assert!(ics.contains("BEGIN:VEVENT"));
    let body_ics = read(&public(), "kirovsky/bodies/coko-imc/kirovsky-coko-imc.ics");
    assert!(body_ics.contains("BEGIN:VEVENT"));
}

/// `href`/`src` values of a page.
/// Links of the page's own elements: code shown in a `<textarea>` is text.
fn links(html: &str) -> Vec<String> {
    let mut own = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<textarea") {
        own.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</textarea>")
            .map_or("", |end| &rest[start + end..]);
    }
    own.push_str(rest);
    let mut out = attr_values(&own, "href");
    out.extend(attr_values(&own, "src"));
    out
}

#[test]
fn every_relative_link_resolves() {
    let all = files(&public());
    let mut checked = 0;
    for (path, bytes) in &all {
        if !path.ends_with(".html") || path == "404.html" || path.ends_with("fragment.html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = Path::new(path).parent().unwrap_or(Path::new(""));
        for link in links(&html) {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("АДРЕС-САЙТА")
            {
                continue;
            }
            let (file, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(f, a)| (f, Some(a)));
            let target = if file.is_empty() {
                PathBuf::from(path)
            } else {
                normalise(&dir.join(file))
            };
            let key = target.to_string_lossy().replace('\\', "/");
            let Some(target_bytes) = all.get(&key) else {
                panic!("{path}: broken link {link} → {key}")
            };
            if let Some(id) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8_lossy(target_bytes);
                assert!(
                    has_id(&target_html, id),
                    "{path}: {link}: no id {id} in {key}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links");
}

fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[test]
fn no_external_resources() {
    for (path, bytes) in files(&public()) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(&bytes);
        for link in links(&html) {
            let external_asset =
                (link.ends_with(".css") || link.ends_with(".js") || link.contains("fonts."))
                    && link.contains("://");
            assert!(!external_asset, "{path}: external asset {link}");
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = tempfile::tempdir().expect("tempdir");
    build_ok(&repo(), &dir.path().join("a"));
    build_ok(&repo(), &dir.path().join("b"));
    let a = files(&dir.path().join("a"));
    let b = files(&dir.path().join("b"));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b.get(k) == Some(v), "{k} differs");
    }
}

struct SmallSite {
    dir: tempfile::TempDir,
}

impl SmallSite {
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.dir.path().join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{from:?} not in {rel}");
        std::fs::write(path, text.replacen(from, to, 1)).expect("write");
    }
}

/// A fresh site made by `vekha init`.
fn small_site() -> SmallSite {
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    SmallSite { dir }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = small_site();
    let out = site.dir.path().join("public");
    build_ok(site.dir.path(), &out);
    let before = files(&out);
    site.edit(
        "content/primer/plan-2025.md",
        "updated: 2025-03-20",
        "updated: 2025-13-45",
    );
    let report = build(
        &options(site.dir.path().to_path_buf(), out.clone()),
        today(),
    );
    assert!(report.summary.is_none(), "the build must fail");
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("такой даты нет: «2025-13-45»")));
    assert_eq!(files(&out), before, "previous output intact");
}

#[test]
fn scripts_in_sources_do_not_reach_pages() {
    let site = small_site();
    site.edit(
        "content/primer/plan-2025.md",
        "**Цель:**",
        "<script>alert(1)</script> <img src=x onerror=alert(2)> **Цель:**",
    );
    site.edit(
        "content/primer/plan-2025.md",
        "text: Анализ результатов ВПР",
        "text: \"Анализ <script>alert(3)</script> ВПР\"",
    );
    let out = site.dir.path().join("public");
    build_ok(site.dir.path(), &out);
    for (path, bytes) in files(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
    {
        let text = String::from_utf8_lossy(&bytes).to_lowercase();
        assert!(
            !text.contains("<script>alert"),
            "{path}: a script reached the page"
        );
        assert!(
            !text.contains("<img"),
            "{path}: an element with onerror= reached the page"
        );
    }
    let page = read(&out, "primer/plan-2025/index.html");
    assert!(
        page.contains("&lt;script") && page.contains("&lt;img src=x onerror=alert(2)"),
        "shown as text"
    );
}

#[test]
fn output_folder_that_would_destroy_sources_is_refused() {
    let site = small_site();
    for bad in [
        site.dir.path().to_path_buf(),
        site.dir.path().join("content"),
        PathBuf::from("/"),
    ] {
        let report = build(
            &options(site.dir.path().to_path_buf(), bad.clone()),
            today(),
        );
        assert!(
            report.summary.is_none(),
            "{} must be refused",
            bad.display()
        );
        assert!(report
            .diagnostics
            .iter()
            .any(|d| d.message.contains("собирать сайт нельзя")));
    }
    assert!(site.dir.path().join("content/site.yaml").is_file());
}

#[test]
fn init_then_build_works_outside_the_repository() {
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = env!("CARGO_BIN_EXE_vekha");
    let status = Command::new(bin)
        .args(["init", "сайт"])
        .current_dir(dir.path())
        .status()
        .expect("run init");
    assert!(status.success());
    let out = Command::new(bin)
        .arg("build")
        .current_dir(dir.path().join("сайт"))
        .env("NO_COLOR", "1")
        .output()
        .expect("run build");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Сайт собран: планов 1"), "{stderr}");
    let site = dir.path().join("сайт/public");
    assert!(site.join("index.html").is_file());
    assert!(site.join("primer/plan-2025/index.html").is_file());
    assert!(site.join("assets/vekha.css").is_file());
    // init refuses to overwrite.
    let again = Command::new(bin)
        .args(["init", "сайт"])
        .current_dir(dir.path())
        .output()
        .expect("run init");
    assert!(!again.status.success());
}

#[test]
fn sitemap_and_robots() {
    let sitemap = read(&public(), "sitemap.xml");
    assert!(
        sitemap.contains("<loc>kirovsky/shnor-2023/index.html</loc>"),
        "relative without base_url"
    );
    let site = small_site();
    site.edit(
        "content/site.yaml",
        "title:",
        "base_url: https://imc.example.ru/karty\ntitle:",
    );
    let out = site.dir.path().join("public");
    build_ok(site.dir.path(), &out);
    assert!(read(&out, "sitemap.xml")
        .contains("<loc>https://imc.example.ru/karty/primer/plan-2025/index.html</loc>"));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://imc.example.ru/karty/sitemap.xml"));
    let plan = read(&out, "primer/plan-2025/index.html");
    assert!(
        plan.contains("https://imc.example.ru/karty/primer/plan-2025/embed.html"),
        "iframe snippet with the absolute address"
    );
}

/// Without the site's address a school is never offered a snippet with a
/// placeholder to paste as it is; the page says what the webmaster must do.
/// The 404 page links from the host's root, so it works at any depth.
#[test]
fn without_base_url_no_placeholder_snippet_and_a_rooted_404() {
    let html = read(&public(), "kirovsky/shnor-2023/index.html");
    assert!(!html.contains("id=iframe-code"), "no snippet to paste");
    assert!(!html.contains("АДРЕС-САЙТА"), "no placeholder");
    assert!(
        html.contains("base_url: https://адрес-вашего-сайта/"),
        "what to do"
    );
    let body = read(&public(), "kirovsky/bodies/coko-imc/index.html");
    assert!(!body.contains("id=iframe-code") && body.contains("content/site.yaml"));
    let not_found = read(&public(), "404.html");
    assert!(
        not_found.contains("href=/assets/vekha.css")
            || not_found.contains("href=\"/assets/vekha.css\"")
    );
    assert!(not_found.contains("href=/index.html") || not_found.contains("href=\"/index.html\""));
}

/// The publisher from site.yaml: the logo in every header, the tab's icon,
/// the organisation and contacts in every footer, the «О сайте» page; a
/// logo that is not there is reported at its line, with the fix.
#[test]
fn the_publisher_shows_on_every_page_and_a_missing_logo_is_reported() {
    let site = small_site();
    let root = site.dir.path();
    std::fs::write(
        root.join("content/Логотип ИМЦ.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .expect("logo");
    std::fs::write(root.join("content/icon.png"), b"\x89PNG\r\n\x1a\n").expect("icon");
    site.edit(
        "content/site.yaml",
        "# organisation:",
        "organisation:\n  name: ИМЦ Примерного района\n  url: https://imc.example.ru/\n\
         logo: Логотип ИМЦ.svg\nfavicon: icon.png\n\
         contacts: 'Телефон: +7 (812) 000-00-00, почта <imc@example.ru>'\n\
         about: Здесь **публикуются** планы района.\n#",
    );
    let out = root.join("public");
    build_ok(root, &out);
    for page in [
        "index.html",
        "primer/index.html",
        "primer/plan-2025/index.html",
        "about.html",
    ] {
        let html = read(&out, page);
        let up = "../".repeat(page.matches('/').count());
        let (src, href) = (attr_values(&html, "src"), attr_values(&html, "href"));
        assert!(
            src.contains(&format!("{up}assets/site-logo.svg")),
            "{page}: logo"
        );
        assert!(
            href.contains(&format!("{up}assets/site-icon.png")),
            "{page}: icon"
        );
        assert!(
            href.contains(&format!("{up}about.html")),
            "{page}: about link"
        );
        assert!(
            href.contains(&"mailto:imc@example.ru".to_string()),
            "{page}: contacts"
        );
        assert!(
            html.contains(">ИМЦ Примерного района</a>.</p>"),
            "{page}: organisation"
        );
    }
    assert!(read(&out, "about.html").contains("Здесь <strong>публикуются</strong> планы района."));
    assert_eq!(files(&out)["assets/site-icon.png"], b"\x89PNG\r\n\x1a\n");
    assert!(read(&out, "sitemap.xml").contains("about.html"));

    site.edit(
        "content/site.yaml",
        "logo: Логотип ИМЦ.svg",
        "logo: logo.png",
    );
    let report = build(&options(root.to_path_buf(), out.clone()), today());
    let text = messages(&report);
    assert!(text.contains("нет файла content/logo.png"), "{text}");
    assert!(text.contains("content/site.yaml:10:7"), "{text}");
    // The icon is still used; the logo no longer named is not.
    assert!(!text.contains("content/icon.png"), "{text}");
    assert!(
        text.contains("content/Логотип ИМЦ.svg\n   = подсказка: в content/ читаются"),
        "{text}"
    );
    assert!(text.contains("положите логотип в папку content/"), "{text}");
    assert!(
        read(&out, "about.html").contains("site-logo.svg"),
        "the previous site stays"
    );

    // Contacts are in every footer: a relative link would lead elsewhere
    // from each page.
    site.edit(
        "content/site.yaml",
        "logo: logo.png",
        "logo: Логотип ИМЦ.svg",
    );
    site.edit(
        "content/site.yaml",
        "почта <imc@example.ru>",
        "[положение](files/polozhenie.pdf)",
    );
    let text = messages(&build(&options(root.to_path_buf(), out.clone()), today()));
    assert!(
        text.contains("ссылка «files/polozhenie.pdf» в контактах"),
        "{text}"
    );
}

/// The list for FTP: an unchanged rebuild changes nothing; an edit lists
/// exactly the files whose bytes changed; a renamed plan lists its old
/// files as removed. The marker is never listed.
#[test]
fn a_rebuild_lists_what_to_upload_and_what_to_delete() {
    let site = small_site();
    let root = site.dir.path();
    let out = root.join("public");
    let report = build(&options(root.to_path_buf(), out.clone()), today());
    let first = report.changes.expect("a first build has changes");
    assert!(!first.compared);
    assert_eq!(
        first.changed.len(),
        files(&out).len() - 1,
        "every file but the marker"
    );

    let before = files(&out);
    let again = build(&options(root.to_path_buf(), out.clone()), today());
    let same = again.changes.expect("changes");
    assert!(
        same.compared && same.changed.is_empty() && same.removed.is_empty(),
        "{same:?}"
    );

    site.edit(
        "content/primer/plan-2025.md",
        "Анализ результатов ВПР",
        "Анализ итогов ВПР",
    );
    let edited = build(&options(root.to_path_buf(), out.clone()), today())
        .changes
        .expect("changes");
    let after = files(&out);
    let differing: Vec<String> = after
        .iter()
        .filter(|(path, bytes)| {
            path.as_str() != vekha::build::MARKER && before.get(*path) != Some(*bytes)
        })
        .map(|(path, _)| path.clone())
        .collect();
    assert_eq!(edited.changed, differing);
    assert!(edited
        .changed
        .contains(&"primer/plan-2025/index.html".to_string()));
    assert!(edited.removed.is_empty());

    std::fs::rename(
        root.join("content/primer/plan-2025.md"),
        root.join("content/primer/plan-2026.md"),
    )
    .expect("rename");
    let renamed = build(&options(root.to_path_buf(), out.clone()), today())
        .changes
        .expect("changes");
    assert!(
        renamed
            .removed
            .contains(&"primer/plan-2025/index.html".to_string()),
        "{renamed:?}"
    );
    assert!(renamed
        .changed
        .contains(&"primer/plan-2026/index.html".to_string()));
    assert!(renamed.removed.iter().all(|p| !out.join(p).exists()));
    let list = renamed.list();
    assert!(list.contains("# Удалённые файлы ("), "{list}");
    assert!(
        list.contains("\nprimer/plan-2025/index.html")
            || list.contains("\r\nprimer/plan-2025/index.html")
    );
}

/// What Windows and Office leave in folders by themselves is neither
/// published nor reported: Explorer's desktop.ini and Thumbs.db, Word's
/// owner file of an open document, LibreOffice's lock file.
#[test]
fn windows_and_office_clutter_is_passed_over_in_silence() {
    let site = small_site();
    let root = site.dir.path();
    for rel in [
        "content/desktop.ini",
        "content/primer/desktop.ini",
        "content/primer/Thumbs.db",
        "content/primer/~$ан 2025.docx",
        "content/primer/.~lock.План 2025.docx#",
    ] {
        std::fs::write(root.join(rel), b"[.ShellClassInfo]").expect("write");
    }
    let out = root.join("public");
    let report = build(&options(root.to_path_buf(), out.clone()), today());
    let text = messages(&report);
    assert!(report.summary.is_some(), "{text}");
    assert!(!text.contains("не используется"), "{text}");
    let published: Vec<String> = files(&out)
        .into_keys()
        .filter(|p| p.contains("files/"))
        .collect();
    assert!(published.is_empty(), "{published:?}");
}

#[test]
fn html_is_minified_but_entities_survive() {
    let html = read(&public(), "kirovsky/shnor-2023/index.html");
    assert!(!html.contains("\n\n"), "minified");
    let textarea = &html[html.find("id=fragment-code").expect("fragment code")..];
    assert!(
        textarea.contains("&lt;table"),
        "the fragment is shown as text"
    );
    assert!(!html.contains("<table style="), "only inside the textarea");
}

#[test]
fn plans_without_dates_publish_no_empty_calendar() {
    let dir = public().join("centralny/klaster-intellektualnogo-obrazovaniya");
    assert!(!dir
        .join("centralny-klaster-intellektualnogo-obrazovaniya.ics")
        .exists());
    let html = read(&dir, "index.html");
    assert!(
        !html.contains(".ics"),
        "no link to a calendar that does not exist"
    );
    assert!(dir
        .join("centralny-klaster-intellektualnogo-obrazovaniya.json")
        .exists());
}

#[test]
fn a_foreign_folder_is_never_replaced() {
    let site = small_site();
    let foreign = site.dir.path().join("photos");
    std::fs::create_dir_all(&foreign).expect("mkdir");
    std::fs::write(foreign.join("a.txt"), "мои фото").expect("write");
    let report = build(
        &options(site.dir.path().to_path_buf(), foreign.clone()),
        today(),
    );
    assert!(
        report.summary.is_none(),
        "a folder with someone's files must be refused"
    );
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("собрана не программой")));
    assert_eq!(
        std::fs::read_to_string(foreign.join("a.txt")).expect("kept"),
        "мои фото"
    );
    // A folder Vekha built is replaced on the next build.
    let out = site.dir.path().join("public");
    build_ok(site.dir.path(), &out);
    build_ok(site.dir.path(), &out);
    assert!(out.join(vekha::build::MARKER).is_file());
}

#[test]
fn attachments_are_published_and_the_signature_is_linked() {
    let site = small_site();
    std::fs::write(
        site.dir.path().join("content/primer/Приказ 12-р.sig"),
        b"signature bytes",
    )
    .expect("write");
    site.edit(
        "content/primer/plan-2025.md",
        "updated:",
        "signature_file: Приказ 12-р.sig\nupdated:",
    );
    let out = site.dir.path().join("public");
    build_ok(site.dir.path(), &out);
    assert_eq!(
        std::fs::read(out.join("primer/files/prikaz-12-r.sig")).expect("published"),
        b"signature bytes"
    );
    let html = read(&out, "primer/plan-2025/index.html");
    assert!(
        attr_values(&html, "href")
            .iter()
            .any(|h| h == "../files/prikaz-12-r.sig"),
        "linked"
    );
    assert!(html.contains("Электронная подпись документа"));
    assert!(html.contains("(SIG, 15 байт)"));
}

#[test]
fn plan_pages_offer_the_pdf_and_docx_with_format_and_size() {
    let html = read(&public(), "kirovsky/shnor-2023/index.html");
    let hrefs = attr_values(&html, "href");
    assert!(hrefs.iter().any(|h| h == "kirovsky-shnor-2023.pdf"));
    assert!(hrefs.iter().any(|h| h == "kirovsky-shnor-2023.docx"));
    assert!(
        html.contains("(PDF, ") && html.contains("(DOCX, "),
        "format and size shown"
    );
    let pdf =
        std::fs::read(public().join("kirovsky/shnor-2023/kirovsky-shnor-2023.pdf")).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let school = &html[html.find("id=school").expect("school block")..];
    assert!(
        school.contains("kirovsky-shnor-2023.pdf"),
        "offered for the school's document library"
    );
    let (pdf_at, docx_at) = (
        school.find("kirovsky-shnor-2023.pdf"),
        school.find("kirovsky-shnor-2023.docx"),
    );
    assert!(
        pdf_at < docx_at && docx_at.is_some(),
        "the official PDF first, then the DOCX, as in the page's list"
    );
}

/// A rebuild links files whose bytes did not change to the previous build
/// (no new inode, nothing written) and writes the changed ones anew.
#[cfg(unix)]
#[test]
fn a_rebuild_links_unchanged_files_and_rewrites_changed_ones() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);
    let inode = |rel: &str| std::fs::metadata(out.join(rel)).expect(rel).ino();
    let css = inode("assets/vekha.css");
    let plan_page = inode("primer/plan-2025/index.html");
    build_ok(dir.path(), &out);
    assert_eq!(inode("assets/vekha.css"), css, "unchanged file linked");
    assert_eq!(inode("primer/plan-2025/index.html"), plan_page);

    let plan = dir.path().join("content/primer/plan-2025.md");
    common::edit(&plan, "Анализ результатов ВПР", "Анализ итогов ВПР");
    build_ok(dir.path(), &out);
    assert_eq!(inode("assets/vekha.css"), css);
    assert_ne!(
        inode("primer/plan-2025/index.html"),
        plan_page,
        "changed file rewritten"
    );
    assert!(read(&out, "primer/plan-2025/index.html").contains("Анализ итогов ВПР"));
}

/// A page of an unchanged district that was edited, deleted or added by
/// hand in the output is put right by the next build; the other district
/// is still taken from the previous build as it is.
#[cfg(unix)]
#[test]
fn a_rebuild_puts_right_what_was_changed_by_hand_in_the_output() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().expect("tempdir");
    common::two_district_site(dir.path());
    let out = dir.path().join("public");
    let fresh = dir.path().join("fresh");
    build_ok(dir.path(), &out);
    build_ok(dir.path(), &fresh);
    let other = "vtoroy/plan-2025/index.html";
    let other_inode = std::fs::metadata(out.join(other)).expect(other).ino();
    // A hand change gets a time after the build's marker file: set here,
    // since the clock may not have ticked since the build.
    let after_build = |path: &Path| {
        let marker = std::fs::metadata(out.join(vekha::build::MARKER)).expect("marker");
        let later = marker.modified().expect("mtime") + std::time::Duration::from_secs(2);
        std::fs::File::open(path)
            .and_then(|f| f.set_modified(later))
            .expect("set time");
    };
    let page = out.join("primer/plan-2025/index.html");
    let hand_changes: [(&str, &dyn Fn()); 3] = [
        ("edited", &|| {
            std::fs::write(&page, "<p>правка вручную</p>").expect("edit");
            after_build(&page);
        }),
        ("deleted", &|| {
            std::fs::remove_file(out.join("primer/plan-2025/timeline.html")).expect("delete");
            after_build(&out.join("primer/plan-2025"));
        }),
        ("added", &|| {
            let extra = out.join("primer/bodies/lishnyaya.html");
            std::fs::write(&extra, "<p>лишняя</p>").expect("add");
            after_build(&out.join("primer/bodies"));
        }),
    ];
    for (what, change) in hand_changes {
        change();
        build_ok(dir.path(), &out);
        assert_eq!(files(&out), files(&fresh), "a page {what} by hand");
        let inode = std::fs::metadata(out.join(other)).expect(other).ino();
        assert_eq!(inode, other_inode, "untouched district linked ({what})");
    }
}

/// On a large site the site-wide calendar and home page summarise, and
/// every district has a calendar of its own.
#[test]
fn a_large_site_summarises_its_calendar_and_home_page() {
    let dir = tempfile::tempdir().expect("tempdir");
    let corpus = vekha::corpus::CorpusOptions {
        plans: 40,
        plans_per_district: 4,
        seed: 3,
    };
    vekha::corpus::generate(&repo().join("content"), dir.path(), &corpus).expect("corpus");
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);
    let calendar = read(&out, "calendar.html");
    assert!(
        calendar.contains("class=calendar-districts")
            || calendar.contains("class=\"calendar-districts\"")
    );
    assert!(
        calendar.contains("rayon-00000/calendar.html#m-"),
        "links to district months"
    );
    let district_calendar = read(&out, "rayon-00000/calendar.html");
    assert!(
        district_calendar.contains("plan-01/index.html#"),
        "district calendar lists items"
    );
    let home = read(&out, "index.html");
    assert!(home.contains("rayon-00000/plan-01/index.html"));
    assert!(
        !home.contains("class=now-next"),
        "no «now / next» on a large home page"
    );
    // The small seed site keeps the detailed calendar.
    let seeds = read(&public(), "calendar.html");
    assert!(!seeds.contains("calendar-districts"));
    assert!(read(&public(), "index.html").contains("class=now-next"));
    assert!(seeds.contains("kirovsky/shnor-2023/index.html#"));
}

/// Past 300 plans the home page lists districts, not plans, and a site of
/// several regions has a calendar per region between the site's and the
/// districts' ones.
#[test]
fn a_national_site_lists_districts_and_has_region_calendars() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::large_site(dir.path(), 10, 31);
    let out = dir.path().join("public");
    let mut options = options(dir.path().to_path_buf(), out.clone());
    options.documents = false;
    let report = build(&options, today());
    assert!(report.summary.is_some(), "the large site builds");

    let home = read(&out, "index.html");
    assert!(home.contains("href=d01/index.html") || home.contains("href=\"d01/index.html\""));
    assert!(home.contains("31 план"), "plan counts on the home page");
    assert!(
        !home.contains("d01/plan-01/index.html"),
        "plans are listed on district pages, not on the home page"
    );
    assert!(home.contains("regions/leningradskaia-oblast/calendar.html"));
    assert!(home.contains("regions/sankt-peterburg/calendar.html"));

    let site_calendar = read(&out, "calendar.html");
    assert!(site_calendar.contains("regions/sankt-peterburg/calendar.html#m-2025-03"));
    assert!(
        !site_calendar.contains("d02/calendar.html"),
        "the site calendar counts regions, not districts"
    );
    // Five even districts of 31 plans, each with one item in March 2025
    // (and «1.2.1», due by 10 April, is in April).
    assert!(site_calendar.contains("155 пунктов"), "{site_calendar}");

    let region = read(&out, "regions/sankt-peterburg/calendar.html");
    assert!(region.contains("../../d02/calendar.html#m-2025-03"));
    assert!(region.contains("Календарь мероприятий: Санкт-Петербург"));
    assert!(
        !region.contains("d01/calendar.html"),
        "only its own districts"
    );
    assert!(read(&out, "sitemap.xml").contains("regions/sankt-peterburg/calendar.html"));

    // Counted in parallel and in hash maps, the same bytes every time.
    let again = dir.path().join("again");
    let report = build(
        &BuildOptions {
            out: again.clone(),
            ..options
        },
        today(),
    );
    assert!(report.summary.is_some());
    assert!(
        files(&out) == files(&again),
        "two builds of the large site differ"
    );
}

/// A rebuild takes unchanged districts from the previous build and renders
/// the rest; the result equals a build from scratch, also after a change of
/// the site settings (which every page shows).
#[test]
fn a_rebuild_reuses_unchanged_districts_and_equals_a_fresh_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::two_district_site(dir.path());
    let content = dir.path().join("content");
    let out = dir.path().join("public");
    build_ok(dir.path(), &out);
    let plan = content.join("primer/plan-2025.md");
    common::edit(&plan, "Анализ результатов ВПР", "Анализ итогов ВПР");
    build_ok(dir.path(), &out);
    let fresh = dir.path().join("fresh");
    build_ok(dir.path(), &fresh);
    assert_eq!(
        files(&out),
        files(&fresh),
        "reused + rendered = from scratch"
    );
    assert!(read(&out, "primer/plan-2025/index.html").contains("Анализ итогов ВПР"));

    let site = content.join("site.yaml");
    let settings = std::fs::read_to_string(&site).expect("read");
    let title = settings
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .expect("title")
        .to_string();
    std::fs::write(&site, settings.replacen(&title, "Переименованный сайт", 1)).expect("edit");
    build_ok(dir.path(), &out);
    assert!(read(&out, "vtoroy/plan-2025/index.html").contains("Переименованный сайт"));
    std::fs::remove_dir_all(&fresh).expect("clean");
    build_ok(dir.path(), &fresh);
    assert_eq!(files(&out), files(&fresh));
}

fn messages(report: &vekha::build::BuildReport) -> String {
    report
        .diagnostics
        .iter()
        .map(|d| vekha::diagnostics::render(d, &report.sources, false))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A link in content/ that leads out of it publishes nothing and quotes
/// nothing of its target; a link to a file inside content/ is followed.
#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_not_followed() {
    let site = small_site();
    let root = site.dir.path();
    let outside = tempfile::tempdir().expect("tempdir");
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "СЕКРЕТНАЯ СТРОКА\nвторая\n").expect("secret");
    let district = root.join("content/primer");
    std::os::unix::fs::symlink(&secret, district.join("passwd.pdf")).expect("link");
    std::os::unix::fs::symlink(&secret, district.join("tajny-plan.md")).expect("link");
    std::fs::create_dir(root.join("scans")).expect("scans");
    std::fs::write(root.join("scans/vne.pdf"), b"%PDF-1.4 outside").expect("scan");
    std::os::unix::fs::symlink(root.join("scans/vne.pdf"), district.join("vne.pdf")).expect("link");
    std::fs::create_dir(district.join("originaly")).expect("folder");
    std::fs::write(district.join("originaly/prikaz.pdf"), b"%PDF-1.4 inside").expect("scan");
    std::os::unix::fs::symlink(
        district.join("originaly/prikaz.pdf"),
        district.join("prikaz.pdf"),
    )
    .expect("link");
    let out = root.join("public");
    let report = build(&options(root.to_path_buf(), out.clone()), today());
    let text = messages(&report);
    assert!(report.summary.is_some(), "{text}");
    assert!(!text.contains("СЕКРЕТНАЯ"), "{text}");
    assert_eq!(
        text.matches("символическая ссылка ведёт за пределы папки content")
            .count(),
        3,
        "{text}"
    );
    assert!(text.contains("content/primer/passwd.pdf"), "{text}");
    for (path, bytes) in files(&out) {
        assert!(
            !path.contains("passwd") && !path.contains("tajny") && !path.contains("vne.pdf"),
            "{path}"
        );
        assert!(
            !String::from_utf8_lossy(&bytes).contains("СЕКРЕТНАЯ"),
            "{path}"
        );
    }
    assert_eq!(
        std::fs::read(out.join("primer/files/prikaz.pdf")).expect("linked scan"),
        b"%PDF-1.4 inside"
    );
}

/// While one build holds the output, a second is refused before it
/// touches anything; processes started together never publish a mix.
#[test]
fn two_builds_into_one_folder_do_not_mix() {
    let site = small_site();
    let root = site.dir.path();
    let out = root.join("public");
    build_ok(root, &out);
    let before = files(&out);
    let lock = std::fs::File::open(root.join(".public.vekha-lock")).expect("lock file");
    lock.try_lock()
        .expect("take the lock as a running build would");
    let report = build(&options(root.to_path_buf(), out.clone()), today());
    assert!(report.summary.is_none());
    assert!(messages(&report).contains("уже собирает сайт другая команда"));
    assert_eq!(files(&out), before);
    drop(lock);
    // Real processes, started at once.
    let bin = env!("CARGO_BIN_EXE_vekha");
    for _ in 0..3 {
        let runs: Vec<_> = (0..3)
            .map(|_| {
                Command::new(bin)
                    .args(["build", "--no-documents", "--date", "2023-06-15"])
                    .current_dir(root)
                    .env("NO_COLOR", "1")
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("start a build")
            })
            .collect();
        let outputs: Vec<_> = runs
            .into_iter()
            .map(|r| r.wait_with_output().expect("build"))
            .collect();
        for o in &outputs {
            let stderr = String::from_utf8_lossy(&o.stderr);
            assert!(
                o.status.success() || stderr.contains("уже собирает сайт другая команда"),
                "{stderr}"
            );
        }
        assert!(outputs.iter().any(|o| o.status.success()));
        let fresh = tempfile::tempdir().expect("tempdir");
        let status = Command::new(bin)
            .args(["build", "--no-documents", "--date", "2023-06-15", "--out"])
            .arg(fresh.path().join("site"))
            .current_dir(root)
            .status()
            .expect("fresh build");
        assert!(status.success());
        let (got, want) = (files(&out), files(&fresh.path().join("site")));
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>()
        );
        for (k, v) in &want {
            assert!(got.get(k) == Some(v) || k == ".vekha-site", "{k} differs");
        }
    }
}

/// A build killed between the two renames of its swap leaves the site
/// aside as `.public.vekha-old` and no `public/`: the next build, failing
/// or not, puts it back first and never deletes it.
#[test]
fn a_swap_cut_short_is_recovered_by_the_next_build() {
    let site = small_site();
    let root = site.dir.path();
    let out = root.join("public");
    build_ok(root, &out);
    let before = files(&out);
    let old = root.join(".public.vekha-old");
    let half_new = root.join(".public.vekha-new");
    let cut_short = || {
        std::fs::rename(&out, &old).expect("first rename");
        std::fs::create_dir_all(half_new.join("primer")).expect("staging");
        std::fs::write(half_new.join("primer/index.html"), "half").expect("staging file");
    };
    cut_short();
    site.edit(
        "content/primer/plan-2025.md",
        "updated: 2025-03-20",
        "updated: 2025-13-45",
    );
    let report = build(&options(root.to_path_buf(), out.clone()), today());
    assert!(report.summary.is_none(), "the sources are broken");
    let text = messages(&report);
    assert!(
        text.contains("прежняя версия возвращена на место"),
        "{text}"
    );
    assert_eq!(files(&out), before, "the previous site is back");
    assert!(!old.exists());

    cut_short();
    site.edit(
        "content/primer/plan-2025.md",
        "updated: 2025-13-45",
        "updated: 2025-03-20",
    );
    build_ok(root, &out);
    assert_eq!(
        files(&out).keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>()
    );
    assert!(!old.exists() && !half_new.exists());
}

/// `--out` naming a file is refused before anything is touched, and so
/// is a path into content/ that goes through a link to the site root.
#[test]
fn out_that_is_a_file_or_leads_into_content_is_refused() {
    let site = small_site();
    let root = site.dir.path();
    let notes = root.join("notes.txt");
    std::fs::write(&notes, "мои заметки").expect("notes");
    let report = build(&options(root.to_path_buf(), notes.clone()), today());
    assert!(report.summary.is_none());
    assert!(messages(&report).contains("это файл, а не папка"));
    assert_eq!(
        std::fs::read_to_string(&notes).expect("notes"),
        "мои заметки"
    );
    assert!(!root.join(".notes.txt.vekha-old").exists());
    #[cfg(unix)]
    {
        let elsewhere = tempfile::tempdir().expect("tempdir");
        let alias = elsewhere.path().join("alias");
        std::os::unix::fs::symlink(root, &alias).expect("link");
        let out = alias.join("content/site");
        let report = build(&options(root.to_path_buf(), out), today());
        assert!(report.summary.is_none());
        assert!(messages(&report).contains("собирать сайт нельзя"));
        assert!(!root.join("content/site").exists());
    }
}
