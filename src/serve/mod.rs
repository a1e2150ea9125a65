//! `trailmap serve`: builds the site into memory, serves it on the loopback interface, rebuilds
//! after each edit and tells open pages to reload once the new files are in place.
//!
//! Threads, and what each may touch:
//! - the calling thread waits for file events and Ctrl-C and runs every rebuild, so rebuilds
//!   never overlap; it is the only writer of the served site;
//! - one thread accepts connections, and each connection gets a thread of its own (at most
//!   [`wire::MAX_CONNECTIONS`]) that answers from the served site under a short read lock, or
//!   stays to feed an open tab's event stream (see [`reload`]).
//!
//! The user's `public/` is never read or written: the served files live in memory.

mod hosts;
mod http;
mod mime;
mod path;
mod rebuild;
mod reload;
mod served;
mod watch;
mod wire;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use crate::BuildOptions;
use http::Shared;
use watch::{Burst, Signal, SiteWatcher};

/// When the asked-for port is taken, the next ones tried.
const PORT_TRIES: u16 = 10;

/// What `trailmap serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site's folder, holding `trailmap.toml`.
    pub root: PathBuf,
    /// The address to listen on: loopback unless the user chose otherwise.
    pub bind: IpAddr,
    /// The first port to try; 0 lets the system choose.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Names besides the listening address that requests may give as their `Host`.
    pub allowed_hosts: Vec<String>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot open the site folder {path}: {source}")]
    Root { path: PathBuf, source: std::io::Error },
    #[error(
        "{0} has no trailmap.toml: pass the site's folder with --root (`trailmap init DIR` makes a new site)"
    )]
    NotASite(PathBuf),
    #[error("ports {first} to {last} on {ip} are all in use: choose another with --port")]
    PortsInUse { ip: IpAddr, first: u16, last: u16 },
    #[error("cannot listen on {address}: {source}")]
    Bind { address: SocketAddr, source: std::io::Error },
    #[error("cannot watch the site's files: {0}")]
    Watch(#[from] notify::Error),
    #[error("cannot start a server thread: {0}")]
    Thread(std::io::Error),
}

/// Serves the site until Ctrl-C. Build problems are shown, not returned: the server keeps
/// running and picks up the fix.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    let root = options
        .root
        .canonicalize()
        .map_err(|source| ServeError::Root { path: options.root.clone(), source })?;
    if !root.join("trailmap.toml").is_file() {
        return Err(ServeError::NotASite(options.root.clone()));
    }
    let (listener, asked) = listen(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|source| ServeError::Bind {
        address: SocketAddr::new(options.bind, options.port),
        source,
    })?;
    let url = site_url(address);
    wire::raise_open_file_limit();
    wire::deepen_backlog(&listener);

    let (signal, signals) = mpsc::channel();
    // Watching starts before the first build, so an edit made while it runs is not lost.
    let mut watcher = SiteWatcher::start(&root, signal.clone())?;
    let shared =
        Arc::new(Shared::new(hosts::Hosts::new(address.ip(), address.port(), &options.allowed_hosts)));
    // Links must work against this server, not the published site: build with its URL.
    let build = BuildOptions {
        root: root.clone(),
        base_url: Some(url.clone()),
        drafts: options.drafts,
        ..BuildOptions::default()
    };
    let mut rebuilder = rebuild::Rebuilder::new(build, shared.clone());
    rebuilder.first();

    let stopping = Arc::new(AtomicBool::new(false));
    let accepting = {
        let (stopping, shared) = (stopping.clone(), shared.clone());
        std::thread::Builder::new()
            .name("trailmap-accept".into())
            .spawn(move || {
                wire::accept_loop(&listener, &stopping, move |connection| {
                    http::serve_connection(connection, &shared)
                })
            })
            .map_err(ServeError::Thread)?
    };
    on_ctrl_c(signal);

    if let Some(asked) = asked {
        println!("Port {asked} is in use; serving on port {} instead.", address.port());
    }
    println!("Serving {} at {url}", root.display());
    if !address.ip().is_loopback() {
        println!("Listening on {}: other machines on the network can open the site.", address.ip());
    }
    println!(
        "Watching trailmap.toml, content/, pages/, static/, themes/ and templates/. Press Ctrl-C to stop."
    );
    if options.open {
        open_browser(&url);
    }

    loop {
        // A quick update owes the rebuild of the whole site: it runs once edits pause.
        let idle = rebuilder.catch_up_in();
        match watch::next_burst(&signals, &root, idle) {
            Burst::Stop => break,
            Burst::Idle => rebuilder.catch_up(),
            Burst::Changed(changed) => {
                // Renew watches before rebuilding, so a file added to a new folder right now is
                // either seen by this build or reported by the new watch.
                for folder in &changed.folders {
                    watcher.renew(folder);
                }
                rebuilder.after(&changed);
            }
        }
    }

    stopping.store(true, Ordering::Relaxed);
    shared.hub.close();
    // Wakes the accept loop, which sees `stopping`; streams end as the hub closes. A connection
    // still sending its request is not waited for (its thread ends with the process).
    let _ = std::net::TcpStream::connect_timeout(
        &SocketAddr::new(url_ip(address.ip()), address.port()),
        Duration::from_secs(1),
    );
    let deadline = Instant::now() + Duration::from_secs(1);
    while !accepting.is_finished() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    drop(watcher);
    println!("Stopped.");
    Ok(())
}

/// Binds `port`, or the next free one when it is taken (and says which was asked for).
fn listen(ip: IpAddr, port: u16) -> Result<(TcpListener, Option<u16>), ServeError> {
    let last = if port == 0 { 0 } else { port.saturating_add(PORT_TRIES - 1) };
    for candidate in port..=last {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => return Ok((listener, (candidate != port).then_some(port))),
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(source) => return Err(ServeError::Bind { address: SocketAddr::new(ip, candidate), source }),
        }
    }
    Err(ServeError::PortsInUse { ip, first: port, last })
}

/// The URL to print and to build with. A server on all interfaces is still opened locally.
fn site_url(address: SocketAddr) -> String {
    format!("http://{}/", SocketAddr::new(url_ip(address.ip()), address.port()))
}

fn url_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    }
}

/// The first Ctrl-C stops the server cleanly; a second one, should a long rebuild hold up the
/// first, exits at once. The `ctrlc` crate does the signal handling portably (SIGINT and
/// SIGTERM on Unix, console events on Windows) from a thread of its own, so the handler may
/// use a channel, which a raw signal handler may not.
fn on_ctrl_c(signal: mpsc::Sender<Signal>) {
    let pressed = AtomicBool::new(false);
    let installed = ctrlc::set_handler(move || {
        if pressed.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        let _ = signal.send(Signal::Stop);
    });
    if let Err(error) = installed {
        eprintln!("warning: cannot handle Ctrl-C ({error}); it will stop the server abruptly");
    }
}

fn open_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        // Reaped on a thread of its own, so that no zombie is left behind.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(error) => eprintln!("warning: cannot open a browser ({error}); open {url} yourself"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_to_the_next_free_port() {
        let taken = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let loopback = IpAddr::from([127, 0, 0, 1]);
        match listen(loopback, port) {
            Ok((listener, asked)) => {
                assert_eq!(asked, Some(port));
                assert!(listener.local_addr().unwrap().port() > port);
            }
            // Every port after it may be taken on a busy machine; the error must name them.
            Err(error) => assert!(error.to_string().contains(&port.to_string()), "{error}"),
        }
    }

    #[test]
    fn the_site_url_is_local() {
        assert_eq!(site_url("0.0.0.0:1111".parse().unwrap()), "http://127.0.0.1:1111/");
        assert_eq!(site_url("[::1]:1111".parse().unwrap()), "http://[::1]:1111/");
    }
}
