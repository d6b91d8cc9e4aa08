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

/// A site of `districts` districts with `plans` plans each (the sample
/// plan of `vekha init` over and over: a site past the size at which the
/// home page lists districts, cheap to build), in `dir`. District
/// «d01» and every other odd one lie in Ленинградская область, the even
/// ones in Санкт-Петербург.
pub fn large_site(dir: &Path, districts: usize, plans: usize) {
    vekha::init::init(dir).expect("init");
    let content = dir.join("content");
    let primer = content.join("primer");
    let yaml = std::fs::read_to_string(primer.join("district.yaml")).expect("district.yaml");
    let plan = std::fs::read_to_string(primer.join("plan-2025.md")).expect("plan");
    for n in 1..=districts {
        let folder = content.join(format!("d{n:02}"));
        std::fs::create_dir(&folder).expect("district folder");
        let region = if n % 2 == 1 {
            "Ленинградская область"
        } else {
            "Санкт-Петербург"
        };
        let text = yaml
            .replacen("Примерный район", &format!("Район {n:02}"), 1)
            .replacen("region: Санкт-Петербург", &format!("region: {region}"), 1);
        std::fs::write(folder.join("district.yaml"), text).expect("write district");
        for p in 1..=plans {
            std::fs::write(folder.join(format!("plan-{p:02}.md")), &plan).expect("write plan");
        }
    }
    std::fs::remove_dir_all(primer).expect("remove primer");
}
