//! A small HTTP/1.1 server on 127.0.0.1 for tests, in the test process: no network beyond loopback.
//!
//! Real feed servers misbehave in ways a mock client cannot show (a body that stops half way, a
//! response that trickles in, a gzip bomb), so the tests speak real HTTP over a socket. The server
//! is plain `std::net`, so a test controls every byte: it answers each request with what a handler
//! closure returns, sends `Connection: close`, and records every request it received so a test can
//! assert on headers and count attempts. Dropping the server stops it; a connection still sending a
//! slow body stops at its next chunk.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// A request as received.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target: path and query, such as `/feed.xml?page=2`.
    pub path: String,
    /// Header names lowercased, in the order received.
    pub headers: Vec<(String, String)>,
    /// How many requests the server had received before this one (0 for the first).
    pub index: usize,
}

impl Request {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server sends back, and how.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// Sent as given; `Content-Length` and `Connection: close` are added unless present.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// A pause between the headers and the body.
    pub delay_before_body: Option<Duration>,
    /// A slow body: `chunk_size` bytes, then this pause, and so on.
    pub chunk_delay: Option<Duration>,
    pub chunk_size: usize,
    /// Announce the whole body's length but close the connection after this many bytes.
    pub truncate_at: Option<usize>,
    /// The body is sent this many times in a row (and `Content-Length` counts them all): a huge
    /// response without the memory.
    pub repeat: usize,
    /// These bytes verbatim instead of a response: a broken server.
    pub raw: Option<Vec<u8>>,
}

impl Response {
    /// A 200 with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Response {
        Response::status(200).body(body)
    }

    /// An empty response with this status.
    pub fn status(status: u16) -> Response {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay_before_body: None,
            chunk_delay: None,
            chunk_size: 64,
            truncate_at: None,
            repeat: 1,
            raw: None,
        }
    }

    /// Sends `bytes` as they are, status line and headers included (or not).
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Response {
        Response {
            raw: Some(bytes.into()),
            ..Response::status(200)
        }
    }

    /// A redirect (301, 302, 307...) to `location`.
    pub fn redirect(status: u16, location: &str) -> Response {
        Response::status(status).header("Location", location)
    }

    pub fn header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Response {
        self.body = body.into();
        self
    }

    pub fn delay_before_body(mut self, delay: Duration) -> Response {
        self.delay_before_body = Some(delay);
        self
    }

    /// Sends the body `chunk_size` bytes at a time, pausing `delay` after each.
    pub fn slow(mut self, chunk_size: usize, delay: Duration) -> Response {
        self.chunk_size = chunk_size.max(1);
        self.chunk_delay = Some(delay);
        self
    }

    /// Sends the body `times` times in a row, as one body.
    pub fn repeat(mut self, times: usize) -> Response {
        self.repeat = times;
        self
    }

    pub fn truncate_at(mut self, bytes: usize) -> Response {
        self.truncate_at = Some(bytes);
        self
    }

    fn has_header(&self, name: &str) -> bool {
        self.headers
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case(name))
    }
}

type Handler = dyn Fn(&Request) -> Response + Send + Sync + 'static;

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    requests: Arc<Mutex<Vec<Request>>>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server on a free port of 127.0.0.1 that answers every request with `handler`.
    pub fn new(handler: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("local address");
        let handler: Arc<Handler> = Arc::new(handler);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        // Non-blocking accept, polled, so that dropping the server never waits on a socket.
        listener
            .set_nonblocking(true)
            .expect("non-blocking listener");
        let accept = {
            let (requests, stop) = (requests.clone(), stop.clone());
            thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let Ok((stream, _)) = listener.accept() else {
                        thread::sleep(Duration::from_millis(2));
                        continue;
                    };
                    let _ = stream.set_nonblocking(false);
                    let (handler, requests, stop) =
                        (handler.clone(), requests.clone(), stop.clone());
                    thread::spawn(move || serve(stream, &*handler, &requests, &stop));
                }
            })
        };
        Server {
            addr,
            requests,
            stop,
            accept: Some(accept),
        }
    }

    /// The full URL of `path` on this server (`path` starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.requests).clone()
    }

    /// How many requests asked for `path` (path and query, exactly).
    pub fn hits(&self, path: &str) -> usize {
        lock(&self.requests)
            .iter()
            .filter(|r| r.path == path)
            .count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Answers one connection: one request, one response, close. Any I/O error just ends it.
fn serve(stream: TcpStream, handler: &Handler, requests: &Mutex<Vec<Request>>, stop: &AtomicBool) {
    let timeout = Some(Duration::from_secs(10));
    let _ = stream.set_read_timeout(timeout);
    let _ = stream.set_write_timeout(timeout);
    let _ = stream.set_nodelay(true);
    let Some(mut request) = read_request(&stream) else {
        return;
    };
    {
        let mut all = lock(requests);
        request.index = all.len();
        all.push(request.clone());
    }
    let response = handler(&request);
    let _ = write_response(&stream, &request, &response, stop);
    let _ = (&stream).flush();
    let _ = stream.shutdown(Shutdown::Write);
    // Let the client read to the end before the socket goes away (an early close may reset it).
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 1024];
    while matches!((&stream).read(&mut sink), Ok(n) if n > 0) {}
}

fn read_request(stream: &TcpStream) -> Option<Request> {
    let mut reader = BufReader::new(stream).take(64 * 1024);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next()?.to_string());
    let mut headers = Vec::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    Some(Request {
        method,
        path,
        headers,
        index: 0,
    })
}

fn write_response(
    mut stream: &TcpStream,
    request: &Request,
    response: &Response,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    if let Some(raw) = &response.raw {
        return stream.write_all(raw);
    }
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let bodiless = matches!(response.status, 100..=199 | 204 | 304);
    if !bodiless
        && !response.has_header("content-length")
        && !response.has_header("transfer-encoding")
    {
        let length = response.body.len().saturating_mul(response.repeat);
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    if !response.has_header("connection") {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.flush()?;
    if bodiless || request.method == "HEAD" {
        return Ok(());
    }
    if let Some(delay) = response.delay_before_body {
        thread::sleep(delay);
    }
    let mut left = response.truncate_at.unwrap_or(usize::MAX);
    let chunk_size = match response.chunk_delay {
        Some(_) => response.chunk_size.max(1),
        None => response.body.len().max(1),
    };
    for _ in 0..response.repeat {
        for chunk in response.body.chunks(chunk_size) {
            if left == 0 || stop.load(Ordering::SeqCst) {
                return stream.flush();
            }
            let chunk = &chunk[..chunk.len().min(left)];
            left -= chunk.len();
            stream.write_all(chunk)?;
            if let Some(delay) = response.chunk_delay {
                stream.flush()?;
                thread::sleep(delay);
            }
        }
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Unknown",
    }
}
