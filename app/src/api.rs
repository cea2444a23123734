//! The relay's HTTP API, the only place the app does HTTP.

use gloo_net::http::Request;
use reefer_shared::wire::{
    AnyJobView, BatchAck, BoardUpdate, ControlBody, ErrorBody, Events, FleetView, HealthDetails,
    MaintenanceView, StreamJobView, TailedEvent,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Where the relay is and how to authenticate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RelayTarget {
    /// Base URL; empty means the page's own origin.
    pub base: String,
    /// Bearer token, if the relay requires one.
    pub token: String,
    /// Set when the relay answers 401, so that the page asks for the token.
    pub unauthorized: Option<leptos::prelude::RwSignal<bool>>,
}

impl RelayTarget {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base.trim_end_matches('/'))
    }

    /// Sends one batch body; the number of records the broker acknowledged, or why not.
    pub async fn send_batch(&self, body: Vec<u8>) -> Result<u64, String> {
        let request = self
            .authorized(Request::post(&self.url("/api/batches")))
            .header("content-type", "application/json");
        let response = request
            .body(body)
            .map_err(|e| format!("cannot build the request: {e}"))?
            .send()
            .await
            .map_err(|e| format!("the relay at {} cannot be reached ({e})", self.describe()))?;
        if response.status() == 200 {
            return response
                .json::<BatchAck>()
                .await
                .map(|a| a.acked)
                .map_err(|e| format!("unexpected answer from the relay: {e}"));
        }
        Err(self.refusal(response).await)
    }

    /// Events read back after `after`, and the last sequence number.
    pub async fn events(&self, after: u64) -> Result<(Vec<TailedEvent>, u64), String> {
        let url = self.url(&format!("/api/events?after={after}&limit=20"));
        let events: Events = self.json_answer(Request::get(&url)).await?;
        Ok((events.events, events.last))
    }

    /// One container's events read back after `after` (the relay then keeps its latest 120).
    pub async fn events_of(
        &self,
        key: &str,
        after: u64,
    ) -> Result<(Vec<TailedEvent>, u64), String> {
        let key: String = js_sys::encode_uri_component(key).into();
        let url = self.url(&format!("/api/events?key={key}&after={after}&limit=120"));
        let events: Events = self.json_answer(Request::get(&url)).await?;
        Ok((events.events, events.last))
    }

    /// The relay's Kafka connection and readiness (`GET /health/details`).
    pub async fn details(&self) -> Result<HealthDetails, String> {
        self.json_answer(Request::get(&self.url("/health/details")))
            .await
    }

    /// Maintenance events read back after `after` (`GET /api/maintenance`).
    pub async fn maintenance(&self, after: u64) -> Result<MaintenanceView, String> {
        let url = self.url(&format!("/api/maintenance?after={after}&limit=50"));
        self.json_answer(Request::get(&url)).await
    }

    /// Follows a stream's board (`{location}/board`, server-sent events over a streamed fetch,
    /// which carries the token): calls `on_update` with each update until the stream ends, the
    /// connection drops or `on_update` returns `false`.
    pub async fn follow_board(
        &self,
        location: &str,
        mut on_update: impl FnMut(BoardUpdate) -> bool,
    ) -> Result<(), String> {
        use wasm_bindgen::JsCast;
        let response = self
            .authorized(Request::get(&self.url(&format!("{location}/board"))))
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        if response.status() != 200 {
            return Err(self.refusal(response).await);
        }
        let reader = response
            .body()
            .ok_or("the board's answer has no body")?
            .get_reader()
            .unchecked_into::<web_sys::ReadableStreamDefaultReader>();
        let mut pending: Vec<u8> = Vec::new();
        loop {
            let chunk = wasm_bindgen_futures::JsFuture::from(reader.read())
                .await
                .map_err(|_| String::from("the board's connection was closed"))?;
            let done = js_sys::Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true);
            if done {
                return Ok(());
            }
            if let Ok(value) = js_sys::Reflect::get(&chunk, &"value".into()) {
                pending.extend(js_sys::Uint8Array::new(&value).to_vec());
            }
            // Server-sent events: `data: <json>` lines, a blank line after each.
            while let Some(end) = pending.iter().position(|b| *b == b'\n') {
                let line: Vec<u8> = pending.drain(..=end).collect();
                let Some(data) = line.strip_prefix(b"data: ") else {
                    continue;
                };
                if let Ok(update) = serde_json::from_slice::<BoardUpdate>(data) {
                    if !on_update(update) {
                        let _ = reader.cancel();
                        return Ok(());
                    }
                }
            }
        }
    }

    /// Starts a streaming job: its resource's path (`/control/jobs/{id}`), or why not.
    pub async fn start_stream(&self, body: &ControlBody) -> Result<String, String> {
        let request = self
            .authorized(Request::post(&self.url("/control")))
            .header("content-type", "application/json")
            .body(body.to_json())
            .map_err(|e| format!("cannot build the request: {e}"))?;
        let response = request.send().await.map_err(|e| self.unreachable(e))?;
        if response.status() == 202 {
            return response
                .headers()
                .get("location")
                .ok_or_else(|| "the relay gave no job location".to_owned());
        }
        Err(self.refusal(response).await)
    }

    /// A job resource (`path` from the job's `Location`).
    pub async fn job(&self, path: &str) -> Result<AnyJobView, String> {
        self.json_answer(Request::get(&self.url(path))).await
    }

    /// A streaming job's fleet view: the first `limit` containers.
    pub async fn fleet(&self, path: &str, limit: usize) -> Result<FleetView, String> {
        let url = self.url(&format!("{path}/fleet?limit={limit}"));
        self.json_answer(Request::get(&url)).await
    }

    /// Stops a streaming job: its final view.
    pub async fn stop_stream(&self, path: &str) -> Result<StreamJobView, String> {
        self.json_answer(Request::delete(&self.url(path))).await
    }

    /// Sends a request without a body; the answer of a 200, or why there is none.
    async fn json_answer<T: DeserializeOwned>(
        &self,
        request: gloo_net::http::RequestBuilder,
    ) -> Result<T, String> {
        let response = self
            .authorized(request)
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        if response.status() != 200 {
            return Err(self.refusal(response).await);
        }
        response
            .json()
            .await
            .map_err(|e| format!("unexpected answer from the relay: {e}"))
    }

    fn authorized(
        &self,
        request: gloo_net::http::RequestBuilder,
    ) -> gloo_net::http::RequestBuilder {
        if self.token.trim().is_empty() {
            request
        } else {
            request.header("authorization", &format!("Bearer {}", self.token.trim()))
        }
    }

    fn unreachable(&self, e: gloo_net::Error) -> String {
        format!("the relay at {} cannot be reached ({e})", self.describe())
    }

    /// The relay's reason for an answer other than success; a 401 also asks the page for the
    /// token.
    async fn refusal(&self, response: gloo_net::http::Response) -> String {
        let status = response.status();
        if status == 401 {
            if let Some(flag) = self.unauthorized {
                leptos::prelude::Set::set(&flag, true);
            }
        }
        let message = response
            .json::<ErrorBody>()
            .await
            .map(|b| b.error)
            .unwrap_or_else(|_| "no explanation".to_owned());
        match status {
            401 => format!("the relay needs a valid token: {message}"),
            _ => format!("the relay answered {status}: {message}"),
        }
    }

    fn describe(&self) -> String {
        if self.base.is_empty() {
            "this site".to_owned()
        } else {
            self.base.clone()
        }
    }
}

/// `config.json` beside the page, for a control panel hosted as a static site apart from the
/// relay: `{"relay_url": "https://reefer-relay.example.com"}`.
#[derive(Deserialize)]
struct SiteConfig {
    relay_url: Option<String>,
}

/// The relay URL from `config.json`, when the site has one (served by the relay itself, the
/// page has none and uses its own origin).
pub async fn configured_relay_url() -> Option<String> {
    let response = Request::get("config.json").send().await.ok()?;
    if response.status() != 200 {
        return None;
    }
    // Without a config.json, a static host or the relay's SPA fallback may answer index.html.
    let config: SiteConfig = response.json().await.ok()?;
    config.relay_url.filter(|url| !url.trim().is_empty())
}
