//! Replicas answering for each other's jobs. Jobs live in the memory of the relay that runs
//! them; a job id starts with its relay's id (`3f9a0c1e-…`). A replica asked about a job it
//! does not have finds the owner among its peers (`--peers`, e.g. a Kubernetes headless
//! Service whose name resolves to every ready pod) by asking each for its id (`GET
//! /control`), and forwards the request to it. An owner that no peer is any more, or that
//! does not answer, is gone: the job is reported `relay_gone` (410), never running forever.
//!
//! Requests go only to addresses the peers' names resolve to (a job id never names an
//! address), and a forwarded request is never forwarded again.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use http_body_util::{BodyExt, Full, Limited};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use reefer_shared::wire::{GoneJobView, JobState, VersionInfo};

/// The header that marks a request one replica forwarded to another.
pub const FORWARDED_HEADER: &str = "x-reefer-forwarded";
/// How long a peer may take to answer.
const PEER_TIMEOUT: Duration = Duration::from_secs(3);
/// How often the peers are asked for their ids at most.
const REFRESH_EVERY: Duration = Duration::from_secs(1);
/// The largest answer taken from a peer.
const MAX_ANSWER_BYTES: usize = 8 << 20;
/// Length of a relay id (hex digits).
const ID_LEN: usize = 8;

/// This relay's id and its peers.
pub struct Peers {
    own_id: String,
    seeds: Vec<String>,
    client: Client<HttpConnector, Full<Bytes>>,
    known: tokio::sync::Mutex<Known>,
    asked: Mutex<Option<Instant>>,
}

#[derive(Default)]
struct Known {
    /// Relay id → where it answers, from the last refresh.
    owners: HashMap<String, SocketAddr>,
    refreshed: Option<Instant>,
}

/// What a request needs to be forwarded: its method, path and query, and headers.
pub struct Forwardable {
    method: Method,
    path_and_query: String,
    headers: HeaderMap,
}

impl<S: Send + Sync> FromRequestParts<S> for Forwardable {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self {
            method: parts.method.clone(),
            path_and_query: parts
                .uri
                .path_and_query()
                .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned()),
            headers: parts.headers.clone(),
        })
    }
}

/// What became of a request for a job this relay does not have.
pub enum Elsewhere {
    /// The owner's answer, passed on.
    Answered(Response),
    /// The owner is gone.
    Gone(Response),
    /// No relay could own this id (not one of ours, or our own and forgotten).
    Unknown,
}

impl Peers {
    /// A relay with a fresh random id and these peers (`host:port`, each name resolved on
    /// every refresh; it may include this relay itself).
    pub fn new(seeds: Vec<String>) -> Self {
        let own_id = uuid::Uuid::new_v4().simple().to_string()[..ID_LEN].to_owned();
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(PEER_TIMEOUT));
        Self {
            own_id,
            seeds,
            client: Client::builder(TokioExecutor::new()).build(connector),
            known: tokio::sync::Mutex::default(),
            asked: Mutex::new(None),
        }
    }

    /// This relay's id.
    pub fn own_id(&self) -> &str {
        &self.own_id
    }

    /// A new job id: this relay's id, then a random part.
    pub fn new_job_id(&self) -> String {
        format!("{}-{}", self.own_id, uuid::Uuid::new_v4().simple())
    }

    /// The relay id a job id starts with, if it has the shape of one.
    fn owner_of(job_id: &str) -> Option<&str> {
        let (owner, rest) = job_id.split_once('-')?;
        let hex = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_hexdigit());
        (hex(owner, ID_LEN) && hex(rest, 32)).then_some(owner)
    }

    /// Answers a request for the job `job_id` that this relay does not have: forwarded to its
    /// owner, or "relay gone".
    pub async fn elsewhere(&self, job_id: &str, request: &Forwardable) -> Elsewhere {
        let (method, path_and_query, headers) = (
            &request.method,
            request.path_and_query.as_str(),
            &request.headers,
        );
        let Some(owner) = Self::owner_of(job_id) else {
            return Elsewhere::Unknown;
        };
        if owner == self.own_id {
            return Elsewhere::Unknown;
        }
        if headers.contains_key(FORWARDED_HEADER) {
            // A replica sent this here believing this address is the owner's: the owner is
            // gone, and its address serves another relay now. Never forwarded again.
            return Elsewhere::Gone(gone(job_id, owner, "its address serves another relay now"));
        }
        let Some(address) = self.locate(owner).await else {
            return Elsewhere::Gone(gone(job_id, owner, "no replica has this relay id any more"));
        };
        match self.forward(address, method, path_and_query, headers).await {
            Ok(response) => Elsewhere::Answered(response),
            Err(why) => {
                self.known.lock().await.owners.remove(owner);
                Elsewhere::Gone(gone(job_id, owner, &why.to_string()))
            }
        }
    }

    /// Where the relay `owner` answers: from the last refresh, or after asking every peer
    /// (at most once a second, whoever asks).
    async fn locate(&self, owner: &str) -> Option<SocketAddr> {
        let mut known = self.known.lock().await;
        if let Some(address) = known.owners.get(owner) {
            return Some(*address);
        }
        let fresh = known
            .refreshed
            .is_some_and(|at| at.elapsed() < REFRESH_EVERY);
        if !fresh && !self.seeds.is_empty() {
            known.owners = self.ask_peers().await;
            known.refreshed = Some(Instant::now());
            if let Ok(mut asked) = self.asked.lock() {
                *asked = known.refreshed;
            }
        }
        known.owners.get(owner).copied()
    }

    /// Every peer address and the relay id it answers with.
    async fn ask_peers(&self) -> HashMap<String, SocketAddr> {
        let mut addresses = Vec::new();
        for seed in &self.seeds {
            match tokio::time::timeout(PEER_TIMEOUT, tokio::net::lookup_host(seed.as_str())).await {
                Ok(Ok(found)) => addresses.extend(found),
                _ => tracing::warn!("peer {seed}: the name does not resolve"),
            }
        }
        addresses.sort();
        addresses.dedup();
        let asks = addresses.into_iter().map(|address| async move {
            let answer = self
                .forward(address, &Method::GET, "/control", &HeaderMap::new())
                .await
                .ok()?;
            let body = answer.into_body().collect().await.ok()?.to_bytes();
            let info: VersionInfo = serde_json::from_slice(&body).ok()?;
            Some((info.relay, address))
        });
        futures_util::future::join_all(asks)
            .await
            .into_iter()
            .flatten()
            .filter(|(id, _)| *id != self.own_id && !id.is_empty())
            .collect()
    }

    /// Sends the request to `address` and returns its answer, or why none came.
    async fn forward(
        &self,
        address: SocketAddr,
        method: &Method,
        path_and_query: &str,
        headers: &HeaderMap,
    ) -> Result<Response, PeerUnreachable> {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(format!("http://{address}{path_and_query}"))
            .header(FORWARDED_HEADER, HeaderValue::from_static("1"));
        for name in [header::AUTHORIZATION, header::ACCEPT] {
            if let Some(value) = headers.get(&name) {
                request = request.header(name, value);
            }
        }
        let request = request
            .body(Full::new(Bytes::new()))
            .map_err(|_| PeerUnreachable::BadRequest)?;
        let answer = tokio::time::timeout(PEER_TIMEOUT, self.client.request(request))
            .await
            .map_err(|_| PeerUnreachable::Silent)?
            .map_err(|_| PeerUnreachable::Refused)?;
        let (parts, body) = answer.into_parts();
        let body =
            tokio::time::timeout(PEER_TIMEOUT, Limited::new(body, MAX_ANSWER_BYTES).collect())
                .await
                .map_err(|_| PeerUnreachable::AnswerLate)?
                .map_err(|_| PeerUnreachable::AnswerBroken)?
                .to_bytes();
        let mut response = (parts.status, body).into_response();
        for name in [header::CONTENT_TYPE, header::LINK, header::RETRY_AFTER] {
            if let Some(value) = parts.headers.get(&name) {
                response.headers_mut().insert(name, value.clone());
            }
        }
        Ok(response)
    }
}

/// Why a peer gave no usable answer to a forwarded request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeerUnreachable {
    /// The request could not be put together (a header the client sent is not valid).
    BadRequest,
    /// No answer within [`PEER_TIMEOUT`].
    Silent,
    /// The connection failed.
    Refused,
    /// Its answer began but did not arrive within [`PEER_TIMEOUT`].
    AnswerLate,
    /// Its answer broke off or was over [`MAX_ANSWER_BYTES`].
    AnswerBroken,
}

impl std::fmt::Display for PeerUnreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadRequest => f.write_str("the request cannot be forwarded"),
            Self::Silent => write!(f, "it did not answer in {} s", PEER_TIMEOUT.as_secs()),
            Self::Refused => f.write_str("it does not answer"),
            Self::AnswerLate => f.write_str("its answer did not arrive in time"),
            Self::AnswerBroken => f.write_str("its answer broke off"),
        }
    }
}

/// 410 with the job's `relay_gone` view.
fn gone(job_id: &str, owner: &str, why: &str) -> Response {
    let view = GoneJobView {
        id: job_id.to_owned(),
        state: JobState::RelayGone,
        relay: owner.to_owned(),
        error: format!(
            "relay gone: the relay {owner} that ran this job is gone ({why}); what it sent is in \
             the topic, its counts are lost, and the job does not run any more"
        ),
    };
    (StatusCode::GONE, axum::Json(view)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_ids_name_their_relay() {
        let peers = Peers::new(Vec::new());
        let id = peers.new_job_id();
        assert_eq!(Peers::owner_of(&id), Some(peers.own_id()));
        for not_ours in [
            "",
            "abc",
            "3f9a0c1e",
            "3f9a0c1e-xyz",
            "3F9A0C1Z-0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(Peers::owner_of(not_ours), None, "{not_ours:?}");
        }
    }
}
