//! The network under every fetch, with limits a server cannot get around.
//!
//! libgit2 reads from its sockets without a deadline, reads a ref
//! advertisement for as long as the server sends one, and calls nothing
//! back before the first byte of the pack: a server that accepts and never
//! answers, or one that never ends its list of refs, held a clone (and its
//! memory) for good, with cancel and Ctrl-C ignored. So libgit2's plain
//! socket stream is replaced (`git_stream_register`, for `git://`, `http://`
//! and the TCP under `https://`'s TLS) by one that:
//!
//! - connects with a deadline, off the fetching thread, so that a cancel
//!   is honoured while the name resolves or the SYN goes unanswered;
//! - reads and writes in short slices, checking the fetch's cancel flag
//!   between them and giving up when nothing moved for the idle timeout;
//! - counts what arrives and stops at [`NetLimits`]: bytes before the pack
//!   (the ref advertisement, negotiation and the server's progress
//!   messages), bytes overall, objects announced, progress text.
//!
//! The limits of a fetch live in a [`Session`] on the fetching thread:
//! libgit2 opens its connections on the thread that calls it, so the
//! stream finds them there. What stopped a fetch is recorded in the
//! session, so the error says so whatever text libgit2 puts around it.
//!
//! This is the project's only `unsafe` code: the FFI of one C struct of
//! function pointers, kept to this file.

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char, c_int, c_uint, c_void};
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Once, mpsc};
use std::time::{Duration, Instant};

/// How long one blocking step lasts at most: the latency of a cancel.
const SLICE: Duration = Duration::from_millis(100);

/// The environment variable that sets both timeouts, in seconds.
pub const TIMEOUT_ENV: &str = "CODESTUDY_NET_TIMEOUT_SECS";

/// What a fetch accepts from a server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetLimits {
    /// To resolve the host and open the connection.
    pub connect_timeout: Duration,
    /// Without a byte moving either way, once connected. Servers send
    /// progress or keep-alives every few seconds while they prepare a pack
    /// (`git upload-pack` every 5 s), so a minute of silence is a stall.
    pub idle_timeout: Duration,
    /// Bytes received before the pack starts: the ref advertisement, the
    /// negotiation and the server's progress while it prepares. The
    /// largest real advertisements (every pull request of a big GitHub
    /// project) are a few tens of MB at most.
    pub max_before_pack: u64,
    /// Bytes received in all.
    pub max_total: u64,
    /// Objects a pack may announce.
    pub max_objects: u64,
    /// Bytes of the server's progress messages in all.
    pub max_progress: u64,
}

impl Default for NetLimits {
    fn default() -> NetLimits {
        NetLimits {
            connect_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_before_pack: 64 << 20,
            max_total: 16 << 30,
            max_objects: 50_000_000,
            max_progress: 8 << 20,
        }
    }
}

impl NetLimits {
    /// The defaults, with both timeouts set by [`TIMEOUT_ENV`] when it is
    /// set: a whole number of seconds, at least 1.
    pub fn from_env() -> Result<NetLimits, String> {
        let mut limits = NetLimits::default();
        if let Some(value) = std::env::var_os(TIMEOUT_ENV) {
            let text = value.to_string_lossy();
            let secs: u64 = text
                .trim()
                .parse()
                .ok()
                .filter(|s| *s > 0)
                .ok_or_else(|| {
                    format!(
                        "{TIMEOUT_ENV}={text:?} is not a number of seconds; give a whole number of at least 1, or unset it (defaults: 30 s to connect, 60 s without data)"
                    )
                })?;
            limits.connect_timeout = Duration::from_secs(secs);
            limits.idle_timeout = Duration::from_secs(secs);
        }
        Ok(limits)
    }
}

/// Why the network stopped a fetch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetFailure {
    Cancelled,
    /// No connection within the connect timeout.
    ConnectTimeout {
        host: String,
        secs: u64,
    },
    /// Connected, then nothing moved for the idle timeout.
    Stalled {
        host: String,
        secs: u64,
    },
    /// The server sent more than a limit allows; `what` says what.
    TooMuch {
        host: String,
        what: String,
    },
}

impl NetFailure {
    fn message(&self) -> String {
        match self {
            NetFailure::Cancelled => "the fetch was cancelled".into(),
            NetFailure::ConnectTimeout { host, secs } => {
                format!("failed to connect to {host}: no connection within {secs} s")
            }
            NetFailure::Stalled { host, secs } => {
                format!("{host} sent nothing for {secs} s")
            }
            NetFailure::TooMuch { host, what } => format!("{host} sent {what}"),
        }
    }
}

/// One fetch's limits, cancel flag and counts, shared by its connections.
#[derive(Debug)]
pub struct Shared {
    limits: NetLimits,
    /// The host as the URL names it, for messages (the stream only sees
    /// the host of each connection, which a redirect may change).
    host: String,
    cancel: AtomicBool,
    pack_started: AtomicBool,
    received: AtomicU64,
    progress: AtomicU64,
    failure: Mutex<Option<NetFailure>>,
}

impl Shared {
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Record why the fetch stops (the first reason wins) and return it.
    pub fn fail(&self, failure: NetFailure) -> NetFailure {
        if let Ok(mut f) = self.failure.lock() {
            return f.get_or_insert(failure).clone();
        }
        failure
    }

    pub fn failure(&self) -> Option<NetFailure> {
        self.failure.lock().ok().and_then(|f| f.clone())
    }

    pub fn limits(&self) -> &NetLimits {
        &self.limits
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    /// The pack has started (its header announced `objects` objects):
    /// from here on the bytes before the pack are no longer counted.
    pub fn pack_started(&self, objects: u64) -> Result<(), NetFailure> {
        self.pack_started.store(true, Ordering::Relaxed);
        if objects > self.limits.max_objects {
            return Err(self.fail(NetFailure::TooMuch {
                host: self.host.clone(),
                what: format!(
                    "a pack of {objects} objects, more than the {} accepted",
                    self.limits.max_objects
                ),
            }));
        }
        Ok(())
    }

    /// `n` more bytes of the server's progress messages.
    pub fn progress_text(&self, n: usize) -> Result<(), NetFailure> {
        let total = self.progress.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if total > self.limits.max_progress {
            return Err(self.fail(NetFailure::TooMuch {
                host: self.host.clone(),
                what: format!(
                    "more than {} of progress messages",
                    mib(self.limits.max_progress)
                ),
            }));
        }
        Ok(())
    }

    fn received(&self, n: usize) -> Result<(), NetFailure> {
        let total = self.received.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        let what =
            if !self.pack_started.load(Ordering::Relaxed) && total > self.limits.max_before_pack {
                format!(
                    "more than {} before starting the pack (a list of refs that never ends?)",
                    mib(self.limits.max_before_pack)
                )
            } else if total > self.limits.max_total {
                format!("more than {} in all", mib(self.limits.max_total))
            } else {
                return Ok(());
            };
        Err(self.fail(NetFailure::TooMuch {
            host: self.host.clone(),
            what,
        }))
    }
}

pub(super) fn mib(bytes: u64) -> String {
    if bytes >= 1 << 30 && bytes.is_multiple_of(1 << 30) {
        format!("{} GiB", bytes >> 30)
    } else if bytes >= 1 << 20 {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{bytes} bytes")
    }
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<Shared>>> = const { RefCell::new(None) };
}

/// The limits of the fetch running on this thread, for as long as this
/// value lives.
pub struct Session {
    shared: Arc<Shared>,
    previous: Option<Arc<Shared>>,
}

impl Session {
    /// Start a fetch from `host` on this thread. Fails only when libgit2
    /// refuses the stream (then nothing would be bounded).
    pub fn enter(limits: NetLimits, host: &str) -> Result<Session, String> {
        install()?;
        let shared = Arc::new(Shared {
            limits,
            host: host.to_string(),
            cancel: AtomicBool::new(false),
            pack_started: AtomicBool::new(false),
            received: AtomicU64::new(0),
            progress: AtomicU64::new(0),
            failure: Mutex::new(None),
        });
        let previous = CURRENT.with(|c| c.replace(Some(shared.clone())));
        Ok(Session { shared, previous })
    }

    pub fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let previous = self.previous.take();
        CURRENT.with(|c| *c.borrow_mut() = previous);
    }
}

/// The limits of a connection opened outside any session: the defaults,
/// never cancelled.
fn current() -> Arc<Shared> {
    CURRENT.with(|c| c.borrow().clone()).unwrap_or_else(|| {
        Arc::new(Shared {
            limits: NetLimits::default(),
            host: String::new(),
            cancel: AtomicBool::new(false),
            pack_started: AtomicBool::new(false),
            received: AtomicU64::new(0),
            progress: AtomicU64::new(0),
            failure: Mutex::new(None),
        })
    })
}

/// An error of the stream: what libgit2 is told, and whether it is one the
/// session records.
enum StreamError {
    Net(NetFailure),
    Other(String),
}

impl From<NetFailure> for StreamError {
    fn from(f: NetFailure) -> StreamError {
        StreamError::Net(f)
    }
}

/// One connection.
struct Conn {
    host: String,
    port: u16,
    tcp: Option<TcpStream>,
    shared: Arc<Shared>,
}

impl Conn {
    /// The host as messages name it: the URL's, else this connection's.
    fn host(&self) -> String {
        if self.shared.host.is_empty() {
            format!("{}:{}", self.host, self.port)
        } else {
            self.shared.host.clone()
        }
    }

    fn check_cancel(&self) -> Result<(), StreamError> {
        if self.shared.cancelled() {
            return Err(self.shared.fail(NetFailure::Cancelled).into());
        }
        Ok(())
    }

    fn connect(&mut self) -> Result<(), StreamError> {
        self.check_cancel()?;
        let timeout = self.shared.limits.connect_timeout;
        let (tx, rx) = mpsc::channel();
        let (host, port) = (self.host.clone(), self.port);
        // Name resolution and connect(2) block without a way to stop
        // them: they run on a thread of their own, abandoned on cancel
        // (it ends by itself at the deadline).
        std::thread::Builder::new()
            .name("connect".into())
            .spawn(move || {
                let _ = tx.send(resolve_and_connect(&host, port, timeout));
            })
            .map_err(|e| StreamError::Other(format!("could not start a thread: {e}")))?;
        let deadline = Instant::now() + timeout;
        let timed_out = || {
            StreamError::from(self.shared.fail(NetFailure::ConnectTimeout {
                host: self.host(),
                secs: timeout.as_secs(),
            }))
        };
        let tcp = loop {
            match rx.recv_timeout(SLICE) {
                Ok(Ok(tcp)) => break tcp,
                Ok(Err(ConnectError::TimedOut)) => return Err(timed_out()),
                Ok(Err(ConnectError::Other(msg))) => return Err(StreamError::Other(msg)),
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    self.check_cancel()?;
                    // The thread has the same deadline; a little slack
                    // lets it report what it saw.
                    if Instant::now() > deadline + SLICE * 5 {
                        return Err(timed_out());
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    return Err(StreamError::Other(format!(
                        "failed to connect to {}: the connecting thread ended",
                        self.host
                    )));
                }
            }
        };
        let slices = tcp
            .set_read_timeout(Some(SLICE))
            .and_then(|()| tcp.set_write_timeout(Some(SLICE)));
        if let Err(e) = slices {
            return Err(StreamError::Other(format!(
                "could not set up the socket to {}: {e}",
                self.host
            )));
        }
        self.tcp = Some(tcp);
        Ok(())
    }

    fn stalled(&self) -> StreamError {
        self.shared
            .fail(NetFailure::Stalled {
                host: self.host(),
                secs: self.shared.limits.idle_timeout.as_secs(),
            })
            .into()
    }

    fn read(&mut self, buf: &mut [u8]) -> Result<usize, StreamError> {
        let deadline = Instant::now() + self.shared.limits.idle_timeout;
        loop {
            self.check_cancel()?;
            let Some(tcp) = self.tcp.as_mut() else {
                return Err(StreamError::Other("read from a closed socket".into()));
            };
            match tcp.read(buf) {
                Ok(n) => {
                    self.shared.received(n)?;
                    return Ok(n);
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if Instant::now() >= deadline {
                        return Err(self.stalled());
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(StreamError::Other(format!(
                        "error receiving data from socket: {e}"
                    )));
                }
            }
        }
    }

    fn write(&mut self, data: &[u8]) -> Result<usize, StreamError> {
        let deadline = Instant::now() + self.shared.limits.idle_timeout;
        loop {
            self.check_cancel()?;
            let Some(tcp) = self.tcp.as_mut() else {
                return Err(StreamError::Other("write to a closed socket".into()));
            };
            match tcp.write(data) {
                Ok(n) => return Ok(n),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    if Instant::now() >= deadline {
                        return Err(self.stalled());
                    }
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => {
                    return Err(StreamError::Other(format!(
                        "error sending data to socket: {e}"
                    )));
                }
            }
        }
    }

    fn close(&mut self) {
        if let Some(tcp) = self.tcp.take() {
            let _ = tcp.shutdown(Shutdown::Both);
        }
    }
}

enum ConnectError {
    TimedOut,
    Other(String),
}

/// Resolve `host` and connect to its addresses in turn, all within
/// `timeout`. The texts are libgit2's, which the error classification
/// reads.
fn resolve_and_connect(
    host: &str,
    port: u16,
    timeout: Duration,
) -> Result<TcpStream, ConnectError> {
    let deadline = Instant::now() + timeout;
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| ConnectError::Other(format!("failed to resolve address for {host}: {e}")))?
        .collect();
    let mut last = None;
    for addr in addrs {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ConnectError::TimedOut);
        }
        match TcpStream::connect_timeout(&addr, left) {
            Ok(tcp) => return Ok(tcp),
            Err(e) if e.kind() == ErrorKind::TimedOut => return Err(ConnectError::TimedOut),
            Err(e) => last = Some(e),
        }
    }
    Err(ConnectError::Other(match last {
        Some(e) => format!("failed to connect to {host}: {e}"),
        None => format!("failed to resolve address for {host}: no address"),
    }))
}

// ---- The C side: libgit2's `git_stream` (include/git2/sys/stream.h). ----

const GIT_STREAM_VERSION: c_int = 1;
const GIT_STREAM_STANDARD: c_int = 1;

/// `git_stream`: version, two one-bit flags in an `unsigned int`, two
/// timeouts (unused: this stream has its own), then the functions.
#[repr(C)]
struct RawStream {
    version: c_int,
    flags: c_uint,
    timeout: c_int,
    connect_timeout: c_int,
    connect: Option<unsafe extern "C" fn(*mut RawStream) -> c_int>,
    certificate: Option<unsafe extern "C" fn(*mut *mut c_void, *mut RawStream) -> c_int>,
    set_proxy: Option<unsafe extern "C" fn(*mut RawStream, *const c_void) -> c_int>,
    read: Option<unsafe extern "C" fn(*mut RawStream, *mut c_void, usize) -> isize>,
    write: Option<unsafe extern "C" fn(*mut RawStream, *const c_char, usize, c_int) -> isize>,
    close: Option<unsafe extern "C" fn(*mut RawStream) -> c_int>,
    free: Option<unsafe extern "C" fn(*mut RawStream)>,
}

/// The stream libgit2 holds: `git_stream` first, as libgit2 requires.
#[repr(C)]
struct Stream {
    raw: RawStream,
    conn: Conn,
}

#[repr(C)]
struct Registration {
    version: c_int,
    init: Option<unsafe extern "C" fn(*mut *mut RawStream, *const c_char, *const c_char) -> c_int>,
    wrap: Option<unsafe extern "C" fn(*mut *mut RawStream, *mut RawStream, *const c_char) -> c_int>,
}

unsafe extern "C" {
    fn git_stream_register(kind: c_int, registration: *mut Registration) -> c_int;
}

/// Tell libgit2 what went wrong; it returns the message as the error's.
fn set_error(message: &str) {
    let text = CString::new(message.replace('\0', " "))
        .unwrap_or_else(|_| CString::from(c"network error"));
    // SAFETY: a valid NUL-terminated string; libgit2 copies it.
    unsafe {
        libgit2_sys::git_error_set_str(libgit2_sys::GIT_ERROR_NET as c_int, text.as_ptr());
    }
}

fn report(e: StreamError) {
    match e {
        StreamError::Net(f) => set_error(&f.message()),
        StreamError::Other(m) => set_error(&m),
    }
}

/// Run `f` on the connection behind `raw`, catching panics (none may
/// cross into C).
///
/// # Safety
/// `raw` must be a stream made by [`stream_init`] and not yet freed.
unsafe fn with_conn<T>(raw: *mut RawStream, failed: T, f: impl FnOnce(&mut Conn) -> T) -> T {
    if raw.is_null() {
        return failed;
    }
    // SAFETY: `raw` is the first field of a `Stream` made by stream_init
    // (repr(C)), which libgit2 uses from one thread at a time.
    let stream = unsafe { &mut *raw.cast::<Stream>() };
    catch_unwind(AssertUnwindSafe(|| f(&mut stream.conn))).unwrap_or(failed)
}

unsafe extern "C" fn stream_init(
    out: *mut *mut RawStream,
    host: *const c_char,
    port: *const c_char,
) -> c_int {
    let made = catch_unwind(|| {
        if out.is_null() || host.is_null() || port.is_null() {
            return Err("no host or port".to_string());
        }
        // SAFETY: libgit2 passes NUL-terminated strings.
        let (host, port) = unsafe { (CStr::from_ptr(host), CStr::from_ptr(port)) };
        let host = host.to_string_lossy().into_owned();
        let port_text = port.to_string_lossy();
        let port: u16 = port_text
            .parse()
            .map_err(|_| format!("invalid port {port_text:?} for {host}"))?;
        Ok(Box::new(Stream {
            raw: RawStream {
                version: GIT_STREAM_VERSION,
                flags: 0,
                timeout: 0,
                connect_timeout: 0,
                connect: Some(stream_connect),
                certificate: None,
                set_proxy: None,
                read: Some(stream_read),
                write: Some(stream_write),
                close: Some(stream_close),
                free: Some(stream_free),
            },
            conn: Conn {
                host,
                port,
                tcp: None,
                shared: current(),
            },
        }))
    });
    match made {
        Ok(Ok(stream)) => {
            // SAFETY: `out` is non-null (checked above); libgit2 frees the
            // stream through `free`.
            unsafe { *out = Box::into_raw(stream).cast::<RawStream>() };
            0
        }
        Ok(Err(msg)) => {
            set_error(&msg);
            -1
        }
        Err(_) => {
            set_error("internal error while opening a connection");
            -1
        }
    }
}

unsafe extern "C" fn stream_connect(raw: *mut RawStream) -> c_int {
    // SAFETY: libgit2 passes the stream it got from stream_init.
    unsafe {
        with_conn(raw, -1, |c| match c.connect() {
            Ok(()) => 0,
            Err(e) => {
                report(e);
                -1
            }
        })
    }
}

unsafe extern "C" fn stream_read(raw: *mut RawStream, data: *mut c_void, len: usize) -> isize {
    if data.is_null() {
        return -1;
    }
    let len = len.min(isize::MAX as usize);
    // SAFETY: libgit2 passes its own buffer of `len` bytes.
    let buf = unsafe { std::slice::from_raw_parts_mut(data.cast::<u8>(), len) };
    // SAFETY: as in stream_connect.
    unsafe {
        with_conn(raw, -1, |c| match c.read(buf) {
            Ok(n) => n as isize,
            Err(e) => {
                report(e);
                -1
            }
        })
    }
}

unsafe extern "C" fn stream_write(
    raw: *mut RawStream,
    data: *const c_char,
    len: usize,
    _flags: c_int,
) -> isize {
    if data.is_null() {
        return -1;
    }
    let len = len.min(isize::MAX as usize);
    // SAFETY: libgit2 passes `len` bytes of its own.
    let buf = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
    // SAFETY: as in stream_connect.
    unsafe {
        with_conn(raw, -1, |c| match c.write(buf) {
            Ok(n) => n as isize,
            Err(e) => {
                report(e);
                -1
            }
        })
    }
}

unsafe extern "C" fn stream_close(raw: *mut RawStream) -> c_int {
    // SAFETY: as in stream_connect.
    unsafe {
        with_conn(raw, -1, |c| {
            c.close();
            0
        })
    }
}

unsafe extern "C" fn stream_free(raw: *mut RawStream) {
    if raw.is_null() {
        return;
    }
    // SAFETY: made by Box::into_raw in stream_init; libgit2 frees once.
    let stream = unsafe { Box::from_raw(raw.cast::<Stream>()) };
    let _ = catch_unwind(AssertUnwindSafe(|| drop(stream)));
}

static INSTALL: Once = Once::new();
static INSTALLED: Mutex<Option<Result<(), String>>> = Mutex::new(None);

/// Put this stream under libgit2's network transports, once per process,
/// and cap the objects a pack may announce before libgit2 sizes its index
/// for them.
fn install() -> Result<(), String> {
    INSTALL.call_once(|| {
        libgit2_sys::init();
        let mut registration = Registration {
            version: GIT_STREAM_VERSION,
            init: Some(stream_init),
            wrap: None,
        };
        // SAFETY: libgit2 is initialized; it copies the registration.
        let rc = unsafe { git_stream_register(GIT_STREAM_STANDARD, &mut registration) };
        let result = if rc < 0 {
            Err(format!(
                "libgit2 refused the network stream (error {rc}); cannot fetch safely"
            ))
        } else {
            let max = NetLimits::default().max_objects as usize;
            // SAFETY: the option takes one size_t.
            unsafe {
                libgit2_sys::git_libgit2_opts(
                    libgit2_sys::GIT_OPT_SET_PACK_MAX_OBJECTS as c_int,
                    max,
                );
            }
            Ok(())
        };
        if let Ok(mut slot) = INSTALLED.lock() {
            *slot = Some(result);
        }
    });
    INSTALLED
        .lock()
        .ok()
        .and_then(|s| s.clone())
        .unwrap_or_else(|| Err("the network stream could not be installed".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_struct_matches_libgit2() {
        // version, bitfield word, two timeouts, seven function pointers.
        let p = std::mem::size_of::<usize>();
        assert_eq!(std::mem::size_of::<RawStream>(), 16 + 7 * p);
        assert_eq!(std::mem::offset_of!(RawStream, connect), 16);
    }

    #[test]
    fn limits_count_before_and_after_the_pack() {
        let s = Session::enter(
            NetLimits {
                max_before_pack: 100,
                max_total: 1000,
                ..NetLimits::default()
            },
            "h",
        )
        .unwrap();
        let shared = s.shared().clone();
        assert!(shared.received(100).is_ok());
        assert!(matches!(
            shared.received(1),
            Err(NetFailure::TooMuch { .. })
        ));
        // The first reason is kept.
        shared.fail(NetFailure::Cancelled);
        assert!(matches!(shared.failure(), Some(NetFailure::TooMuch { .. })));
    }

    #[test]
    fn the_pack_lifts_the_limit_before_it() {
        let s = Session::enter(
            NetLimits {
                max_before_pack: 100,
                max_total: 1000,
                ..NetLimits::default()
            },
            "h",
        )
        .unwrap();
        let shared = s.shared().clone();
        shared.pack_started(10).unwrap();
        assert!(shared.received(999).is_ok());
        assert!(shared.received(2).is_err());
    }

    #[test]
    fn sessions_nest_and_end() {
        let outer = Session::enter(NetLimits::default(), "outer").unwrap();
        {
            let _inner = Session::enter(NetLimits::default(), "inner").unwrap();
            assert_eq!(current().host(), "inner");
        }
        assert_eq!(current().host(), "outer");
        drop(outer);
        assert_eq!(current().host(), "");
    }
}
