//! The few things every Office XML part needs from quick-xml: element and
//! attribute names without their prefix (the namespace prefix is only a
//! convention), attribute values, and text with its entity references.

use std::io::BufRead;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::docx::ReadError;

/// Feeds every event of an XML part to `each`; a part that is not XML is
/// told with where it stops.
pub fn stream<R: BufRead>(
    source: R,
    part: &'static str,
    mut each: impl FnMut(Event),
) -> Result<(), ReadError> {
    let mut reader = Reader::from_reader(source);
    let mut buf = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| ReadError::Xml {
                part,
                at: reader.buffer_position(),
            })?;
        if matches!(event, Event::Eof) {
            return Ok(());
        }
        each(event);
        buf.clear();
    }
}

/// The element's name without its prefix: `p` for `w:p`.
pub fn name<'a>(e: &'a BytesStart) -> &'a str {
    let full = e.name();
    let full: &str = full.0;
    full.rsplit(':').next().unwrap_or(full)
}

/// The value of the attribute whose name without prefix is `local`.
pub fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        let key: &str = a.key.0;
        let key_local = key.rsplit(':').next().unwrap_or(key);
        (key_local == local)
            .then(|| a.normalized_value(XmlVersion::Implicit1_0).ok())
            .flatten()
            .map(|v| v.into_owned())
    })
}

/// The text an entity reference stands for: `&amp;`, `&#1040;`.
pub fn reference(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    let name = r.xml10_content();
    quick_xml::escape::resolve_xml_entity(&name).map_or_else(String::new, str::to_string)
}

/// A zip of the given parts, for tests that make Office files by hand.
#[cfg(test)]
pub fn zipped(parts: &[(&str, String)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in parts {
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file(*name, options).expect("entry");
        zip.write_all(xml.as_bytes()).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}
