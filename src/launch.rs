//! `vekha.exe` opened from Explorer: no arguments, and a console window of
//! its own that closes when the program ends. The webmaster who
//! double-clicks it gets a site, not a usage error flashing by: the site
//! beside the program is built into `public/` and shown in the browser, or
//! a new one is offered when there is none. Every way out waits for Enter,
//! so a message can always be read. From a terminal nothing of this runs.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::cli::Built;

/// Whether the program was started by a double click: no arguments and a
/// console that no other program shares (a terminal shares its own).
/// `VEKHA_DOUBLE_CLICK=1` stands for Explorer where there is none: Wine
/// gives a program started from a Unix shell no Windows console at all, so
/// the Windows tests (`tests/windows/`) take this path with it.
pub fn double_clicked() -> bool {
    std::env::args_os().len() == 1
        && (console_of_our_own()
            || std::env::var_os("VEKHA_DOUBLE_CLICK").is_some_and(|v| v == "1"))
}

#[cfg(windows)]
fn console_of_our_own() -> bool {
    let mut ids = [0u32; 4];
    // SAFETY: the buffer is valid for `ids.len()` elements, which is the
    // count passed; the call only writes process ids into it.
    let count = unsafe {
        windows_sys::Win32::System::Console::GetConsoleProcessList(
            ids.as_mut_ptr(),
            ids.len() as u32,
        )
    };
    count == 1
}

#[cfg(not(windows))]
fn console_of_our_own() -> bool {
    false
}

/// The double-click session: find or make the site beside the program,
/// build it, serve it and open the browser.
pub fn run() -> ExitCode {
    // A fault of the program itself must not close the window unread.
    std::panic::set_hook(Box::new(|info| {
        println!("\nВнутренняя ошибка программы: {info}\nСообщите о ней разработчикам «Вехи».");
        hold();
    }));
    println!(
        "«Веха» {} — сайт дорожных карт.\n",
        env!("CARGO_PKG_VERSION")
    );
    let Some(folder) = program_folder() else {
        return held(1, "не удалось узнать, в какой папке лежит программа.");
    };
    if unpacked_for_one_run(&folder) {
        return held(
            1,
            "похоже, программа запущена прямо из архива. Закройте это окно, \
             распакуйте архив (правой кнопкой мыши → «Извлечь все…») и запустите \
             vekha.exe из распакованной папки.",
        );
    }
    if !folder.join("content").is_dir() {
        match offer_new_site(&folder) {
            NewSite::Created => {}
            NewSite::Declined => return held(0, "новый сайт не создан."),
            NewSite::Failed => return held(1, "новый сайт не создан (причина — выше)."),
        }
    }
    let list = folder.join("изменения.txt");
    println!(
        "Собираю сайт из папки {}…",
        folder.join("content").display()
    );
    let built = crate::cli::build_site(crate::cli::BuildCommand {
        root: folder.clone(),
        out: None,
        date: None,
        documents: true,
        changed_list: Some(list.clone()),
    });
    match built {
        Built::Done => {}
        Built::Failed => {
            return held(
                1,
                "сайт не собран. Исправьте то, что названо выше, и запустите vekha.exe снова.",
            )
        }
        Built::ListNotWritten => {
            return held(
                1,
                "сайт собран, но список изменений не записан (причина — выше).",
            )
        }
    }
    println!(
        "\nГотовый сайт — в папке {}: её содержимое и загружайте на хостинг.\n\
         Какие файлы загрузить (новые и изменённые) и какие удалить на хостинге, \
         записано в файл {}.\n",
        folder.join("public").display(),
        list.display()
    );
    println!(
        "Сейчас сайт откроется в браузере. Пока это окно открыто, правки в папке \
         content сразу видны на странице; в папку public и в список изменений они \
         попадут при следующем запуске vekha.exe — запустите его снова перед \
         загрузкой на хостинг. Чтобы закончить, закройте окно или нажмите Ctrl+C.\n"
    );
    // Serve's own port when it is free; another when a second window has it.
    let port = if std::net::TcpListener::bind(("127.0.0.1", 1111)).is_ok() {
        1111
    } else {
        0
    };
    match crate::serve::serve(&folder, "127.0.0.1", port, true) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => held(1, &e),
    }
}

fn program_folder() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.to_path_buf())
}

/// Whether the program runs from where an archiver unpacked it for one
/// run: Explorer opens a program inside a zip from `%TEMP%\\Temp1_<name>.zip`,
/// WinRAR from `Rar$EX…`, 7-Zip from `7z…`, all in the temporary folder.
fn unpacked_for_one_run(folder: &Path) -> bool {
    let temp = std::env::temp_dir();
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let folder = canonical(folder);
    let Ok(below) = folder.strip_prefix(canonical(&temp)) else {
        return false;
    };
    below.components().any(|c| {
        let name = c.as_os_str().to_string_lossy();
        (name.starts_with("Temp") && name.to_lowercase().ends_with(".zip"))
            || name.starts_with("Rar$")
            || name.starts_with("7z")
    })
}

/// What became of the offer of a new site.
enum NewSite {
    Created,
    Declined,
    Failed,
}

/// Asks whether to create a new site in `folder`; creates it on yes.
fn offer_new_site(folder: &Path) -> NewSite {
    println!(
        "В папке {} нет папки content с исходниками сайта.",
        folder.display()
    );
    print!("Создать здесь новый сайт с примером плана? Нажмите Enter — да; «н» и Enter — нет: ");
    let _ = std::io::stdout().flush();
    // «n» is the Latin no; «т» is the same key with the Russian layout on.
    let declined = read_line()
        .trim()
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_lowercase().next(), Some('н' | 'n' | 'т')));
    if declined {
        return NewSite::Declined;
    }
    match crate::init::init(folder) {
        Ok(_) => {
            println!(
                "Создан новый сайт: папка {} с примером плана. Замените пример своим \
                 планом (как — в файлах «Как начать.txt» и «Формат исходников.txt» \
                 рядом с программой).\n",
                folder.join("content").display()
            );
            NewSite::Created
        }
        Err(d) => {
            println!(
                "{}",
                crate::diagnostics::render(&d, &crate::diagnostics::SourceMap::default(), false)
            );
            NewSite::Failed
        }
    }
}

/// Prints `message` (an error when `code` is not 0) and waits for Enter,
/// so that the window stays open until it is read.
fn held(code: u8, message: &str) -> ExitCode {
    if code == 0 {
        println!("\n{}", crate::typography::capitalise(message));
    } else {
        println!("\nОшибка: {message}");
    }
    hold();
    ExitCode::from(code)
}

/// Waits for Enter.
fn hold() {
    print!("\nНажмите Enter, чтобы закрыть окно.");
    let _ = std::io::stdout().flush();
    read_line();
}

fn read_line() -> String {
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    line
}
