//! Checks that span apps: each name and host name belongs to one app.

use std::collections::HashMap;

use crate::host::normalize_hostname;
use crate::json::quote;
use crate::validate::{check_default, check_name, join, Ctx};
use crate::AppConfig;

/// Who holds each name and host name while checking uniqueness.
#[derive(Default)]
struct Seen<'a> {
    names: HashMap<String, &'a str>,
    hosts: HashMap<&'a str, (usize, &'a str, &'static str)>,
}

impl<'a> Seen<'a> {
    /// Records `app` (number `id`); reports clashes when `ctx` is given.
    fn claim(&mut self, id: usize, app: &'a AppConfig, prefix: &str, mut ctx: Option<&mut Ctx>) {
        let f = |k: &str| join(prefix, k);
        match self.names.get(&app.name.to_ascii_lowercase()) {
            Some(other) => {
                if let Some(ctx) = ctx.as_deref_mut() {
                    ctx.err(
                        &f("name"),
                        format!(
                            "{} is already used by app {}; expected a unique name (ignoring case)",
                            quote(&app.name),
                            quote(other)
                        ),
                    );
                }
            }
            None => {
                self.names.insert(app.name.to_ascii_lowercase(), &app.name);
            }
        }
        let hosts = std::iter::once((f("hostname"), &app.hostname, "the hostname")).chain(
            app.aliases
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("{}[{i}]", f("aliases")), a, "an alias")),
        );
        for (field, host, role) in hosts {
            match self.hosts.get(host.as_str()) {
                Some(&(other, other_name, other_role)) => {
                    if let Some(ctx) = ctx.as_deref_mut() {
                        let whose = if other == id {
                            "this app".to_string()
                        } else {
                            format!("app {}", quote(other_name))
                        };
                        ctx.err(
                            &field,
                            format!(
                                "{} is already {other_role} of {whose}; expected each host name to route to one app",
                                quote(host)
                            ),
                        );
                    }
                }
                None => {
                    self.hosts.insert(host, (id, &app.name, role));
                }
            }
        }
    }
}

/// Names and host names unique across `apps` (with their `apps[i]`
/// indices); `recheck` also re-validates each value's form, for apps that
/// were built or edited in code.
pub(crate) fn apps_unique(apps: &[(usize, &AppConfig)], recheck: bool, ctx: &mut Ctx) {
    let mut seen = Seen::default();
    for &(i, app) in apps {
        let prefix = format!("apps[{i}]");
        if recheck {
            recheck_app(app, &prefix, ctx);
        }
        seen.claim(i, app, &prefix, Some(ctx));
    }
}

pub(crate) fn apps_together(apps: &[AppConfig], default_app: Option<&str>, ctx: &mut Ctx) {
    let refs: Vec<(usize, &AppConfig)> = apps.iter().enumerate().collect();
    apps_unique(&refs, true, ctx);
    if let Some(d) = default_app {
        let names: Vec<&str> = apps.iter().map(|a| a.name.as_str()).collect();
        check_default(d, &names, ctx);
    }
}

/// Checks `app` against `existing` apps, naming its fields without a prefix.
pub(crate) fn app_against(existing: &[AppConfig], app: &AppConfig, ctx: &mut Ctx) {
    let mut seen = Seen::default();
    for (i, a) in existing.iter().enumerate() {
        seen.claim(i, a, "", None);
    }
    recheck_app(app, "", ctx);
    seen.claim(existing.len(), app, "", Some(ctx));
}

fn recheck_app(app: &AppConfig, prefix: &str, ctx: &mut Ctx) {
    let f = |k: &str| join(prefix, k);
    if let Err(m) = check_name(&app.name) {
        ctx.err(&f("name"), m);
    }
    let hosts = std::iter::once((f("hostname"), &app.hostname)).chain(
        app.aliases
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("{}[{i}]", f("aliases")), a)),
    );
    for (field, h) in hosts {
        match normalize_hostname(h) {
            Ok(n) if &n == h => {}
            Ok(n) => ctx.err(
                &field,
                format!("{} must be written as {}", quote(h), quote(&n)),
            ),
            Err(m) => ctx.err(&field, m),
        }
    }
}
