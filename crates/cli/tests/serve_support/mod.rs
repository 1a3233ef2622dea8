//! Test support for `nanojs serve`: temp projects, a spawned server whose
//! stderr is collected, and a small HTTP/1.1 client over `TcpStream` that can
//! also send malformed requests.

#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// How long a server may take to print its listening line(s).
pub const STARTUP: Duration = Duration::from_secs(30);
/// Socket read/write timeout of the test client.
pub const IO_TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------- projects

/// A temp folder with app files and configs; removed on drop.
pub struct Project {
    pub dir: PathBuf,
}

static NEXT_PROJECT: AtomicUsize = AtomicUsize::new(0);

impl Project {
    pub fn new(name: &str) -> Project {
        let n = NEXT_PROJECT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("nanojs-serve-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        // Canonical, so it matches what the server prints.
        let dir = std::fs::canonicalize(&dir).unwrap();
        Project { dir }
    }

    /// Writes `rel` (creating folders).
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> &Project {
        let p = self.dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, contents).unwrap();
        self
    }

    /// Writes `nano.json` from a JSON value.
    pub fn config(&self, value: &serde_json::Value) -> &Project {
        self.write("nano.json", serde_json::to_string_pretty(value).unwrap())
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

// ---------------------------------------------------------------- the server

/// How to start `nanojs serve`.
pub struct Serve {
    cwd: PathBuf,
    args: Vec<String>,
    envs: Vec<(String, String)>,
    admin: bool,
    port: u16,
    workers: usize,
}

impl Serve {
    /// `nanojs serve <target>` run from `project.dir` (target relative to it).
    pub fn app(project: &Project, target: &str) -> Serve {
        Serve {
            cwd: project.dir.clone(),
            args: vec![target.to_string()],
            envs: Vec::new(),
            admin: false,
            port: 0,
            workers: 2,
        }
    }

    /// `nanojs serve --config nano.json` run from `project.dir`.
    pub fn config(project: &Project) -> Serve {
        Serve {
            cwd: project.dir.clone(),
            args: vec!["--config".into(), "nano.json".into()],
            envs: Vec::new(),
            admin: false,
            port: 0,
            workers: 2,
        }
    }

    pub fn arg(mut self, arg: &str) -> Serve {
        self.args.push(arg.to_string());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Serve {
        self.envs.push((key.to_string(), value.to_string()));
        self
    }

    /// Listen on `port` instead of an ephemeral one.
    pub fn port(mut self, port: u16) -> Serve {
        self.port = port;
        self
    }

    /// Worker threads (default 2). With one, every connection reaches the
    /// same isolate of an app, so module state is shared between them.
    pub fn workers(mut self, workers: usize) -> Serve {
        self.workers = workers;
        self
    }

    /// Also wait for the `admin listening on` line.
    pub fn admin(mut self) -> Serve {
        self.admin = true;
        self
    }

    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_nanojs"));
        cmd.current_dir(&self.cwd)
            .arg("serve")
            .args(&self.args)
            .args(["--port", &self.port.to_string()])
            .args(["--workers", &self.workers.to_string()])
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (k, v) in &self.envs {
            cmd.env(k, v);
        }
        cmd
    }

    /// Starts the server and waits for its listening line(s).
    pub fn start(self) -> Server {
        let mut child = self.command().spawn().expect("cannot spawn nanojs");
        let log = Log::collect(child.stderr.take().unwrap());
        let mut server = Server {
            child,
            log,
            port: 0,
            admin_port: None,
            exited: None,
        };
        let line = server.wait_listening("nanojs listening on http://");
        server.port = port_of(&line, "nanojs listening on http://");
        if self.admin {
            let line = server.wait_listening("admin listening on http://");
            server.admin_port = Some(port_of(&line, "admin listening on http://"));
        }
        server
    }

    /// Runs a server that is expected to fail at startup: its exit status
    /// and stderr.
    pub fn run_to_exit(self) -> (ExitStatus, String) {
        let mut child = self.command().spawn().expect("cannot spawn nanojs");
        let log = Log::collect(child.stderr.take().unwrap());
        let deadline = Instant::now() + STARTUP;
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                log.wait_closed(Duration::from_secs(5));
                return (status, log.lines().join("\n"));
            }
            let started = log
                .lines()
                .iter()
                .any(|l| l.contains("nanojs listening on"));
            if started || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "nanojs serve {} instead of failing at startup; log:\n{}",
                    if started { "started" } else { "kept running" },
                    log.lines().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The port in `...<prefix>127.0.0.1:PORT...`.
fn port_of(line: &str, prefix: &str) -> u16 {
    let at = line.find(prefix).unwrap() + prefix.len();
    let addr: String = line[at..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit() || matches!(c, '.' | ':' | '[' | ']'))
        .collect();
    let port = addr.rsplit(':').next().unwrap_or("");
    port.parse()
        .unwrap_or_else(|_| panic!("no port in listening line {line:?}"))
}

/// Stderr lines of the server, collected by a background thread.
#[derive(Clone)]
pub struct Log {
    inner: Arc<(Mutex<LogState>, Condvar)>,
}

#[derive(Default)]
struct LogState {
    lines: Vec<String>,
    closed: bool,
}

impl Log {
    fn collect(stderr: impl Read + Send + 'static) -> Log {
        let log = Log {
            inner: Arc::new((Mutex::new(LogState::default()), Condvar::new())),
        };
        let writer = log.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut buf = Vec::new();
            loop {
                buf.clear();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf)
                            .trim_end_matches(['\n', '\r'])
                            .to_string();
                        let (state, cv) = &*writer.inner;
                        state.lock().unwrap().lines.push(line);
                        cv.notify_all();
                    }
                }
            }
            let (state, cv) = &*writer.inner;
            state.lock().unwrap().closed = true;
            cv.notify_all();
        });
        log
    }

    pub fn lines(&self) -> Vec<String> {
        self.inner.0.lock().unwrap().lines.clone()
    }

    fn len(&self) -> usize {
        self.inner.0.lock().unwrap().lines.len()
    }

    /// The first line at or after index `from` containing `needle`.
    fn wait_from(&self, from: usize, needle: &str, timeout: Duration) -> Option<String> {
        let deadline = Instant::now() + timeout;
        let (state, cv) = &*self.inner;
        let mut guard = state.lock().unwrap();
        let mut checked = from;
        loop {
            if let Some(line) = guard
                .lines
                .iter()
                .skip(checked)
                .find(|l| l.contains(needle))
            {
                return Some(line.clone());
            }
            checked = checked.max(guard.lines.len());
            let now = Instant::now();
            if guard.closed || now >= deadline {
                return None;
            }
            guard = cv.wait_timeout(guard, deadline - now).unwrap().0;
        }
    }

    fn wait_closed(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let (state, cv) = &*self.inner;
        let mut guard = state.lock().unwrap();
        while !guard.closed {
            let now = Instant::now();
            if now >= deadline {
                return;
            }
            guard = cv.wait_timeout(guard, deadline - now).unwrap().0;
        }
    }
}

/// A running `nanojs serve`; killed on drop.
pub struct Server {
    child: Child,
    log: Log,
    pub port: u16,
    pub admin_port: Option<u16>,
    exited: Option<ExitStatus>,
}

impl Server {
    fn wait_listening(&mut self, needle: &str) -> String {
        match self.log.wait_from(0, needle, STARTUP) {
            Some(line) => line,
            None => {
                let status = self.child.try_wait().ok().flatten();
                panic!(
                    "nanojs serve did not print {needle:?} within {STARTUP:?} (exit status: {status:?}); log:\n{}",
                    self.log_text()
                );
            }
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// A `kB` field of the server's /proc/<pid>/status (VmRSS, VmHWM, ...).
    pub fn status_kb(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc/<pid>/status"))
    }

    pub fn admin_port(&self) -> u16 {
        self.admin_port.expect("server started without .admin()")
    }

    /// Every stderr line so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lines()
    }

    pub fn log_text(&self) -> String {
        self.log.lines().join("\n")
    }

    /// A position in the log, for `wait_for_log_after`.
    pub fn log_mark(&self) -> usize {
        self.log.len()
    }

    /// Waits for a log line containing `needle`; panics with the log if none
    /// comes within `timeout`.
    pub fn wait_for_log(&self, needle: &str, timeout: Duration) -> String {
        self.wait_for_log_after(0, needle, timeout)
    }

    /// `wait_for_log` among lines from `mark` on.
    pub fn wait_for_log_after(&self, mark: usize, needle: &str, timeout: Duration) -> String {
        self.log
            .wait_from(mark, needle, timeout)
            .unwrap_or_else(|| {
                panic!(
                    "no log line containing {needle:?} within {timeout:?}; log:\n{}",
                    self.log_text()
                )
            })
    }

    /// The log lines that are JSON objects (`--log-format json`).
    pub fn json_events(&self) -> Vec<serde_json::Value> {
        self.log
            .lines()
            .iter()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v.is_object())
            .collect()
    }

    /// Waits for a JSON log event matching `pred`.
    pub fn wait_for_event(
        &self,
        what: &str,
        timeout: Duration,
        pred: impl Fn(&serde_json::Value) -> bool,
    ) -> serde_json::Value {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(e) = self.json_events().into_iter().find(|e| pred(e)) {
                return e;
            }
            if Instant::now() > deadline {
                panic!(
                    "no JSON log event {what} within {timeout:?}; log:\n{}",
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn signal(&self, sig: i32) {
        // SAFETY: kill(2) on our own child's pid.
        let rc = unsafe { libc::kill(self.pid(), sig) };
        assert_eq!(rc, 0, "kill({}, {sig}) failed", self.pid());
    }

    pub fn sigterm(&self) {
        self.signal(libc::SIGTERM);
    }

    pub fn sighup(&self) {
        self.signal(libc::SIGHUP);
    }

    /// Waits for the process to exit; panics with the log on timeout.
    pub fn wait_exit(&mut self, timeout: Duration) -> ExitStatus {
        if let Some(s) = self.exited {
            return s;
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                self.exited = Some(status);
                self.log.wait_closed(Duration::from_secs(5));
                return status;
            }
            if Instant::now() > deadline {
                panic!(
                    "nanojs serve did not exit within {timeout:?}; log:\n{}",
                    self.log_text()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A new connection to the app port.
    pub fn conn(&self) -> Conn {
        Conn::open(self.port)
    }

    /// GET `path` with `Host: host` on a new connection.
    pub fn get(&self, host: &str, path: &str) -> Resp {
        self.try_get(host, path).unwrap_or_else(|e| {
            panic!(
                "GET http://{host}{path} failed: {e}; log:\n{}",
                self.log_text()
            )
        })
    }

    pub fn try_get(&self, host: &str, path: &str) -> io::Result<Resp> {
        let mut c = Conn::try_open(self.port)?;
        c.try_request("GET", host, path, &[], None)
    }

    /// A request to the admin port; `token` adds `Authorization: Bearer`.
    pub fn admin(&self, method: &str, path: &str, token: Option<&str>, body: Option<&str>) -> Resp {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(a) = &auth {
            headers.push(("authorization", a));
        }
        if body.is_some() {
            headers.push(("content-type", "application/json"));
        }
        let mut c = Conn::open(self.admin_port());
        c.request(
            method,
            &format!("127.0.0.1:{}", self.admin_port()),
            path,
            &headers,
            body.map(str::as_bytes),
        )
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.exited.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        if std::thread::panicking() {
            eprintln!(
                "---- nanojs serve log ----\n{}\n---- end of log ----",
                self.log_text()
            );
        }
    }
}

/// Polls `f` every 50 ms until it returns `Some`, up to `timeout`.
pub fn eventually<T>(timeout: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

// ---------------------------------------------------------------- HTTP/1.1 client

/// A parsed response.
#[derive(Clone, Debug)]
pub struct Resp {
    pub status: u16,
    /// Names lower-cased, in the order received (repeated names kept).
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn header_all(&self, name: &str) -> Vec<&str> {
        self.headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {:?}", self.text()))
    }
}

/// Bytes of a request: `Content-Length` is added when there is a body and
/// `headers` set neither it nor `Transfer-Encoding`.
pub fn request_bytes(
    method: &str,
    host: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Vec<u8> {
    let mut out = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    let framed = headers.iter().any(|(k, _)| {
        k.eq_ignore_ascii_case("content-length") || k.eq_ignore_ascii_case("transfer-encoding")
    });
    if let (Some(b), false) = (body, framed) {
        out.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    out.push_str("\r\n");
    let mut bytes = out.into_bytes();
    if let Some(b) = body {
        bytes.extend_from_slice(b);
    }
    bytes
}

/// Chunked encoding of `data` in chunks of `chunk` bytes, with the last chunk.
pub fn chunked(data: &[u8], chunk: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + data.len() / chunk * 10 + 16);
    for part in data.chunks(chunk) {
        out.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        out.extend_from_slice(part);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// One HTTP/1.1 connection; requests on it reuse it (keep-alive).
pub struct Conn {
    pub stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub fn open(port: u16) -> Conn {
        Conn::try_open(port).unwrap_or_else(|e| panic!("cannot connect to 127.0.0.1:{port}: {e}"))
    }

    pub fn try_open(port: u16) -> io::Result<Conn> {
        let stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(IO_TIMEOUT))?;
        stream.set_write_timeout(Some(IO_TIMEOUT))?;
        stream.set_nodelay(true)?;
        Ok(Conn {
            stream,
            buf: Vec::new(),
        })
    }

    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.stream.write_all(bytes)
    }

    /// Sends a request and reads its response; panics on I/O errors.
    pub fn request(
        &mut self,
        method: &str,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Resp {
        self.try_request(method, host, path, headers, body)
            .unwrap_or_else(|e| panic!("{method} http://{host}{path} failed: {e}"))
    }

    pub fn try_request(
        &mut self,
        method: &str,
        host: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> io::Result<Resp> {
        self.send(&request_bytes(method, host, path, headers, body))?;
        self.read_response(method == "HEAD")
    }

    pub fn get(&mut self, host: &str, path: &str) -> Resp {
        self.request("GET", host, path, &[], None)
    }

    /// Half-closes the write side (the server sees EOF).
    pub fn shutdown_write(&self) {
        let _ = self.stream.shutdown(Shutdown::Write);
    }

    fn fill(&mut self) -> io::Result<usize> {
        let mut chunk = [0u8; 16 * 1024];
        let n = self.stream.read(&mut chunk)?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    fn eof() -> io::Error {
        io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "connection closed mid-response",
        )
    }

    /// Reads until `buf` holds a line (CRLF); returns it without CRLF.
    fn line(&mut self) -> io::Result<String> {
        loop {
            if let Some(at) = self.buf.windows(2).position(|w| w == b"\r\n") {
                let line = String::from_utf8_lossy(&self.buf[..at]).into_owned();
                self.buf.drain(..at + 2);
                return Ok(line);
            }
            if self.fill()? == 0 {
                return Err(Conn::eof());
            }
        }
    }

    fn exact(&mut self, n: usize) -> io::Result<Vec<u8>> {
        while self.buf.len() < n {
            if self.fill()? == 0 {
                return Err(Conn::eof());
            }
        }
        Ok(self.buf.drain(..n).collect())
    }

    /// Reads a response's status line and headers (skipping 1xx), leaving
    /// its body unread.
    pub fn read_head(&mut self) -> io::Result<Resp> {
        loop {
            let status_line = self.line()?;
            let mut parts = status_line.splitn(3, ' ');
            let version = parts.next().unwrap_or("");
            let status: Option<u16> = parts.next().and_then(|s| s.parse().ok());
            let status = match status {
                Some(s) if version.starts_with("HTTP/1.") => s,
                _ => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad status line {status_line:?}"),
                    ))
                }
            };
            let mut headers = Vec::new();
            loop {
                let line = self.line()?;
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad header line {line:?}"),
                    )
                })?;
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
            if (100..200).contains(&status) {
                continue;
            }
            return Ok(Resp {
                status,
                headers,
                body: Vec::new(),
            });
        }
    }

    /// Reads a chunked body after `read_head`, handing each piece of data to
    /// `data` as it arrives (nothing is kept). An error (UnexpectedEof) if
    /// the connection ends before the last chunk.
    pub fn read_chunked(&mut self, mut data: impl FnMut(&[u8])) -> io::Result<()> {
        loop {
            let size_line = self.line()?;
            let size = usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16)
                .map_err(|_| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad chunk size {size_line:?}"),
                    )
                })?;
            if size == 0 {
                while !self.line()?.is_empty() {}
                return Ok(());
            }
            let mut left = size;
            while left > 0 {
                if self.buf.is_empty() && self.fill()? == 0 {
                    return Err(Conn::eof());
                }
                let n = left.min(self.buf.len());
                data(&self.buf[..n]);
                self.buf.drain(..n);
                left -= n;
            }
            self.exact(2)?;
        }
    }

    /// Reads one response (skipping 1xx); `head_only` for HEAD requests.
    pub fn read_response(&mut self, head_only: bool) -> io::Result<Resp> {
        loop {
            let status_line = self.line()?;
            let mut parts = status_line.splitn(3, ' ');
            let version = parts.next().unwrap_or("");
            if !version.starts_with("HTTP/1.") {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bad status line {status_line:?}"),
                ));
            }
            let status: u16 = parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("bad status line {status_line:?}"),
                )
            })?;
            let mut headers = Vec::new();
            loop {
                let line = self.line()?;
                if line.is_empty() {
                    break;
                }
                let (name, value) = line.split_once(':').ok_or_else(|| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad header line {line:?}"),
                    )
                })?;
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
            }
            if (100..200).contains(&status) {
                continue;
            }
            let mut resp = Resp {
                status,
                headers,
                body: Vec::new(),
            };
            if head_only || status == 204 || status == 304 {
                return Ok(resp);
            }
            let is_chunked = resp
                .header("transfer-encoding")
                .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
            if is_chunked {
                loop {
                    let size_line = self.line()?;
                    let size =
                        usize::from_str_radix(size_line.split(';').next().unwrap().trim(), 16)
                            .map_err(|_| {
                                io::Error::new(
                                    io::ErrorKind::InvalidData,
                                    format!("bad chunk size {size_line:?}"),
                                )
                            })?;
                    if size == 0 {
                        // Trailers, then the blank line.
                        while !self.line()?.is_empty() {}
                        break;
                    }
                    let data = self.exact(size)?;
                    resp.body.extend_from_slice(&data);
                    self.exact(2)?;
                }
            } else if let Some(len) = resp.header("content-length") {
                let len: usize = len.parse().map_err(|_| {
                    io::Error::new(
                        io::ErrorKind::InvalidData,
                        format!("bad content-length {len:?}"),
                    )
                })?;
                resp.body = self.exact(len)?;
            } else {
                // Read to EOF.
                while self.fill()? > 0 {}
                resp.body = std::mem::take(&mut self.buf);
            }
            return Ok(resp);
        }
    }

    /// Whether the server closed the connection (EOF or reset) within `timeout`.
    pub fn closed_within(&mut self, timeout: Duration) -> bool {
        let _ = self.stream.set_read_timeout(Some(timeout));
        let mut b = [0u8; 1];
        let closed = match self.stream.read(&mut b) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ),
        };
        let _ = self.stream.set_read_timeout(Some(IO_TIMEOUT));
        closed
    }
}
