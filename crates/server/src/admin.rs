//! The admin listener, apart from app traffic: `/health` for probes, and
//! behind a bearer token `/metrics`, `/admin/apps` and `/admin/reload`.

use std::convert::Infallible;
use std::rc::Rc;

use anyhow::{Context as _, Result};
use bytes::Bytes;
use http::{header, HeaderValue, Method, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use nanojs_config::{AdminConfig, AppConfig};

use crate::control::Control;
use crate::worker::{json_error, Body};

/// Admin request bodies are small JSON documents.
const MAX_ADMIN_BODY: usize = 1024 * 1024;

pub async fn bind(admin: &AdminConfig) -> Result<tokio::net::TcpListener> {
    let addr = format!("{}:{}", admin.host, admin.port);
    tokio::net::TcpListener::bind(&addr)
        .await
        .with_context(|| format!("admin: cannot listen on {addr}"))
}

pub async fn serve(listener: tokio::net::TcpListener, control: Rc<Control>, token: Option<String>) {
    let token: Rc<Option<String>> = Rc::new(token);
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            // Out of file descriptors and the like: don't spin.
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            continue;
        };
        let control = Rc::clone(&control);
        let token = Rc::clone(&token);
        let service = service_fn(move |req| {
            let control = Rc::clone(&control);
            let token = Rc::clone(&token);
            async move { Ok::<_, Infallible>(route(req, &control, token.as_deref()).await) }
        });
        tokio::task::spawn_local(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service);
            let _ = conn.await;
        });
    }
}

fn json(status: StatusCode, value: serde_json::Value) -> Response<Body> {
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Compares without an early exit, so timing does not reveal a prefix.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn authorized(req: &Request<Incoming>, token: &str) -> bool {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| same(given.trim().as_bytes(), token.as_bytes()))
}

async fn route(req: Request<Incoming>, control: &Control, token: Option<&str>) -> Response<Body> {
    let path = req.uri().path().to_string();
    let method = req.method().clone();
    if path == "/health" && method == Method::GET {
        let registry = control.shared.registry.load();
        return json(
            StatusCode::OK,
            serde_json::json!({ "status": "ok", "apps": registry.apps.len(), "workers": control.workers }),
        );
    }
    let Some(token) = token else {
        return json_error(
            StatusCode::NOT_FOUND,
            "admin API disabled: set admin.token or admin.token_env in the config",
        );
    };
    if !authorized(&req, token) {
        let mut r = json_error(
            StatusCode::UNAUTHORIZED,
            "missing or wrong token: send Authorization: Bearer <token>",
        );
        r.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return r;
    }
    match (method.clone(), path.as_str()) {
        (Method::GET, "/metrics") => {
            let registry = control.shared.registry.load();
            let mut r = Response::new(Full::new(Bytes::from(crate::metrics::render(&registry))));
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
            );
            r
        }
        (Method::GET, "/admin/apps") => json(StatusCode::OK, apps_json(control)),
        (Method::POST, "/admin/apps") => add_app(req, control).await,
        (Method::POST, "/admin/reload") => match control.reload() {
            Ok(n) => json(
                StatusCode::OK,
                serde_json::json!({ "reloaded": true, "apps": n }),
            ),
            Err(e) => json_error(StatusCode::BAD_REQUEST, &e),
        },
        (Method::DELETE, p) if p.starts_with("/admin/apps/") => {
            let name = &p["/admin/apps/".len()..];
            match control.remove_app(name) {
                Ok(()) => json(StatusCode::OK, serde_json::json!({ "removed": name })),
                Err(e) => json_error(StatusCode::NOT_FOUND, &e),
            }
        }
        (_, "/metrics" | "/admin/apps" | "/admin/reload") => json_error(
            StatusCode::METHOD_NOT_ALLOWED,
            &format!("{method} is not allowed on {path}"),
        ),
        _ => json_error(StatusCode::NOT_FOUND, &format!("no admin route {path}")),
    }
}

fn apps_json(control: &Control) -> serde_json::Value {
    let registry = control.shared.registry.load();
    let apps: Vec<serde_json::Value> = registry
        .apps
        .iter()
        .map(|a| {
            let c = &a.config;
            serde_json::json!({
                "name": c.name,
                "hostname": c.hostname,
                "aliases": c.aliases,
                "path": c.path,
                "entry": c.entry,
                "limits": {
                    "timeout_ms": c.limits.timeout_ms,
                    "cpu_ms": c.limits.cpu_ms,
                    "memory_mb": c.limits.memory_mb,
                    "max_body_mb": c.limits.max_body_mb,
                    "max_buffer_size_mb": c.limits.max_buffer_size_mb,
                },
                "env": c.env.keys().collect::<Vec<_>>(),
                "isolates": a.metrics.isolates(),
                "memory_bytes": a.metrics.memory(),
                "requests": a.metrics.requests(),
            })
        })
        .collect();
    serde_json::json!({ "apps": apps })
}

async fn add_app(req: Request<Incoming>, control: &Control) -> Response<Body> {
    let body = match Limited::new(req.into_body(), MAX_ADMIN_BODY)
        .collect()
        .await
    {
        Ok(b) => b.to_bytes(),
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &format!("cannot read body: {e}")),
    };
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &format!("body is not JSON: {e}")),
    };
    let app = match AppConfig::from_json(&value, &control.base_dir(), &control.defaults()) {
        Ok(a) => a,
        Err(e) => return json_error(StatusCode::BAD_REQUEST, &format!("{e}")),
    };
    let name = app.name.clone();
    match control.add_app(app) {
        Ok(()) => json(StatusCode::CREATED, serde_json::json!({ "added": name })),
        Err(e) => json_error(StatusCode::CONFLICT, &e),
    }
}
