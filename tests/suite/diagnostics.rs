//! One test per diagnostic of `vekha check`: a small site with one defect,
//! asserting the Russian message and the file:line:column it points at.

use std::path::Path;
use std::process::Command;

use vekha::diagnostics::{Diagnostic, Severity, SourceMap};

const SITE: &str = "title: Тестовый сайт\n";

const DISTRICT: &str = "\
name: Примерный район
kind: city_district
region: Санкт-Петербург
bodies:
  - id: imc
    name: ИМЦ
  - id: coko
    name: ЦОКО ИМЦ
    aliases: [ЦОКО]
    parent: imc
  - id: ar
    name: АР
glossary:
  - term: ИМЦ
    full: Информационно-методический центр
  - term: ЦОКО
    full: Центр оценки качества образования
  - term: АР
    full: Администрация района
";

/// A plan whose line numbers the tests rely on: the first row is on line 15.
const PLAN: &str = "\
---
title: План мероприятий ИМЦ на 2023 год
updated: 2023-03-20
period: 2023 год
---

Вводный абзац про АР.

```table
columns:
  - key: number
    title: №
  - key: text
    title: Мероприятия
  - key: responsible
    title: Ответственные
  - key: period
    title: Сроки
items:
  - number: \"1.1\"
    text: Анализ результатов
    responsible: ИМЦ, ЦОКО
    period: Март 2023
  - number: \"1.2\"
    text: Семинар
    responsible: АР
    period: До 10 апреля 2023
```
";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("content/site.yaml", SITE.as_bytes());
        site.write("content/primer/district.yaml", DISTRICT.as_bytes());
        site.write("content/primer/plan.md", PLAN.as_bytes());
        site
    }

    fn write(&self, rel: &str, bytes: &[u8]) {
        let path = self.dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    /// Replaces `from` with `to` in a file of the site (must occur).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.dir.path().join(rel);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{from:?} not in {rel}");
        std::fs::write(path, text.replacen(from, to, 1)).expect("write");
    }

    fn check(&self) -> Report {
        // What `vekha check` and `vekha build` run: checks right after each
        // district loads, uncited texts dropped.
        let loaded = vekha::load::load_and_check(self.dir.path());
        Report {
            diagnostics: loaded.diagnostics,
            sources: loaded.sources,
            site: loaded.site,
        }
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }
}

struct Report {
    diagnostics: Vec<Diagnostic>,
    sources: SourceMap,
    site: vekha::model::Site,
}

impl Report {
    /// The only diagnostic whose message starts with `prefix`.
    fn find(&self, prefix: &str) -> &Diagnostic {
        let found: Vec<&Diagnostic> = self
            .diagnostics
            .iter()
            .filter(|d| d.message.starts_with(prefix))
            .collect();
        assert_eq!(
            found.len(),
            1,
            "expected one «{prefix}…», got {:#?}",
            self.diagnostics
        );
        found[0]
    }

    fn location(&self, d: &Diagnostic) -> String {
        match (d.span, &d.path) {
            (Some(span), _) => self.sources.location(span),
            (None, Some(p)) => p.display().to_string(),
            (None, None) => String::new(),
        }
    }

    /// Severity, location and the marked source text of a diagnostic.
    fn at(&self, prefix: &str) -> (Severity, String, String) {
        let d = self.find(prefix);
        let marked = d
            .span
            .map(|s| self.sources.snippet(s).to_string())
            .unwrap_or_default();
        (d.severity, self.location(d), marked)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

const PLAN_MD: &str = "content/primer/plan.md";
const DISTRICT_YAML: &str = "content/primer/district.yaml";

#[test]
fn the_fixture_itself_is_clean() {
    let r = Site::new().check();
    assert_eq!(
        r.count(Severity::Error) + r.count(Severity::Warning),
        0,
        "{:#?}",
        r.diagnostics
    );
}

#[test]
fn broken_yaml() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    text: Семинар",
        "    text: Семинар: для заместителей",
    );
    let r = site.check();
    let (sev, loc, _) = r.at("ошибка синтаксиса YAML: двоеточие с пробелом");
    assert_eq!(sev, Severity::Error);
    assert_eq!(loc, "content/primer/plan.md:25:18");
    assert!(r
        .find("ошибка синтаксиса YAML")
        .help
        .as_deref()
        .unwrap_or("")
        .contains("кавычки"));
}

#[test]
fn unknown_field_suggests_the_right_one() {
    let site = Site::new();
    site.edit(PLAN_MD, "    period: Март 2023", "    perod: Март 2023");
    let r = site.check();
    assert_eq!(
        r.at("неизвестное поле «perod»"),
        (
            Severity::Error,
            "content/primer/plan.md:23:5".into(),
            "perod".into()
        )
    );
    let help = r.find("неизвестное поле").help.clone().unwrap_or_default();
    assert!(
        help.starts_with("возможно, имелось в виду «period»"),
        "{help}"
    );
}

#[test]
fn unknown_field_in_front_matter() {
    let site = Site::new();
    site.edit(PLAN_MD, "updated:", "updatd:");
    let r = site.check();
    assert_eq!(
        r.at("неизвестное поле «updatd»").1,
        "content/primer/plan.md:3:1"
    );
    assert!(r
        .find("неизвестное поле")
        .help
        .as_deref()
        .unwrap_or("")
        .contains("«updated»"));
}

#[test]
fn missing_required_field() {
    let site = Site::new();
    site.edit(DISTRICT_YAML, "region: Санкт-Петербург\n", "");
    let r = site.check();
    let (sev, loc, _) = r.at("не хватает обязательного поля «region»");
    assert_eq!(sev, Severity::Error);
    assert_eq!(loc, "content/primer/district.yaml:1:1");
}

#[test]
fn wrong_type() {
    let site = Site::new();
    site.edit(DISTRICT_YAML, "    aliases: [ЦОКО]", "    aliases: {a: b}");
    let r = site.check();
    let (sev, loc, _) = r.at("неверный тип значения: здесь нужен список");
    assert_eq!(sev, Severity::Error);
    assert_eq!(loc, "content/primer/district.yaml:9:14");
}

#[test]
fn wrong_type_in_a_row() {
    let site = Site::new();
    site.edit(PLAN_MD, "    text: Семинар", "    text: [Семинар]");
    let r = site.check();
    assert_eq!(
        r.at("неверный тип значения: здесь нужен текст").1,
        "content/primer/plan.md:25:11"
    );
}

#[test]
fn a_field_written_twice_is_shown_where_it_repeats() {
    let site = Site::new();
    site.edit(
        DISTRICT_YAML,
        "region: Санкт-Петербург\n",
        "region: Санкт-Петербург\nkind: city_district\n",
    );
    let r = site.check();
    assert_eq!(
        r.at("поле «kind» указано дважды"),
        (
            Severity::Error,
            "content/primer/district.yaml:4:1".into(),
            "kind".into()
        )
    );
    // In a row of a table (read by hand, through serde_yaml's mapping).
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    period: Март 2023\n",
        "    period: Март 2023\n    text: Ещё раз\n",
    );
    let r = site.check();
    assert_eq!(
        r.at("поле «text» указано дважды").1,
        "content/primer/plan.md:24:5"
    );
}

#[test]
fn duplicated_item_number_is_a_warning() {
    let site = Site::new();
    site.edit(PLAN_MD, "  - number: \"1.2\"", "  - number: \"1.1\"");
    let r = site.check();
    let (sev, loc, marked) = r.at("номер «1.1» уже встречается в этой таблице");
    assert_eq!(sev, Severity::Warning);
    assert_eq!(loc, "content/primer/plan.md:24:13");
    assert_eq!(marked, "\"1.1\"");
    assert!(r
        .find("номер")
        .help
        .as_deref()
        .unwrap_or("")
        .contains("plan.md:20:13"));
}

#[test]
fn unknown_body_suggests_the_closest() {
    let site = Site::new();
    site.edit(PLAN_MD, "responsible: ИМЦ, ЦОКО", "responsible: ИМЦ, ЦОК");
    let r = site.check();
    let (sev, loc, marked) = r.at("исполнитель «ЦОК» не найден");
    assert_eq!(sev, Severity::Warning, "published as text, not refused");
    assert_eq!(loc, "content/primer/plan.md:22:23");
    assert_eq!(marked, "ЦОК");
    assert!(r
        .find("исполнитель «ЦОК»")
        .help
        .as_deref()
        .unwrap_or("")
        .starts_with("возможно, имелось в виду «ЦОКО»"));
}

/// Real responsible cells name people, describe groups, or hold names
/// that occur once: published with a warning, never a stopped build; a
/// name in several rows is offered as a body; `not_bodies` silences.
#[test]
fn responsible_text_that_names_no_body_is_a_warning() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "responsible: ИМЦ, ЦОКО",
        "responsible: проектный офис национального проекта",
    );
    site.edit(
        PLAN_MD,
        "responsible: АР",
        "responsible: АР, проектный офис национального проекта",
    );
    let r = site.check();
    assert_eq!(r.count(Severity::Error), 0, "{:#?}", r.diagnostics);
    let found: Vec<_> = r
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("исполнитель «проектный офис"))
        .collect();
    assert_eq!(found.len(), 2, "{:#?}", r.diagnostics);
    assert!(found.iter().all(|d| d.severity == Severity::Warning));
    assert!(
        found[0]
            .help
            .as_deref()
            .unwrap_or("")
            .starts_with("это название стоит в таблице в 2 местах"),
        "{:?}",
        found[0].help
    );
    site.edit(
        DISTRICT_YAML,
        "glossary:",
        "not_bodies: [Проектный офис национального проекта]\nglossary:",
    );
    assert_eq!(site.check().count(Severity::Warning), 0);
}

/// `not_bodies` on a row: `true` makes its whole responsible cell plain
/// text (no links, no warnings); a list silences the names it lists.
#[test]
fn a_row_can_mark_its_responsible_cell_as_plain_text() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "responsible: ИМЦ, ЦОКО",
        "responsible: ИМЦ, Иванова И.И., заместитель директора\n    not_bodies: true",
    );
    site.edit(
        PLAN_MD,
        "responsible: АР",
        "not_bodies: [рабочая группа]\n    responsible: АР, рабочая группа",
    );
    let r = site.check();
    let loud = r.count(Severity::Error) + r.count(Severity::Warning);
    assert_eq!(loud, 0, "{:#?}", r.diagnostics);
    let items = table_items(&r);
    let cell = items[0].responsible.as_ref().expect("cell");
    assert_eq!(cell.text, "ИМЦ, Иванова И.И., заместитель директора");
    assert!(cell.bodies().is_empty(), "a plain cell links nothing");
    let cell = items[1].responsible.as_ref().expect("cell");
    assert_eq!(cell.bodies().len(), 1, "АР stays linked");
    site.edit(PLAN_MD, "not_bodies: true", "not_bodies: 5");
    let (severity, at, _) = site.check().at("неверный тип значения");
    assert_eq!(
        (severity, at.as_str()),
        (Severity::Error, "content/primer/plan.md:23:17")
    );
}

/// Every row of the plan's first table, in document order.
fn table_items(r: &Report) -> Vec<&vekha::model::Item> {
    let plan = &r.site.districts[0].plans[0];
    let table = plan
        .blocks
        .iter()
        .find_map(|b| match b {
            vekha::model::Block::Table(t) => Some(t),
            _ => None,
        })
        .expect("a table");
    table.all_items()
}

/// A plan grouped by years: a year row, a section titled with its year, a
/// section and a table with `year:`. Periods without a year take the
/// nearest; one that gets none says so; one that takes the plan's year is
/// a note.
#[test]
fn periods_take_their_year_from_the_rows_and_sections_above_them() {
    let site = Site::new();
    site.write(
        PLAN_MD,
        "---
title: План
updated: 2023-03-20
---

```table
year: 2020
columns:
  - key: text
    title: Мероприятия
  - key: period
    title: Сроки
items:
  - text: 2021 год
    items:
      - text: Семинар
        period: март
sections:
  - title: 2022/2023 учебный год
    items:
      - text: Совещание
        period: январь – май
  - title: Раздел с годом
    year: 2024
    items:
      - text: Конференция
        period: до 1 октября
  - title: Раздел без года
    items:
      - text: Отчёт
        period: II квартал
```

```table
columns:
  - key: text
    title: Мероприятия
  - key: period
    title: Сроки
items:
  - text: Без года
    period: апрель
```
"
        .as_bytes(),
    );
    let r = site.check();
    assert_eq!(r.count(Severity::Error), 0, "{:#?}", r.diagnostics);
    let dates: Vec<String> = table_items(&r)
        .iter()
        .filter_map(|i| i.period.as_ref())
        .map(|p| format!("{:?}..{:?}", p.start(), p.end()))
        .collect();
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let expected: Vec<String> = [
        ("2021-03-01", "2021-03-31"),
        ("2023-01-01", "2023-05-31"),
        // a deadline runs from the start of its year
        ("2024-01-01", "2024-10-01"),
        ("2020-04-01", "2020-06-30"),
    ]
    .iter()
    .map(|(a, b)| format!("{:?}..{:?}", day(a), day(b)))
    .collect();
    assert_eq!(dates, expected);
    let (severity, at, marked) = r.at("у срока «апрель» нет года");
    assert_eq!(severity, Severity::Warning);
    assert_eq!(
        (at.as_str(), marked.as_str()),
        ("content/primer/plan.md:42:13", "апрель")
    );
    assert_eq!(r.count(Severity::Warning), 1, "{:#?}", r.diagnostics);

    // With a plan period, the row takes the plan's year, and says so.
    site.edit(
        PLAN_MD,
        "updated: 2023-03-20",
        "updated: 2023-03-20\nperiod: 2023 год",
    );
    let r = site.check();
    let (severity, at, _) = r.at("у срока «апрель» нет года: взят из срока плана «2023 год»");
    assert_eq!(
        (severity, at.as_str()),
        (Severity::Note, "content/primer/plan.md:43:13")
    );
    // (the years stated above the other rows now fall outside the plan: warned)
    let yearless = r
        .diagnostics
        .iter()
        .filter(|d| d.message.starts_with("у срока"));
    assert_eq!(yearless.count(), 1, "{:#?}", r.diagnostics);
}

/// A day that does not exist in the plan's year is not a missing year.
#[test]
fn an_impossible_day_in_the_plans_year_is_not_reported_as_yearless() {
    let site = Site::new();
    site.edit(PLAN_MD, "period: Март 2023", "period: 29 февраля");
    let r = site.check();
    let (severity, at, _) = r.at("срок «29 февраля» не распознан как дата");
    assert_eq!(
        (severity, at.as_str()),
        (Severity::Warning, "content/primer/plan.md:23:13")
    );
    assert!(!r.diagnostics.iter().any(|d| d.message.contains("нет года")));
}

#[test]
fn a_year_that_is_not_one_year_is_an_error() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "items:\n  - number",
        "year: 2023-2025\nitems:\n  - number",
    );
    let (severity, at, marked) = site.check().at("год «2023-2025» не понят");
    assert_eq!(severity, Severity::Error);
    assert_eq!(
        (at.as_str(), marked.as_str()),
        ("content/primer/plan.md:19:7", "2023-2025")
    );
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "period: Март 2023",
        "period: Март 2023\n    year: 2023",
    );
    let (severity, at, _) = site.check().at("у строки без вложенных строк поле `year`");
    assert_eq!(
        (severity, at.as_str()),
        (Severity::Error, "content/primer/plan.md:24:5")
    );
}

/// «(далее – X)» in the text defines X for the plan: no «не объяснено»
/// warning, a multi-word X is one term, and a note says which full form
/// was taken, at the term.
#[test]
fn a_short_name_defined_in_the_text_is_an_abbreviation() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "Вводный абзац про АР.",
        "Министерство образования Новосибирской области (далее – МО НСО) и Институт развития образования (далее - ИРО).\n\nМО НСО и ИРО проводят семинары.",
    );
    let r = site.check();
    let loud = r.count(Severity::Error) + r.count(Severity::Warning);
    assert_eq!(loud, 0, "{:#?}", r.diagnostics);
    let (severity, at, marked) =
        r.at("сокращение «МО НСО» определено в тексте плана; расшифровка: Министерство образования Новосибирской области");
    assert_eq!(severity, Severity::Note);
    assert_eq!(
        (at.as_str(), marked.as_str()),
        ("content/primer/plan.md:7:57", "МО НСО")
    );
    let (_, at, _) = r.at(
        "сокращение «ИРО» определено в тексте плана; расшифровка: Институт развития образования",
    );
    assert_eq!(at, "content/primer/plan.md:7:106");
    let glossary = &r.site.districts[0].glossary;
    let terms: Vec<&str> = glossary.iter().map(|e| e.term.as_str()).collect();
    assert!(
        terms.contains(&"МО НСО") && !terms.contains(&"МО"),
        "{terms:?}"
    );
    // district.yaml wins over a definition in the text
    site.edit(
        DISTRICT_YAML,
        "glossary:",
        "glossary:\n  - term: ИРО\n    full: Институт развития образования Новосибирской области",
    );
    let r = site.check();
    assert!(!r
        .diagnostics
        .iter()
        .any(|d| d.message.starts_with("сокращение «ИРО» определено")));
}

/// The roadmap fragments of other regions in `tests/regions/`: no error,
/// and exactly the warnings `expected-warnings.txt` lists (each a real
/// oddity of the documents).
#[test]
fn other_regions_fixtures_check_with_only_their_real_oddities() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regions");
    let loaded = vekha::load::load_and_check(&root);
    let r = Report {
        diagnostics: loaded.diagnostics,
        sources: loaded.sources,
        site: loaded.site,
    };
    let listed = |severity: Severity| -> Vec<String> {
        let mut out: Vec<String> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .map(|d| format!("{} {}", r.location(d), d.message))
            .collect();
        out.sort();
        out
    };
    assert_eq!(listed(Severity::Error), Vec::<String>::new());
    let expected = std::fs::read_to_string(root.join("expected-warnings.txt")).expect("read");
    let mut expected: Vec<String> = expected
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    expected.sort();
    assert_eq!(listed(Severity::Warning), expected);
    assert_eq!(r.site.districts.len(), 5);
}

/// Periods without a year in the fixtures take it from the year row, the
/// section or the table above them, not from the plan's first year.
#[test]
fn other_regions_fixtures_date_rows_from_their_year_rows_and_sections() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regions");
    let loaded = vekha::load::load(&root);
    let dated = |district: &str, text: &str| -> (String, vekha::model::PeriodYear) {
        let plan = loaded
            .site
            .districts
            .iter()
            .find(|d| d.slug == district)
            .and_then(|d| d.plans.first())
            .expect("plan");
        let item = plan
            .blocks
            .iter()
            .filter_map(|b| match b {
                vekha::model::Block::Table(t) => Some(t.all_items()),
                _ => None,
            })
            .flatten()
            .find(|i| i.period.as_ref().is_some_and(|p| p.text == text))
            .unwrap_or_else(|| panic!("{district}: no period «{text}»"));
        let period = item.period.as_ref().expect("period");
        let span = format!("{:?}..{:?}", period.start(), period.end());
        (span.replace("Some(", "").replace(')', ""), item.period_year)
    };
    use vekha::model::PeriodYear::Structure;
    // year rows «2021 год» and «2022 год» in a plan of 2021-2022
    let novosibirsk = "novosibirskaya-oblast";
    assert_eq!(
        dated(novosibirsk, "март"),
        ("2021-03-01..2021-03-31".into(), Structure)
    );
    assert_eq!(
        dated(novosibirsk, "IV квартал"),
        ("2022-10-01..2022-12-31".into(), Structure)
    );
    // `year: "2022/2023 учебный год"` on the table
    assert_eq!(
        dated("krasnoselsky", "январь – март"),
        ("2023-01-01..2023-03-31".into(), Structure)
    );
    // `year: "2022"` on a section of a 2021/2022 plan
    assert_eq!(
        dated("kutuluksky", "февраль – апрель"),
        ("2022-02-01..2022-04-30".into(), Structure)
    );
}

#[test]
fn bodies_match_in_any_letter_case() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "responsible: ИМЦ, ЦОКО",
        "responsible: цоко имц, Имц",
    );
    let r = site.check();
    assert_eq!(r.count(Severity::Error), 0, "{:#?}", r.diagnostics);
}

#[test]
fn abbreviation_missing_from_glossary() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    text: Анализ результатов",
        "    text: Анализ результатов ВПР",
    );
    let r = site.check();
    let (sev, loc, marked) = r.at("сокращение «ВПР» не объяснено");
    assert_eq!(sev, Severity::Warning);
    assert_eq!(loc, "content/primer/plan.md:21:30");
    assert_eq!(marked, "ВПР");
}

#[test]
fn not_abbreviations_silence_capitalised_words() {
    let site = Site::new();
    // A short word in capitals the shape rule cannot tell from an
    // abbreviation; a form word («ПРИКАЗ») needs no entry.
    site.edit(PLAN_MD, "Вводный абзац", "ПРИКАЗ. ВАЖНО. Вводный абзац");
    assert_eq!(site.check().count(Severity::Warning), 1);
    site.edit(
        DISTRICT_YAML,
        "glossary:",
        "not_abbreviations: [ВАЖНО]\nglossary:",
    );
    assert_eq!(site.check().count(Severity::Warning), 0);
}

#[test]
fn glossary_term_never_used_is_a_note() {
    let site = Site::new();
    site.edit(
        DISTRICT_YAML,
        "glossary:\n",
        "glossary:\n  - term: ОГЭ\n    full: основной государственный экзамен\n",
    );
    let r = site.check();
    assert_eq!(
        r.at("сокращение «ОГЭ» нигде в планах территории не встречается"),
        (
            Severity::Note,
            "content/primer/district.yaml:14:11".into(),
            "ОГЭ".into()
        )
    );
}

#[test]
fn period_not_understood_is_a_warning() {
    let site = Site::new();
    site.edit(PLAN_MD, "period: Март 2023", "period: по графику");
    let r = site.check();
    let (sev, loc, marked) = r.at("срок «по графику» не распознан");
    assert_eq!(sev, Severity::Warning);
    assert_eq!(loc, "content/primer/plan.md:23:13");
    assert_eq!(marked, "по графику");
}

#[test]
fn period_outside_the_plan_is_a_warning() {
    let site = Site::new();
    site.edit(PLAN_MD, "period: Март 2023", "period: Март 2024");
    let r = site.check();
    let (sev, loc, _) = r.at("срок «Март 2024» выходит за срок плана");
    assert_eq!(sev, Severity::Warning);
    assert_eq!(loc, "content/primer/plan.md:23:13");
    assert!(r
        .find("срок «Март 2024»")
        .help
        .as_deref()
        .unwrap_or("")
        .contains("с 01.01.2023 по 31.12.2023"));
}

#[test]
fn latin_lookalikes_are_warned_with_the_fix() {
    let site = Site::new();
    site.edit(PLAN_MD, "responsible: АР", "responsible: AP");
    let r = site.check();
    let (sev, loc, marked) = r.at("латинские буквы в русском слове «AP»");
    assert_eq!(sev, Severity::Warning);
    assert_eq!(loc, "content/primer/plan.md:26:18");
    assert_eq!(marked, "AP");
    assert_eq!(
        r.find("латинские буквы").help.as_deref(),
        Some("напишите «АР» русскими буквами")
    );
}

#[test]
fn windows_1251_file_is_an_error_with_how_to_resave() {
    let site = Site::new();
    // «Район» in Windows-1251.
    site.write(
        DISTRICT_YAML,
        b"name: \xD0\xE0\xE9\xEE\xED\nkind: region\nregion: x\n",
    );
    let r = site.check();
    let (sev, loc, _) = r.at("файл сохранён в кодировке Windows-1251");
    assert_eq!(sev, Severity::Error);
    assert_eq!(loc, "content/primer/district.yaml");
    assert!(r
        .find("файл сохранён")
        .message
        .contains("строка 1, столбец 7"));
    assert!(r
        .find("файл сохранён")
        .help
        .as_deref()
        .unwrap_or("")
        .contains("UTF-8"));
}

#[test]
fn utf16_file_is_an_error() {
    let site = Site::new();
    let mut bytes = vec![0xFF, 0xFE];
    for unit in SITE.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    site.write("content/site.yaml", &bytes);
    let r = site.check();
    assert_eq!(
        r.at("файл сохранён в кодировке UTF-16").1,
        "content/site.yaml"
    );
}

#[test]
fn bom_and_crlf_are_accepted_silently() {
    let site = Site::new();
    let crlf = format!("\u{feff}{}", PLAN.replace('\n', "\r\n"));
    site.write(PLAN_MD, crlf.as_bytes());
    let r = site.check();
    assert!(
        about_sources(&r.diagnostics).is_empty(),
        "{:#?}",
        r.diagnostics
    );
    site.edit(PLAN_MD, "    period: Март 2023", "    peri: Март 2023");
    // Positions stay right with CRLF: line 23, column 5.
    assert_eq!(
        site.check().at("неизвестное поле «peri»").1,
        "content/primer/plan.md:23:5"
    );
}

#[test]
fn empty_plan_is_skipped_with_a_warning() {
    let site = Site::new();
    site.write("content/primer/empty.md", b"  \n");
    let r = site.check();
    assert_eq!(
        r.at("файл пуст и пропущен"),
        (
            Severity::Warning,
            "content/primer/empty.md".into(),
            String::new()
        )
    );
}

#[test]
fn empty_district_file_is_an_error() {
    let site = Site::new();
    site.write(DISTRICT_YAML, b"");
    let r = site.check();
    assert_eq!(r.at("файл пуст").0, Severity::Error);
}

#[test]
fn stray_files_are_ignored_with_a_note() {
    let site = Site::new();
    site.write("content/primer/notes.txt", b"x");
    site.write("content/primer/scan.pdf", b"%PDF");
    let r = site.check();
    assert_eq!(
        r.at("файл не используется и пропущен"),
        (
            Severity::Note,
            "content/primer/notes.txt".into(),
            String::new()
        )
    );
}

#[test]
fn row_value_for_a_missing_column() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    period: Март 2023",
        "    period: Март 2023\n    result: Справка",
    );
    let r = site.check();
    assert_eq!(
        r.at("в этой таблице нет столбца «result»").1,
        "content/primer/plan.md:24:5"
    );
}

#[test]
fn matrix_column_with_unknown_body() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "  - key: period\n    title: Сроки\n",
        "  - key: period\n    title: Сроки\n  - key: school\n    title: Школы\n    body: shools\n",
    );
    let r = site.check();
    assert_eq!(
        r.at("неизвестный исполнитель «shools»").1,
        "content/primer/plan.md:21:11"
    );
}

#[test]
fn plan_without_front_matter() {
    let site = Site::new();
    site.write("content/primer/bare.md", "Просто текст\n".as_bytes());
    let r = site.check();
    assert_eq!(
        r.at("у плана нет YAML-шапки").1,
        "content/primer/bare.md:1:1"
    );
}

#[test]
fn bad_updated_date() {
    let site = Site::new();
    site.edit(PLAN_MD, "updated: 2023-03-20", "updated: 20.03.2023");
    let r = site.check();
    assert_eq!(
        r.at("дата «20.03.2023» записана не в виде ГГГГ-ММ-ДД").1,
        "content/primer/plan.md:3:10"
    );
}

#[test]
fn folder_without_district_file() {
    let site = Site::new();
    site.write("content/other/plan.md", PLAN.as_bytes());
    let r = site.check();
    assert_eq!(
        r.at("в папке территории «other» нет файла district.yaml").1,
        "content/other"
    );
}

#[test]
fn unknown_parent_body() {
    let site = Site::new();
    site.edit(DISTRICT_YAML, "parent: imc", "parent: imcc");
    let r = site.check();
    assert_eq!(
        r.at("неизвестный вышестоящий исполнитель «imcc»").1,
        "content/primer/district.yaml:10:13"
    );
}

fn run_check(root: &Path, extra: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vekha"))
        .arg("check")
        .args(extra)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run vekha");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn exit_codes_errors_warnings_and_strict() {
    let site = Site::new();
    let (code, out) = run_check(site.root(), &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Ошибок: 0, предупреждений: 0"), "{out}");

    site.edit(PLAN_MD, "period: Март 2023", "period: по графику");
    let (code, out) = run_check(site.root(), &[]);
    assert_eq!(code, 0, "warnings alone pass: {out}");
    assert!(
        out.contains("предупреждение: срок «по графику» не распознан как дата"),
        "{out}"
    );
    assert!(out.contains("--> content/primer/plan.md:23:13"), "{out}");
    assert!(out.contains("23 |     period: по графику"), "{out}");
    let (code, _) = run_check(site.root(), &["--strict"]);
    assert_eq!(code, 1, "--strict fails on warnings");

    site.edit(PLAN_MD, "updated: 2023-03-20", "updated: 2023-13-45");
    let (code, out) = run_check(site.root(), &[]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("ошибка: такой даты нет: «2023-13-45» — месяца с номером 13 нет, их 12"),
        "{out}"
    );
}

#[test]
fn no_panic_and_no_trace_on_a_site_without_content() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (code, out) = run_check(dir.path(), &[]);
    assert_eq!(code, 1);
    assert!(out.contains("ошибка: нет папки content/"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
}

/// Every seed plan cut off at many places (a half-saved file, a bad paste)
/// must give diagnostics, never a panic.
#[test]
fn truncated_real_plans_never_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for district in [
        "vasileostrovsky",
        "kirovsky",
        "centralny",
        "livensky",
        "leningradskaya-oblast",
    ] {
        let folder = root.join(district);
        let plan_path = std::fs::read_dir(&folder)
            .expect("district folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == "md"))
            .expect("a plan");
        let district_yaml = std::fs::read(folder.join("district.yaml")).expect("district.yaml");
        let plan = std::fs::read_to_string(&plan_path).expect("plan");
        let site = Site::new();
        site.write(DISTRICT_YAML, &district_yaml);
        let cuts: Vec<usize> = plan.char_indices().map(|(i, _)| i).step_by(173).collect();
        for cut in cuts {
            site.write(PLAN_MD, &plan.as_bytes()[..cut]);
            let _ = site.check();
        }
    }
}

#[test]
fn execution_status_report_and_evidence_load() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    period: Март 2023\n",
        "    period: Март 2023\n    status: выполнено\n    report: Справка [на сайте](https://imc.example.ru/a)\n    evidence:\n      - title: Справка\n        url: https://imc.example.ru/a.pdf\n",
    );
    let loaded = vekha::load::load(site.root());
    assert!(
        about_sources(&loaded.diagnostics).is_empty(),
        "{:#?}",
        loaded.diagnostics
    );
    let plan = &loaded.site.districts[0].plans[0];
    let table = plan.tables().next().expect("table");
    let item = table.all_items()[0];
    assert_eq!(item.status, Some(vekha::model::Status::Done));
    assert!(item
        .report
        .as_ref()
        .is_some_and(|r| r.source.starts_with("Справка")));
    assert_eq!(item.evidence[0].url, "https://imc.example.ru/a.pdf");
}

#[test]
fn unknown_status_value() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    period: Март 2023\n",
        "    period: Март 2023\n    status: выполненно\n",
    );
    let r = site.check();
    assert_eq!(
        r.at("недопустимое состояние исполнения «выполненно»").1,
        "content/primer/plan.md:24:13"
    );
    assert!(r
        .find("недопустимое состояние")
        .help
        .as_deref()
        .unwrap_or("")
        .starts_with("возможно, имелось в виду «выполнено»"));
}

#[test]
fn russian_folder_and_file_names_become_transliterated_addresses() {
    let site = Site::new();
    site.write("content/Кировский район/district.yaml", DISTRICT.as_bytes());
    site.write("content/Кировский район/План 2023.md", PLAN.as_bytes());
    let r = site.check();
    assert_eq!(r.count(Severity::Error), 0, "{:#?}", r.diagnostics);
    let loaded = vekha::load::load(site.root());
    let d = loaded
        .site
        .districts
        .iter()
        .find(|d| d.name == "Примерный район" && d.slug != "primer")
        .expect("district");
    assert_eq!(d.slug, "kirovskii-raion");
    assert_eq!(d.plans[0].slug, "plan-2023");
}

#[test]
fn a_bad_explicit_slug_is_an_error() {
    let site = Site::new();
    site.edit(PLAN_MD, "updated:", "slug: План Б\nupdated:");
    let r = site.check();
    assert_eq!(
        r.at("адрес «План Б» недопустим").1,
        "content/primer/plan.md:3:7"
    );
}

#[test]
fn a_javascript_address_is_refused() {
    let site = Site::new();
    site.edit(
        DISTRICT_YAML,
        "    name: АР\n",
        "    name: АР\n    url: javascript:alert(1)\n",
    );
    let r = site.check();
    assert_eq!(
        r.at("адрес «javascript:alert(1)» не является адресом сайта")
            .1,
        "content/primer/district.yaml:13:10"
    );
}

#[test]
fn two_districts_cannot_share_an_address() {
    let site = Site::new();
    site.write(
        "content/vtoroi/district.yaml",
        format!("slug: primer\n{DISTRICT}").as_bytes(),
    );
    let r = site.check();
    assert_eq!(
        r.at("адрес территории «primer» уже занят").1,
        "content/vtoroi/district.yaml:1:1"
    );
}

#[test]
fn a_region_spelt_two_ways_is_a_warning() {
    let site = Site::new();
    let other = DISTRICT.replace("region: Санкт-Петербург", "region: санкт-Петербург ");
    site.write("content/vtoroi/district.yaml", other.as_bytes());
    // Spelt the same: no warning.
    site.write("content/tretii/district.yaml", DISTRICT.as_bytes());
    let r = site.check();
    let (severity, location, marked) =
        r.at("регион «санкт-Петербург» записан иначе, чем «Санкт-Петербург»");
    assert_eq!(severity, Severity::Warning);
    assert_eq!(location, "content/vtoroi/district.yaml:3:9");
    assert_eq!(marked, "санкт-Петербург");
    assert!(r
        .find("регион")
        .help
        .as_deref()
        .is_some_and(|h| h.contains("одинаково")));
}

#[test]
fn a_missing_signature_file_is_an_error() {
    let site = Site::new();
    site.write("content/primer/prikaz.sig", b"sig");
    site.edit(PLAN_MD, "updated:", "signature_file: prikas.sig\nupdated:");
    let r = site.check();
    let (sev, loc, _) = r.at("файл «prikas.sig» не найден в папке территории");
    assert_eq!(
        (sev, loc.as_str()),
        (Severity::Error, "content/primer/plan.md:3:17")
    );
    assert!(r
        .find("файл «prikas.sig»")
        .help
        .as_deref()
        .unwrap_or("")
        .contains("«prikaz.sig»"));
}

#[test]
fn a_table_id_that_would_clash_is_refused() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "```table\ncolumns:",
        "```table\nid: content\ncolumns:",
    );
    let r = site.check();
    assert_eq!(
        r.at("недопустимый якорь таблицы «content»").1,
        "content/primer/plan.md:10:5"
    );
}

#[test]
fn two_attachments_with_one_published_name_are_refused() {
    let site = Site::new();
    site.write("content/primer/Приказ.pdf", b"%PDF-1.4");
    site.write("content/primer/prikaz.pdf", b"%PDF-1.4");
    let r = site.check();
    let d = r.find("вложение «");
    assert_eq!(d.severity, Severity::Error);
    assert!(d.message.contains("files/prikaz.pdf"), "{}", d.message);
    assert!(d.help.as_deref().unwrap_or("").contains("переименуйте"));
}

#[test]
fn yaml_nested_too_deep_is_refused_where_it_gets_too_deep() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "columns:\n",
        &format!("columns: {}\n", "[".repeat(200)),
    );
    let r = site.check();
    let (sev, loc, _) = r.at("вложенность глубже 128 уровней");
    assert_eq!(sev, Severity::Error);
    // The 129th bracket of line 10 («columns: » is 9 characters).
    assert_eq!(loc, "content/primer/plan.md:10:138");
}

#[test]
fn yaml_anchors_and_aliases_are_refused() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    text: Анализ результатов",
        "    text: &t Анализ результатов",
    );
    site.edit(PLAN_MD, "    text: Семинар", "    text: *t");
    let r = site.check();
    let d = r.find("якоря и ссылки YAML");
    assert_eq!(r.location(d), "content/primer/plan.md:21:11");
    assert_eq!(r.sources.snippet(d.span.expect("span")), "&t");
    assert!(d.help.as_deref().unwrap_or("").contains("кавычки"));
}

#[test]
fn a_stray_fence_line_is_an_error_not_a_lost_table() {
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "Вводный абзац про АР.\n",
        "Вводный абзац про АР.\n\n```\n",
    );
    let r = site.check();
    let (sev, loc, marked) = r.at("строка ``` открывает блок кода");
    assert_eq!(sev, Severity::Error);
    assert_eq!(
        (loc.as_str(), marked.as_str()),
        ("content/primer/plan.md:9:1", "```")
    );
}

#[test]
fn base_url_with_a_line_break_is_refused() {
    let site = Site::new();
    site.write(
        "content/site.yaml",
        "title: Сайт\nbase_url: \"https://imc.example.ru/\\r\\nSUMMARY:Вставка\"\n".as_bytes(),
    );
    let r = site.check();
    let (sev, loc, _) = r.at("в адресе «https://imc.example.ru/\\r\\nSUMMARY:Вставка» есть пробел");
    assert_eq!(sev, Severity::Error);
    assert_eq!(loc, "content/site.yaml:2:11");
}

#[test]
fn an_impossible_year_is_a_warning_not_a_date() {
    let site = Site::new();
    site.edit(PLAN_MD, "period: Март 2023", "period: Март 0000");
    let r = site.check();
    let (sev, loc, _) = r.at("срок «Март 0000» не распознан");
    assert_eq!(
        (sev, loc.as_str()),
        (Severity::Warning, "content/primer/plan.md:23:13")
    );
}

/// A thousand copies of one mistake print twenty and a count; `--all`
/// prints them all.
#[test]
fn many_messages_of_one_kind_are_capped() {
    let site = Site::new();
    let prose: String = (0..30)
        .map(|i| format!("Строка {i}: рaбота.\n\n"))
        .collect();
    site.edit(PLAN_MD, "Вводный абзац про АР.\n", &prose);
    let (code, out) = run_check(site.root(), &[]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out.matches("латинские буквы в русском слове").count(),
        21,
        "{out}"
    );
    assert!(
        out.contains("предупреждение: ещё 10 сообщений вида «латинские буквы в русском слове «…»» не показаны"),
        "{out}"
    );
    assert!(out.contains("предупреждений: 30"), "{out}");
    let (_, all) = run_check(site.root(), &["--all"]);
    assert_eq!(all.matches("латинские буквы в русском слове").count(), 30);
}

/// Inputs that once made `check` hang or explode (nesting, aliases, tens
/// of thousands of bodies and warnings, megabytes of prose) finish in
/// seconds. Each runs the real program (a debug build here) with a
/// deadline far above its time now and below its time before (figures in
/// docs/performance.md): a regression fails here instead of hanging CI.
#[test]
fn hostile_inputs_finish_in_seconds() {
    let head = "---\ntitle: План\nupdated: 2025-03-20\nperiod: 2025 год\n---\n\n";
    let table = |body: &str| format!("{head}```table\n{body}```\n");
    let mut aliases = String::from(
        "columns: [{key: number, title: №}, {key: text, title: Мероприятия}, {key: responsible, title: Ответственные}, {key: period, title: Сроки}]\nsections:\n  - number: '1'\n    title: Раздел\n    items:\n      - &i0 {number: '1', text: Пункт, responsible: ИМЦ, period: Март 2025}\n",
    );
    for k in 1..6 {
        let refs = vec![format!("*i{}", k - 1); 10].join(", ");
        aliases.push_str(&format!(
            "      - &i{k} {{number: '{k}', text: Пункт, items: [{refs}]}}\n"
        ));
    }
    let bodies: String = (0..64_000)
        .map(|i| format!("  - id: b{i}\n    name: Орган {i}\n"))
        .collect();
    let warnings: String = (0..16_000)
        .map(|i| format!("Строка {i}: рaбота\n\n"))
        .collect();
    let prose = "ИМЦ провёл семинар для ИМЦ и школ, ИМЦ отчитался. ".repeat(100_000);
    let cases: Vec<(&str, String, String, &str)> = vec![
        (
            "flow nesting",
            DISTRICT.into(),
            table(&format!("columns: {}\n", "[".repeat(1 << 20))),
            "вложенность глубже",
        ),
        (
            "aliases",
            DISTRICT.into(),
            table(&aliases),
            "якоря и ссылки YAML",
        ),
        (
            "bodies",
            DISTRICT.replace("bodies:\n", &format!("bodies:\n{bodies}")),
            PLAN.into(),
            "Ошибок: 0",
        ),
        (
            "warnings",
            DISTRICT.into(),
            format!("{head}{warnings}"),
            "предупреждений: 16000",
        ),
        (
            "prose",
            DISTRICT.into(),
            format!("{head}{prose}\n"),
            "Ошибок: 0",
        ),
    ];
    for (what, district, plan, expected) in cases {
        let site = Site::new();
        site.write(DISTRICT_YAML, district.as_bytes());
        site.write(PLAN_MD, plan.as_bytes());
        let mut child = Command::new(env!("CARGO_BIN_EXE_vekha"))
            .arg("check")
            .current_dir(site.root())
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run vekha");
        let stderr = child.stderr.take().expect("stderr");
        let reader = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut { stderr }, &mut text);
            text
        });
        let started = std::time::Instant::now();
        let deadline = std::time::Duration::from_secs(30);
        while child.try_wait().expect("wait").is_none() {
            if started.elapsed() > deadline {
                let _ = child.kill();
                panic!("{what}: `vekha check` still running after {deadline:?}");
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let out = reader.join().expect("stderr");
        let tail: Vec<&str> = out.lines().rev().take(12).collect();
        assert!(out.contains(expected), "{what}: {tail:#?}");
        eprintln!("{what}: {:.1} s", started.elapsed().as_secs_f64());
    }
}

/// Names a Windows user gives files by mistake: the file is found, read
/// where that is safe, and a warning (not a note `--quiet` hides) says how
/// to rename it.
#[test]
fn files_saved_under_windows_habits_are_named_with_the_fix() {
    let site = Site::new();
    let dir = site.root().join("content/primer");
    std::fs::rename(dir.join("plan.md"), dir.join("plan.md.txt")).expect("rename");
    std::fs::rename(dir.join("district.yaml"), dir.join("district.yml")).expect("rename");
    site.write("content/primer/second.MD", PLAN.as_bytes());
    let (code, out) = run_check(site.root(), &["--quiet"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Проверено: территорий 1, планов 2"), "{out}");
    for (file, right) in [
        ("plan.md.txt", "plan.md"),
        ("district.yml", "district.yaml"),
        ("second.MD", "second.md"),
    ] {
        let message =
            format!("файл называется «{file}», а должен называться «{right}»; он прочитан");
        assert!(out.contains(&message), "{message}\n{out}");
        assert!(out.contains(&format!("--> content/primer/{file}")), "{out}");
    }
    assert!(out.contains("Блокнот добавил к имени «.txt»"), "{out}");
    // The plan gets the address of its right name.
    let loaded = vekha::load::load(site.root());
    let slugs: Vec<&str> = loaded.site.districts[0]
        .plans
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert_eq!(slugs, ["plan", "second"]);
    // Beside the right file, the wrong one is not read (a plan would be
    // read twice, under one address).
    site.write(DISTRICT_YAML, DISTRICT.as_bytes());
    site.write(PLAN_MD, PLAN.as_bytes());
    let (code, out) = run_check(site.root(), &[]);
    assert_eq!(code, 0, "{out}");
    for file in ["district.yml", "plan.md.txt"] {
        let message = format!(
            "файл называется «{file}», а должен называться «{}»; он не читается: файл с таким именем уже есть",
            file.trim_end_matches(".txt").replace(".yml", ".yaml")
        );
        assert!(out.contains(&message), "{message}\n{out}");
    }
    assert!(out.contains("планов 2"), "{out}");
    // In content/ only a misnamed site.yaml is told to be renamed; a
    // plan there is a stray file as before.
    site.write("content/README.MD", b"# notes");
    let (_, out) = run_check(site.root(), &["--all"]);
    assert!(!out.contains("«README.MD», а должен"), "{out}");
    assert!(out.contains("content/README.MD"), "{out}");
}

#[test]
fn two_folders_of_one_territory_are_warned_about() {
    let site = Site::new();
    site.write("content/primer-kopiya/district.yaml", DISTRICT.as_bytes());
    let r = site.check();
    let (sev, loc, marked) = r.at("территория «Примерный район» уже описана в другой папке");
    assert_eq!(sev, Severity::Warning);
    assert_eq!(loc, "content/primer-kopiya/district.yaml:1:7");
    assert_eq!(marked, "Примерный район");
}

/// YAML mistakes the parser names wrongly get their real cause, at their
/// own place, with no English parser text (issue 21, point 9).
#[test]
fn yaml_mistakes_are_diagnosed_by_their_real_cause() {
    let cases = [
        // A tab for indentation.
        (
            "    period: Март 2023",
            "\tperiod: Март 2023",
            "табуляция вместо пробелов",
            "content/primer/plan.md:23:1",
            "\t",
        ),
        // Straight quotes inside a double-quoted value.
        (
            "    text: Семинар",
            "    text: \"Семинар \"500+\" для всех\"",
            "кавычка внутри значения в кавычках",
            "content/primer/plan.md:25:20",
            "\"",
        ),
        // No space after the colon: reported on its own line, not the next.
        (
            "    period: Март 2023",
            "    period:Март 2023",
            "после двоеточия нет пробела",
            "content/primer/plan.md:23:11",
            ":",
        ),
    ];
    for (from, to, message, location, marked) in cases {
        let site = Site::new();
        site.edit(PLAN_MD, from, to);
        let r = site.check();
        let d = r.find("ошибка синтаксиса YAML");
        assert!(d.message.contains(message), "{to:?}: {}", d.message);
        assert_eq!(r.location(d), location, "{to:?}");
        assert_eq!(r.sources.snippet(d.span.expect("span")), marked, "{to:?}");
        let shown = vekha::diagnostics::render(d, &r.sources, false);
        let english = ["found", "while", "expected", "scanning", "line"];
        assert!(!english.iter().any(|w| shown.contains(w)), "{shown}");
    }
    // A valid escaped quote next to another mistake is not blamed.
    let site = Site::new();
    site.edit(
        PLAN_MD,
        "    text: Анализ результатов",
        "    text: \"Анализ \\\"500+\\\" результатов\"",
    );
    site.edit(
        PLAN_MD,
        "    responsible: ИМЦ, ЦОКО",
        "    responsible: ИМЦ: ЦОКО",
    );
    let r = site.check();
    let d = r.find("ошибка синтаксиса YAML");
    assert!(d.message.contains("двоеточие с пробелом"), "{}", d.message);
    // A front matter opened but never closed.
    let site = Site::new();
    site.edit(PLAN_MD, "period: 2023 год\n---\n", "period: 2023 год\n\n");
    let r = site.check();
    let (sev, loc, _) = r.at("шапка плана не закрыта строкой `---`");
    assert_eq!(
        (sev, loc.as_str()),
        (Severity::Error, "content/primer/plan.md:1:1")
    );
}

/// The common mistakes, each on the fixture site: a name, the file, what to
/// replace and with what. What `vekha check` then prints is compared with
/// `tests/suite/snapshots/<name>.txt`.
const MISTAKES: &[(&str, &str, &str, &str)] = &[
    (
        "colon-in-text",
        PLAN_MD,
        "    text: Семинар",
        "    text: Семинар: для заместителей",
    ),
    (
        "tab-indent",
        PLAN_MD,
        "    text: Семинар",
        "\ttext: Семинар",
    ),
    (
        "misspelt-field",
        PLAN_MD,
        "    period: Март 2023",
        "    perod: Март 2023",
    ),
    (
        "unknown-body",
        PLAN_MD,
        "responsible: АР",
        "responsible: АРР",
    ),
    (
        "period-not-understood",
        PLAN_MD,
        "period: Март 2023",
        "period: по графику",
    ),
    (
        "abbreviation-without-glossary",
        PLAN_MD,
        "text: Анализ результатов",
        "text: Анализ результатов ВПР",
    ),
    (
        "unclosed-table",
        PLAN_MD,
        "    period: До 10 апреля 2023\n```",
        "    period: До 10 апреля 2023\n",
    ),
    (
        "missing-district-name",
        DISTRICT_YAML,
        "name: Примерный район\n",
        "",
    ),
    (
        "wrong-date",
        PLAN_MD,
        "updated: 2023-03-20",
        "updated: 2023-02-30",
    ),
];

/// What users read is pinned: the whole rendered output of `vekha check`
/// (no colours) for each common mistake. After a deliberate change of a
/// message, `VEKHA_SNAPSHOTS=overwrite cargo test snapshots` rewrites the
/// files; review them with `git diff`.
#[test]
fn check_output_snapshots() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite/snapshots");
    let overwrite = std::env::var_os("VEKHA_SNAPSHOTS").is_some_and(|v| v == "overwrite");
    let mut differ = Vec::new();
    for (name, file, from, to) in MISTAKES {
        let site = Site::new();
        // With its address, so that the mistake is all the output says.
        let address = "base_url: https://imc.example.ru/plans/\ntitle:";
        site.edit("content/site.yaml", "title:", address);
        site.edit(file, from, to);
        let (code, out) = run_check(site.root(), &[]);
        let shown = format!("$ vekha check  # exit code {code}\n{out}");
        let path = folder.join(format!("{name}.txt"));
        if overwrite {
            std::fs::write(&path, &shown).expect("write snapshot");
            continue;
        }
        let pinned = std::fs::read_to_string(&path).unwrap_or_default();
        if pinned != shown {
            differ.push(format!(
                "--- {}\n{pinned}\n+++ now\n{shown}",
                path.display()
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "the output of `vekha check` changed (VEKHA_SNAPSHOTS=overwrite rewrites the snapshots):\n{}",
        differ.join("\n")
    );
}

/// The findings besides the note that the sample site has no address
/// (`base_url`), which every sample site gets.
fn about_sources(diagnostics: &[Diagnostic]) -> Vec<&Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| !d.message.starts_with("не указан адрес сайта"))
        .collect()
}

#[test]
fn a_site_without_its_address_gets_a_note_with_the_fix() {
    let site = Site::new();
    let r = site.check();
    let (severity, place, _) = r.at("не указан адрес сайта (base_url)");
    assert_eq!(
        severity,
        Severity::Note,
        "a site without an address is not wrong"
    );
    assert_eq!(place, "content/site.yaml:1:1");
    let note = r.find("не указан адрес сайта");
    assert!(
        note.message.contains("кода для встраивания"),
        "{}",
        note.message
    );
    assert!(note
        .help
        .as_deref()
        .is_some_and(|h| h.contains("base_url: https://")));
    site.edit(
        "content/site.yaml",
        "title:",
        "base_url: https://imc.example.ru/plans/\ntitle:",
    );
    assert!(site.check().diagnostics.is_empty());
}
