//! Servers that misbehave on purpose, on a free loopback port, speaking
//! just enough of git's protocols (`git://` and smart HTTP) to get a client
//! to the point where they go wrong. Each stops when dropped.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A commit id the advertisements name (no object behind it).
const SHA: &str = "1111111111111111111111111111111111111111";

/// What a server does once a client has connected and sent its request.
#[derive(Clone, Debug)]
pub enum Misbehaviour {
    /// Never answers (the connection stays open).
    Stall,
    /// Sends a ref advertisement that never ends.
    EndlessRefs,
    /// Answers with an `ERR` line saying this.
    Err(String),
    /// Advertises one branch, then, once the client asks for it, sends
    /// progress messages without end and never a pack (`git://` only).
    EndlessProgress,
    /// Advertises one branch, then sends a pack header announcing this
    /// many objects, and nothing more (`git://` only).
    PackOf(u32),
    /// As git's upload-pack does when pack-objects dies on a damaged
    /// repository: a pack header, pack-objects' own error lines on the
    /// progress channel, git's abort message on the error channel, then
    /// the connection closed (`git://` only).
    DiesMidPack,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    Git,
    Http,
}

pub struct BadServer {
    pub port: u16,
    protocol: Protocol,
    stop: Arc<AtomicBool>,
    /// Connections kept open (a stalled one must not close by itself).
    held: Arc<Mutex<Vec<TcpStream>>>,
}

fn pkt(s: &str) -> Vec<u8> {
    let mut v = format!("{:04x}", s.len() + 4).into_bytes();
    v.extend_from_slice(s.as_bytes());
    v
}

/// A sideband packet on `channel`.
fn band(channel: u8, data: &[u8]) -> Vec<u8> {
    let mut v = format!("{:04x}", data.len() + 5).into_bytes();
    v.push(channel);
    v.extend_from_slice(data);
    v
}

fn first_refs() -> Vec<u8> {
    let mut v = pkt(&format!(
        "{SHA} HEAD\0side-band-64k shallow symref=HEAD:refs/heads/main\n"
    ));
    v.extend(pkt(&format!("{SHA} refs/heads/main\n")));
    v
}

/// Read what the client sends until `needle` has arrived.
fn read_until(c: &mut TcpStream, seen: &mut Vec<u8>, needle: &[u8]) -> bool {
    let mut buf = [0u8; 4096];
    while !seen.windows(needle.len()).any(|w| w == needle) {
        match c.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    true
}

impl BadServer {
    pub fn start(protocol: Protocol, behaviour: Misbehaviour) -> BadServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let held = Arc::new(Mutex::new(Vec::new()));
        let (s, h) = (stop.clone(), held.clone());
        std::thread::spawn(move || {
            while !s.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((c, _)) => {
                        c.set_nonblocking(false).unwrap();
                        h.lock().unwrap().push(c.try_clone().unwrap());
                        let (b, s) = (behaviour.clone(), s.clone());
                        std::thread::spawn(move || serve(c, protocol, &b, &s));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        BadServer {
            port,
            protocol,
            stop,
            held,
        }
    }

    /// The `--mirror` template that sends every repository here.
    pub fn mirror(&self) -> String {
        match self.protocol {
            Protocol::Git => format!("git://127.0.0.1:{}/{{owner}}/{{name}}.git", self.port),
            Protocol::Http => format!("http://127.0.0.1:{}/{{owner}}/{{name}}.git", self.port),
        }
    }

    /// The host as error messages name it.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
}

impl Drop for BadServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        for c in self.held.lock().unwrap().drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
    }
}

fn serve(mut c: TcpStream, protocol: Protocol, behaviour: &Misbehaviour, stop: &AtomicBool) {
    let mut seen = Vec::new();
    // git:// sends one request packet; HTTP a header ending in a blank line.
    let request_end: &[u8] = match protocol {
        Protocol::Git => b"\0",
        Protocol::Http => b"\r\n\r\n",
    };
    if !read_until(&mut c, &mut seen, request_end) {
        return;
    }
    if let Misbehaviour::Stall = behaviour {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(50));
        }
        return;
    }
    // HTTP: the advertisement's header, then the body in chunks.
    if protocol == Protocol::Http {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: application/x-git-upload-pack-advertisement\r\nTransfer-Encoding: chunked\r\nCache-Control: no-cache\r\n\r\n";
        let mut body = pkt("# service=git-upload-pack\n");
        body.extend_from_slice(b"0000");
        if c.write_all(head.as_bytes()).is_err() || !send_via(&c, protocol, &body) {
            return;
        }
    }
    let send = |data: &[u8]| -> bool { send_via(&c, protocol, data) };
    match behaviour {
        Misbehaviour::Stall => {}
        Misbehaviour::Err(msg) => {
            send(&pkt(&format!("ERR {msg}\n")));
            // The response ends, as a real server's does (git reads an
            // HTTP body whole before it looks at it).
            if protocol == Protocol::Http {
                let _ = (&c).write_all(b"0\r\n\r\n");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        Misbehaviour::EndlessRefs => {
            if !send(&first_refs()) {
                return;
            }
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let batch: Vec<u8> = (0..1000)
                    .flat_map(|j| pkt(&format!("{SHA} refs/tags/t{i}-{j}\n")))
                    .collect();
                if !send(&batch) {
                    return;
                }
                i += 1;
            }
        }
        Misbehaviour::EndlessProgress | Misbehaviour::PackOf(_) | Misbehaviour::DiesMidPack => {
            let mut refs = first_refs();
            refs.extend_from_slice(b"0000");
            if !send(&refs) {
                return;
            }
            let mut c = c_clone(&c);
            // The wants end in a flush; a shallow client then waits for
            // the (empty) list of shallow commits, and sends "done".
            if !read_until(&mut c, &mut seen, b"0000") {
                return;
            }
            if !send(b"0000") || !read_until(&mut c, &mut seen, b"done") {
                return;
            }
            if !send(&pkt("NAK\n")) {
                return;
            }
            if let Misbehaviour::DiesMidPack = behaviour {
                let mut header = b"PACK\0\0\0\x02".to_vec();
                header.extend_from_slice(&3u32.to_be_bytes());
                send(&band(1, &header));
                send(&band(2, b"Enumerating objects: 3, done.\n"));
                send(&band(
                    2,
                    b"error: inflate: data stream error (incorrect header check)\nfatal: loose object 0123abcd is corrupt\n",
                ));
                send(&band(
                    3,
                    b"aborting due to possible repository corruption on the remote side.",
                ));
                let _ = c.shutdown(std::net::Shutdown::Both);
                return;
            }
            if let Misbehaviour::PackOf(n) = behaviour {
                let mut header = b"PACK\0\0\0\x02".to_vec();
                header.extend_from_slice(&n.to_be_bytes());
                send(&band(1, &header));
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                return;
            }
            let mut i = 0u64;
            while !stop.load(Ordering::Relaxed) {
                let line = format!("Counting objects: {i}\r");
                if !send(&band(2, line.as_bytes())) {
                    return;
                }
                i += 1;
            }
        }
    }
}

fn c_clone(c: &TcpStream) -> TcpStream {
    c.try_clone().unwrap()
}

fn send_via(c: &TcpStream, protocol: Protocol, data: &[u8]) -> bool {
    let mut c = c_clone(c);
    match protocol {
        Protocol::Git => c.write_all(data).is_ok(),
        Protocol::Http => {
            let mut chunk = format!("{:x}\r\n", data.len()).into_bytes();
            chunk.extend_from_slice(data);
            chunk.extend_from_slice(b"\r\n");
            c.write_all(&chunk).is_ok()
        }
    }
}

/// A loopback port whose accept queue is full, so that a new connection
/// is never accepted: connecting hangs as it does to a host that drops
/// packets. Holds the queue's connections until dropped.
pub struct BlackHole {
    pub port: u16,
    _listener: TcpListener,
    _queue: Vec<TcpStream>,
}

impl BlackHole {
    /// `None` when the queue could not be filled (the kernel accepted
    /// every connection within the tries).
    pub fn start() -> Option<BlackHole> {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let mut queue = Vec::new();
        for _ in 0..5000 {
            match TcpStream::connect_timeout(
                &([127, 0, 0, 1], port).into(),
                Duration::from_millis(300),
            ) {
                Ok(c) => queue.push(c),
                Err(_) => {
                    return Some(BlackHole {
                        port,
                        _listener: listener,
                        _queue: queue,
                    });
                }
            }
        }
        None
    }

    pub fn mirror(&self) -> String {
        format!("git://127.0.0.1:{}/{{owner}}/{{name}}.git", self.port)
    }
}
