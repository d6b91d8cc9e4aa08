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
    // Hosting serves this page for a missing address at any depth:
    // relative links only work from the root, absolute ones everywhere.
    if let Some(base) = &input.site.base_url {
        page.root = base.clone();
    }
    let view = NotFoundPage { page };
    render_page(input, out, paths::NOT_FOUND.into(), "404.html", &view)
}
