//! The regions of a site, and how much the site pages list as a site grows.
//!
//! Districts name their region in `district.yaml`; a region has no source
//! of its own. On a large site (more than [`LISTED_PLANS_MAX`] plans) the
//! home page lists districts instead of every plan, and with more than one
//! region the site calendar counts items per region, each region getting a
//! calendar of its own (`regions/<slug>/calendar.html`). Without that, a
//! national site of 10,000 plans had a 3.4 MB home page and a 7.5 MB
//! calendar, and `serve` spent most of an edit rendering them again.

use std::collections::{BTreeMap, BTreeSet};

use crate::collate;
use crate::model::{District, Site};

/// Above this many plans the home page lists districts, not plans, and a
/// site of several regions gets region calendars. A district page lists
/// its plans anyway; at 1,000 plans the list of every plan weighed 350 KB.
pub const LISTED_PLANS_MAX: usize = 300;

/// A region with its districts, both in Russian alphabetical order.
pub struct Region<'a> {
    pub name: &'a str,
    /// Unique on the site: the transliterated name, numbered on a clash.
    pub slug: String,
    pub districts: Vec<&'a District>,
}

impl Region<'_> {
    pub fn calendar_path(&self) -> String {
        crate::paths::region_calendar(&self.slug)
    }
}

/// Above this many plans the site-wide pages summarise: the calendar lists,
/// per month, the districts and how many items each has (linking to the
/// district calendars), the home page lists plans without «now / next».
/// With every item of a thousand plans they weighed 2 and 28 MB.
const SMALL_SITE_MAX_PLANS: usize = 30;

/// Whether `site` is small enough for site pages that list every item.
pub fn is_small_site(site: &Site) -> bool {
    site.plan_count() <= SMALL_SITE_MAX_PLANS
}

/// Whether `site` lists districts rather than plans on its home page.
pub fn lists_districts(site: &Site) -> bool {
    site.plan_count() > LISTED_PLANS_MAX
}

/// Whether `site` has region calendars.
pub fn has_region_pages(site: &Site) -> bool {
    lists_districts(site) && region_names(site).len() > 1
}

/// The names of the regions of `site`.
pub fn region_names(site: &Site) -> BTreeSet<&str> {
    site.districts.iter().map(|d| d.region.as_str()).collect()
}

/// The regions of `site`. Slugs are given in the regions' order, so the
/// same set of names gives the same addresses.
pub fn regions(site: &Site) -> Vec<Region<'_>> {
    let mut by_name: BTreeMap<&str, Vec<&District>> = BTreeMap::new();
    for d in &site.districts {
        by_name.entry(d.region.as_str()).or_default().push(d);
    }
    let mut list: Vec<(&str, Vec<&District>)> = by_name.into_iter().collect();
    list.sort_by(|a, b| collate::compare(a.0, b.0));
    let mut taken: BTreeSet<String> = BTreeSet::new();
    list.into_iter()
        .map(|(name, mut districts)| {
            districts.sort_by(|a, b| collate::compare(&a.name, &b.name));
            let slug = unique_slug(name, &mut taken);
            Region {
                name,
                slug,
                districts,
            }
        })
        .collect()
}

fn unique_slug(name: &str, taken: &mut BTreeSet<String>) -> String {
    let base = match crate::slug::slugify(name) {
        s if s.is_empty() => "region".to_string(),
        s => s,
    };
    let mut slug = base.clone();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_transliterated_and_unique() {
        let mut taken = BTreeSet::new();
        let slugs: Vec<String> = ["Курская область", "Курская  область!", "«»", "№"]
            .iter()
            .map(|n| unique_slug(n, &mut taken))
            .collect();
        assert_eq!(
            slugs,
            ["kurskaia-oblast", "kurskaia-oblast-2", "region", "region-2"]
        );
    }
}
