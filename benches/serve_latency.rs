//! Time from saving one plan file to the reload signal (the status version
//! changes) and to the edited page being served with the new text, for a
//! site in a folder; and serve's peak memory. Run by `benches/scale.sh`, or alone:
//!
//! ```text
//! cargo bench --bench serve_latency -- /tmp/vekha-bench/1000 [rounds]
//! ```

// A benchmark that cannot go on stops.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

/// Puts the plan file back however the run ends.
struct Restore {
    path: PathBuf,
    text: String,
}

impl Drop for Restore {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.text);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(address: &str, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(address).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    response.split_once("\r\n\r\n").map(|(_, b)| b.to_string())
}

fn version(address: &str) -> Option<u64> {
    let body = get(address, "/__vekha/status")?;
    let rest = body.split("\"version\":").nth(1)?;
    rest.split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// The first plan file of the first district folder, and its page path.
fn first_plan(root: &Path) -> Option<(PathBuf, String)> {
    let mut districts: Vec<PathBuf> = std::fs::read_dir(root.join("content"))
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    districts.sort();
    let district = districts.first()?;
    let mut plans: Vec<PathBuf> = std::fs::read_dir(district)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    plans.sort();
    let plan = plans.first()?.clone();
    let page = format!(
        "/{}/{}/index.html",
        district.file_name()?.to_string_lossy(),
        plan.file_stem()?.to_string_lossy()
    );
    Some((plan, page))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let Some(root) = args.first().map(PathBuf::from) else {
        eprintln!("usage: serve_latency <site root> [rounds]");
        std::process::exit(2);
    };
    let rounds: usize = args
        .get(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(10)
        .max(1);
    let Some((plan, page)) = first_plan(&root) else {
        eprintln!("no plan under {}", root.display());
        std::process::exit(2);
    };
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vekha"))
        .args(["serve", "--port", "0"])
        .current_dir(&root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vekha serve");
    let stdout = child.stdout.take().expect("stdout");
    let pid = child.id();
    let server = Server(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("address");
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("address")
        .to_string();
    println!(
        "first build and start: {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let original = std::fs::read_to_string(&plan).expect("plan");
    let _restore = Restore {
        path: plan.clone(),
        text: original.clone(),
    };
    let (mut signal, mut served) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        let marker = format!("Замер{round}x{}", started.elapsed().as_millis());
        let edited = original.replacen("  text: \"", &format!("  text: \"{marker} "), 1);
        assert_ne!(edited, original, "the plan has no `text:` to edit");
        let before = version(&address).expect("status");
        let t0 = Instant::now();
        std::fs::write(&plan, &edited).expect("write plan");
        while version(&address) == Some(before) {
            // Poll gently: the server shares the machine's two cores.
            std::thread::sleep(Duration::from_millis(2));
            assert!(t0.elapsed() < Duration::from_secs(60), "no rebuild");
        }
        signal.push(t0.elapsed().as_secs_f64() * 1000.0);
        while !get(&address, &page).is_some_and(|b| b.contains(&marker)) {
            std::thread::sleep(Duration::from_millis(2));
            assert!(t0.elapsed() < Duration::from_secs(60), "edit never served");
        }
        served.push(t0.elapsed().as_secs_f64() * 1000.0);
        std::thread::sleep(Duration::from_millis(300));
    }
    let peak = peak_memory_mib(pid);
    drop(server);
    let show = |v: &[f64]| {
        let min = v.iter().copied().fold(f64::INFINITY, f64::min);
        let max = v.iter().copied().fold(0.0, f64::max);
        format!(
            "median {:.0} ms (min {min:.0}, max {max:.0})",
            median(v.to_vec())
        )
    };
    println!(
        "save → reload signal: {} over {rounds} edits",
        show(&signal)
    );
    println!("save → new page served: {}", show(&served));
    if let Some(peak) = peak {
        println!("serve's peak memory: {peak} MiB");
    }
}

/// The peak resident memory of a process (Linux: VmHWM in /proc).
fn peak_memory_mib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
