use std::process::ExitCode;

use vekha::cli::Command;

/// mimalloc instead of the system allocator: a build makes millions of
/// small strings and glibc's malloc/free were a fifth of its CPU time
/// (see docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    if vekha::launch::double_clicked() {
        return vekha::launch::run();
    }
    let cli = match vekha::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Check {
            site,
            strict,
            quiet,
            all,
        } => vekha::cli::check(&site.root, strict, quiet, all),
        Command::Build {
            site,
            out,
            date,
            no_documents,
            changed_list,
        } => vekha::cli::build(vekha::cli::BuildCommand {
            root: site.root,
            out,
            date,
            documents: !no_documents,
            changed_list,
        }),
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => {
            if bind != "127.0.0.1" && bind != "localhost" {
                eprintln!(
                    "предупреждение: сайт будет доступен с других компьютеров по адресу {bind}"
                );
            }
            match vekha::serve::serve(&site.root, &bind, port, open) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("ошибка: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::GenCorpus {
            plans,
            per_district,
            seed,
            out,
            from,
        } => {
            let options = vekha::corpus::CorpusOptions {
                plans,
                plans_per_district: per_district,
                seed,
            };
            match vekha::corpus::generate(&from, &out, &options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("ошибка: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => vekha::cli::init(&dir),
        Command::Import {
            file,
            district,
            out,
            force,
        } => vekha::cli::import(&vekha::import::command::Options {
            file,
            district,
            out,
            force,
            today: chrono::Local::now().date_naive(),
        }),
    }
}
