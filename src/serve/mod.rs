//! `parallax serve`: builds the site into memory, serves it on the local machine, and rebuilds it
//! whenever a file it reads changes, reloading the open pages; a broken change shows its error
//! over the last good pages until it is fixed. Nothing is written to the output folder.
//!
//! Threads: the HTTP loop (one short-lived thread per request, one per open page's event stream)
//! and the rebuilding thread, fed by the file watcher, share the site in memory ([`live::Live`]).

mod built;
mod http;
mod inject;
mod live;
mod watch;

use crate::error::{Error, Result};
use crate::{BuildOptions, load};
use live::Live;
use std::io::Write;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What `parallax serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site and how to build it (`base_url` is replaced by the local address).
    pub build: BuildOptions,
    /// The port to listen on; the next free one when it is taken (0: any free port).
    pub port: u16,
    /// The address to listen on (127.0.0.1 unless asked otherwise).
    pub bind: IpAddr,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// What happens while serving, for the caller to show (the library never prints).
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The site is served at this address.
    Listening { url: &'a str },
    /// A build succeeded and is served (its pages render on request): `took` from the change.
    Built {
        took: Duration,
        warnings: &'a [String],
    },
    /// Every page of the served build is rendered: `files` in all, `changed` of them new,
    /// changed or gone since the previous build.
    Rendered {
        files: usize,
        changed: usize,
        took: Duration,
    },
    /// A build failed: the last good site is still served, with the error over every page.
    Failed { error: &'a Error, took: Duration },
    /// Something worth a line that changes nothing (the browser could not be opened...).
    Note(String),
}

/// Serves the site until the process is stopped. Fails only when it cannot start: the config
/// does not read, no port is free, the site cannot be watched.
pub fn serve(options: &ServeOptions, report: &(dyn Fn(ServeEvent) + Sync)) -> Result<()> {
    let config = load::config(&options.build.root, &crate::overrides(&options.build))?;
    let base_path = config.base_url.path().to_string();
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Command(format!("cannot read the server's address: {e}")))?;
    let url = format!("http://{}{base_path}", shown(address));
    let build = BuildOptions {
        base_url: Some(url.clone()),
        ..options.build.clone()
    };
    let live = Arc::new(Live::default());
    let (mut watcher, changes) = watch::Watcher::start(&build.root, &config.theme)?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Error::Command(format!("cannot serve on {address}: {e}")))?;
    std::thread::scope(|scope| {
        let rebuilding = Rebuilding {
            options: &build,
            live: &live,
            report,
        };
        rebuilding.run(scope);
        report(ServeEvent::Listening { url: &url });
        if options.open {
            open_browser(&url, report);
        }
        scope.spawn(move || {
            while let Ok(_paths) = changes.recv() {
                // Whatever else changed meanwhile is read by this one build.
                while changes.try_recv().is_ok() {}
                rebuilding.live.supersede();
                if let Err(error) = watcher.refresh() {
                    report(ServeEvent::Note(error.to_string()));
                }
                rebuilding.run(scope);
            }
        });
        for request in server.incoming_requests() {
            answer(request, &live, &base_path);
        }
    });
    Ok(())
}

/// What a rebuild needs.
#[derive(Clone, Copy)]
struct Rebuilding<'a> {
    options: &'a BuildOptions,
    live: &'a Live,
    report: &'a (dyn Fn(ServeEvent) + Sync),
}

impl<'a> Rebuilding<'a> {
    /// Rebuilds the site model and serves it (pages render on request), then renders the other
    /// pages on a thread of `scope`; or shows why the build failed.
    fn run<'s>(self, scope: &'s std::thread::Scope<'s, 'a>) {
        let started = Instant::now();
        let built = crate::prepare(self.options)
            .map(built::Built::new)
            .and_then(|built| built.probe().map(|()| built));
        let built = match built {
            Ok(built) => Arc::new(built),
            Err(error) => return self.failed(&error, started),
        };
        let previous = self.live.serve(Arc::clone(&built));
        (self.report)(ServeEvent::Built {
            took: started.elapsed(),
            warnings: built.warnings(),
        });
        scope.spawn(move || {
            let rendered = built.render_rest(previous.as_deref());
            // Freeing a big site is a tail nothing waits for.
            drop(previous);
            match rendered {
                Ok(Some(changed)) => (self.report)(ServeEvent::Rendered {
                    files: built.len(),
                    changed,
                    took: started.elapsed(),
                }),
                Ok(None) => {}
                Err(error) => self.failed(&error, started),
            }
        });
    }

    fn failed(self, error: &Error, started: Instant) {
        self.live.fail(inject::overlay(error));
        (self.report)(ServeEvent::Failed {
            error,
            took: started.elapsed(),
        });
    }
}

/// A listener on `port`, or on the next free port of the 20 after it, or on any free port.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let tries = (0..=20u16).filter_map(|k| port.checked_add(k)).chain([0]);
    let mut last = None;
    for port in tries {
        match TcpListener::bind(SocketAddr::new(ip, port)) {
            Ok(listener) => return Ok(listener),
            Err(e) => last = Some(e),
        }
    }
    Err(Error::Command(format!(
        "cannot listen on {ip}: {}; pass another --bind address",
        last.map(|e| e.to_string()).unwrap_or_default()
    )))
}

/// `127.0.0.1:1111`, and `localhost` for the unspecified address a browser cannot open.
fn shown(address: SocketAddr) -> String {
    if address.ip().is_unspecified() {
        format!("localhost:{}", address.port())
    } else {
        address.to_string()
    }
}

/// Answers one request; the event stream of an open page goes on in a thread of its own.
fn answer(request: tiny_http::Request, live: &Arc<Live>, base_path: &str) {
    use tiny_http::Method;
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = respond(
            405,
            "text/plain; charset=utf-8",
            b"GET or HEAD only\n".to_vec(),
        );
        let _ = request.respond(with_header(response, "Allow", "GET, HEAD"));
        return;
    }
    let html = |status: u16, bytes: &[u8], overlay: Option<Arc<str>>| {
        let overlay = overlay.or_else(|| live.overlay());
        let page = inject::into_page(bytes, base_path, live.version(), overlay.as_deref());
        respond(status, "text/html; charset=utf-8", page)
    };
    let not_found = || match live.file("404.html") {
        Some(Ok(bytes)) => html(404, &bytes, None),
        _ => html(404, http::BARE_404, None),
    };
    let response = match http::route(request.url(), base_path, |path| live.has(path)) {
        http::Reply::File(path) => match live.file(&path) {
            Some(Ok(bytes)) => match http::content_type(&path) {
                t if t.starts_with("text/html") => html(200, &bytes, None),
                t => respond(200, t, bytes.to_vec()),
            },
            // A page whose template fails: its error, over nothing.
            Some(Err(error)) => html(500, http::BARE_404, Some(inject::overlay(&error).into())),
            None => not_found(),
        },
        http::Reply::NotFound => not_found(),
        http::Reply::Reload => respond(
            200,
            "text/javascript; charset=utf-8",
            inject::RELOAD_JS.as_bytes().to_vec(),
        ),
        http::Reply::Redirect(location) => with_header(
            respond(302, "text/plain", Vec::new()),
            "Location",
            &location,
        ),
        http::Reply::Events => {
            let writer = request.into_writer();
            // The page's stream lives as long as the page, on a thread of its own that ends
            // when the page is closed.
            let live = Arc::clone(live);
            std::thread::spawn(move || events(writer, &live));
            return;
        }
    };
    let _ = request.respond(response);
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

/// A response with its content type, never cached (the site changes under the browser).
fn respond(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    let response = tiny_http::Response::from_data(body).with_status_code(status);
    let response = with_header(response, "Content-Type", content_type);
    with_header(response, "Cache-Control", "no-store")
}

/// Adds a header; one that is not valid (a Location with a control character) is left out.
fn with_header(response: Response, name: &str, value: &str) -> Response {
    match tiny_http::Header::from_bytes(name, value) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}

/// The server-sent events of one open page: the site's version now and after every rebuild, and
/// a comment now and then so a closed page is noticed (the write fails) and its thread ends.
fn events(mut writer: Box<dyn Write + Send>, live: &Live) {
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\r\n";
    let mut version = live.version();
    let mut message = format!("{head}data: {version}\n\n");
    while writer
        .write_all(message.as_bytes())
        .and_then(|()| writer.flush())
        .is_ok()
    {
        let next = live.wait_change(version, Duration::from_secs(15));
        message = if next == version {
            ": still here\n\n".to_string()
        } else {
            format!("data: {next}\n\n")
        };
        version = next;
    }
}

/// Opens `url` in the default browser, saying so when it cannot.
fn open_browser(url: &str, report: &(dyn Fn(ServeEvent) + Sync)) {
    let (program, args): (&str, &[&str]) = if cfg!(target_os = "macos") {
        ("open", &[])
    } else if cfg!(windows) {
        ("cmd", &["/C", "start", ""])
    } else {
        ("xdg-open", &[])
    };
    let opened = std::process::Command::new(program)
        .args(args)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = opened {
        report(ServeEvent::Note(format!(
            "could not open a browser ({program}: {e}): open {url} yourself"
        )));
    }
}
