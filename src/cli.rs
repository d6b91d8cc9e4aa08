//! The command line: `vekha check`, `vekha build`, `vekha init`.
//! All user-facing text is Russian, clap's own included.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::error::{ContextKind, ErrorKind};
use clap::{ArgAction, Parser, Subcommand};

use crate::diagnostics::{render, Severity, Tally};

const TEMPLATE: &str = "{about}\n\nИспользование: {usage}\n\n{all-args}{after-help}";

#[derive(Debug, Parser)]
#[command(
    name = "vekha",
    version,
    about = "Веха — публикует дорожные карты органов управления образованием как статический сайт",
    help_template = TEMPLATE,
    override_usage = "vekha <КОМАНДА> [ПАРАМЕТРЫ]",
    after_help = "\nПримеры:\n  vekha init мой-сайт    создать новый сайт\n  vekha check            проверить исходники\n  vekha build            собрать сайт в public/",
    subcommand_help_heading = "Команды",
    subcommand_value_name = "КОМАНДА",
    next_help_heading = "Параметры",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Показать эту справку
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Показать версию
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

/// The `--root` option of the commands that read a site.
#[derive(Debug, clap::Args)]
pub struct SiteRoot {
    /// Корень сайта — папка, в которой лежит content/ (по умолчанию текущая)
    #[arg(
        long,
        value_name = "ПАПКА",
        default_value = ".",
        hide_default_value = true
    )]
    pub root: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Собрать сайт из content/ в папку public/
    #[command(
        help_template = TEMPLATE,
        override_usage = "vekha build [--out ПАПКА] [--root ПАПКА] [--date ГГГГ-ММ-ДД] [--changed-list ФАЙЛ]",
        next_help_heading = "Параметры"
    )]
    Build {
        #[command(flatten)]
        site: SiteRoot,
        /// Куда собрать сайт (по умолчанию public/ в корне сайта; путь — от текущей папки)
        #[arg(long, value_name = "ПАПКА")]
        out: Option<PathBuf>,
        /// Дата «сегодня» для отметок «сейчас» и «далее» (по умолчанию — поле today в site.yaml или день сборки)
        #[arg(long, value_name = "ГГГГ-ММ-ДД", value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
        /// Не делать PDF и DOCX планов (быстрее; для черновой проверки)
        #[arg(long)]
        no_documents: bool,
        /// Записать в ФАЙЛ список файлов, изменившихся с прошлой сборки (что загрузить на хостинг и что там удалить)
        #[arg(long, value_name = "ФАЙЛ")]
        changed_list: Option<PathBuf>,
    },
    /// Показать сайт в браузере и пересобирать его при каждом изменении исходников
    #[command(
        help_template = TEMPLATE,
        override_usage = "vekha serve [--port N] [--root ПАПКА]",
        next_help_heading = "Параметры"
    )]
    Serve {
        #[command(flatten)]
        site: SiteRoot,
        /// Порт (по умолчанию 1111; 0 — любой свободный)
        #[arg(long, default_value_t = 1111, hide_default_value = true)]
        port: u16,
        /// Адрес, на котором слушать (по умолчанию только этот компьютер, 127.0.0.1)
        #[arg(
            long,
            value_name = "АДРЕС",
            default_value = "127.0.0.1",
            hide_default_value = true
        )]
        bind: String,
        /// Открыть сайт в браузере
        #[arg(long)]
        open: bool,
    },
    /// Служебная: создать синтетический сайт из N планов для замеров
    #[command(hide = true)]
    GenCorpus {
        /// Сколько планов
        #[arg(long, default_value_t = 100)]
        plans: usize,
        /// Сколько планов в среднем на территорию
        #[arg(long, default_value_t = 5)]
        per_district: usize,
        /// Начальное число генератора: одно число — один и тот же сайт
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Папка нового сайта
        #[arg(long, value_name = "ПАПКА")]
        out: PathBuf,
        /// Откуда брать территории-образцы
        #[arg(long, value_name = "ПАПКА", default_value = "content")]
        from: PathBuf,
    },
    /// Создать новый сайт с примером района и плана
    #[command(
        help_template = TEMPLATE,
        override_usage = "vekha init [ПАПКА]",
        next_help_heading = "Параметры"
    )]
    Init {
        /// Папка нового сайта (по умолчанию текущая)
        #[arg(value_name = "ПАПКА", default_value = ".", hide_default_value = true)]
        dir: PathBuf,
    },
    /// Перенести план из документа (.docx, .odt) или таблицы (.xlsx, .ods) в исходный файл территории
    #[command(
        help_template = TEMPLATE,
        override_usage = "vekha import ФАЙЛ.docx|.odt|.xlsx|.ods [--district ПАПКА] [--out ФАЙЛ.md] [--force]",
        next_help_heading = "Параметры"
    )]
    Import {
        /// Документ Word или книга Excel с планом
        #[arg(value_name = "ФАЙЛ")]
        file: PathBuf,
        /// Папка территории с district.yaml (по умолчанию текущая)
        #[arg(
            long,
            value_name = "ПАПКА",
            default_value = ".",
            hide_default_value = true
        )]
        district: PathBuf,
        /// Куда записать план (по умолчанию в папку территории под именем документа)
        #[arg(long, value_name = "ФАЙЛ")]
        out: Option<PathBuf>,
        /// Перезаписать план, если он уже есть
        #[arg(long)]
        force: bool,
    },
    /// Проверить исходные файлы в content/ и сообщить об ошибках
    #[command(
        help_template = TEMPLATE,
        override_usage = "vekha check [--root ПАПКА] [--strict] [--quiet] [--all]",
        next_help_heading = "Параметры"
    )]
    Check {
        #[command(flatten)]
        site: SiteRoot,
        /// Считать предупреждения ошибками (код выхода 1)
        #[arg(long)]
        strict: bool,
        /// Не выводить замечания
        #[arg(long)]
        quiet: bool,
        /// Выводить все сообщения (без этого параметра одинаковых выводится не больше 20)
        #[arg(long)]
        all: bool,
    },
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("дата «{s}» не в виде ГГГГ-ММ-ДД"))
}

/// Parses the command line; clap's English errors are retold in Russian.
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        let code = match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
                eprintln!("ошибка: не указана команда\n\nподсказка: vekha check — проверить исходники; vekha --help — справка");
                2
            }
            kind => {
                let value = e
                    .get(ContextKind::InvalidSubcommand)
                    .or_else(|| e.get(ContextKind::InvalidArg))
                    .map(|v| v.to_string())
                    .unwrap_or_default();
                let suggestion = e.get(ContextKind::SuggestedSubcommand).or_else(|| e.get(ContextKind::SuggestedArg));
                let what = match kind {
                    ErrorKind::InvalidSubcommand => format!("неизвестная команда «{value}»"),
                    ErrorKind::UnknownArgument => format!("неизвестный параметр «{value}»"),
                    ErrorKind::InvalidValue | ErrorKind::ValueValidation => format!("неверное значение параметра «{value}»"),
                    ErrorKind::MissingRequiredArgument => "не хватает обязательного параметра".to_string(),
                    _ => "ошибка в командной строке".to_string(),
                };
                eprintln!("ошибка: {what}");
                if let Some(s) = suggestion {
                    eprintln!("\nподсказка: возможно, имелось в виду «{s}»");
                }
                eprintln!("\nСправка: vekha --help");
                2
            }
        };
        ExitCode::from(code)
    })
}

/// How many messages of one kind are printed unless `--all` is given: a
/// thousand copies of one mistake hide the other messages.
const SHOWN_PER_KIND: usize = 20;

fn print_diagnostics(
    diagnostics: &[crate::diagnostics::Diagnostic],
    sources: &crate::diagnostics::SourceMap,
    quiet: bool,
    all: bool,
) {
    let color = colours_shown();
    let mut seen: std::collections::HashMap<(Severity, String), usize> = Default::default();
    let mut hidden = Vec::new();
    for d in diagnostics {
        if quiet && d.severity == Severity::Note {
            continue;
        }
        let key = (d.severity, message_kind(&d.message));
        let count = seen.entry(key.clone()).or_default();
        *count += 1;
        if all || *count <= SHOWN_PER_KIND {
            eprintln!("{}\n", render(d, sources, color));
        } else if *count == SHOWN_PER_KIND + 1 {
            hidden.push(key);
        }
    }
    for key in hidden {
        let more = seen[&key] - SHOWN_PER_KIND;
        let (severity, kind) = key;
        let plural = crate::typography::plural;
        let messages = plural(more, "сообщение", "сообщения", "сообщений");
        let shown = plural(more, "не показано", "не показаны", "не показаны");
        eprintln!(
            "{}: ещё {more} {messages} вида «{kind}» {shown}; все покажет `vekha check --all`\n",
            severity.label()
        );
    }
}

/// Whether messages may be coloured: on a terminal, unless NO_COLOR says
/// no. A Windows 10 console shows colour codes as text («←[31m») unless it
/// is told to interpret them, which `anstyle-query` asks of it.
fn colours_shown() -> bool {
    std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none()
        && (!cfg!(windows) || anstyle_query::windows::enable_ansi_colors() == Some(true))
}

/// A message with what it quotes left out: «латинские буквы в русском
/// слове «рaбота»» and «… «мaрт»» are of one kind.
fn message_kind(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '«' => {
                if depth == 0 {
                    out.push_str("«…");
                }
                depth += 1;
            }
            '»' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push('»');
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// What `vekha build` is asked to do.
pub struct BuildCommand {
    pub root: PathBuf,
    pub out: Option<PathBuf>,
    pub date: Option<chrono::NaiveDate>,
    pub documents: bool,
    /// Where to write the list of files changed since the previous build.
    pub changed_list: Option<PathBuf>,
}

/// How `vekha build` ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Built {
    Done,
    /// Nothing built: the messages printed say why (sources or disk).
    Failed,
    /// The site is built, but the list of changes could not be written.
    ListNotWritten,
}

/// Runs `vekha build`.
pub fn build(command: BuildCommand) -> ExitCode {
    match build_site(command) {
        Built::Done => ExitCode::SUCCESS,
        Built::Failed | Built::ListNotWritten => ExitCode::from(1),
    }
}

/// Builds the site, printing what `vekha build` prints.
pub fn build_site(command: BuildCommand) -> Built {
    let BuildCommand {
        root,
        out,
        date,
        documents,
        changed_list,
    } = command;
    let started = std::time::Instant::now();
    let out = out.unwrap_or_else(|| root.join("public"));
    if let Some(list) = changed_list.as_deref().filter(|l| inside(l, &out)) {
        eprintln!(
            "ошибка: список изменений {} оказался бы внутри папки сайта {}: следующая сборка сочла бы его удалённым файлом\n\nподсказка: укажите файл вне папки сайта, например `--changed-list изменения.txt` в корне сайта",
            list.display(),
            out.display()
        );
        return Built::Failed;
    }
    // A progress line appears only when a build runs longer than a second.
    let progress = move |done: usize, total: usize| {
        if started.elapsed().as_secs_f64() > 1.0 && std::io::stderr().is_terminal() {
            eprint!("\rСборка: планов {done} из {total}…");
            if done == total {
                eprint!("\r\x1b[K");
            }
        }
    };
    let options = crate::build::BuildOptions {
        root,
        out: out.clone(),
        today: date,
        progress: Some(Box::new(progress)),
        documents,
    };
    let report = crate::build::build(&options, chrono::Local::now().date_naive());
    print_diagnostics(&report.diagnostics, &report.sources, true, false);
    match report.summary {
        Some(s) => {
            eprintln!("{}", crate::build::summary_line(&s, &out, started));
            let changes = report.changes.unwrap_or_default();
            if changes.compared {
                eprintln!(
                    "С прошлой сборки: новых и изменённых файлов {}, удалённых {}.",
                    changes.changed.len(),
                    changes.removed.len()
                );
            }
            match changed_list {
                Some(file) => write_changed_list(&file, changes),
                None => Built::Done,
            }
        }
        None => {
            let t = Tally::of(&report.diagnostics);
            if out.join(crate::build::MARKER).is_file() {
                eprintln!(
                    "Сайт не собран: ошибок {}. Прежняя версия сайта в {} не тронута.",
                    t.errors,
                    out.display()
                );
            } else {
                eprintln!("Сайт не собран: ошибок {}.", t.errors);
            }
            Built::Failed
        }
    }
}

/// Whether `path` would lie inside the folder `dir` (neither need exist).
fn inside(path: &Path, dir: &Path) -> bool {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    absolute(path).starts_with(absolute(dir))
}

/// Writes the list of changed files for uploading by FTP, added to the
/// list already in `file` (see `Changes::after`).
fn write_changed_list(file: &Path, changes: crate::build::Changes) -> Built {
    let changes = match std::fs::read_to_string(file) {
        Ok(earlier) => changes.after(&earlier),
        Err(_) => changes,
    };
    match std::fs::write(file, changes.list()) {
        Ok(()) => {
            eprintln!(
                "Список изменений для загрузки на хостинг (новых и изменённых файлов {}, удалённых {}; копится, пока вы его не удалите): {}",
                changes.changed.len(),
                changes.removed.len(),
                file.display()
            );
            Built::Done
        }
        Err(e) => {
            eprintln!(
                "ошибка: сайт собран, но список изменений не записан в {}: {}",
                file.display(),
                crate::diagnostics::os_error(&e)
            );
            Built::ListNotWritten
        }
    }
}

/// Runs `vekha init`.
pub fn init(dir: &Path) -> ExitCode {
    match crate::init::init(dir) {
        Ok(files) => {
            for f in &files {
                // With the system's separators: `site\content\site.yaml` on Windows.
                let path = f.split('/').fold(dir.to_path_buf(), |p, part| p.join(part));
                eprintln!("создан {}", path.display());
            }
            eprintln!("Новый сайт готов. Соберите его: cd {} && vekha build — и откройте public/index.html", dir.display());
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!(
                "{}",
                render(&d, &crate::diagnostics::SourceMap::default(), false)
            );
            ExitCode::from(1)
        }
    }
}

/// Runs `vekha import`.
pub fn import(options: &crate::import::command::Options) -> ExitCode {
    match crate::import::command::run(options) {
        Ok((target, report)) => {
            eprintln!("{}", crate::import::command::describe(&target, &report));
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("ошибка: {message}");
            ExitCode::from(1)
        }
    }
}

/// Runs `vekha check`: loads, checks, prints findings, returns the exit code.
pub fn check(root: &Path, strict: bool, quiet: bool, all: bool) -> ExitCode {
    let loaded = crate::load::load_and_check(root);
    let diagnostics = loaded.diagnostics;
    print_diagnostics(&diagnostics, &loaded.sources, quiet, all);
    let tally = Tally::of(&diagnostics);
    let plans: Vec<_> = loaded.site.plans().collect();
    let items: usize = plans
        .iter()
        .flat_map(|p| p.tables())
        .map(|t| t.all_items().len())
        .sum();
    eprintln!(
        "Проверено: территорий {}, планов {}, строк таблиц {items}. Ошибок: {}, предупреждений: {}, замечаний: {}.",
        loaded.site.districts.len(),
        plans.len(),
        tally.errors,
        tally.warnings,
        tally.notes
    );
    if tally.errors > 0 || (strict && tally.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
