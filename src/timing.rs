//! `VEKHA_TIMINGS=1`: how long each phase of a build or a `serve` rebuild
//! took, on stderr (the figures of docs/performance.md).

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("VEKHA_TIMINGS").is_some())
}

/// Reports the time since `started` under `name`, when timings are on.
pub fn phase(name: &str, started: Instant) {
    if enabled() {
        eprintln!(
            "[timing] {name}: {:.0} ms",
            started.elapsed().as_secs_f64() * 1000.0
        );
    }
}
