//! Downloadable documents of a plan: a tagged PDF (Typst) and an editable
//! DOCX, both made from the same model as the pages.

pub(crate) mod docx;
pub(crate) mod pdf;
pub(crate) mod typst_markup;

use crate::model::{District, Plan};

/// A row of signatures: the approval stamps above the title (a single one
/// stands in the right half, where official documents put it), or
/// signatures inside the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureRow {
    Stamps,
    InText,
}

/// The PDF of a plan.
pub fn plan_pdf(district: &District, plan: &Plan) -> Result<Vec<u8>, String> {
    let title = plan.name();
    let source = typst_markup::document(district, plan, &title);
    pdf::compile(
        &source,
        &format!("vekha/{}/{}", district.slug, plan.slug),
        plan.updated,
    )
}

/// The DOCX of a plan.
pub fn plan_docx(district: &District, plan: &Plan) -> Result<Vec<u8>, String> {
    docx::plan_docx(district, plan)
}
