//! Which addresses a published page may link to or load.
//!
//! Sources are written by people and pasted from elsewhere; a `javascript:`
//! link in a plan would run in every reader's browser, and an image from
//! another site is a tracking pixel. So links may only be web, mail or phone
//! addresses or relative paths, and images only files of the site itself.

/// The scheme of an address (`https`, `javascript`), lower-cased, if it has one.
/// Browsers ignore tabs, newlines and leading spaces in URLs, so this does too.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start()
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    let colon = cleaned.find(':')?;
    let head = &cleaned[..colon];
    let is_scheme = !head.is_empty()
        && head.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && head
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    is_scheme.then(|| head.to_ascii_lowercase())
}

/// A link target safe to publish: relative, `#…`, or http(s), mailto, tel.
pub fn is_safe_link(url: &str) -> bool {
    match scheme(url) {
        None => true,
        Some(s) => matches!(s.as_str(), "http" | "https" | "mailto" | "tel"),
    }
}

/// An absolute web address (for fields that must point to another site):
/// `http(s)://` and a host, with no space, control character or other
/// character that no address holds. These fields go into every page and
/// every calendar as they are: a line break in one would start a new
/// calendar line.
pub fn is_web_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host_ok = rest.chars().next().is_some_and(|c| !"/?#".contains(c));
    let chars_ok = url
        .chars()
        .all(|c| !c.is_control() && !c.is_whitespace() && !"\"<>\\^`{|}".contains(c));
    host_ok && chars_ok
}

/// An address inside the site itself, relative to the page: what an image
/// may load, and what a text shown on pages at every depth must not link
/// to (it would lead somewhere else from each).
pub fn is_local(url: &str) -> bool {
    scheme(url).is_none() && !url.trim_start().starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_harmless_links_pass() {
        assert!(is_safe_link("https://imc.ru/a"));
        assert!(is_safe_link("mailto:a@b.ru"));
        assert!(is_safe_link("../a.html#x"));
        assert!(is_safe_link("#fn-1"));
        assert!(!is_safe_link("javascript:alert(1)"));
        assert!(!is_safe_link("JaVaScRiPt:alert(1)"));
        assert!(!is_safe_link(" java\tscript:alert(1)"));
        assert!(!is_safe_link("data:text/html,<script>"));
        assert!(!is_safe_link("vbscript:x"));
    }

    #[test]
    fn images_only_from_the_site() {
        assert!(is_local("files/scan.png"));
        assert!(!is_local("https://counter.example/pixel.gif"));
        assert!(!is_local("//counter.example/pixel.gif"));
        assert!(!is_local("Mailto:imc@example.ru"));
        assert!(!is_local("tel:+74950000000"));
        assert!(is_web_address("https://imc.ru"));
        assert!(is_web_address("HTTP://имц.рф/планы/"));
        assert!(!is_web_address("imc.ru"));
        assert!(!is_web_address("https://"));
        assert!(!is_web_address(" https://imc.ru"));
        assert!(!is_web_address("https://imc.ru/\r\nSUMMARY:x"));
        assert!(!is_web_address("https://imc.ru/a b"));
        assert!(!is_web_address("https://imc.ru/\"onmouseover=x"));
    }
}
