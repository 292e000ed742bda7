//! The HTTP client of `parallax fetch` against a real server on 127.0.0.1 that misbehaves on cue:
//! one test per behaviour a feed server can show.

mod common;

use common::server::{Request, Response, Server};
use parallax::{Client, HttpOptions, Outcome, Validators};
use std::io::Write;
use std::time::{Duration, Instant};

/// Fast retries and a short timeout, so failing paths stay quick.
fn options() -> HttpOptions {
    HttpOptions {
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        backoff: Duration::from_millis(10),
        ..HttpOptions::default()
    }
}

fn client() -> Client {
    Client::new(options())
}

fn get(server: &Server, path: &str) -> Outcome {
    client().get(&server.url(path), &Validators::default())
}

/// The reason, attempts and retry-after of a failure; panics on anything else.
fn failed(outcome: Outcome) -> (String, u32, Option<Duration>) {
    match outcome {
        Outcome::Failed {
            reason,
            attempts,
            retry_after,
        } => (reason, attempts, retry_after),
        other => panic!("expected a failure, got {other:?}"),
    }
}

/// The body, final URL and attempts of a success; panics on anything else.
fn fetched(outcome: Outcome) -> (Vec<u8>, String, u32) {
    match outcome {
        Outcome::Fetched {
            body,
            final_url,
            attempts,
            ..
        } => (body, final_url, attempts),
        other => panic!("expected a fetched body, got {other:?}"),
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_200_returns_its_body_content_type_and_validators() {
    let server = Server::new(|_| {
        Response::ok("<rss/>")
            .header("Content-Type", "application/rss+xml")
            .header("ETag", "\"v1\"")
            .header("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT")
    });
    match get(&server, "/feed.xml") {
        Outcome::Fetched {
            status,
            body,
            content_type,
            final_url,
            validators,
            attempts,
        } => {
            assert_eq!(status, 200);
            assert_eq!(body, b"<rss/>");
            assert_eq!(content_type.as_deref(), Some("application/rss+xml"));
            assert_eq!(final_url, server.url("/feed.xml"));
            assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
            assert_eq!(
                validators.last_modified.as_deref(),
                Some("Wed, 21 Oct 2015 07:28:00 GMT")
            );
            assert_eq!(attempts, 1);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn stored_validators_make_a_conditional_request_and_a_304_is_not_modified() {
    let server = Server::new(|r: &Request| {
        let etag_matches = r.header("if-none-match") == Some("\"v1\"");
        let date_matches = r.header("if-modified-since") == Some("Wed, 21 Oct 2015 07:28:00 GMT");
        if etag_matches && date_matches {
            Response::status(304).header("ETag", "\"v1\"")
        } else {
            Response::ok("<rss/>")
        }
    });
    let validators = Validators {
        etag: Some("\"v1\"".into()),
        last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
    };
    let outcome = client().get(&server.url("/feed.xml"), &validators);
    assert_eq!(outcome, Outcome::NotModified { attempts: 1 });

    let unconditional = fetched(get(&server, "/feed.xml"));
    assert_eq!(
        unconditional.0, b"<rss/>",
        "no validators, no conditional headers"
    );
    let requests = server.requests();
    assert_eq!(requests[1].header("if-none-match"), None);
    assert_eq!(requests[1].header("if-modified-since"), None);
}

#[test]
fn redirects_301_302_and_307_are_followed_and_the_final_url_is_reported() {
    let server = Server::new(|r: &Request| match r.path.as_str() {
        "/old" => Response::redirect(301, "/moved"),
        "/moved" => Response::redirect(302, "/temporary"),
        "/temporary" => Response::redirect(307, "/feed.xml"),
        "/feed.xml" => Response::ok("<feed/>"),
        _ => Response::status(404),
    });
    let (body, final_url, attempts) = fetched(get(&server, "/old"));
    assert_eq!(body, b"<feed/>");
    assert_eq!(final_url, server.url("/feed.xml"));
    assert_eq!(attempts, 1, "redirects are part of one attempt");
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn a_chain_of_exactly_max_redirects_is_followed() {
    let server = Server::new(|r: &Request| {
        let n: u32 = r.path.trim_start_matches("/hop").parse().unwrap_or(0);
        if n < 5 {
            Response::redirect(302, &format!("/hop{}", n + 1))
        } else {
            Response::ok("end")
        }
    });
    let (body, final_url, _) = fetched(get(&server, "/hop0"));
    assert_eq!(body, b"end");
    assert_eq!(final_url, server.url("/hop5"));
}

#[test]
fn a_redirect_loop_fails_with_too_many_redirects() {
    let server = Server::new(|_| Response::redirect(302, "/loop"));
    let (reason, attempts, _) = failed(get(&server, "/loop"));
    assert_eq!(reason, "too many redirects (more than 5)");
    assert_eq!(attempts, 1, "a loop is not retried");
    assert!(server.requests().len() <= 7, "{}", server.requests().len());
}

#[test]
fn a_body_slower_than_the_timeout_fails_as_timed_out_and_is_retried() {
    let server =
        Server::new(|_| Response::ok(vec![b'x'; 1000]).slow(100, Duration::from_millis(100)));
    let client = Client::new(HttpOptions {
        timeout: Duration::from_millis(300),
        retries: 1,
        ..options()
    });
    let start = Instant::now();
    let (reason, attempts, _) = failed(client.get(&server.url("/slow"), &Validators::default()));
    assert_eq!(reason, "timed out after 300 ms (2 attempts)");
    assert_eq!(attempts, 2);
    assert_eq!(server.hits("/slow"), 2);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::new(|_| {
        std::thread::sleep(Duration::from_millis(1500));
        Response::ok("late")
    });
    let client = Client::new(HttpOptions {
        timeout: Duration::from_millis(300),
        retries: 0,
        ..options()
    });
    let (reason, attempts, _) = failed(client.get(&server.url("/"), &Validators::default()));
    assert_eq!(reason, "timed out after 300 ms");
    assert_eq!(attempts, 1);
}

#[test]
fn a_truncated_body_fails_instead_of_returning_part_of_it() {
    let server = Server::new(|_| Response::ok(vec![b'x'; 5000]).truncate_at(1200));
    let (reason, attempts, _) = failed(get(&server, "/cut"));
    assert_eq!(
        reason,
        "body ended early (expected 5000 bytes, got 1200) (3 attempts)"
    );
    assert_eq!(attempts, 3, "a dropped connection is worth retrying");
    assert_eq!(server.hits("/cut"), 3);
}

#[test]
fn a_truncated_gzip_body_fails_too() {
    let text = "<item>news</item>".repeat(5000);
    let packed = gzip(text.as_bytes());
    let cut = packed.len() / 2;
    let server = Server::new(move |_| {
        Response::ok(packed.clone())
            .header("Content-Encoding", "gzip")
            .truncate_at(cut)
    });
    let (reason, _, _) = failed(get(&server, "/cut.gz"));
    assert_eq!(
        reason,
        "body ended early (the gzip stream is incomplete) (3 attempts)"
    );
}

#[test]
fn a_gzip_body_is_decoded_and_gzip_was_asked_for() {
    let text = "<rss><channel><title>News</title></channel></rss>".repeat(100);
    let packed = gzip(text.as_bytes());
    assert!(packed.len() < text.len() / 10);
    let server =
        Server::new(move |_| Response::ok(packed.clone()).header("Content-Encoding", "gzip"));
    let (body, _, _) = fetched(get(&server, "/feed.xml"));
    assert_eq!(String::from_utf8(body).unwrap(), text);
    let request = &server.requests()[0];
    assert!(
        request.header("accept-encoding").unwrap().contains("gzip"),
        "{request:?}"
    );
}

#[test]
fn a_gzip_bomb_stops_at_the_size_cap() {
    // One MiB of zeros packs into about 1 KiB; sent a million times as one gzip body (a gzip
    // reader decodes members one after another as one stream) it would inflate to 1 TiB. A
    // client that read it all would still be reading at its timeout.
    let member = gzip(&vec![0u8; 1024 * 1024]);
    assert!(member.len() < 2048, "{}", member.len());
    let server = Server::new(move |_| {
        Response::ok(member.clone())
            .header("Content-Encoding", "gzip")
            .repeat(1_000_000)
    });
    let start = Instant::now();
    let (reason, attempts, _) = failed(get(&server, "/bomb.xml"));
    assert_eq!(reason, "response larger than 8 MiB");
    assert_eq!(attempts, 1, "an oversize body is not retried");
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "stops reading at the cap, {:?}",
        start.elapsed()
    );
}

#[test]
fn a_single_stream_gzip_bomb_stops_at_the_size_cap() {
    let bomb = gzip(&vec![0u8; 64 * 1024 * 1024]);
    let server =
        Server::new(move |_| Response::ok(bomb.clone()).header("Content-Encoding", "gzip"));
    let client = Client::new(HttpOptions {
        max_bytes: 1024 * 1024,
        ..options()
    });
    let (reason, _, _) = failed(client.get(&server.url("/bomb.xml"), &Validators::default()));
    assert_eq!(reason, "response larger than 1 MiB");
}

#[test]
fn a_plain_body_over_the_cap_fails_and_one_at_the_cap_is_accepted() {
    let server = Server::new(|r: &Request| match r.path.as_str() {
        "/big" => Response::ok(vec![b'x'; 2001]),
        "/chunked" => Response::ok(
            b"7D1\r\n"
                .iter()
                .chain(&[b'x'; 2001])
                .chain(b"\r\n0\r\n\r\n")
                .copied()
                .collect::<Vec<u8>>(),
        )
        .header("Transfer-Encoding", "chunked"),
        _ => Response::ok(vec![b'x'; 2000]),
    });
    let client = Client::new(HttpOptions {
        max_bytes: 2000,
        ..options()
    });
    let get = |path| client.get(&server.url(path), &Validators::default());
    assert_eq!(failed(get("/big")).0, "response larger than 2000 bytes");
    assert_eq!(
        failed(get("/chunked")).0,
        "response larger than 2000 bytes",
        "without a Content-Length the cap still holds"
    );
    assert_eq!(fetched(get("/exact")).0.len(), 2000);
}

#[test]
fn a_500_then_a_200_is_fetched_on_the_second_attempt() {
    let server = Server::new(|r: &Request| match r.index {
        0 => Response::status(500),
        _ => Response::ok("<rss/>"),
    });
    let (body, _, attempts) = fetched(get(&server, "/feed.xml"));
    assert_eq!(body, b"<rss/>");
    assert_eq!(attempts, 2);
    assert_eq!(server.hits("/feed.xml"), 2);
}

#[test]
fn a_server_always_failing_with_500_is_tried_one_plus_retries_times() {
    let server = Server::new(|_| Response::status(500));
    let (reason, attempts, retry_after) = failed(get(&server, "/feed.xml"));
    assert_eq!(reason, "HTTP 500 Internal Server Error (3 attempts)");
    assert_eq!(attempts, 3);
    assert_eq!(retry_after, None);
    assert_eq!(server.hits("/feed.xml"), 3);
}

#[test]
fn a_404_fails_at_once() {
    let server = Server::new(|_| Response::status(404));
    let (reason, attempts, _) = failed(get(&server, "/missing.xml"));
    assert_eq!(reason, "HTTP 404 Not Found");
    assert_eq!(attempts, 1);
    assert_eq!(server.hits("/missing.xml"), 1);
}

#[test]
fn a_410_is_gone() {
    let server = Server::new(|_| Response::status(410));
    assert_eq!(get(&server, "/dead.xml"), Outcome::Gone);
    assert_eq!(server.hits("/dead.xml"), 1);
}

#[test]
fn a_429_with_a_short_retry_after_is_waited_for() {
    let server = Server::new(|r: &Request| match r.index {
        0 => Response::status(429).header("Retry-After", "1"),
        _ => Response::ok("<rss/>"),
    });
    let start = Instant::now();
    let (body, _, attempts) = fetched(get(&server, "/feed.xml"));
    assert_eq!(body, b"<rss/>");
    assert_eq!(attempts, 2);
    assert!(
        start.elapsed() >= Duration::from_millis(950),
        "waited {:?}",
        start.elapsed()
    );
}

#[test]
fn a_429_with_a_long_retry_after_fails_at_once_and_says_when() {
    let server = Server::new(|_| Response::status(429).header("Retry-After", "3600"));
    let (reason, attempts, retry_after) = failed(get(&server, "/feed.xml"));
    assert_eq!(
        reason,
        "rate limited (HTTP 429); server asks to retry after 3600 s"
    );
    assert_eq!(attempts, 1);
    assert_eq!(retry_after, Some(Duration::from_secs(3600)));
    assert_eq!(server.hits("/feed.xml"), 1);
}

#[test]
fn a_503_with_a_long_retry_after_fails_at_once_too() {
    let server = Server::new(|_| Response::status(503).header("Retry-After", "7200"));
    let (reason, attempts, retry_after) = failed(get(&server, "/feed.xml"));
    assert_eq!(
        reason,
        "HTTP 503 Service Unavailable; server asks to retry after 7200 s"
    );
    assert_eq!(
        (attempts, retry_after),
        (1, Some(Duration::from_secs(7200)))
    );
}

#[test]
fn a_port_with_nothing_listening_is_connection_refused() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/feed.xml");
    let (reason, attempts, _) = failed(client().get(&url, &Validators::default()));
    assert_eq!(reason, "connection refused (3 attempts)");
    assert_eq!(attempts, 3);
}

#[test]
fn the_user_agent_and_accept_headers_say_who_asks_for_what() {
    let server = Server::new(|_| Response::ok("<rss/>"));
    fetched(get(&server, "/feed.xml"));
    let request = &server.requests()[0];
    let agent = request.header("user-agent").unwrap();
    assert_eq!(agent, HttpOptions::default().user_agent);
    assert!(agent.starts_with("parallax/"), "{agent}");
    assert!(agent.contains("+https://"), "names a contact: {agent}");
    assert!(
        request
            .header("accept")
            .unwrap()
            .starts_with("application/rss+xml, application/atom+xml"),
        "{request:?}"
    );
}

#[test]
fn urls_that_are_not_http_fail_without_a_request() {
    let (reason, attempts, _) = failed(client().get("file:///etc/passwd", &Validators::default()));
    assert!(reason.contains("only http and https"), "{reason}");
    assert_eq!(attempts, 0);
}

#[test]
fn one_client_serves_twenty_threads_at_once() {
    let server = Server::new(|r: &Request| {
        std::thread::sleep(Duration::from_millis(200));
        Response::ok(format!("body of {}", r.path))
    });
    let client = client();
    let start = Instant::now();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..20)
            .map(|i| {
                let (client, server) = (&client, &server);
                scope.spawn(move || {
                    let path = format!("/feed-{i}.xml");
                    let outcome = client.get(&server.url(&path), &Validators::default());
                    let (body, final_url, _) = fetched(outcome);
                    assert_eq!(body, format!("body of {path}").as_bytes());
                    assert_eq!(final_url, server.url(&path));
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
    });
    assert_eq!(server.requests().len(), 20);
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the gets ran side by side, not one after another (20 x 200 ms): {:?}",
        start.elapsed()
    );
}

#[test]
fn broken_servers_fail_with_a_one_line_reason_and_never_panic() {
    let long_header = format!("HTTP/1.1 200 OK\r\nX-Junk: {}\r\n\r\n", "a".repeat(100_000));
    let ok = "HTTP/1.1 200 OK\r\n";
    let cases: Vec<(&str, String, &str)> = vec![
        ("/empty", String::new(), "the server closed the connection"),
        (
            "/garbage",
            "not http\r\n\r\n".into(),
            "invalid HTTP response",
        ),
        (
            "/bad-status",
            "HTTP/1.1 abc X\r\n\r\n".into(),
            "invalid HTTP response",
        ),
        (
            "/no-colon",
            format!("{ok}Broken\r\n\r\nbody"),
            "invalid HTTP response",
        ),
        ("/long-header", long_header, "response headers too large"),
        (
            "/bad-length",
            format!("{ok}Content-Length: lots\r\n\r\nbody"),
            "invalid HTTP response",
        ),
        (
            "/bad-chunks",
            format!("{ok}Transfer-Encoding: chunked\r\n\r\nzz\r\nbody\r\n0\r\n\r\n"),
            "invalid HTTP response",
        ),
        (
            "/bad-gzip",
            format!(
                "{ok}Content-Encoding: gzip\r\nContent-Length: 20\r\n\r\nthis is not gzip at all"
            ),
            "could not decode the gzip body",
        ),
        (
            "/ftp-location",
            "HTTP/1.1 302 Found\r\nLocation: ftp://example.invalid/\r\nContent-Length: 0\r\n\r\n"
                .into(),
            "invalid URL",
        ),
        (
            "/no-location",
            "HTTP/1.1 301 Moved Permanently\r\nContent-Length: 0\r\n\r\n".into(),
            "invalid HTTP response",
        ),
        (
            "/headers-only",
            format!("{ok}Content-Length: 10\r\n"),
            "the server closed the connection",
        ),
    ];
    let responses: std::collections::HashMap<String, String> = cases
        .iter()
        .map(|(path, raw, _)| (path.to_string(), raw.clone()))
        .collect();
    let server = Server::new(move |r: &Request| match responses.get(&r.path) {
        Some(raw) => Response::raw(raw.as_bytes()),
        None => Response::status(404),
    });
    for (path, _, expected) in &cases {
        let (reason, _, _) = failed(get(&server, path));
        assert!(reason.starts_with(expected), "{path}: {reason:?}");
        assert!(!reason.contains('\n'), "{path}: {reason:?}");
    }
}

#[test]
fn a_close_delimited_http_1_0_body_is_read_whole() {
    let server = Server::new(|_| {
        Response::raw(b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n<rss/>".to_vec())
    });
    let (body, _, _) = fetched(get(&server, "/old-server"));
    assert_eq!(body, b"<rss/>");
}
