//! The HTTP side of `serve`: static files from the output folder and the live-reload WebSocket.
//!
//! Safe by default, because a page open in the author's browser is not the only thing that can
//! reach a local port:
//! - Requests must name this server in their `Host` header (loopback names with the bound port),
//!   which defeats DNS rebinding; the check is off only when the user asked to listen on another
//!   address.
//! - WebSocket upgrades must come from the server's own origin (cross-site WebSocket hijacking).
//! - Paths are resolved by [`super::path`]; nothing outside the output folder is ever read.
//! - Connections are bounded in number (a semaphore around `accept`) and in header size, header
//!   count and the time to send the headers (hyper's limits); a request with two `Host` headers
//!   is refused. WebSocket clients are bounded too and may not send large messages, nor many:
//!   a page's reload script sends nothing, and every Ping a client sends queues a Pong, which
//!   piles up when the client does not read (a flood grew the server to 5.8 GB), so a client
//!   that has sent [`MAX_CLIENT_MESSAGES`] is closed; the write buffer is bounded as well.
//! - No CORS headers at all; `Cross-Origin-Resource-Policy: same-origin` keeps other sites from
//!   embedding the files; `no-store` so a reload always gets the new page.
//!
//! The accept loop is our own (rather than `axum::serve`) for those limits; requests still go
//! through an axum router.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};

use super::path::{self, Target};

/// The WebSocket path the pages' reload script connects to.
pub const WS_PATH: &str = "/__exambook/ws";
/// Open connections at most (browsers open six per host; tabs add up).
const MAX_CONNECTIONS: usize = 128;
/// Live-reload clients at most.
const MAX_SOCKETS: usize = 64;
/// Bytes of request head at most (hyper's minimum is 8 KiB).
const MAX_HEAD: usize = 16 * 1024;
/// Header lines at most.
const MAX_HEADERS: usize = 64;
/// Time to send the request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest message a reload client may send (it sends nothing).
const MAX_CLIENT_MESSAGE: usize = 4096;
/// Messages (Pings included) a reload client may send before it is closed.
const MAX_CLIENT_MESSAGES: usize = 64;
/// Bytes a WebSocket may hold for a client that does not read: far more than the largest
/// overlay message ever sent, and a bound all the same.
const MAX_SOCKET_BUFFER: usize = 64 * 1024 * 1024;

/// The last thing browsers were told.
#[derive(Debug, Clone, Default)]
pub struct Event {
    /// The build failed: the message is the overlay's, and new clients get it too.
    pub error: bool,
    /// The JSON message.
    pub message: Arc<str>,
}

/// What the handlers share with each other and with the builder.
pub struct Shared {
    /// The output folder, canonical.
    pub out: PathBuf,
    /// Accepted `Host` header values (lowercase); `None` accepts any.
    pub hosts: Option<Vec<String>>,
    /// Messages for the browsers; the builder sends, each socket follows.
    pub events: watch::Sender<Event>,
    /// Whether a build has succeeded yet (until then pages are a placeholder).
    pub ready: AtomicBool,
    sockets: AtomicUsize,
}

impl Shared {
    /// State for a server of `out`.
    pub fn new(out: PathBuf, hosts: Option<Vec<String>>) -> Shared {
        Shared {
            out,
            hosts,
            events: watch::Sender::new(Event::default()),
            ready: AtomicBool::new(false),
            sockets: AtomicUsize::new(0),
        }
    }

    /// Tells every browser (and later ones, for an error).
    pub fn publish(&self, error: bool, message: String) {
        if !error {
            self.ready.store(true, Ordering::Release);
        }
        self.events.send_replace(Event {
            error,
            message: message.into(),
        });
    }
}

/// The router: the socket, then files.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(WS_PATH, get(socket))
        .fallback(files)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), guard))
        .with_state(shared)
}

/// Accepts connections on `listener` until `shutdown` completes.
pub async fn serve(listener: TcpListener, router: Router, shutdown: impl Future<Output = ()>) {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(MAX_HEADERS);
    tokio::pin!(shutdown);
    loop {
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of file descriptors or the like: breathe, then go on.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let service = TowerToHyperService::new(router.clone());
        let connection = http
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// Refuses foreign `Host` headers; adds the headers every response carries.
async fn guard(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    // RFC 9112 §3.2: a request with more than one Host header is answered with 400.
    if request
        .headers()
        .get_all(header::HOST)
        .iter()
        .nth(1)
        .is_some()
    {
        return with_common_headers(refuse(StatusCode::BAD_REQUEST, "more than one Host header"));
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_ascii_lowercase);
    let authority = request
        .uri()
        .authority()
        .map(|a| a.as_str().to_ascii_lowercase());
    let response = match (host, &shared.hosts) {
        (None, _) => refuse(StatusCode::BAD_REQUEST, "missing Host header"),
        (Some(h), _) if authority.as_ref().is_some_and(|a| *a != h) => refuse(
            StatusCode::BAD_REQUEST,
            "Host header and request target differ",
        ),
        (Some(h), Some(allowed)) if !allowed.contains(&h) => refuse(
            StatusCode::FORBIDDEN,
            "this server answers only to its own address (Host header refused)",
        ),
        _ => next.run(request).await,
    };
    with_common_headers(response)
}

/// Adds the headers every response carries.
fn with_common_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

fn refuse(status: StatusCode, why: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        why,
    )
        .into_response()
}

/// The live-reload WebSocket: same origin only, a bounded number of clients.
async fn socket(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    upgrade: WebSocketUpgrade,
) -> Response {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    let own = format!("http://{host}");
    let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
    if !origin.is_some_and(|o| o.eq_ignore_ascii_case(&own)) {
        return refuse(
            StatusCode::FORBIDDEN,
            "WebSocket connections are accepted from this server's own pages only (Origin refused)",
        );
    }
    if shared.sockets.fetch_add(1, Ordering::AcqRel) >= MAX_SOCKETS {
        shared.sockets.fetch_sub(1, Ordering::AcqRel);
        return refuse(
            StatusCode::SERVICE_UNAVAILABLE,
            "too many live-reload clients",
        );
    }
    let slot = SocketSlot(Arc::clone(&shared));
    upgrade
        .max_message_size(MAX_CLIENT_MESSAGE)
        .max_frame_size(MAX_CLIENT_MESSAGE)
        .max_write_buffer_size(MAX_SOCKET_BUFFER)
        .on_upgrade(move |ws| client(ws, slot))
}

/// Counts a live-reload client while it lives.
struct SocketSlot(Arc<Shared>);

impl Drop for SocketSlot {
    fn drop(&mut self) {
        self.0.sockets.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Sends every event to one browser; a new client gets the current error, if any. A client that
/// sends more than [`MAX_CLIENT_MESSAGES`] is closed.
async fn client(mut ws: WebSocket, slot: SocketSlot) {
    let mut received = 0usize;
    let mut events = slot.0.events.subscribe();
    let current = events.borrow_and_update().clone();
    if current.error && ws.send(text(&current.message)).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            changed = events.changed() => {
                if changed.is_err() {
                    break;
                }
                let event = events.borrow_and_update().clone();
                if ws.send(text(&event.message)).await.is_err() {
                    break;
                }
            }
            incoming = ws.recv() => match incoming {
                Some(Ok(Message::Close(_)) | Err(_)) | None => break,
                Some(Ok(_)) => {
                    received += 1;
                    if received > MAX_CLIENT_MESSAGES {
                        break;
                    }
                }
            },
        }
    }
}

fn text(message: &str) -> Message {
    Message::Text(message.to_owned().into())
}

/// Files of the output folder; `404.html` with status 404 for anything else.
async fn files(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = refuse(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    if !shared.ready.load(Ordering::Acquire) {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            PLACEHOLDER,
        )
            .into_response();
    }
    match path::resolve(&shared.out, uri.path()) {
        Target::File(file) => match tokio::fs::read(&file).await {
            Ok(bytes) => file_response(StatusCode::OK, path::content_type(&file), bytes),
            Err(_) => not_found(&shared).await,
        },
        Target::Redirect(to) => match HeaderValue::from_str(&to) {
            Ok(location) => {
                let mut response = StatusCode::PERMANENT_REDIRECT.into_response();
                response.headers_mut().insert(header::LOCATION, location);
                response
            }
            Err(_) => refuse(StatusCode::BAD_REQUEST, "bad path"),
        },
        Target::NotFound => not_found(&shared).await,
        Target::BadRequest => refuse(StatusCode::BAD_REQUEST, "bad path"),
        Target::Forbidden => refuse(StatusCode::FORBIDDEN, "outside the site"),
    }
}

async fn not_found(shared: &Shared) -> Response {
    match tokio::fs::read(shared.out.join("404.html")).await {
        Ok(bytes) => file_response(StatusCode::NOT_FOUND, "text/html; charset=utf-8", bytes),
        Err(_) => refuse(StatusCode::NOT_FOUND, "not found"),
    }
}

fn file_response(status: StatusCode, content_type: &'static str, bytes: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, content_type)],
        Body::from(bytes),
    )
        .into_response()
}

/// What pages show until the first build succeeds: the errors, live.
const PLACEHOLDER: &str = concat!(
    "<!DOCTYPE html><html lang=\"en\"><meta charset=\"utf-8\"><title>exambook serve</title>",
    "<body style=\"font:16px/1.5 system-ui,sans-serif;margin:2rem\"><h1>The book does not build yet</h1>",
    "<p>Fix what the terminal shows; this page reloads by itself.</p>",
    "<pre id=\"d\" style=\"white-space:pre-wrap;background:#f4f4f4;padding:1rem\"></pre><script>",
    "(function(){var s=new WebSocket((location.protocol===\"https:\"?\"wss:\":\"ws:\")+\"//\"+location.host+\"/__exambook/ws\");",
    "s.onmessage=function(e){var m={};try{m=JSON.parse(e.data)}catch(x){}",
    "if(m.type===\"error\"){document.getElementById(\"d\").textContent=(m.message||\"\")+(m.diagnostics||[]).map(function(d){return d.text}).join(\"\\n\\n\")}",
    "else location.reload()};s.onclose=function(){setTimeout(function(){location.reload()},1000)}})();",
    "</script></body></html>\n"
);
