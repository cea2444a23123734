//! Prometheus metrics: requests by route and status, records produced / acked / failed, batch
//! latency, and the producer's queue depth.

use prometheus::{
    Encoder, GaugeVec, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge,
    IntGaugeVec, Opts, Registry, TextEncoder,
};

/// The relay's metrics, registered in their own registry.
pub struct Metrics {
    registry: Registry,
    /// HTTP requests by route and status.
    pub requests: IntCounterVec,
    /// Records handed to the producer.
    pub produced: IntCounter,
    /// Records the broker acknowledged.
    pub acked: IntCounter,
    /// Records that could not be delivered.
    pub failed: IntCounter,
    /// Seconds from receiving a batch (or a /control request) to the broker's last answer.
    pub latency: HistogramVec,
    /// Records waiting in the producer, read at each scrape.
    pub queue_depth: IntGauge,
    /// Each running stream's rate, `asked` and `achieved`, read at each scrape.
    pub stream_rate: GaugeVec,
    /// Each running stream's events due but not yet sent, read at each scrape.
    pub stream_lag: IntGaugeVec,
}

impl Metrics {
    /// Creates and registers every metric.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new_custom(Some("reefer_relay".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests by route and status"),
            &["route", "method", "status"],
        )?;
        let produced = IntCounter::new("records_produced_total", "Records handed to Kafka")?;
        let acked = IntCounter::new("records_acked_total", "Records acknowledged by Kafka")?;
        let failed = IntCounter::new("records_failed_total", "Records Kafka did not take")?;
        let latency = HistogramVec::new(
            HistogramOpts::new(
                "batch_latency_seconds",
                "From request to the broker's last acknowledgement",
            )
            .buckets(vec![
                0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
            ]),
            &["kind"],
        )?;
        let queue_depth = IntGauge::new(
            "producer_queue_depth",
            "Records waiting in the producer for the broker's answer",
        )?;
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(produced.clone()))?;
        registry.register(Box::new(acked.clone()))?;
        registry.register(Box::new(failed.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        let stream_rate = GaugeVec::new(
            Opts::new(
                "stream_events_per_second",
                "A running stream's rate: asked, and achieved since its start",
            ),
            &["job", "rate"],
        )?;
        let stream_lag = IntGaugeVec::new(
            Opts::new(
                "stream_lag_events",
                "A running stream's events due but not yet sent",
            ),
            &["job"],
        )?;
        registry.register(Box::new(queue_depth.clone()))?;
        registry.register(Box::new(stream_rate.clone()))?;
        registry.register(Box::new(stream_lag.clone()))?;
        Ok(Self {
            registry,
            requests,
            produced,
            acked,
            failed,
            latency,
            queue_depth,
            stream_rate,
            stream_lag,
        })
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = Vec::new();
        let _ = TextEncoder::new().encode(&self.registry.gather(), &mut out);
        String::from_utf8(out).unwrap_or_default()
    }
}

/// The `method` label: the methods HTTP defines, every other one as `other`, so that invented
/// methods cannot grow the metrics without end.
pub fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}
