//! Where generated records go: a file (replaced or appended to) or stdout.

use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use reefer_shared::encoding::{Format, CSV_HEADER};

use crate::error::CliError;

/// The destination named by `--file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// `--file -`: standard output.
    Stdout,
    /// A file path.
    File(PathBuf),
}

impl Destination {
    /// `-` is stdout; anything else is a path.
    pub fn from_arg(arg: &Path) -> Self {
        if arg == Path::new("-") {
            Destination::Stdout
        } else {
            Destination::File(arg.to_path_buf())
        }
    }

    /// How the destination is named in messages.
    pub fn describe(&self) -> String {
        match self {
            Destination::Stdout => "stdout".to_owned(),
            Destination::File(path) => format!("'{}'", path.display()),
        }
    }
}

/// An opened destination, and whether the header still has to be written to it.
pub struct Opened {
    /// Where to write.
    pub writer: Box<dyn Write>,
    /// True for a new or replaced file (and stdout); false when appending to existing rows.
    pub needs_header: bool,
}

/// Refuses a directory as the output file.
fn refuse_directory(path: &Path) -> Result<(), CliError> {
    if path.is_dir() {
        return Err(CliError::usage(format!(
            "--file '{}': is a directory; give a file path, or - for stdout",
            path.display()
        )));
    }
    Ok(())
}

/// Opens `dest` for a format written whole (Parquet): stdout, or the file created (or
/// replaced).
pub fn open_new(dest: &Destination) -> Result<Box<dyn Write + Send>, CliError> {
    let Destination::File(path) = dest else {
        return Ok(Box::new(io::stdout()));
    };
    refuse_directory(path)?;
    let file = File::create(path)
        .map_err(|e| CliError::usage(format!("--file '{}': cannot write: {e}", path.display())))?;
    Ok(Box::new(file))
}

/// Opens the destination. Without `append` a file is replaced; with it, rows are added to an
/// existing file, after checking that the file is one this format can continue.
pub fn open(dest: &Destination, format: Format, append: bool) -> Result<Opened, CliError> {
    let path = match dest {
        Destination::Stdout => {
            return Ok(Opened {
                writer: Box::new(io::stdout().lock()),
                needs_header: true,
            })
        }
        Destination::File(path) => path,
    };
    let cannot_open =
        |e: io::Error| CliError::usage(format!("--file '{}': cannot write: {e}", path.display()));
    refuse_directory(path)?;
    if !append {
        let file = File::create(path).map_err(cannot_open)?;
        return Ok(Opened {
            writer: Box::new(file),
            needs_header: true,
        });
    }
    let mut file = OpenOptions::new()
        .read(true)
        .append(true)
        .create(true)
        .open(path)
        .map_err(cannot_open)?;
    let existing = file.metadata().map(|m| m.len()).unwrap_or(0);
    if existing > 0 && file.metadata().map(|m| m.is_file()).unwrap_or(false) {
        check_appendable(&mut file, path, format)?;
    }
    Ok(Opened {
        writer: Box::new(file),
        needs_header: existing == 0,
    })
}

/// Refuses to append to a file whose rows would not line up with ours.
fn check_appendable(file: &mut File, path: &Path, format: Format) -> Result<(), CliError> {
    let unreadable =
        |e: io::Error| CliError::usage(format!("--append '{}': cannot read: {e}", path.display()));
    file.seek(SeekFrom::End(-1)).map_err(unreadable)?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last).map_err(unreadable)?;
    if last[0] != b'\n' {
        return Err(CliError::usage(format!(
            "--append '{}': the file does not end with a line break (was an earlier run \
             interrupted?); fix or remove it first",
            path.display()
        )));
    }
    if format == Format::Csv {
        file.seek(SeekFrom::Start(0)).map_err(unreadable)?;
        let mut first = String::new();
        BufReader::new(file.take(4096))
            .read_line(&mut first)
            .map_err(unreadable)?;
        if first != CSV_HEADER {
            return Err(CliError::usage(format!(
                "--append '{}': the file does not start with the reefer CSV header, so new rows \
                 would not match its columns; write to a new file or leave out --append",
                path.display()
            )));
        }
    }
    Ok(())
}
