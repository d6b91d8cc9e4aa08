//! `VEKHA_TIMINGS=1`: how long each phase of a build or a `serve` rebuild
//! took, on stderr (the figures of docs/performance.md).

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VEKHA_TIMINGS").is_some())
}

/// Reports the time since `started` under `name`, when timings are on,
/// with the process's resident memory where the system tells it (Linux).
pub fn phase(name: &str, started: Instant) {
    if enabled() {
        let rss = resident_mb()
            .map(|mb| format!(", {mb} MB resident"))
            .unwrap_or_default();
        eprintln!(
            "[timing] {name}: {:.0} ms{rss}",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}

fn resident_mb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024)
}
