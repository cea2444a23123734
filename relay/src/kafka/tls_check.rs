//! Why a TLS handshake with a broker failed, in words. librdkafka reports only "certificate
//! verify failed" whatever the cause; this check connects once more with OpenSSL, trusting the
//! same CA file and checking the same name, and reads the verification result and the
//! broker's certificate: an unknown CA, an expired certificate and a wrong name each get
//! their own sentence.

use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use openssl::ssl::{HandshakeError, SslConnector, SslMethod, SslVerifyMode};
use openssl::x509::X509Ref;

/// The reason the first broker of `bootstrap` (`host:port,…`) fails TLS verification against
/// `ca_file` (the system's CAs without one), or `None` if its handshake succeeds or it cannot
/// be reached.
pub fn diagnose(bootstrap: &str, ca_file: Option<&Path>, timeout: Duration) -> Option<String> {
    let first = bootstrap.split(',').next()?.trim();
    let (host, _) = first.rsplit_once(':')?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let address = first.to_socket_addrs().ok()?.next()?;
    let stream = TcpStream::connect_timeout(&address, timeout).ok()?;
    stream.set_read_timeout(Some(timeout)).ok()?;
    stream.set_write_timeout(Some(timeout)).ok()?;
    let mut builder = SslConnector::builder(SslMethod::tls_client()).ok()?;
    if let Some(ca) = ca_file {
        builder.set_ca_file(ca).ok()?;
    }
    // The certificate that failed, as OpenSSL's verification saw it.
    let failed_certificate = Arc::new(Mutex::new(None::<String>));
    let seen = failed_certificate.clone();
    builder.set_verify_callback(SslVerifyMode::PEER, move |ok, context| {
        if !ok {
            if let (Some(certificate), Ok(mut slot)) = (context.current_cert(), seen.lock()) {
                slot.get_or_insert_with(|| summary(certificate));
            }
        }
        ok
    });
    let failure = match builder.build().configure().ok()?.connect(host, stream) {
        Ok(_) => return None,
        Err(HandshakeError::Failure(failure)) => failure,
        Err(_) => return None,
    };
    let ssl = failure.ssl();
    let verdict = ssl.verify_result();
    if verdict.as_raw() == 0 {
        return None;
    }
    let certificate = failed_certificate
        .lock()
        .ok()
        .and_then(|c| c.clone())
        .map(|c| format!(" (the certificate: {c})"))
        .unwrap_or_default();
    Some(format!("{}{certificate}", verdict.error_string()))
}

/// Subject, issuer and validity of a certificate, in one phrase.
fn summary(certificate: &X509Ref) -> String {
    let name = |n: &openssl::x509::X509NameRef| {
        n.entries()
            .filter_map(|e| {
                let key = e.object().nid().short_name().ok()?;
                let value = e.data().to_string().ok()?;
                Some(format!("{key}={value}"))
            })
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        "{}, issued by {}, valid from {} to {}",
        name(certificate.subject_name()),
        name(certificate.issuer_name()),
        certificate.not_before(),
        certificate.not_after()
    )
}
