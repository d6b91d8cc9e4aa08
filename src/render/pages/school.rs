//! What a plan page and a body page offer besides themselves: the list of
//! their files for download, and the «for school sites» section (the
//! paste-ready fragment, the embed page and its iframe snippet).

use super::*;

/// A file in a page's list of downloads.
#[derive(Serialize, Clone)]
pub(super) struct DataFile {
    pub(super) href: String,
    pub(super) label: String,
    pub(super) format: String,
    pub(super) size: String,
    pub(super) note: Option<&'static str>,
}

impl DataFile {
    /// `bytes` published at `path` (linked from a page beside it), with its
    /// entry in the list.
    pub(super) fn with_output(
        path: &str,
        bytes: Vec<u8>,
        label: &str,
        format: &str,
        note: Option<&'static str>,
    ) -> (Output, DataFile) {
        let file = DataFile {
            href: paths::file_name(path).to_string(),
            label: label.into(),
            format: format.into(),
            size: crate::typography::human_size(bytes.len()),
            note,
        };
        let output = Output {
            path: path.to_string(),
            bytes,
        };
        (output, file)
    }
}

/// What a reader does with a calendar file.
pub(super) const CALENDAR_NOTE: &str = "откройте файл или подпишитесь на него в календаре телефона";

/// The «for school sites» section.
#[derive(Serialize)]
pub(super) struct SchoolView {
    subject: String,
    fragment_href: &'static str,
    fragment_size: String,
    fragment_code: String,
    embed_href: &'static str,
    /// Only with the site's address (`base_url`): a snippet with a
    /// placeholder would be pasted as it is.
    iframe_code: Option<String>,
    /// The plan's documents, to put into a school's «Документы» section.
    documents: Vec<DataFile>,
}

impl SchoolView {
    /// The section for a page about `subject`, whose fragment is `fragment`
    /// and embed page is at `embed_path` with `title`.
    pub(super) fn new(
        site: &Site,
        subject: String,
        fragment: &str,
        (embed_path, title): (&str, &str),
        documents: Vec<DataFile>,
    ) -> SchoolView {
        SchoolView {
            subject,
            fragment_href: paths::FRAGMENT,
            fragment_size: crate::typography::human_size(fragment.len()),
            fragment_code: fragment.to_string(),
            embed_href: paths::EMBED,
            iframe_code: site
                .base_url
                .as_deref()
                .map(|base| iframe_code(base, embed_path, title)),
            documents,
        }
    }
}

/// The iframe snippet: the embed page at the site's address `base`, plus
/// a tiny listener that sets the iframe's height from the page's messages.
fn iframe_code(base: &str, embed_path: &str, title: &str) -> String {
    format!(
        "<iframe src=\"{base}{embed_path}\" title=\"{}\" style=\"width:100%;border:0;min-height:400px\" loading=\"lazy\" data-vekha-embed></iframe>\n<script>addEventListener(\"message\",function(e){{var d=e.data;if(!d||d.vekha!==\"height\")return;document.querySelectorAll(\"iframe[data-vekha-embed]\").forEach(function(f){{if(f.contentWindow===e.source){{f.style.height=d.height+\"px\";}}}});}});</script>",
        escape(title)
    )
}
