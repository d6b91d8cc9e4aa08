//! A synthetic site for measurements: the seed territories of `content/`
//! copied as many times as it takes to reach N plans, each copy a district
//! of its own. Deterministic: the same N gives the same files.

use std::path::Path;

/// Writes `out/content/` with `plans` plans made from the territories in `from`.
pub fn generate(from: &Path, out: &Path, plans: usize) -> Result<(), String> {
    let err = |what: &str, p: &Path, e: std::io::Error| format!("{what} {}: {e}", p.display());
    let content = out.join("content");
    if content.exists() {
        return Err(format!("{} уже существует", content.display()));
    }
    std::fs::create_dir_all(&content).map_err(|e| err("не удалось создать", &content, e))?;
    let site = std::fs::read_to_string(from.join("site.yaml"))
        .map_err(|e| err("не удалось прочитать", from, e))?;
    std::fs::write(content.join("site.yaml"), site)
        .map_err(|e| err("не удалось записать", &content, e))?;
    let mut seeds: Vec<std::path::PathBuf> = std::fs::read_dir(from)
        .map_err(|e| err("не удалось прочитать", from, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("district.yaml").is_file())
        .collect();
    seeds.sort();
    if seeds.is_empty() {
        return Err(format!("в {} нет территорий", from.display()));
    }
    let mut written = 0;
    let mut copy = 0;
    while written < plans {
        for seed in &seeds {
            if written >= plans {
                break;
            }
            let name = seed
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            let dir = content.join(format!("{name}-{copy:05}"));
            std::fs::create_dir_all(&dir).map_err(|e| err("не удалось создать", &dir, e))?;
            let mut files: Vec<_> = std::fs::read_dir(seed)
                .map_err(|e| err("не удалось прочитать", seed, e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .collect();
            files.sort();
            for f in files {
                let is_plan = f.extension().is_some_and(|e| e == "md");
                if is_plan && written >= plans {
                    continue;
                }
                if let Some(file_name) = f.file_name() {
                    std::fs::copy(&f, dir.join(file_name))
                        .map_err(|e| err("не удалось скопировать", &f, e))?;
                }
                if is_plan {
                    written += 1;
                }
            }
        }
        copy += 1;
    }
    Ok(())
}
