//! The browser around the app: the address bar (the spec lives in the URL) and downloads.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// The page's query string, without the `?`.
pub fn query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_owned()
}

/// Replaces the query string without reloading, so that the link reproduces the data.
pub fn set_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("?{query}")),
        );
    }
}

/// Milliseconds since the page loaded.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Gives the browser a turn (paint, input) between two chunks of work.
///
/// `scheduler.yield()` where the browser has it (Chromium): no 4 ms timer clamping, and the
/// work resumes ahead of other tasks. A zero timeout elsewhere.
pub async fn yield_to_browser() {
    let global = js_sys::global();
    let scheduler = js_sys::Reflect::get(&global, &"scheduler".into()).ok();
    let pending = scheduler
        .filter(|s| s.is_object())
        .and_then(|s| {
            let yield_fn = js_sys::Reflect::get(&s, &"yield".into()).ok()?;
            yield_fn.dyn_into::<js_sys::Function>().ok()?.call0(&s).ok()
        })
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    match pending {
        Some(promise) => {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        }
        None => gloo_timers::future::TimeoutFuture::new(0).await,
    }
}

/// Parts of a file being built, kept by the browser (not in Wasm memory).
///
/// Each part becomes a Blob as soon as it is pushed, so the copy out of Wasm memory happens
/// in the chunk's own task; the final Blob only refers to them (no 200 MB copy at the end,
/// which was a 110 ms main-thread task for a 1 M-row file).
pub struct BlobParts(Array);

impl BlobParts {
    /// No parts yet.
    pub fn new() -> Self {
        Self(Array::new())
    }

    /// Copies `bytes` into a new part.
    pub fn push(&mut self, bytes: &[u8]) -> Result<(), String> {
        let copy = Array::of1(&Uint8Array::from(bytes));
        let part = Blob::new_with_u8_array_sequence(&copy)
            .map_err(|e| format!("cannot build the file: {e:?}"))?;
        self.0.push(&part);
        Ok(())
    }

    /// Offers the parts as a download named `name`.
    pub fn save(self, name: &str, mime: &str) -> Result<(), String> {
        let options = BlobPropertyBag::new();
        options.set_type(mime);
        let blob = Blob::new_with_blob_sequence_and_options(&self.0, &options)
            .map_err(|e| format!("cannot build the file: {e:?}"))?;
        let url = Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
        let document = web_sys::window()
            .and_then(|w| w.document())
            .ok_or("no document")?;
        let anchor: HtmlAnchorElement = document
            .create_element("a")
            .map_err(|e| format!("{e:?}"))?
            .dyn_into()
            .map_err(|_| "not an anchor".to_owned())?;
        anchor.set_href(&url);
        anchor.set_download(name);
        anchor.click();
        // The browser has the blob; release our URL once it has started the download.
        let revoke = url.clone();
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(60_000).await;
            let _ = Url::revoke_object_url(&revoke);
        });
        Ok(())
    }
}

/// What the page remembered under `key` in `localStorage`, if the browser keeps it.
pub fn remembered(key: &str) -> Option<String> {
    local()?.get_item(key).ok().flatten()
}

/// Remembers `value` under `key` in `localStorage`, or forgets the key for `None`. Does nothing
/// where storage is off (private windows may refuse it).
pub fn remember(key: &str, value: Option<&str>) {
    if let Some(storage) = local() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
