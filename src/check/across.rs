//! Checks that look across territories: each needs its own address on
//! the site, one region should be spelt one way, one territory should not
//! stand in two folders.

use crate::diagnostics::Diagnostic;
use crate::model::District;

/// Top-level folders of the built site that a district may not take.
const RESERVED: &[&str] = &["assets", "data", crate::paths::REGIONS];

/// The checks that look across districts: their addresses, and regions
/// spelt in two ways.
pub fn across_districts(districts: &[District], diags: &mut Vec<Diagnostic>) {
    check_district_slugs(districts, diags);
    check_region_spellings(districts, diags);
    check_district_names(districts, diags);
}

/// Two folders that name the same territory (a copy left beside the
/// original, say) show it twice on the home page: warned at the second.
fn check_district_names(districts: &[District], diags: &mut Vec<Diagnostic>) {
    let mut first: std::collections::HashMap<(&str, &str), &District> = Default::default();
    for d in districts {
        match first.get(&(d.name.as_str(), d.region.as_str())) {
            Some(f) => diags.push(
                Diagnostic::warning(
                    d.name_span,
                    format!(
                        "территория «{}» уже описана в другой папке (адрес на сайте «{}»)",
                        d.name, f.slug
                    ),
                )
                .with_label("то же название и тот же регион")
                .with_help("на сайте будут две территории с одним названием: удалите лишнюю папку или исправьте `name` в одном из district.yaml"),
            ),
            None => {
                first.insert((d.name.as_str(), d.region.as_str()), d);
            }
        }
    }
}

/// Each district needs its own folder on the site.
fn check_district_slugs(districts: &[District], diags: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for d in districts {
        let taken = !seen.insert(d.slug.as_str());
        if taken || RESERVED.contains(&d.slug.as_str()) {
            let why = if taken {
                "уже занят другой территорией"
            } else {
                "занят служебной папкой сайта"
            };
            diags.push(
                Diagnostic::error(d.span, format!("адрес территории «{}» {why}", d.slug))
                    .with_help(
                    "переименуйте папку территории или задайте в district.yaml другое поле `slug`",
                ),
            );
        }
    }
}

/// Two spellings of one region («Курская область», «Курская  область»,
/// «курская область») make two regions on the site, each with a calendar
/// of its own on a large site: warned about at every spelling after the
/// first (in folder order), naming the first.
fn check_region_spellings(districts: &[District], diags: &mut Vec<Diagnostic>) {
    let mut first: std::collections::HashMap<String, &District> = Default::default();
    for d in districts {
        let key = crate::slug::slugify(&d.region);
        match first.get(&key) {
            Some(f) if f.region != d.region => diags.push(
                Diagnostic::warning(
                    d.region_span,
                    format!(
                        "регион «{}» записан иначе, чем «{}» у территории «{}»",
                        d.region, f.region, f.name
                    ),
                )
                .with_label("на сайте это будут два разных региона")
                .with_help("напишите название региона одинаково во всех district.yaml"),
            ),
            Some(_) => {}
            None => {
                first.insert(key, d);
            }
        }
    }
}
