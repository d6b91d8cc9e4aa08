//! Who publishes the site, as every page shows it (the logo in the header,
//! the tab's icon, the organisation and contacts in the footer), and the
//! «О сайте» page that says it at length.

use super::*;
use crate::render::copied;

/// The publisher as `base.html` sees it, made once per build and copied
/// into every page (a few short strings).
#[derive(Serialize, Clone, Debug)]
pub struct PublisherView {
    /// From the site's root.
    logo: Option<String>,
    favicon: Favicon,
    organisation: Option<OrganisationView>,
    contacts: Option<Html>,
}

#[derive(Serialize, Clone, Debug)]
struct Favicon {
    /// From the site's root.
    href: String,
    /// The `type` of its `<link rel="icon">`.
    mime: &'static str,
}

#[derive(Serialize, Clone, Debug)]
struct OrganisationView {
    name: String,
    url: Option<String>,
}

/// The theme's own icon, used when site.yaml names none.
const DEFAULT_FAVICON: &str = "assets/favicon.svg";

impl PublisherView {
    pub fn new(site: &Site) -> PublisherView {
        let p = &site.publisher;
        let favicon = p.favicon.as_ref().map_or(DEFAULT_FAVICON, |f| &f.published);
        PublisherView {
            logo: p.logo.as_ref().map(|l| l.published.clone()),
            favicon: Favicon {
                href: favicon.to_string(),
                mime: paths::media_type(favicon),
            },
            organisation: p.organisation.as_ref().map(|o| OrganisationView {
                name: o.name.clone(),
                url: o.url.clone(),
            }),
            contacts: p.contacts.as_ref().map(|c| site_text(site, c)),
        }
    }
}

/// A site-wide text as HTML: the same on every page, so without glossary
/// links (those belong to a territory) and without relative links' base.
fn site_text(site: &Site, text: &Markdown) -> Html {
    let abbreviations = Abbreviations::default();
    TextRenderer::new(&abbreviations, String::new(), site.allow_html).block(&text.source)
}

#[derive(Serialize)]
struct AboutPage {
    #[serde(flatten)]
    page: Page,
    /// site.yaml's `about`, when written.
    about: Option<Html>,
    /// Whether plans have PDF and DOCX files in this build.
    documents: bool,
}

/// The «О сайте» page, and the logo and icon files site.yaml names.
pub(in crate::render) fn render(
    input: &RenderInput,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let site = input.site;
    for file in [&site.publisher.logo, &site.publisher.favicon]
        .into_iter()
        .flatten()
    {
        out.push(copied(&file.source, file.published.clone(), "файл")?);
    }
    let view = AboutPage {
        page: Page::new(input, paths::ABOUT, "О сайте", vec![home_crumb()]),
        about: site.publisher.about.as_ref().map(|a| site_text(site, a)),
        documents: input.documents,
    };
    render_page(input, out, paths::ABOUT.into(), "about.html", &view)
}
