//! The real binary in a pseudo-terminal: keys typed, the screen read back
//! through a vt100 parser, and every byte the program wrote kept for
//! inspection.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

pub struct PtySession {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    output: Arc<Mutex<Vec<u8>>>,
}

impl PtySession {
    /// Start `codestudy` with these arguments and environment in a
    /// `cols` x `rows` terminal.
    pub fn spawn(args: &[&str], env: &[(&str, &str)], cols: u16, rows: u16) -> PtySession {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_codestudy"));
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        for var in [
            "CODESTUDY_CATALOG",
            "CODESTUDY_CACHE_DIR",
            "CODESTUDY_DATA_DIR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("CODESTUDY_CONFIG", "/dev/null");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(Path::new(env!("CARGO_MANIFEST_DIR")));
        let child = pty.slave.spawn_command(cmd).expect("spawn codestudy");
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let (p, o) = (parser.clone(), output.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                o.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().expect("pty writer");
        PtySession {
            master: pty.master,
            writer,
            child,
            parser,
            output,
        }
    }

    /// Type bytes as a person would (escape sequences for special keys).
    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn screen_text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.parser.lock().unwrap().screen())
    }

    /// Everything the program has written so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// Wait until the screen shows `text`; panic with the screen if it
    /// does not within `timeout` (a generous bound against a hung program,
    /// not a performance assertion).
    pub fn wait_for(&self, text: &str, timeout: Duration) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.screen_text().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "screen never showed {text:?}; it shows:\n{}",
            self.screen_text()
        );
    }

    /// Wait until `pred` holds for the screen.
    pub fn wait_until(&self, what: &str, timeout: Duration, pred: impl Fn(&vt100::Screen) -> bool) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if self.with_screen(&pred) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "screen never satisfied {what}; it shows:\n{}",
            self.screen_text()
        );
    }

    /// Resize the terminal, as a window manager would (SIGWINCH follows).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("child pid")
    }

    /// Wait for the program to exit; its exit code, or 128 + signal.
    pub fn wait_exit(&mut self, timeout: Duration) -> u32 {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread drain what was written last.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("codestudy did not exit; screen:\n{}", self.screen_text());
    }

    /// Whether the terminal is back in cooked mode (line editing and echo).
    pub fn terminal_is_cooked(&self) -> bool {
        use nix::sys::termios::LocalFlags;
        let t = self.master.get_termios().expect("termios");
        t.local_flags.contains(LocalFlags::ICANON) && t.local_flags.contains(LocalFlags::ECHO)
    }

    pub fn signal(&self, name: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{name}"), &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for PtySession {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
