//! `vekha serve`: the site served from memory on 127.0.0.1, rebuilt when a
//! source or theme file changes, with pages reloading themselves.
//!
//! The whole site is rendered in memory (no files written), so a broken edit
//! simply keeps the last good site in memory and shows the error over the
//! page. Requests are answered only from that map of files, so no path can
//! reach outside the site. Changes are found by polling modification times:
//! no platform-specific watcher, the same behaviour on Windows and Linux.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant, SystemTime};

use crate::build::{render, BuildOptions};
use crate::diagnostics::{render as render_diagnostic, Severity};

/// What is being served: the files of the last good build and its number;
/// the error of the last failed build, if it failed.
#[derive(Default)]
pub struct Served {
    files: HashMap<String, Arc<Vec<u8>>>,
    version: u64,
    error: Option<String>,
}

/// The reload script injected into every HTML page: it asks the server for
/// the build number every second and reloads when it changes; an error is
/// shown over the page. It uses an absolute path, as `serve` runs at the root.
const RELOAD: &str = "<script>(function(){var v=null;function box(t){var b=document.getElementById('vekha-error');if(!t){if(b)b.remove();return;}if(!b){b=document.createElement('pre');b.id='vekha-error';b.setAttribute('role','alert');b.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#600;border-top:4px solid #c00;z-index:9999;white-space:pre-wrap;font:14px monospace';document.body.appendChild(b);}b.textContent=t;}function poll(){fetch('/__vekha/status').then(function(r){return r.json();}).then(function(s){if(v!==null&&s.version!==v){location.reload();return;}v=s.version;box(s.error);}).catch(function(){});}poll();setInterval(poll,1000);})();</script>";

/// Renders the site into `served`; returns whether it succeeded.
pub fn rebuild(root: &Path, served: &RwLock<Served>) -> bool {
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: root.join("public"),
        today: None,
        progress: None,
        documents: false,
    };
    let rendered = render(&options, chrono::Local::now().date_naive());
    let errors: Vec<String> = rendered
        .report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| render_diagnostic(d, &rendered.report.sources, false))
        .collect();
    let Ok(mut state) = served.write() else {
        return false;
    };
    if rendered.report.summary.is_none() || !errors.is_empty() {
        let text = errors.join("\n\n");
        eprintln!("{text}\nСайт не пересобран: показывается прежняя версия.");
        state.error = Some(text);
        return false;
    }
    state.files = rendered
        .outputs
        .into_iter()
        .map(|o| (o.path, Arc::new(o.bytes)))
        .collect();
    state.version += 1;
    state.error = None;
    true
}

/// Modification times and sizes of every file under the folders: when this
/// changes, something was edited, added or removed.
fn snapshot(folders: &[PathBuf]) -> Vec<(PathBuf, SystemTime, u64)> {
    let mut out = Vec::new();
    for folder in folders {
        for entry in walkdir::WalkDir::new(folder)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if let Ok(meta) = entry.metadata() {
                if meta.is_file() {
                    out.push((
                        entry.path().to_path_buf(),
                        meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                        meta.len(),
                    ));
                }
            }
        }
    }
    out
}

/// The site path a request asks for, or `None` for a path that tries to
/// leave the site (`..`) — refused.
pub fn site_path(target: &str) -> Option<String> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') => return None,
            p => parts.push(p),
        }
    }
    let mut joined = parts.join("/");
    if joined.is_empty() || path.ends_with('/') {
        if !joined.is_empty() {
            joined.push('/');
        }
        joined.push_str("index.html");
    }
    Some(joined)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

fn respond(stream: &mut TcpStream, status: &str, kind: &str, body: &[u8]) {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", body.len());
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// Answers one request from what is being served.
fn handle(mut stream: TcpStream, served: &RwLock<Served>) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let mut words = line.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return;
    };
    if method != "GET" && method != "HEAD" {
        respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain; charset=utf-8",
            "только GET".as_bytes(),
        );
        return;
    }
    let Ok(state) = served.read() else { return };
    if target.starts_with("/__vekha/status") {
        let error = state
            .error
            .as_deref()
            .map_or("null".to_string(), |e| format!("{:?}", e));
        let body = format!("{{\"version\":{},\"error\":{}}}", state.version, error);
        respond(&mut stream, "200 OK", "application/json", body.as_bytes());
        return;
    }
    let Some(path) = site_path(target) else {
        respond(
            &mut stream,
            "403 Forbidden",
            "text/plain; charset=utf-8",
            "путь за пределами сайта".as_bytes(),
        );
        return;
    };
    let (status, path) = if state.files.contains_key(&path) {
        ("200 OK", path)
    } else if state.files.contains_key(&format!("{path}/index.html")) {
        ("200 OK", format!("{path}/index.html"))
    } else {
        ("404 Not Found", "404.html".to_string())
    };
    let Some(bytes) = state.files.get(&path) else {
        respond(
            &mut stream,
            "404 Not Found",
            "text/plain; charset=utf-8",
            "нет такой страницы".as_bytes(),
        );
        return;
    };
    if path.ends_with(".html") {
        let html = String::from_utf8_lossy(bytes);
        let page = match html.rfind("</body>") {
            Some(i) => format!("{}{RELOAD}{}", &html[..i], &html[i..]),
            None => format!("{html}{RELOAD}"),
        };
        respond(&mut stream, status, content_type(&path), page.as_bytes());
    } else {
        respond(&mut stream, status, content_type(&path), bytes);
    }
}

/// Runs the server until the process is stopped (Ctrl+C).
pub fn serve(root: &Path, bind: &str, port: u16) -> Result<(), String> {
    let served = Arc::new(RwLock::new(Served::default()));
    let started = Instant::now();
    // The state the first build sees: any edit after this point rebuilds.
    let watched = watched_folders(root);
    let mut last = snapshot(&watched);
    rebuild(root, &served);
    eprintln!("Сборка: {:.2} с", started.elapsed().as_secs_f64());
    let listener = TcpListener::bind((bind, port))
        .map_err(|e| format!("не удалось открыть порт {port} на {bind}: {e}"))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Сайт: http://{address}/ (остановить — Ctrl+C)");
    let _ = std::io::stdout().flush();
    let watcher_state = Arc::clone(&served);
    let watcher_root = root.to_path_buf();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(250));
        let now = snapshot(&watched);
        if now != last {
            last = now;
            let started = Instant::now();
            if rebuild(&watcher_root, &watcher_state) {
                eprintln!("Пересобрано за {:.2} с", started.elapsed().as_secs_f64());
            }
        }
    });
    for stream in listener.incoming().flatten() {
        let state = Arc::clone(&served);
        std::thread::spawn(move || handle(stream, &state));
    }
    Ok(())
}

/// `content/` and the site's theme folder, if it has one.
fn watched_folders(root: &Path) -> Vec<PathBuf> {
    let mut folders = vec![root.join("content")];
    if root.join("themes").is_dir() {
        folders.push(root.join("themes"));
    }
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/kirovsky/").as_deref(),
            Some("kirovsky/index.html")
        );
        assert_eq!(
            site_path("/kirovsky/shnor-2023/index.html?x=1#p-1").as_deref(),
            Some("kirovsky/shnor-2023/index.html")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/a/%2e%2e/%2e%2e/etc"), None);
        assert_eq!(site_path("/a\\..\\b"), None);
    }
}
