//! wptserve's file and directory handlers: files of the WPT tree with a
//! Content-Type by extension, `__dir__.headers` and `<file>.headers`
//! (`.sub.headers`: substituted) sidecars, `.sub.` templates and `?pipe=`.

use std::path::Path;

use super::http::{latin1_bytes, Headers, Request, Response};
use super::{pipes, State};
use crate::substitute::{substitute, Escape};

/// wptserve's `content_types` (constants.py), by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    match ext {
        "json" => "application/json",
        "wasm" => "application/wasm",
        "xht" | "xhtm" | "xhtml" => "application/xhtml+xml",
        "xml" => "application/xml",
        "xpi" => "application/x-xpinstall",
        "m4a" => "audio/mp4",
        "mp3" => "audio/mpeg",
        "oga" => "audio/ogg",
        "weba" => "audio/webm",
        "wav" => "audio/x-wav",
        "avif" => "image/avif",
        "bmp" => "image/bmp",
        "gif" => "image/gif",
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "svg" => "image/svg+xml",
        "manifest" => "text/cache-manifest",
        "css" => "text/css",
        "event_stream" => "text/event-stream",
        "htm" | "html" => "text/html",
        "js" | "mjs" => "text/javascript",
        "txt" | "md" => "text/plain",
        "vtt" => "text/vtt",
        "mp4" | "m4v" => "video/mp4",
        "ogg" | "ogv" => "video/ogg",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

/// `name: value` lines of `<path>.sub.headers` (substituted) or
/// `<path>.headers`.
fn load_headers(state: &State, request: &Request, path: &Path) -> Vec<(Vec<u8>, Vec<u8>)> {
    let with = |suffix: &str| {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        std::path::PathBuf::from(p)
    };
    let text = match std::fs::read(with(".sub.headers")) {
        Ok(data) => substitute(
            &String::from_utf8_lossy(&data),
            &state.hosts,
            &request.template_info(),
            Escape::None,
        )
        .into_bytes(),
        Err(_) => match std::fs::read(with(".headers")) {
            Ok(data) => data,
            Err(_) => return Vec::new(),
        },
    };
    text.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l))
        .filter(|l| !l.is_empty())
        .map(|line| match line.iter().position(|&b| b == b':') {
            Some(i) => (
                line[..i].trim_ascii().to_vec(),
                line[i + 1..].trim_ascii().to_vec(),
            ),
            None => (line.trim_ascii().to_vec(), Vec::new()),
        })
        .collect()
}

/// The last `pipe` query parameter, as parse_qs gives it.
pub fn pipe_param(request: &Request) -> Option<String> {
    request
        .get
        .0
        .iter()
        .rev()
        .find(|(k, _)| k == b"pipe")
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
}

/// Serves the file `rel` (relative to the root) or directory listing.
pub fn serve(state: &State, request: &Request, rel: &str) -> Response {
    let path = state.root.join(rel);
    if path.is_dir() {
        return directory(request, &path);
    }
    let data = match std::fs::read(&path) {
        Ok(d) => d,
        Err(_) => return Response::error(404, ""),
    };
    let dir_headers = path
        .parent()
        .map(|d| load_headers(state, request, &d.join("__dir__")))
        .unwrap_or_default();
    let mut headers = Headers(dir_headers);
    headers.0.extend(load_headers(state, request, &path));
    if !headers.contains("content-type") {
        headers.0.insert(
            0,
            (
                b"Content-Type".to_vec(),
                content_type(&path).as_bytes().to_vec(),
            ),
        );
    }
    let response = Response::new(200, headers, data);
    if let Some(pipe) = pipe_param(request) {
        pipes::apply(&pipe, request, &state.hosts, response)
    } else if rel.contains(".sub.") {
        let markup = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("html" | "htm" | "xht" | "xhtml" | "xml" | "svg")
        );
        pipes::apply(
            if markup { "sub(html)" } else { "sub(none)" },
            request,
            &state.hosts,
            response,
        )
    } else {
        response
    }
}

/// wptserve's DirectoryHandler: a redirect to the `/` form, then a listing.
fn directory(request: &Request, path: &Path) -> Response {
    if !request.path.ends_with('/') {
        let mut headers = Headers::default();
        let mut location = request.url.clone();
        location.set_path(&format!("{}/", request.path));
        headers.set("Location", latin1_bytes(location.as_str()));
        return Response::new(301, headers, "");
    }
    let mut names: Vec<(String, bool)> = std::fs::read_dir(path)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| {
                    let dir = e.path().is_dir();
                    (e.file_name().to_string_lossy().into_owned(), dir)
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut items = Vec::new();
    if request.path != "/" {
        items.push("<li class=\"dir\"><a href=\"..\">..</a></li>".to_string());
    }
    for (name, dir) in names {
        let link: String = url::form_urlencoded::byte_serialize(name.as_bytes())
            .collect::<String>()
            .replace('+', "%20");
        let (link, class) = if dir {
            (format!("{link}/"), "dir")
        } else {
            (link, "file")
        };
        items.push(format!(
            "<li class=\"{class}\"><a href=\"{}\">{}</a></li>",
            esc(&link),
            esc(&name)
        ));
    }
    let p = esc(&request.path);
    let body = format!(
        "<!doctype html>\n<meta name=\"viewport\" content=\"width=device-width\">\n\
         <title>Directory listing for {p}</title>\n<h1>Directory listing for {p}</h1>\n\
         <ul>\n{}\n</ul>\n",
        items.join("\n")
    );
    let mut headers = Headers::default();
    headers.set("Content-Type", "text/html");
    Response::new(200, headers, body)
}
