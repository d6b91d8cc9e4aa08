//! The command line: `vekha check` (and the commands of later stages).
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

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Проверить исходные файлы в content/ и сообщить об ошибках
    #[command(
        help_template = TEMPLATE,
        override_usage = "vekha check [--root ПАПКА] [--strict] [--quiet]",
        next_help_heading = "Параметры"
    )]
    Check {
        /// Корень сайта — папка, в которой лежит content/ (по умолчанию текущая)
        #[arg(
            long,
            value_name = "ПАПКА",
            default_value = ".",
            hide_default_value = true
        )]
        root: PathBuf,
        /// Считать предупреждения ошибками (код выхода 1)
        #[arg(long)]
        strict: bool,
        /// Не выводить замечания
        #[arg(long)]
        quiet: bool,
    },
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

/// Runs `vekha check`: loads, checks, prints findings, returns the exit code.
pub fn check(root: &Path, strict: bool, quiet: bool) -> ExitCode {
    let loaded = crate::load::load(root);
    let mut diagnostics = loaded.diagnostics;
    diagnostics.extend(crate::check::check_site(&loaded.site, &loaded.sources));
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &diagnostics {
        if quiet && d.severity == Severity::Note {
            continue;
        }
        eprintln!("{}\n", render(d, &loaded.sources, color));
    }
    let tally = Tally::of(&diagnostics);
    let plans: Vec<_> = loaded
        .site
        .districts
        .iter()
        .flat_map(|d| &d.plans)
        .collect();
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
