//! Sample sites shared by the integration tests.

use std::path::Path;

/// The sample site of `vekha init` with a second district («vtoroy», a copy
/// of «primer»), in `dir`.
pub fn two_district_site(dir: &Path) {
    vekha::init::init(dir).expect("init");
    let content = dir.join("content");
    std::fs::create_dir(content.join("vtoroy")).expect("second district");
    for name in ["district.yaml", "plan-2025.md"] {
        std::fs::copy(
            content.join("primer").join(name),
            content.join("vtoroy").join(name),
        )
        .expect("copy");
    }
}

/// Replaces the first `from` in a file with `to`; the file must change.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    let edited = text.replacen(from, to, 1);
    assert_ne!(edited, text, "«{from}» not in {}", path.display());
    std::fs::write(path, edited).expect("write");
}
