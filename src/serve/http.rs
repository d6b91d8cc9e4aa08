//! The HTTP side of `vekha serve`: requests answered from the folder of
//! the last good build, HTML pages with the reload script added.
//!
//! Only paths the build wrote are answered (a set kept in [`Served`]), so
//! no request can read anything else on the disk; dot-files (the marker
//! `.vekha-site`) are never answered.
//!
//! A request is one line read with a size limit and a deadline, so a
//! client that sends nothing, trickles, or sends a line without end holds
//! a thread only so long; the number of connections served at once is
//! capped by the accept loop ([`Connections`]).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

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

/// How long a client may take to send its request line, and then to
/// take the answer: in all, not per packet, so a client that trickles a
/// byte now and then holds its connection no longer.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// How long a refused connection gets to send its request before the
/// «busy» answer (closing unread would reset it and lose the answer).
const BUSY_TIMEOUT: Duration = Duration::from_secs(1);

/// The longest request line answered (a browser's are far shorter).
const MAX_LINE: usize = 16 * 1024;

/// How many connections are served at once; past that a new one gets a
/// short «busy» answer. A browser opens a handful.
pub const MAX_CONNECTIONS: usize = 64;

/// The count of connections being served.
#[derive(Default)]
pub struct Connections(AtomicUsize);

/// One connection counted in [`Connections`] until it is dropped.
pub struct Slot(Arc<Connections>);

impl Connections {
    /// A slot for a new connection, or `None` when all are taken.
    pub fn take(self: &Arc<Self>) -> Option<Slot> {
        self.0
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < MAX_CONNECTIONS).then_some(n + 1)
            })
            .ok()
            .map(|_| Slot(Arc::clone(self)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0 .0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The time left until `deadline`, `None` once it has passed.
fn left(deadline: Instant) -> Option<Duration> {
    deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
}

/// Answers a connection refused for want of a slot.
pub fn busy(mut stream: TcpStream) {
    let _ = request_line(&stream, Instant::now() + BUSY_TIMEOUT);
    respond_text(
        &mut stream,
        "503 Service Unavailable",
        "сервер занят: слишком много соединений сразу; обновите страницу",
        true,
        Instant::now() + BUSY_TIMEOUT,
    );
}

/// A short answer in plain text (refusals, a missing page).
fn respond_text(stream: &mut TcpStream, status: &str, text: &str, body: bool, by: Instant) {
    let kind = "text/plain; charset=utf-8";
    respond(stream, status, kind, text.as_bytes(), body, by);
}

/// The answer, written by `by`; without `body` (a `HEAD` request) only
/// its headers.
fn respond(
    stream: &mut TcpStream,
    status: &str,
    kind: &str,
    bytes: &[u8],
    body: bool,
    by: Instant,
) {
    let head = format!("HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n", bytes.len());
    let _ = write_by(stream, head.as_bytes(), by);
    if body {
        let _ = write_by(stream, bytes, by);
    }
}

/// Writes all of `bytes` unless `deadline` passes first.
fn write_by(stream: &mut TcpStream, mut bytes: &[u8], deadline: Instant) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let Some(time) = left(deadline) else {
            return Err(std::io::ErrorKind::TimedOut.into());
        };
        stream.set_write_timeout(Some(time))?;
        let n = stream.write(&bytes[..bytes.len().min(64 * 1024)])?;
        if n == 0 {
            return Err(std::io::ErrorKind::WriteZero.into());
        }
        bytes = &bytes[n..];
    }
    Ok(())
}

/// The request line, read by `deadline` and at most [`MAX_LINE`] long;
/// `Err` with the answer's status when it is longer. `None` when the
/// client closed or let the time pass.
fn request_line(stream: &TcpStream, deadline: Instant) -> Result<Option<String>, &'static str> {
    let mut line = Vec::new();
    let mut chunk = [0u8; 1024];
    loop {
        let Some(time) = left(deadline) else {
            return Ok(None);
        };
        if stream.set_read_timeout(Some(time)).is_err() {
            return Ok(None);
        }
        let n = match (&*stream).read(&mut chunk) {
            Ok(0) | Err(_) => return Ok(None),
            Ok(n) => n,
        };
        line.extend_from_slice(&chunk[..n]);
        if let Some(end) = line.iter().position(|&b| b == b'\n') {
            line.truncate(end + 1);
            return Ok(Some(String::from_utf8_lossy(&line).into_owned()));
        }
        if line.len() >= MAX_LINE {
            return Err("414 URI Too Long");
        }
    }
}

/// Closes after an answer sent before the request was read whole: the
/// rest is read and dropped for a moment, so that the client gets the
/// answer rather than a reset.
fn close_gently(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mut sink = [0u8; 16 * 1024];
    while let Some(time) = left(deadline) {
        let _ = stream.set_read_timeout(Some(time));
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Answers one request from what is being served, holding its `_slot`
/// until done.
pub fn handle(mut stream: TcpStream, served: &RwLock<Served>, _slot: Slot) {
    let line = match request_line(&stream, Instant::now() + TIMEOUT) {
        Ok(Some(line)) => line,
        Ok(None) => return,
        Err(status) => {
            let by = Instant::now() + BUSY_TIMEOUT;
            respond_text(&mut stream, status, "слишком длинный запрос", true, by);
            close_gently(&mut stream);
            return;
        }
    };
    // The answer gets its own time: a large page to a slow client.
    let by = Instant::now() + TIMEOUT;
    let mut words = line.split_whitespace();
    let (Some(method), Some(target)) = (words.next(), words.next()) else {
        return;
    };
    if method != "GET" && method != "HEAD" {
        respond_text(
            &mut stream,
            "405 Method Not Allowed",
            "только GET и HEAD",
            true,
            by,
        );
        return;
    }
    let body = method == "GET";
    let Some(path) = site_path(target) else {
        respond_text(
            &mut stream,
            "403 Forbidden",
            "путь за пределами сайта",
            body,
            by,
        );
        return;
    };
    if path.split('/').any(|part| part.starts_with('.')) {
        respond_text(&mut stream, "404 Not Found", "нет такой страницы", body, by);
        return;
    }
    if path.ends_with("__vekha/status") {
        let Ok(state) = served.read() else { return };
        let json = serde_json::to_string(&state.status()).unwrap_or_default();
        drop(state);
        respond(
            &mut stream,
            "200 OK",
            "application/json",
            json.as_bytes(),
            body,
            by,
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
                by,
            ),
            None => respond_text(&mut stream, "404 Not Found", "нет такой страницы", body, by),
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
            crate::paths::media_type(&file),
            page.as_bytes(),
            body,
            by,
        );
    } else {
        respond(
            &mut stream,
            status,
            crate::paths::media_type(&file),
            &bytes,
            body,
            by,
        );
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
        let c = Arc::new(Connections::default());
        let held: Vec<_> = (0..MAX_CONNECTIONS).map(|_| c.take()).collect();
        assert!(held.iter().all(Option::is_some));
        assert!(c.take().is_none());
        drop(held);
        assert!(c.take().is_some());
    }
}
