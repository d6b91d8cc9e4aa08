//! Symbolic links in `content/`.
//!
//! Reading through a link that leads out of the sources would publish
//! whatever it points at (`passwd.pdf` → `/etc/passwd`) or quote it in
//! messages. So a link is followed only when its target lies inside
//! `content/` (one order shared by two territories, say): a file there is
//! read as if it stood where the link does, a folder linked at the top of
//! `content/` is a territory folder like any other. Any other link —
//! leading elsewhere, even to the site's own `public/` or `.git/`, or
//! nowhere — is skipped with a warning naming the link. Links to folders
//! inside a territory folder are never followed (one to a parent folder
//! would loop).

use std::path::Path;

use crate::diagnostics::{Diagnostic, Severity};

/// What a path is, as far as links go.
pub enum Link {
    /// Not a link: read it as it is.
    No,
    /// A link to something inside the site: follow it.
    Inside,
    /// A link that must not be followed; the warning says why.
    Skipped(Diagnostic),
}

/// Looks at `path` (shown to the user as `shown`) in the site at `root`.
pub fn classify(root: &Path, path: &Path, shown: &Path) -> Link {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Link::No;
    }
    let Ok(target) = path.canonicalize() else {
        return Link::Skipped(
            Diagnostic::for_path(
                Severity::Warning,
                shown,
                "символическая ссылка никуда не ведёт и пропущена",
            )
            .with_help("файл или папка, на которые она указывала, удалены или переименованы: удалите ссылку или положите на её место сам файл"),
        );
    };
    if inside_content(root, &target) {
        return Link::Inside;
    }
    Link::Skipped(
        Diagnostic::for_path(
            Severity::Warning,
            shown,
            format!(
                "символическая ссылка ведёт за пределы папки content ({}) и пропущена",
                target.display()
            ),
        )
        .with_help("на сайт попадает только то, что лежит в папке content: скопируйте файл в папку территории вместо ссылки на него"),
    )
}

/// Whether a canonical `target` lies in the site's `content/` (which may
/// itself be a link to elsewhere).
fn inside_content(root: &Path, target: &Path) -> bool {
    root.join("content")
        .canonicalize()
        .is_ok_and(|content| target.starts_with(content))
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn links_are_followed_only_inside_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/a")).unwrap();
        std::fs::write(root.join("content/a/real.pdf"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let link = |name: &str, to: &Path| {
            let at = root.join("content/a").join(name);
            std::os::unix::fs::symlink(to, &at).unwrap();
            at
        };
        let inside = link("inside.pdf", &root.join("content/a/real.pdf"));
        let outside = link("outside.pdf", &dir.path().join("secret.txt"));
        let broken = link("broken.pdf", &dir.path().join("gone.txt"));
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "x").unwrap();
        let git = link("git.pdf", &root.join(".git/config"));
        let shown = Path::new("x");
        assert!(matches!(
            classify(&root, &root.join("content/a/real.pdf"), shown),
            Link::No
        ));
        assert!(matches!(classify(&root, &inside, shown), Link::Inside));
        match classify(&root, &outside, shown) {
            Link::Skipped(d) => assert!(d.message.contains("за пределы"), "{}", d.message),
            _ => panic!("a link out of content/ must be skipped"),
        }
        match classify(&root, &git, shown) {
            Link::Skipped(d) => assert!(d.message.contains("за пределы"), "{}", d.message),
            _ => panic!("a link out of content/ must be skipped"),
        }
        match classify(&root, &broken, shown) {
            Link::Skipped(d) => assert!(d.message.contains("никуда"), "{}", d.message),
            _ => panic!("a broken link must be skipped"),
        }
    }
}
