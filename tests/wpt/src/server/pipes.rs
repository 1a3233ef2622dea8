//! wptserve's `?pipe=` response transformations: `status(code)`,
//! `header(name,value[,append])`, `trickle(d1:100:r2)`, `slice(start[,end])`
//! and `sub([escape])`, chained with `|`.

use std::time::Duration;

use bytes::Bytes;

use super::http::{Request, Response, ResponseBody};
use crate::substitute::{substitute, Escape, Hosts};

/// One pipe function and its arguments.
type Call = (String, Vec<String>);

/// Parses a pipe string the way wptserve's PipeTokenizer does: `name(arg,
/// arg)|name`, with `\n`, `\r`, `\t` and `\x` escapes in arguments.
pub fn parse(pipe: &str) -> Vec<Call> {
    let mut calls: Vec<Call> = Vec::new();
    let mut chars = pipe.chars().peekable();
    loop {
        // A function name.
        let mut name = String::new();
        let mut has_args = false;
        for c in chars.by_ref() {
            match c {
                '(' => {
                    has_args = true;
                    break;
                }
                '|' if !name.is_empty() => break,
                '|' => {}
                c => name.push(c),
            }
        }
        if name.is_empty() {
            return calls;
        }
        let mut args = Vec::new();
        if has_args {
            let mut arg = String::new();
            loop {
                match chars.next() {
                    None => {
                        args.push(arg);
                        calls.push((name, args));
                        return calls;
                    }
                    Some('\\') => match chars.next() {
                        Some('n') => arg.push('\n'),
                        Some('r') => arg.push('\r'),
                        Some('t') => arg.push('\t'),
                        Some(c) => arg.push(c),
                        None => {}
                    },
                    Some(',') => args.push(std::mem::take(&mut arg)),
                    Some(')') => {
                        args.push(arg);
                        break;
                    }
                    Some(c) => arg.push(c),
                }
            }
        }
        calls.push((name, args));
    }
}

/// Applies the pipeline; an unknown pipe or bad argument is a 500, as a
/// Python exception in wptserve is.
pub fn apply(pipe: &str, request: &Request, hosts: &Hosts, mut response: Response) -> Response {
    for (name, args) in parse(pipe) {
        response = match apply_one(&name, &args, request, hosts, response) {
            Ok(r) => r,
            Err(msg) => return Response::error(500, &format!("pipe {name}: {msg}")),
        };
    }
    response
}

fn content(response: &Response) -> Result<Bytes, String> {
    response
        .content()
        .cloned()
        .ok_or_else(|| "the response is already streamed".to_string())
}

fn apply_one(
    name: &str,
    args: &[String],
    request: &Request,
    hosts: &Hosts,
    mut response: Response,
) -> Result<Response, String> {
    let arg = |i: usize| args.get(i).map(|a| a.trim());
    match name {
        "status" => {
            response.status = arg(0)
                .and_then(|a| a.parse().ok())
                .ok_or("expected a status code")?;
            response.reason = None;
        }
        "header" => {
            let (Some(n), Some(v)) = (args.first(), args.get(1)) else {
                return Err("expected a name and a value".into());
            };
            let append = match arg(2).map(str::to_ascii_lowercase).as_deref() {
                None | Some("false") | Some("0") => false,
                Some("true") | Some("1") => true,
                Some(other) => return Err(format!("bad boolean {other}")),
            };
            if append {
                response.headers.append(n.trim(), v.trim());
            } else {
                response.headers.set(n.trim(), v.trim());
            }
        }
        "slice" => {
            let body = content(&response)?;
            let len = body.len() as i64;
            let bound = |a: Option<&str>, default: i64| -> Result<usize, String> {
                let v = match a {
                    None => default,
                    Some(a) if a.eq_ignore_ascii_case("null") => default,
                    Some(a) => a.parse::<i64>().map_err(|e| e.to_string())?,
                };
                // Python slice semantics.
                let v = if v < 0 { (len + v).max(0) } else { v.min(len) };
                Ok(v as usize)
            };
            let start = bound(arg(0), 0)?;
            let end = bound(arg(1), len)?.max(start);
            response.body = ResponseBody::Full(body.slice(start..end));
        }
        "sub" => {
            let escape = match arg(0) {
                Some("none") => Escape::None,
                _ => Escape::Html,
            };
            let body = content(&response)?;
            let text = String::from_utf8_lossy(&body);
            let out = substitute(&text, hosts, &request.template_info(), escape);
            response.body = ResponseBody::Full(out.into_bytes().into());
        }
        "trickle" => {
            let plan = trickle_plan(arg(0).ok_or("expected delays")?)?;
            if plan.is_empty() {
                return Ok(response);
            }
            let body = content(&response)?;
            if !["Cache-Control", "Pragma", "Expires"]
                .iter()
                .any(|h| response.headers.contains(h))
            {
                response
                    .headers
                    .set("Cache-Control", "no-cache, no-store, must-revalidate");
                response.headers.set("Pragma", "no-cache");
                response.headers.set("Expires", "0");
            }
            let (status, reason, headers) = (response.status, response.reason, response.headers);
            let mut r = Response::streamed(status, headers, move |tx| trickle(body, plan, tx));
            r.reason = reason;
            return Ok(r);
        }
        other => return Err(format!("no such pipe ({other})")),
    }
    Ok(response)
}

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Bytes(usize),
    Delay(f64),
    Repeat(usize),
}

/// `d1:100:d2:r2`: delays (seconds), byte counts, and a final repeat of the
/// last N steps; adjacent steps of one kind add up.
fn trickle_plan(spec: &str) -> Result<Vec<Step>, String> {
    let mut plan: Vec<Step> = Vec::new();
    for item in spec.split(':').filter(|s| !s.is_empty()) {
        let step = if let Some(d) = item.strip_prefix('d') {
            Step::Delay(d.parse().map_err(|_| format!("bad delay {item}"))?)
        } else if let Some(r) = item.strip_prefix('r') {
            let n: usize = r.parse().map_err(|_| format!("bad repeat {item}"))?;
            if !n.is_multiple_of(2) {
                return Err(format!("repeat count must be even: {item}"));
            }
            Step::Repeat(n)
        } else {
            Step::Bytes(item.parse().map_err(|_| format!("bad byte count {item}"))?)
        };
        match (plan.last_mut(), &step) {
            (Some(Step::Bytes(a)), Step::Bytes(b)) => *a += b,
            (Some(Step::Delay(a)), Step::Delay(b)) => *a += b,
            (Some(Step::Repeat(a)), Step::Repeat(b)) => *a += b,
            _ => plan.push(step),
        }
    }
    Ok(plan)
}

async fn trickle(body: Bytes, plan: Vec<Step>, tx: tokio::sync::mpsc::Sender<Bytes>) {
    let mut offset = 0usize;
    let send = |n: usize, offset: &mut usize| {
        let end = (*offset + n).min(body.len());
        let chunk = body.slice(*offset..end);
        *offset = end;
        chunk
    };
    let last = plan.len() - 1;
    for (i, step) in plan.iter().enumerate() {
        match step {
            Step::Bytes(n) => {
                let chunk = send(*n, &mut offset);
                if !chunk.is_empty() && tx.send(chunk).await.is_err() {
                    return;
                }
            }
            Step::Delay(s) => tokio::time::sleep(Duration::from_secs_f64(s.max(0.0))).await,
            Step::Repeat(n) if i == last => {
                let repeated = &plan[last.saturating_sub(*n)..last];
                if !repeated
                    .iter()
                    .any(|s| matches!(s, Step::Bytes(b) if *b > 0))
                {
                    break;
                }
                while offset < body.len() {
                    for s in repeated {
                        match s {
                            Step::Bytes(n) => {
                                let chunk = send(*n, &mut offset);
                                if !chunk.is_empty() && tx.send(chunk).await.is_err() {
                                    return;
                                }
                            }
                            Step::Delay(s) => {
                                tokio::time::sleep(Duration::from_secs_f64(s.max(0.0))).await
                            }
                            Step::Repeat(_) => {}
                        }
                    }
                }
                return;
            }
            Step::Repeat(_) => {}
        }
    }
    if offset < body.len() {
        let _ = tx.send(body.slice(offset..)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_wptserve() {
        assert_eq!(
            parse("header(Access-Control-Allow-Origin,*)|status(404)|sub"),
            vec![
                (
                    "header".into(),
                    vec!["Access-Control-Allow-Origin".into(), "*".into()]
                ),
                ("status".into(), vec!["404".into()]),
                ("sub".into(), vec![]),
            ]
        );
        assert_eq!(
            parse("header(a,b\\,c\\n)|"),
            vec![("header".into(), vec!["a".into(), "b,c\n".into()])]
        );
        assert_eq!(parse(""), vec![]);
    }

    #[test]
    fn trickle_plans() {
        assert_eq!(
            trickle_plan("d1:100:d2:r2").unwrap(),
            vec![
                Step::Delay(1.0),
                Step::Bytes(100),
                Step::Delay(2.0),
                Step::Repeat(2)
            ]
        );
        assert_eq!(
            trickle_plan("1:2:d0.5").unwrap(),
            vec![Step::Bytes(3), Step::Delay(0.5)]
        );
        assert!(trickle_plan("r3").is_err());
    }
}
