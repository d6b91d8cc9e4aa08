//! The HTTP side of `vekha serve`: requests answered from the folder of
//! the last good build, HTML pages with the reload script added.
//!
//! Only paths the build wrote are answered (a set kept in [`Served`]), so
//! no request can read anything else on the disk; dot-files (the marker
//! `.vekha-site`) are never answered.
//!
//! A request is one line read with a size limit and a timeout, so a client
//! that sends nothing, or a line without end, holds a thread only so long;
//! the number of connections served at once is capped by the accept loop
//! ([`Connections`]).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::RwLock;
use std::time::Duration;

use super::Served;
use crate::render::root_of;

/// The reload script injected into every HTML page: it asks the server for
/// the build number every half second and reloads when it changes; an error
/// is shown over the page. The address is relative (`ROOT` is the page's
/// way up to the site root), so it works when the site sits under a
/// sub-path behind a proxy.
const RELOAD: &str = "<script>(function(){var v=null;function box(t){var b=document.getElementById('vekha-error');if(!t){if(b)b.remove();return;}if(!b){b=document.createElement('pre');b.id='vekha-error';b.setAttribute('role','alert');b.style.cssText='position:fixed;left:0;right:0;bottom:0;max-height:50%;overflow:auto;margin:0;padding:1em;background:#fff0f0;color:#600;border-top:4px solid #c00;z-index:9999;white-space:pre-wrap;font:14px monospace';document.body.appendChild(b);}b.textContent=t;}function poll(){fetch('ROOT__vekha/status',{cache:'no-store'}).then(function(r){return r.json();}).then(function(s){if(v!==null&&s.version!==v){location.reload();return;}v=s.version;box(s.error);}).catch(function(){});}poll();setInterval(poll,500);})();</script>";

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

/// How long a client may take to send its request, or to take the answer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The longest request line answered (a browser's are far shorter).
const MAX_LINE: u64 = 16 * 1024;

/// How many connections are served at once; past that a new one gets a
/// short «busy» answer. A browser opens a handful.
pub const MAX_CONNECTIONS: usize = 64;

/// The count of connections being served.
#[derive(Default)]
pub struct Connections(AtomicUsize);

/// One connection counted in [`Connections`] until it is dropped.
pub struct Slot<'a>(&'a Connections);

impl Connections {
    /// A slot for a new connection, or `None` when all are taken.
    pub fn take(&self) -> Option<Slot<'_>> {
        let taken = self
            .0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_CONNECTIONS).then_some(n + 1)
            })
            .is_ok();
        // Lazily: a slot made and dropped would give back one never taken.
        taken.then(|| Slot(self))
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0 .0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Answers a connection refused for want of a slot, without reading it.
pub fn busy(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    respond_text(
        &mut stream,
        "503 Service Unavailable",
        "сервер занят: слишком много соединений сразу; обновите страницу",
        true,
    );
}

/// A short answer in plain text (refusals, a missing page).
fn respond_text(stream: &mut TcpStream, status: &str, text: &str, body: bool) {
    respond(
        stream,
        status,
        "text/plain; charset=utf-8",
        text.as_bytes(),
        body,
    );
}

/// The answer; without `body` (a `HEAD` request) only its headers.
fn respond(stream: &mut TcpStream, status: &str, kind: &str, bytes: &[u8], body: bool) {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", bytes.len());
    let _ = stream.write_all(head.as_bytes());
    if body {
        let _ = stream.write_all(bytes);
    }
}

/// The request line, read with [`MAX_LINE`] and [`TIMEOUT`]; `Err` with
/// the answer's status when it is too long.
fn request_line(stream: &TcpStream) -> Result<Option<String>, &'static str> {
    let mut bytes = Vec::new();
    let limited = stream.take(MAX_LINE);
    match BufReader::new(limited).read_until(b'\n', &mut bytes) {
        Ok(_) if bytes.ends_with(b"\n") => Ok(Some(String::from_utf8_lossy(&bytes).into_owned())),
        Ok(n) if n as u64 >= MAX_LINE => Err("414 URI Too Long"),
        // The client closed or timed out mid-line.
        _ => Ok(None),
    }
}

/// Answers one request from what is being served.
pub fn handle(mut stream: TcpStream, served: &RwLock<Served>) {
    let _ = stream.set_read_timeout(Some(TIMEOUT));
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    let line = match request_line(&stream) {
        Ok(Some(line)) => line,
        Ok(None) => return,
        Err(status) => {
            respond_text(&mut stream, status, "слишком длинный запрос", true);
            return;
        }
    };
    let mut words = line.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return;
    };
    if method != "GET" && method != "HEAD" {
        respond_text(&mut stream, "405 Method Not Allowed", "только GET", true);
        return;
    }
    let body = method == "GET";
    let Some(path) = site_path(target) else {
        respond_text(
            &mut stream,
            "403 Forbidden",
            "путь за пределами сайта",
            body,
        );
        return;
    };
    if path.split('/').any(|part| part.starts_with('.')) {
        respond_text(&mut stream, "404 Not Found", "нет такой страницы", body);
        return;
    }
    if path.ends_with("__vekha/status") {
        let Ok(state) = served.read() else { return };
        let json = serde_json::json!({
            "version": state.version,
            "error": state.error,
            "rebuilt": state.rebuilt,
        })
        .to_string();
        drop(state);
        respond(
            &mut stream,
            "200 OK",
            "application/json",
            json.as_bytes(),
            body,
        );
        return;
    }
    let Some((status, file, bytes)) = read(served, &path) else {
        // No site yet: the first build failed, and its errors say why.
        let error = served.read().ok().and_then(|s| s.error.clone());
        match error {
            Some(error) => respond_text(
                &mut stream,
                "503 Service Unavailable",
                &format!("Сайт не собран: исправьте ошибки (они же в окне, где запущен vekha serve), и он соберётся при сохранении файла.\n\n{error}"),
                body,
            ),
            None => respond_text(&mut stream, "404 Not Found", "нет такой страницы", body),
        }
        return;
    };
    if file.ends_with(".html") {
        // The script finds the status address from the page's own depth
        // (the requested path: a 404 page answers at any depth).
        let script = RELOAD.replace("ROOT", &root_of(&path));
        let html = String::from_utf8_lossy(&bytes);
        let page = match html.rfind("</body>") {
            Some(i) => format!("{}{script}{}", &html[..i], &html[i..]),
            None => format!("{html}{script}"),
        };
        respond(
            &mut stream,
            status,
            content_type(&file),
            page.as_bytes(),
            body,
        );
    } else {
        respond(&mut stream, status, content_type(&file), &bytes, body);
    }
}

/// The file that answers `path` (the page itself, its folder's index page
/// or the 404 page): status, site path and bytes; `None` when there is no
/// site yet. A full rebuild may switch folders between the look-up and the
/// read (the old folder goes two seconds later): then it looks again.
fn read(served: &RwLock<Served>, path: &str) -> Option<(&'static str, String, Vec<u8>)> {
    for _ in 0..3 {
        let (status, file, dir): (_, _, PathBuf) = {
            let state = served.read().ok()?;
            let index = format!("{path}/index.html");
            let (status, file) = if state.files.contains(path) {
                ("200 OK", path.to_string())
            } else if state.files.contains(&index) {
                ("200 OK", index)
            } else if state.files.contains("404.html") {
                ("404 Not Found", "404.html".to_string())
            } else {
                return None;
            };
            (status, file, state.dir.clone()?)
        };
        if let Ok(bytes) = std::fs::read(dir.join(&file)) {
            return Some((status, file, bytes));
        }
    }
    None
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

    #[test]
    fn connections_are_capped_and_slots_come_back() {
        let c = Connections::default();
        let held: Vec<_> = (0..MAX_CONNECTIONS).map(|_| c.take()).collect();
        assert!(held.iter().all(Option::is_some));
        assert!(c.take().is_none());
        drop(held);
        assert!(c.take().is_some());
    }
}
