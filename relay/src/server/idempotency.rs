//! `Idempotency-Key` for `POST /api/batches`: a retried batch (same key, same body) answers the
//! first result instead of producing its records again.
//!
//! Only answers after which records were handed to Kafka are kept (200, and 502 with each
//! record's fate); a refusal (4xx, 429, 503) produced nothing and is not kept, so a retry of it
//! runs afresh. The keys live in this relay process's memory, bounded by count, bytes and age:
//! behind several replicas a key holds only on the replica that saw it first.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use sha2::{Digest, Sha256};

use super::error::ApiError;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// The answer header on a replayed answer.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
/// The longest key accepted, in bytes.
pub const MAX_KEY_BYTES: usize = 255;

/// How many keys, how many bytes of answers and how long the relay keeps them.
#[derive(Debug, Clone, Copy)]
pub struct KeyLimits {
    /// Keys kept at most; the oldest go first.
    pub max_keys: usize,
    /// Bytes of kept answers at most (a 502 lists every record).
    pub max_bytes: usize,
    /// How long a key is kept after its answer.
    pub ttl: Duration,
}

impl Default for KeyLimits {
    fn default() -> Self {
        Self {
            max_keys: 10_000,
            max_bytes: 32 << 20,
            ttl: Duration::from_secs(24 * 3600),
        }
    }
}

/// An answer to keep and to give again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Its status.
    pub status: StatusCode,
    /// Its JSON body.
    pub body: Bytes,
}

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Begin {
    /// The key is new: run the request and [`Claim::complete`] it with the answer.
    Fresh(Claim),
    /// The key's first request has answered: give its answer again.
    Replay(Answer),
}

type Fingerprint = [u8; 32];

#[derive(Debug)]
struct Entry {
    fingerprint: Fingerprint,
    /// `None` while the first request runs; the instant tells it from a reused key.
    answer: Option<(Answer, Instant)>,
}

#[derive(Debug, Default)]
struct Kept {
    entries: HashMap<String, Entry>,
    /// Answered keys, oldest first.
    order: VecDeque<(Instant, String)>,
    bytes: usize,
}

/// The keys this relay has seen.
#[derive(Debug, Default)]
pub struct IdempotencyKeys {
    kept: Mutex<Kept>,
    limits: KeyLimits,
}

/// The right to run the first request of a key; dropped without an answer (a refusal), it
/// frees the key.
#[derive(Debug)]
pub struct Claim {
    keys: Arc<IdempotencyKeys>,
    key: Option<String>,
}

impl IdempotencyKeys {
    /// An empty store with these limits.
    pub fn new(limits: KeyLimits) -> Self {
        Self {
            kept: Mutex::default(),
            limits,
        }
    }

    /// The key of a request, if it has one: 1 to 255 visible ASCII characters.
    pub fn key_of(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
        let mut values = headers.get_all(HEADER).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        let refuse = |why: &str| {
            ApiError::new(StatusCode::BAD_REQUEST, format!("Idempotency-Key: {why}"))
                .with_field("Idempotency-Key")
        };
        if values.next().is_some() {
            return Err(refuse("give the header once"));
        }
        let bytes = value.as_bytes();
        if bytes.is_empty() || bytes.len() > MAX_KEY_BYTES {
            return Err(refuse("must be 1 to 255 characters"));
        }
        if !bytes.iter().all(|b| (0x21..=0x7e).contains(b)) {
            return Err(refuse("must be visible ASCII characters (no spaces)"));
        }
        Ok(Some(String::from_utf8_lossy(bytes).into_owned()))
    }

    /// Looks up `key` for a request with `body`: 409 while its first request runs, 422 if it
    /// came with another body.
    pub fn begin(self: &Arc<Self>, key: String, body: &[u8]) -> Result<Begin, ApiError> {
        let fingerprint: Fingerprint = Sha256::digest(body).into();
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        self.forget_expired(&mut kept, Instant::now());
        if let Some(entry) = kept.entries.get(&key) {
            if entry.fingerprint != fingerprint {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "Idempotency-Key: this key came with another body; use a new key for a new batch",
                )
                .with_field("Idempotency-Key"));
            }
            return match &entry.answer {
                Some((answer, _)) => Ok(Begin::Replay(answer.clone())),
                None => Err(ApiError::busy(
                    StatusCode::CONFLICT,
                    "Idempotency-Key: the first request with this key is still being delivered; retry in a moment",
                )
                .with_field("Idempotency-Key")),
            };
        }
        kept.entries.insert(
            key.clone(),
            Entry {
                fingerprint,
                answer: None,
            },
        );
        Ok(Begin::Fresh(Claim {
            keys: self.clone(),
            key: Some(key),
        }))
    }

    fn forget_expired(&self, kept: &mut Kept, now: Instant) {
        while let Some((at, _)) = kept.order.front() {
            let too_many = kept.order.len() > self.limits.max_keys;
            let too_big = kept.bytes > self.limits.max_bytes;
            if !(too_many || too_big || now.duration_since(*at) > self.limits.ttl) {
                break;
            }
            let Some((at, key)) = kept.order.pop_front() else {
                break;
            };
            let same = matches!(kept.entries.get(&key), Some(Entry { answer: Some((_, t)), .. }) if *t == at);
            if same {
                if let Some(Entry {
                    answer: Some((answer, _)),
                    ..
                }) = kept.entries.remove(&key)
                {
                    kept.bytes -= answer.body.len();
                }
            }
        }
    }

    /// Keys kept now (answered or running).
    pub fn len(&self) -> usize {
        self.kept.lock().map(|k| k.entries.len()).unwrap_or(0)
    }

    /// Whether no key is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Claim {
    /// Keeps the answer of the key's first request.
    pub fn complete(mut self, answer: &Answer) {
        let Some(key) = self.key.take() else { return };
        let mut kept = self.keys.kept.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if let Some(entry) = kept.entries.get_mut(&key) {
            entry.answer = Some((answer.clone(), now));
            kept.bytes += answer.body.len();
            kept.order.push_back((now, key));
        }
        self.keys.forget_expired(&mut kept, now);
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(key) = self.key.take() {
            let mut kept = self.keys.kept.lock().unwrap_or_else(|p| p.into_inner());
            kept.entries.remove(&key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(body: &str) -> Answer {
        Answer {
            status: StatusCode::OK,
            body: Bytes::from(body.to_owned()),
        }
    }

    fn fresh(keys: &Arc<IdempotencyKeys>, key: &str, body: &str) -> Claim {
        match keys.begin(key.into(), body.as_bytes()).unwrap() {
            Begin::Fresh(claim) => claim,
            Begin::Replay(a) => panic!("a replay of {a:?}"),
        }
    }

    #[test]
    fn same_key_same_body_replays_other_body_refuses_running_conflicts() {
        let keys = Arc::new(IdempotencyKeys::default());
        let claim = fresh(&keys, "k1", "body");
        let running = keys.begin("k1".into(), b"body").unwrap_err();
        assert_eq!(running.status(), StatusCode::CONFLICT);
        claim.complete(&answer("first"));
        match keys.begin("k1".into(), b"body").unwrap() {
            Begin::Replay(a) => assert_eq!(a, answer("first")),
            Begin::Fresh(_) => panic!("the key was answered"),
        }
        let other = keys.begin("k1".into(), b"other body").unwrap_err();
        assert_eq!(other.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn a_refused_first_request_frees_its_key() {
        let keys = Arc::new(IdempotencyKeys::default());
        drop(fresh(&keys, "k", "body"));
        assert!(keys.is_empty());
        fresh(&keys, "k", "body").complete(&answer("ok"));
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn keys_are_bounded_by_count_bytes_and_age() {
        let limits = KeyLimits {
            max_keys: 3,
            max_bytes: 10,
            ttl: Duration::from_secs(3600),
        };
        let keys = Arc::new(IdempotencyKeys::new(limits));
        for i in 0..5 {
            fresh(&keys, &format!("k{i}"), "b").complete(&answer("x"));
        }
        assert_eq!(keys.len(), 3, "the oldest keys go first");
        assert!(matches!(
            keys.begin("k0".into(), b"b").unwrap(),
            Begin::Fresh(_)
        ));
        fresh(&keys, "big", "b").complete(&answer("0123456789abc"));
        assert!(keys.len() <= 1, "over the byte budget the oldest go first");

        let short = Arc::new(IdempotencyKeys::new(KeyLimits {
            ttl: Duration::ZERO,
            ..KeyLimits::default()
        }));
        fresh(&short, "k", "b").complete(&answer("x"));
        std::thread::sleep(Duration::from_millis(2));
        assert!(matches!(
            short.begin("k".into(), b"b").unwrap(),
            Begin::Fresh(_)
        ));
    }

    #[test]
    fn keys_must_be_short_visible_ascii() {
        let mut headers = HeaderMap::new();
        assert_eq!(IdempotencyKeys::key_of(&headers).unwrap(), None);
        headers.insert(HEADER, "batch-2026-12-02-0001".parse().unwrap());
        assert_eq!(
            IdempotencyKeys::key_of(&headers).unwrap().as_deref(),
            Some("batch-2026-12-02-0001")
        );
        for bad in ["", "has space", &"k".repeat(256)] {
            headers.insert(HEADER, bad.parse().unwrap());
            let error = IdempotencyKeys::key_of(&headers).unwrap_err();
            assert_eq!(error.status(), StatusCode::BAD_REQUEST, "{bad:?}");
        }
    }
}
