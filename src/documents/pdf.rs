//! The tagged PDF of a plan, made by the Typst compiler as a library: no
//! browser and no external program at build time.
//!
//! Why Typst: it lays out long tables with repeated headers and page numbers,
//! hyphenates Russian, embeds fonts, and (since 0.14) writes tagged PDF with a
//! structure tree and can check PDF/UA-1 — in pure Rust. The alternatives
//! checked: printpdf/lopdf/pdf-writer (drawing primitives only: tables,
//! pagination and tagging would be ours to write), genpdf (no tagging),
//! a headless browser (excluded by the rules, and heavy).

use std::sync::OnceLock;

use chrono::Datelike;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, Source};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

/// Liberation Serif 2.1 (SIL Open Font License 1.1), shipped with the theme.
const FONTS: &[&[u8]] = &[
    include_bytes!("../../themes/default/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../themes/default/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../themes/default/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../themes/default/fonts/LiberationSerif-BoldItalic.ttf"),
];

/// Fonts and the standard library, parsed once per process.
struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// One document to compile: its source, and the date it carries.
struct DocWorld {
    main: Source,
    date: chrono::NaiveDate,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, _id: FileId) -> FileResult<Bytes> {
        Err(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        typst_date(self.date)
    }
}

fn typst_date(d: chrono::NaiveDate) -> Option<Datetime> {
    Datetime::from_ymd(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
}

/// Compiles Typst source into a tagged PDF. `ident` identifies the document
/// stably and `date` (the plan's «updated») is its creation date, so the
/// same source gives the same bytes. PDF/UA-1 is asked for; if the checker
/// refuses the document, a tagged PDF without the claim is written.
pub fn compile(source: &str, ident: &str, date: chrono::NaiveDate) -> Result<Vec<u8>, String> {
    let world = DocWorld {
        main: Source::detached(source),
        date,
    };
    let document: PagedDocument = typst::compile(&world).output.map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })?;
    let options = |standards: PdfStandards| PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("Vekha".to_string())),
        timestamp: typst_date(date).map(Timestamp::new_utc),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    let ua = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| e.message().to_string())?;
    match typst_pdf::pdf(&document, &options(ua)) {
        Ok(bytes) => Ok(bytes),
        Err(_) => typst_pdf::pdf(&document, &options(PdfStandards::default())).map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        }),
    }
}
