//! Reading source files: encoding checks and newline normalisation.
//!
//! Webmasters edit on Windows, so a UTF-8 BOM and CRLF line ends are accepted
//! silently. Files saved in Windows-1251 or UTF-16 (Notepad's «ANSI» and
//! «Юникод») are refused with instructions: guessing an encoding could publish
//! garbled text in an official document, which is worse than stopping.

use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

/// How to re-save a file as UTF-8, shown with every encoding error.
const RESAVE_HELP: &str = "откройте файл в Блокноте, выберите «Файл → Сохранить как…», \
внизу окна укажите «Кодировка: UTF-8» и сохраните; в Notepad++ — «Кодировки → Преобразовать в UTF-8»";

/// The text of a source file, ready for parsing, or a diagnostic saying why not.
pub fn read_source(path: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::for_path(
            Severity::Error,
            path,
            format!(
                "не удалось прочитать файл: {}",
                crate::diagnostics::os_error(&e)
            ),
        )
    })?;
    decode(path, &bytes)
}

/// Decodes file bytes as UTF-8 (BOM optional) and turns CRLF and CR into LF.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || looks_utf16(bytes) {
        return Err(Diagnostic::for_path(
            Severity::Error,
            path,
            "файл сохранён в кодировке UTF-16 («Юникод»), а Vekha читает только UTF-8",
        )
        .with_help(RESAVE_HELP));
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    match std::str::from_utf8(body) {
        Ok(text) => Ok(normalise_newlines(text)),
        Err(e) => {
            let valid = &body[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let what = if looks_cp1251(body) {
                "файл сохранён в кодировке Windows-1251 («ANSI»), а Vekha читает только UTF-8"
            } else {
                "файл не в кодировке UTF-8"
            };
            Err(Diagnostic::for_path(
                Severity::Error,
                path,
                format!("{what} (первый неверный байт: строка {line}, столбец {col})"),
            )
            .with_help(RESAVE_HELP))
        }
    }
}

fn normalise_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// UTF-16 without a BOM: many zero bytes in ASCII-range text.
fn looks_utf16(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(400)];
    sample.len() >= 4 && sample.iter().filter(|&&b| b == 0).count() * 4 >= sample.len()
}

/// Windows-1251 Cyrillic letters live in 0xC0..=0xFF; in UTF-8 those bytes are
/// lead bytes that must be followed by continuation bytes, so a run of them is
/// a strong sign of a single-byte Cyrillic encoding.
fn looks_cp1251(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0xC0).count();
    let continuation = bytes.iter().filter(|&&b| (0x80..0xC0).contains(&b)).count();
    high > 0 && high > continuation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p() -> &'static Path {
        Path::new("content/a/plan.md")
    }

    #[test]
    fn bom_and_crlf_are_accepted_silently() {
        let text = decode(p(), b"\xEF\xBB\xBFtitle: x\r\nupdated: 1\r\n").unwrap();
        assert_eq!(text, "title: x\nupdated: 1\n");
    }

    #[test]
    fn windows_1251_is_refused_with_how_to_resave() {
        // «План» in Windows-1251, on line 2.
        let d = decode(p(), b"title: a\n\xCF\xEB\xE0\xED\n").unwrap_err();
        assert_eq!(d.severity, Severity::Error);
        assert!(d.message.contains("Windows-1251"), "{}", d.message);
        assert!(d.message.contains("строка 2, столбец 1"), "{}", d.message);
        assert!(d.help.unwrap().contains("UTF-8"));
    }

    #[test]
    fn utf16_is_refused() {
        let mut bytes = vec![0xFF, 0xFE];
        for c in "title: План".encode_utf16() {
            bytes.extend_from_slice(&c.to_le_bytes());
        }
        let d = decode(p(), &bytes).unwrap_err();
        assert!(d.message.contains("UTF-16"), "{}", d.message);
    }
}
