//! `reefer health`: asks a running relay whether it is alive, for a container image's
//! HEALTHCHECK (the runtime image has no curl). Plain HTTP/1.1 over a socket, 3 s at most.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Duration;

use clap::Args;

use crate::error::CliError;
use crate::server::routes::health::{LIVENESS_PATH, READINESS_PATH};

/// How long to wait for the connection and for each read or write.
const TIMEOUT: Duration = Duration::from_secs(3);

/// Flags of `reefer health`.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The relay's port (as `reefer serve` reads it)
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// The relay's host
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Ask for readiness (the broker answers) instead of liveness
    #[arg(long)]
    pub ready: bool,
}

/// Exits 0 when the relay answers 200, 1 otherwise, with the reason.
pub fn run(args: HealthArgs) -> Result<(), CliError> {
    let path = if args.ready {
        READINESS_PATH
    } else {
        LIVENESS_PATH
    };
    let address: SocketAddr = (args.host.as_str(), args.port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| CliError::usage(format!("--host: cannot resolve {:?}", args.host)))?;
    let status = get_status(address, &args.host, path)
        .map_err(|e| CliError::failure(format!("http://{address}{path}: {e}")))?;
    if status == 200 {
        Ok(())
    } else {
        Err(CliError::failure(format!(
            "http://{address}{path} answered {status}"
        )))
    }
}

/// The status code of `GET path`.
fn get_status(address: SocketAddr, host: &str, path: &str) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT)?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 64];
    let mut read = 0;
    while read < 12 {
        match stream.read(&mut head[read..])? {
            0 => break,
            n => read += n,
        }
    }
    let line = String::from_utf8_lossy(&head[..read]);
    line.split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("not an HTTP answer: {line:?}")))
}
