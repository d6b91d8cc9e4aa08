//! The glossary pages: a territory's abbreviations by letter, and the
//! site's, each term with the territories that use it.

use super::*;

#[derive(Serialize)]
struct GlossaryPage {
    #[serde(flatten)]
    page: Page,
    intro: Html,
    groups: Vec<LetterGroup>,
}

#[derive(Serialize)]
struct GlossaryEntryView {
    term: String,
    anchor: String,
    full: Html,
    aliases: String,
    /// On the site glossary: the districts whose glossaries say this
    /// (linking to them), or how many when they are many.
    places: Vec<Crumb>,
    places_note: Option<String>,
}

/// Above this many districts sharing an entry, the site glossary gives
/// their number instead of a list of links.
const GLOSSARY_PLACES_LISTED: usize = 5;

#[derive(Serialize)]
struct LetterGroup {
    letter: String,
    entries: Vec<GlossaryEntryView>,
}

/// Groups entries (already sorted) by first letter, «Ё» apart from «Е».
fn by_letter(entries: Vec<GlossaryEntryView>) -> Vec<LetterGroup> {
    let mut groups: Vec<LetterGroup> = Vec::new();
    for e in entries {
        let letter = e
            .term
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .unwrap_or_default();
        match groups.last_mut() {
            Some(g) if g.letter == letter => g.entries.push(e),
            _ => groups.push(LetterGroup {
                letter,
                entries: vec![e],
            }),
        }
    }
    groups
}

pub(in crate::render) fn render_district(
    input: &RenderInput,
    district: &District,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let path = paths::district_glossary(district);
    let empty = Abbreviations::default();
    let text = TextRenderer::new(&empty, String::new(), input.site.allow_html);
    let mut entries: Vec<&crate::model::GlossaryEntry> = district.glossary.iter().collect();
    entries.sort_by(|a, b| collate::compare(&a.term, &b.term));
    let views = entries
        .into_iter()
        .map(|e| GlossaryEntryView {
            term: e.term.clone(),
            anchor: glossary_anchor(&e.term),
            full: text.inline(&e.full.source),
            aliases: e.aliases.join(", "),
            places: Vec::new(),
            places_note: None,
        })
        .collect();
    let title = format!("Сокращения: {}", district.name);
    let page = GlossaryPage {
        page: Page::new(input, &path, &title, district_crumbs(district)),
        intro: Html::escaped(&format!("Сокращения в документах территории «{}». В другой территории то же сокращение может означать другую организацию.", district_name(district))),
        groups: by_letter(views),
    };
    render_page(input, out, path, "glossary.html", &page)
}

pub(in crate::render) fn render_site(
    input: &RenderInput,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let empty = Abbreviations::default();
    let text = TextRenderer::new(&empty, String::new(), input.site.allow_html);
    // One entry per term and meaning, with the districts that use it: the
    // same abbreviation usually means the same in every district.
    let mut merged: BTreeMap<(&str, &str), (&crate::model::GlossaryEntry, Vec<&District>)> =
        BTreeMap::new();
    for d in &input.site.districts {
        for e in &d.glossary {
            merged
                .entry((e.term.as_str(), e.full.source.as_str()))
                .or_insert_with(|| (e, Vec::new()))
                .1
                .push(d);
        }
    }
    let mut all: Vec<(&crate::model::GlossaryEntry, Vec<&District>)> =
        merged.into_values().collect();
    all.sort_by(|a, b| {
        collate::compare(&a.0.term, &b.0.term)
            .then_with(|| collate::compare(&a.1[0].name, &b.1[0].name))
    });
    let views = all
        .into_iter()
        .map(|(e, districts)| {
            let listed = districts.len() <= GLOSSARY_PLACES_LISTED;
            GlossaryEntryView {
                term: e.term.clone(),
                anchor: format!("{}-{}", glossary_anchor(&e.term), districts[0].slug),
                full: text.inline(&e.full.source),
                aliases: e.aliases.join(", "),
                places: if listed {
                    districts
                        .iter()
                        .map(|d| Crumb {
                            title: d.name.clone(),
                            href: format!(
                                "{}#{}",
                                paths::district_glossary(d),
                                glossary_anchor(&e.term)
                            ),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                places_note: (!listed).then(|| territories(districts.len())),
            }
        })
        .collect();
    let page = GlossaryPage {
        page: Page::new(input, paths::SITE_GLOSSARY, "Сокращения", vec![home_crumb()]),
        intro: Html::escaped("Все сокращения всех территорий. Одно сокращение в разных территориях может означать разные организации — смотрите пометку территории."),
        groups: by_letter(views),
    };
    let path = paths::SITE_GLOSSARY.to_string();
    render_page(input, out, path, "glossary.html", &page)
}

/// «в 12 территориях»
fn territories(n: usize) -> String {
    let word = crate::typography::plural(n, "территории", "территориях", "территориях");
    format!("в {n} {word}")
}
