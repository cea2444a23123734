//! `docs/cli.md` is the help of `reefer` and of every subcommand, as the real binary prints it,
//! so that the reference cannot drift from the code. `REEFER_UPDATE_DOCS=1` writes it again.

use clap::CommandFactory;

/// Every command path: `[]`, `["generate"]`, …, sub-subcommands included, in clap's order.
fn command_paths() -> Vec<Vec<String>> {
    fn walk(command: &clap::Command, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for sub in command.get_subcommands().filter(|c| c.get_name() != "help") {
            path.push(sub.get_name().to_owned());
            walk(sub, path, out);
            path.pop();
        }
    }
    let mut out = Vec::new();
    walk(
        &reefer_relay::cli::Cli::command(),
        &mut Vec::new(),
        &mut out,
    );
    out
}

/// The reference as the binary prints it, with none of the machine's settings (an
/// environment variable that is set shows its value in the help).
fn reference() -> String {
    let mut doc = String::from(
        "# `reefer` command-line reference\n\n\
         Every subcommand's `--help`, as the binary prints it. Generated: \
         `REEFER_UPDATE_DOCS=1 cargo test -p reefer-relay --test it cli_reference::` writes it \
         again, and the test fails when it drifts from the code.\n",
    );
    for path in command_paths() {
        let out = reefer_test_support::reefer()
            .env_clear()
            .args(&path)
            .arg("--help")
            .output()
            .expect("run reefer --help");
        assert!(out.status.success(), "reefer {path:?} --help failed");
        let help = String::from_utf8(out.stdout).expect("UTF-8 help");
        let name = std::iter::once("reefer".to_owned())
            .chain(path.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        doc.push_str(&format!(
            "\n## `{name}`\n\n```text\n{}\n```\n",
            help.trim_end()
        ));
    }
    doc
}

#[test]
fn docs_cli_md_is_the_binary_help() {
    let path = reefer_test_support::repo_root().join("docs/cli.md");
    let fresh = reference();
    if std::env::var_os("REEFER_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).expect("write docs/cli.md");
        return;
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == fresh,
        "docs/cli.md differs from the binary's help: run REEFER_UPDATE_DOCS=1 cargo test -p \
         reefer-relay --test it cli_reference::"
    );
}

#[test]
fn the_reference_covers_every_subcommand() {
    let doc = reference();
    for name in [
        "generate", "dataset", "stream", "serve", "health", "topics", "score",
    ] {
        assert!(doc.contains(&format!("## `reefer {name}`")), "{name}");
    }
}
