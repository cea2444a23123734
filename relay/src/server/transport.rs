//! Connections: HTTP/1.1 with a header-read timeout (which also closes idle keep-alive
//! connections), a cap on open connections and on header size, and a shutdown that stops
//! accepting at once and waits a bounded time for the open requests.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a client has to send a request's headers, and how long a kept-alive connection
/// may sit idle before the next request.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest request head (request line and headers) and read buffer of a connection.
const MAX_HEAD_BYTES: usize = 64 * 1024;

/// The limits of the connections.
#[derive(Debug, Clone, Copy)]
pub struct TransportLimits {
    /// Open connections at most; the next waits in the listen backlog.
    pub max_connections: usize,
    /// How long the shutdown waits for open requests before closing their connections.
    pub drain: Duration,
}

/// Serves `app` on `listener` until `shutdown` resolves, then stops accepting and waits up to
/// `limits.drain` for the requests in progress.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: TransportLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT)
        .max_buf_size(MAX_HEAD_BYTES);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let tcp = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::debug!("accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = tcp.set_nodelay(true);
        let connection =
            builder.serve_connection(TokioIo::new(tcp), TowerToHyperService::new(app.clone()));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    let open = graceful.count();
    if open > 0 {
        tracing::info!(
            "shutting down: waiting up to {} s for {open} open connections",
            limits.drain.as_secs()
        );
    }
    if tokio::time::timeout(limits.drain, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            "shutting down: connections still open after {} s are closed",
            limits.drain.as_secs()
        );
    }
}
