//! `vekha serve`: an edit shows up, a broken edit keeps the old page and
//! reports the error, and nothing outside the site can be requested.

use super::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vekha"))
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start vekha serve");
    let stdout = child.stdout.take().expect("stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("address line");
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .expect("address")
        .to_string();
    Server { child, address }
}

/// A raw GET: status code and body.
fn get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

fn wait_for(server: &Server, path: &str, what: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(server, path);
        if body.contains(what) {
            return body;
        }
        assert!(
            Instant::now() < deadline,
            "«{what}» never appeared at {path}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn wait_for_status(server: &Server, path: &str, status: u16) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while get(server, path).0 != status {
        assert!(Instant::now() < deadline, "{path} never answered {status}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_keeps_the_last_good_site_and_stays_inside() {
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    let server = start(dir.path());
    let (status, home) = get(&server, "/");
    assert_eq!(status, 200);
    assert!(home.contains("Примерный район"));
    assert!(
        home.contains("'__vekha/status'"),
        "the reload script is injected"
    );

    let plan = dir.path().join("content/primer/plan-2025.md");
    common::edit(&plan, "Анализ результатов ВПР", "Анализ итогов ВПР");
    wait_for(&server, "/primer/plan-2025/index.html", "Анализ итогов");

    common::edit(&plan, "updated: 2025-03-20", "updated: НЕТАКОГО");
    let status = wait_for(&server, "/__vekha/status", "НЕТАКОГО");
    assert!(status.contains("не в виде ГГГГ-ММ-ДД"), "{status}");
    let (code, page) = get(&server, "/primer/plan-2025/index.html");
    assert_eq!(code, 200);
    assert!(
        page.contains("Анализ итогов"),
        "the last good page is still served"
    );

    assert_eq!(get(&server, "/../../etc/passwd").0, 403);
    assert_eq!(get(&server, "/%2e%2e/%2e%2e/etc/passwd").0, 403);
    assert_eq!(get(&server, "/nope.html").0, 404);
}

/// An edit in one district re-renders that district and the site-wide
/// pages only; the other district's pages are left as they were.
#[test]
fn an_edit_rebuilds_only_its_district_and_the_site_pages() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::two_district_site(dir.path());
    let content = dir.path().join("content");
    std::fs::write(content.join("vtoroy/prikaz.pdf"), b"%PDF-1.4 test").expect("attachment");
    let server = start(dir.path());
    let (status, attachment) = get(&server, "/vtoroy/files/prikaz.pdf");
    assert_eq!(
        (status, attachment.as_str()),
        (200, "%PDF-1.4 test"),
        "attachments are served"
    );
    let (status, other_before) = get(&server, "/vtoroy/plan-2025/index.html");
    assert_eq!(status, 200);
    // Deeper pages find the status address relative to their own depth.
    assert!(other_before.contains("'../../__vekha/status'"));

    let plan = content.join("primer/plan-2025.md");
    let text = std::fs::read_to_string(&plan).expect("read");
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("title: "))
        .expect("title")
        .to_string();
    // Lists show the short title where there is one: both are renamed.
    let mut renamed = text.replacen(&title, "Переименованный", 1);
    if let Some(short) = text.lines().find_map(|l| l.strip_prefix("short_title: ")) {
        renamed = renamed.replacen(short, "Переименованный кратко", 1);
    }
    std::fs::write(&plan, renamed).expect("edit");
    let status = wait_for(&server, "/__vekha/status", "\"rebuilt\":[\"primer\"]");
    assert!(status.contains("\"error\":null"), "{status}");
    wait_for(&server, "/primer/plan-2025/index.html", "Переименованный");
    // Site-wide pages and data follow the edit.
    assert!(get(&server, "/").1.contains("Переименованный"));
    assert!(get(&server, "/data/site.json")
        .1
        .contains("Переименованный"));
    assert!(get(&server, "/sitemap.xml")
        .1
        .contains("vtoroy/plan-2025/index.html"));
    let (_, other_after) = get(&server, "/vtoroy/plan-2025/index.html");
    assert_eq!(other_before, other_after, "the other district is untouched");

    // A broken district stays reported while another district is edited.
    common::edit(&plan, "updated: 2025-03-20", "updated: НЕТАКОГО");
    wait_for(&server, "/__vekha/status", "НЕТАКОГО");
    let other = content.join("vtoroy/plan-2025.md");
    common::edit(&other, "Анализ результатов ВПР", "Анализ итогов ВПР");
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        get(&server, "/__vekha/status").1.contains("НЕТАКОГО"),
        "the error is still shown"
    );
    common::edit(&plan, "updated: НЕТАКОГО", "updated: 2025-03-20");
    let status = wait_for(&server, "/__vekha/status", "\"error\":null");
    assert!(
        status.contains("\"rebuilt\":[]"),
        "a full rebuild after an error: {status}"
    );
    wait_for(&server, "/vtoroy/plan-2025/index.html", "Анализ итогов");
}

/// A theme folder named in site.yaml, outside themes/, is watched too; a
/// template that breaks the full rebuild keeps the last good site.
#[test]
fn the_sites_own_theme_folder_is_watched() {
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    let css = dir.path().join("design/static/vekha.css");
    std::fs::create_dir_all(css.parent().expect("parent")).expect("theme folder");
    std::fs::write(&css, "/* первая */").expect("css");
    let site = dir.path().join("content/site.yaml");
    let settings = std::fs::read_to_string(&site).expect("read");
    std::fs::write(&site, format!("{settings}\ntheme: design\n")).expect("theme");
    let server = start(dir.path());
    assert!(get(&server, "/assets/vekha.css").1.contains("первая"));
    std::fs::write(&css, "/* вторая */").expect("edit css");
    wait_for(&server, "/assets/vekha.css", "вторая");

    // A template that fails while the new site is being written: the last
    // good site is still served, and the half-written one is not.
    let template = dir.path().join("design/templates/plan.html");
    std::fs::create_dir_all(template.parent().expect("parent")).expect("templates");
    std::fs::write(&template, "{{ no_such_value }}").expect("broken template");
    let status = wait_for(&server, "/__vekha/status", "plan.html");
    assert!(status.contains("не удалось построить страницу"), "{status}");
    let (code, page) = get(&server, "/primer/plan-2025/index.html");
    assert_eq!(code, 200);
    assert!(
        page.contains("Анализ результатов ВПР"),
        "the last good page"
    );
    std::fs::remove_file(&template).expect("fix");
    wait_for(&server, "/__vekha/status", "\"error\":null");
    assert!(get(&server, "/primer/plan-2025/index.html")
        .1
        .contains("Анализ результатов ВПР"));
    // The site lives on disk in .vekha-serve/; folders no longer served go.
    let deadline = Instant::now() + Duration::from_secs(20);
    let sites = || {
        std::fs::read_dir(dir.path().join(".vekha-serve"))
            .expect("serve folder")
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("site-"))
            .count()
    };
    while sites() > 1 {
        assert!(Instant::now() < deadline, "old site folders stay");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(sites(), 1);
}

/// A plan removed while serving leaves the site and the disk; a full
/// rebuild (a district added) links the files of unchanged districts from
/// the served folder instead of writing them again.
#[test]
fn removed_plans_go_and_full_rebuilds_link_unchanged_districts() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::two_district_site(dir.path());
    let content = dir.path().join("content");
    let extra = content.join("primer/plan-2026.md");
    std::fs::copy(content.join("primer/plan-2025.md"), &extra).expect("second plan");
    let server = start(dir.path());
    assert_eq!(get(&server, "/primer/plan-2026/index.html").0, 200);
    let served = dir.path().join(".vekha-serve/site-1");
    assert!(served.join("primer/plan-2026/index.html").is_file());

    std::fs::remove_file(&extra).expect("remove plan");
    wait_for_status(&server, "/primer/plan-2026/index.html", 404);
    assert!(!served.join("primer/plan-2026").join("index.html").exists());

    // The district the plan left is unchanged for the full rebuild too:
    // the deleted files must not make it look edited by hand.
    let unchanged = ["vtoroy/plan-2025/index.html", "primer/plan-2025/index.html"];
    let before = unchanged.map(|page| std::fs::metadata(served.join(page)).expect("served page"));
    // Made aside and moved in whole: one change, one full rebuild.
    let aside = dir.path().join("treti");
    std::fs::create_dir(&aside).expect("third district");
    for name in ["district.yaml", "plan-2025.md"] {
        std::fs::copy(content.join("vtoroy").join(name), aside.join(name)).expect("copy");
    }
    std::fs::rename(&aside, content.join("treti")).expect("move in");
    wait_for_status(&server, "/treti/plan-2025/index.html", 200);
    let now_served = std::fs::read_dir(dir.path().join(".vekha-serve"))
        .expect("serve folder")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("treti/plan-2025/index.html").is_file())
        .expect("the folder of the full rebuild");
    assert_ne!(now_served, served, "a full rebuild writes a new folder");
    for (page, before) in unchanged.iter().zip(before) {
        let after = std::fs::metadata(now_served.join(page)).expect("new folder");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            assert_eq!(
                before.ino(),
                after.ino(),
                "{page} linked, not written again"
            );
        }
        assert_eq!(before.len(), after.len());
    }
}

/// With no good build yet, a page request says why instead of «not found».
#[test]
fn a_site_that_never_built_shows_its_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    let plan = dir.path().join("content/primer/plan-2025.md");
    common::edit(&plan, "updated: 2025-03-20", "updated: НЕТАКОГО");
    let server = start(dir.path());
    let (status, body) = get(&server, "/");
    assert_eq!(status, 503);
    assert!(body.starts_with("Сайт не собран"), "{body}");
    assert!(body.contains("plan-2025.md"), "{body}");
    common::edit(&plan, "updated: НЕТАКОГО", "updated: 2025-03-20");
    wait_for_status(&server, "/", 200);
}

/// On a site with region calendars an edit renders its region's calendar
/// again and leaves the others; a district moving between regions moves
/// between their calendars; a new region brings its calendar, and the
/// calendar of a region left empty goes. After all that the site pages
/// equal a fresh build's.
#[test]
fn region_calendars_follow_edits() {
    let dir = tempfile::tempdir().expect("tempdir");
    common::large_site(dir.path(), 10, 31);
    let content = dir.path().join("content");
    let server = start(dir.path());
    let spb = "/regions/sankt-peterburg/calendar.html";
    let leningrad = "/regions/leningradskaia-oblast/calendar.html";
    assert!(get(&server, spb).1.contains("d02/calendar.html#m-2025-03"));
    let (_, leningrad_before) = get(&server, leningrad);

    let plan = content.join("d02/plan-01.md");
    common::edit(&plan, "period: Март 2025", "period: Июнь 2025");
    wait_for(&server, "/calendar.html", "154 пункта");
    let region = wait_for(&server, spb, "30 пунктов");
    assert!(region.contains("../../d02/calendar.html#m-2025-06"));
    let (status, leningrad_after) = get(&server, leningrad);
    assert_eq!(status, 200, "the other region's calendar is still served");
    assert_eq!(leningrad_before, leningrad_after);
    let sitemap = get(&server, "/sitemap.xml").1;
    assert!(sitemap.contains(&leningrad[1..]) && sitemap.contains(&spb[1..]));

    // Between two regions that stay: both calendars follow.
    let d01 = content.join("d01/district.yaml");
    let (from, to) = ("region: Ленинградская область", "region: Санкт-Петербург");
    common::edit(&d01, from, to);
    wait_for(&server, spb, "d01/calendar.html");
    assert!(!get(&server, leningrad).1.contains("d01/calendar.html"));
    common::edit(&d01, to, from);
    wait_for(&server, leningrad, "d01/calendar.html");

    // Into a new region, and back: its calendar comes and goes.
    let to = "region: Новгородская область";
    common::edit(&d01, from, to);
    let novgorod = "/regions/novgorodskaia-oblast/calendar.html";
    wait_for_status(&server, novgorod, 200);
    assert!(get(&server, novgorod).1.contains("d01/calendar.html"));
    let rest = get(&server, leningrad).1;
    assert!(rest.contains("d03/calendar.html") && !rest.contains("d01/calendar.html"));
    common::edit(&d01, to, from);
    wait_for_status(&server, novgorod, 404);
    let status = get(&server, "/__vekha/status").1;
    assert!(status.contains("\"rebuilt\":[\"d01\"]"), "{status}");
    assert!(!get(&server, "/sitemap.xml").1.contains("novgorodskaia"));

    // The last edit renders only its region's calendar again.
    common::edit(&plan, "period: Июнь 2025", "period: Март 2025");
    wait_for(&server, "/calendar.html", "155 пунктов");
    let fresh = dir.path().join("fresh");
    let built = Command::new(env!("CARGO_BIN_EXE_vekha"))
        .args(["build", "--no-documents", "--out"])
        .arg(&fresh)
        .current_dir(dir.path())
        .output()
        .expect("vekha build");
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let site_pages = [
        "index.html",
        "calendar.html",
        "sitemap.xml",
        "data/site.json",
        &leningrad[1..],
        &spb[1..],
    ];
    for path in site_pages {
        let expected = std::fs::read_to_string(fresh.join(path)).expect(path);
        let (_, served) = get(&server, &format!("/{path}"));
        let served = without_reload_script(&served);
        assert!(served == expected, "{path} differs from a fresh build");
    }
}

/// A served page as built: without the reload script serve puts in front
/// of `</body>`.
fn without_reload_script(page: &str) -> String {
    let start = page.find("<script>(function(){var v=null;");
    let end = page.rfind("</script>");
    match (start, end) {
        (Some(start), Some(end)) if end > start => {
            format!("{}{}", &page[..start], &page[end + "</script>".len()..])
        }
        _ => page.to_string(),
    }
}

/// A raw request with any method and line: the whole response.
fn raw(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(&server.address).expect("connect");
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

/// `HEAD` gets the headers alone; dot-files of the build (the marker
/// `.vekha-site`) are not served; a request line without end is cut off
/// with 414 instead of filling memory.
#[test]
fn serve_answers_head_hides_dot_files_and_limits_the_request() {
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    let server = start(dir.path());
    wait_for_status(&server, "/", 200);

    let head = raw(&server, b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Length: "))
        .and_then(|n| n.trim().parse().ok())
        .expect("Content-Length");
    assert!(length > 1000, "the length of the page GET would send");
    assert!(head.ends_with("\r\n\r\n"), "no body after the headers");

    assert_eq!(get(&server, "/.vekha-site").0, 404);
    assert_eq!(get(&server, "/%2Evekha-site").0, 404);

    let mut long = b"GET /".to_vec();
    long.extend(std::iter::repeat_n(b'a', 100 * 1024));
    let answer = raw(&server, &long);
    assert!(answer.starts_with("HTTP/1.1 414"), "{answer:.60}");
}

/// Idle connections are closed after the timeout and, past the cap,
/// answered «busy» at once; a client that trickles its request a byte at
/// a time is cut off at the same deadline; none of them stops the server
/// answering pages.
#[test]
fn serve_survives_idle_connections() {
    let dir = tempfile::tempdir().expect("tempdir");
    vekha::init::init(dir.path()).expect("init");
    let server = start(dir.path());
    wait_for_status(&server, "/", 200);
    let trickle = TcpStream::connect(&server.address).expect("connect");
    let trickling = {
        let mut stream = trickle.try_clone().expect("clone");
        std::thread::spawn(move || {
            let started = Instant::now();
            // One byte a second, never ending the line, until cut off.
            while stream.write_all(b"a").is_ok() && started.elapsed() < Duration::from_secs(30) {
                std::thread::sleep(Duration::from_secs(1));
            }
            started.elapsed()
        })
    };
    std::thread::sleep(Duration::from_millis(200));
    // Twice the cap, sending nothing.
    let idle: Vec<TcpStream> = (0..128)
        .map(|_| TcpStream::connect(&server.address).expect("connect"))
        .collect();
    // The ones past the cap were told so within a second (the time they
    // get to send their request) and closed; the others hold their slots.
    std::thread::sleep(Duration::from_millis(1500));
    let (mut busy, mut holding) = (0, Vec::new());
    for stream in idle {
        stream
            .set_read_timeout(Some(Duration::from_millis(50)))
            .expect("timeout");
        let mut bytes = Vec::new();
        match (&stream).read_to_end(&mut bytes) {
            Ok(_) if String::from_utf8_lossy(&bytes).contains(" 503 ") => busy += 1,
            _ => holding.push(stream),
        }
    }
    assert!(
        busy >= 60,
        "{busy} of 64 connections past the cap told «busy»"
    );
    assert!(holding.len() >= 60, "{} connections held", holding.len());
    // The idle ones are dropped by the server after its timeout (10 s),
    // and pages are answered again.
    let first = &holding[0];
    first
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let started = Instant::now();
    let mut buf = [0u8; 16];
    let read = (&*first).read(&mut buf);
    assert!(
        matches!(read, Ok(0)) || read.is_err() && started.elapsed() < Duration::from_secs(19),
        "an idle connection was not closed by the server: {read:?}"
    );
    wait_for_status(&server, "/", 200);
    let cut_off = trickling.join().expect("trickle");
    assert!(
        cut_off < Duration::from_secs(16),
        "a trickling client held its connection for {cut_off:?}"
    );
}
