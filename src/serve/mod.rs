//! `parallax serve`: builds the site into memory, serves it on the local machine, and rebuilds it
//! whenever a file it reads changes, reloading the open pages; a broken change shows its error
//! over the last good pages until it is fixed. Nothing is written to the output folder.
//!
//! Threads: the HTTP loop (one short-lived thread per request, one per open page's event stream)
//! and the rebuilding thread, fed by the file watcher, share the site in memory ([`live::Live`]).

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
    /// A build succeeded: `files` in all, `changed` of them new, changed or gone.
    Built {
        files: usize,
        changed: usize,
        took: Duration,
        warnings: &'a [String],
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
    rebuild(&build, &live, report);
    let (mut watcher, changes) = watch::Watcher::start(&build.root, &config.theme)?;
    let server = tiny_http::Server::from_listener(listener, None)
        .map_err(|e| Error::Command(format!("cannot serve on {address}: {e}")))?;
    report(ServeEvent::Listening { url: &url });
    if options.open {
        open_browser(&url, report);
    }
    std::thread::scope(|scope| {
        let rebuilding = Arc::clone(&live);
        scope.spawn(move || {
            while let Ok(_paths) = changes.recv() {
                // Whatever else changed meanwhile is read by this one build.
                while changes.try_recv().is_ok() {}
                if let Err(error) = watcher.refresh() {
                    report(ServeEvent::Note(error.to_string()));
                }
                rebuild(&build, &rebuilding, report);
            }
        });
        for request in server.incoming_requests() {
            answer(request, &live, &base_path);
        }
    });
    Ok(())
}

/// Builds the whole site into memory and serves what changed, or shows why it failed.
fn rebuild(options: &BuildOptions, live: &Live, report: &(dyn Fn(ServeEvent) + Sync)) {
    let started = Instant::now();
    let built = crate::prepare(options).and_then(|prepared| {
        let files = prepared.render()?;
        // Freeing a big site is a tail nothing waits for.
        let warnings = prepared.warnings.clone();
        let _ = std::thread::Builder::new().spawn(move || drop(prepared));
        Ok((files, warnings))
    });
    match built {
        Ok((files, warnings)) => {
            let count = files.len();
            let changed = live.update(files, true);
            report(ServeEvent::Built {
                files: count,
                changed,
                took: started.elapsed(),
                warnings: &warnings,
            });
        }
        Err(error) => {
            live.fail(inject::overlay(&error));
            report(ServeEvent::Failed {
                error: &error,
                took: started.elapsed(),
            });
        }
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
    use tiny_http::{Header, Method, Response};
    // A header that is not valid (a Location with a control character) is left out.
    let header =
        |response: Response<_>, name: &str, value: &str| match Header::from_bytes(name, value) {
            Ok(header) => response.with_header(header),
            Err(()) => response,
        };
    let reply = match request.method() {
        Method::Get | Method::Head => http::route(request.url(), base_path, live),
        _ => http::Reply::NotAllowed,
    };
    let response = match reply {
        http::Reply::File {
            status,
            content_type,
            bytes,
        } => {
            let body = if content_type.starts_with("text/html") {
                let events = format!("{base_path}{}", inject::EVENTS);
                let (version, overlay) = (live.version(), live.overlay());
                inject::into_page(&bytes, &events, version, overlay.as_deref())
            } else {
                bytes.to_vec()
            };
            let response = Response::from_data(body).with_status_code(status);
            header(response, "Content-Type", content_type)
        }
        http::Reply::Redirect(location) => header(
            Response::from_data(Vec::new()).with_status_code(302),
            "Location",
            &location,
        ),
        http::Reply::NotAllowed => header(
            Response::from_data(b"method not allowed\n".to_vec()).with_status_code(405),
            "Allow",
            "GET, HEAD",
        ),
        http::Reply::Events => {
            let live = Arc::clone(live);
            std::thread::spawn(move || events(request.into_writer(), &live));
            return;
        }
    };
    let response = header(response, "Cache-Control", "no-store");
    let _ = request.respond(response);
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
