use std::process::ExitCode;

use vekha::cli::Command;

fn main() -> ExitCode {
    let cli = match vekha::cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Check {
            root,
            strict,
            quiet,
        } => vekha::cli::check(&root, strict, quiet),
        Command::Build { root, out, date } => vekha::cli::build(root, out, date),
        Command::Init { dir } => vekha::cli::init(&dir),
    }
}
