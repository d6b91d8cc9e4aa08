//! Who publishes the site (site.yaml's `organisation`, `logo`, `favicon`,
//! `contacts` and `about`): the files named are checked here, at load, so
//! that a wrong name is reported at its line and never reaches a page as a
//! broken image.

use std::path::Path;

use super::context::Ctx;
use super::raw::RawSite;
use crate::diagnostics::Diagnostic;
use crate::model::{Organisation, Publisher, SiteFile};

/// A logo heavier than this slows every page's first view on a phone.
const LOGO_WARN_BYTES: u64 = 200 * 1024;

/// The kinds of picture a browser shows as a logo or as a tab's icon.
const LOGO_KINDS: [&str; 5] = ["png", "jpg", "jpeg", "svg", "webp"];
const FAVICON_KINDS: [&str; 3] = ["ico", "png", "svg"];

/// The publisher of the site described in `raw`; `content` is the folder
/// of site.yaml, where the files it names lie.
pub(super) fn publisher(content: &Path, ctx: &mut Ctx, raw: &RawSite) -> Publisher {
    Publisher {
        organisation: raw.organisation.as_ref().map(|o| Organisation {
            name: ctx.text("organisation.name", &o.name),
            url: ctx.web_address("organisation", "url", &o.url),
        }),
        logo: site_file(content, ctx, "logo", &raw.logo, &LOGO_KINDS, "site-logo"),
        favicon: site_file(
            content,
            ctx,
            "favicon",
            &raw.favicon,
            &FAVICON_KINDS,
            "site-icon",
        ),
        contacts: ctx.opt_md("", "contacts", &raw.contacts).inspect(|c| {
            relative_links(ctx, c);
        }),
        about: ctx.opt_md("", "about", &raw.about),
    }
}

/// Contacts stand in the footer of pages at every depth, rendered once:
/// a relative link (`files/x.pdf`) would lead somewhere else from each.
fn relative_links(ctx: &mut Ctx, contacts: &crate::model::Markdown) {
    for event in crate::markdown::parser(&contacts.source) {
        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url,
            ..
        }) = event
        {
            let url = dest_url.to_string();
            // `<imc@example.ru>` is a mail address whatever it is written as.
            if link_type != pulldown_cmark::LinkType::Email && crate::url::is_local(&url) {
                ctx.push(
                    Diagnostic::warning(
                        ctx.value_span("contacts"),
                        format!("ссылка «{url}» в контактах поведёт с разных страниц сайта в разные места"),
                    )
                    .with_help("в контактах пишите полные адреса: `https://…`, `mailto:…` или `tel:…`"),
                );
            }
        }
    }
}

/// The file named by `field`, published as `assets/<stem>.<extension>`;
/// reported and dropped when it is outside `content/`, missing, or not one
/// of `kinds`.
fn site_file(
    content: &Path,
    ctx: &mut Ctx,
    field: &str,
    scalar: &Option<crate::load::raw::Scalar>,
    kinds: &[&str],
    stem: &str,
) -> Option<SiteFile> {
    let written = ctx.opt_text("", field, scalar)?;
    let span = ctx.value_span(field);
    // A Windows user may write `картинки\logo.png`.
    let name = written.trim().replace('\\', "/");
    let what = if field == "logo" {
        "логотип"
    } else {
        "значок сайта"
    };
    // Only beside site.yaml: every folder of content/ is a territory's.
    let relative = Path::new(&name);
    if name.is_empty()
        || name.contains('/')
        || relative
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)))
    {
        ctx.push(
            Diagnostic::error(span, format!("{what} должен лежать прямо в папке content/, рядом с site.yaml: «{written}»"))
                .with_help(format!(
                    "положите файл рядом с site.yaml и напишите только его имя, например `{field}: {stem}.png`"
                )),
        );
        return None;
    }
    let extension = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_lowercase())
        .unwrap_or_default();
    if !kinds.contains(&extension.as_str()) {
        let list = kinds
            .iter()
            .map(|k| k.to_uppercase())
            .collect::<Vec<_>>()
            .join(", ");
        ctx.push(
            Diagnostic::error(
                span,
                format!("{what} «{name}» — не картинка, которую покажет браузер"),
            )
            .with_help(format!("сохраните его в одном из видов: {list}")),
        );
        return None;
    }
    let source = content.join(relative);
    let Some(meta) = std::fs::metadata(&source).ok().filter(|m| m.is_file()) else {
        ctx.push(
            Diagnostic::error(span, format!("нет файла content/{name}"))
                .with_help(format!("положите {what} в папку content/ рядом с site.yaml или исправьте имя (большие и маленькие буквы различаются)")),
        );
        return None;
    };
    if field == "logo" && meta.len() > LOGO_WARN_BYTES {
        let size = crate::typography::human_size(usize::try_from(meta.len()).unwrap_or(usize::MAX));
        ctx.push(
            Diagnostic::warning(
                span,
                format!("логотип весит {size}: его загружает каждая страница"),
            )
            .with_help("уменьшите картинку до высоты 100–200 точек или сохраните её в SVG"),
        );
    }
    Some(SiteFile {
        source,
        published: format!("assets/{stem}.{extension}"),
    })
}
