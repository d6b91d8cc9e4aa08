//! The page hosting shows for any missing address.

use super::*;

#[derive(Serialize)]
struct NotFoundPage {
    #[serde(flatten)]
    page: Page,
}

pub(in crate::render) fn render(
    input: &RenderInput,
    out: &mut Vec<Output>,
) -> Result<(), Diagnostic> {
    let mut page = Page::new(input, paths::NOT_FOUND, "Страница не найдена", Vec::new());
    // Hosting serves this page for a missing address at any depth, where
    // relative links lead nowhere. With the site's address the links are
    // absolute; without it they start at the host's root, which is right
    // for a site at the root of its host and, in a sub-folder, still gives
    // a readable page (unstyled) whose home link leads to the host's root.
    page.root = input.site.base_url.clone().unwrap_or_else(|| "/".into());
    let view = NotFoundPage { page };
    render_page(input, out, paths::NOT_FOUND.into(), "404.html", &view)
}
