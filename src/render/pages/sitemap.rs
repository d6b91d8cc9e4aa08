//! For search engines: `sitemap.xml` (every page but embeds, fragments
//! and 404, at `base_url`) and `robots.txt` (pointing at it).

use super::*;

pub(in crate::render) fn sitemap(site: &Site, pages: &[&str]) -> Output {
    let base = site.base_url.clone().unwrap_or_default();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let base = escape(&base);
    for path in pages.iter().filter(|p| {
        p.ends_with(".html")
            && paths::file_name(p) != paths::EMBED
            && paths::file_name(p) != paths::FRAGMENT
            && **p != paths::NOT_FOUND
    }) {
        xml.push_str("  <url><loc>");
        xml.push_str(&base);
        crate::render::text::push_escaped(&mut xml, path);
        xml.push_str("</loc></url>\n");
    }
    xml.push_str("</urlset>\n");
    Output {
        path: paths::SITEMAP.into(),
        bytes: xml.into_bytes(),
    }
}

pub(in crate::render) fn robots(site: &Site) -> Output {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &site.base_url {
        text.push_str(&format!("Sitemap: {base}{}\n", paths::SITEMAP));
    }
    Output {
        path: paths::ROBOTS.into(),
        bytes: text.into_bytes(),
    }
}
