//! The outbound policy of an isolate: which addresses `fetch()` may reach,
//! how many subrequests it may make, and how large a response body may be.
//!
//! Addresses are checked after DNS resolution (see `client.rs`: the
//! connector's resolver drops refused addresses), so a host name cannot
//! smuggle a private address, and every redirect hop is checked again.
//!
//! Subrequests are counted since the isolate was last idle (no request in
//! flight). The allowance is `max_subrequests` times the number of requests
//! in flight (at least 1): concurrent requests on one isolate pool their
//! allowance, as they pool the CPU budget. Each redirect hop counts, as on
//! Cloudflare Workers.

use std::cell::{Cell, RefCell};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What an app's outbound traffic may do (nano.json: the app's
/// `outbound_allow` and its `max_subrequests` and `max_response_mb` limits).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutboundPolicy {
    /// Hosts that may be reached even at non-public addresses: an exact host
    /// name or IP literal, or `*.example.com` (any subdomain of example.com,
    /// not example.com itself).
    pub allow_hosts: Vec<String>,
    /// Fetches (each redirect hop counts) per request.
    pub max_subrequests: Option<u32>,
    /// Decoded bytes of one response body.
    pub max_response_bytes: Option<u64>,
}

/// Why an address may not be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    Loopback,
    Private,
    LinkLocal,
    UniqueLocal,
    Unspecified,
    SharedCgnat,
    Multicast,
    Broadcast,
    Reserved,
}

impl Refused {
    pub fn describe(self) -> &'static str {
        match self {
            Refused::Loopback => "a loopback address",
            Refused::Private => "a private address",
            Refused::LinkLocal => "a link-local address",
            Refused::UniqueLocal => "a unique-local address",
            Refused::Unspecified => "an unspecified address",
            Refused::SharedCgnat => "a shared (carrier-grade NAT) address",
            Refused::Multicast => "a multicast address",
            Refused::Broadcast => "a broadcast address",
            Refused::Reserved => "a reserved address",
        }
    }
}

/// Why `ip` is not a public unicast address, or `None` when it is.
pub(crate) fn classify(ip: IpAddr) -> Option<Refused> {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Option<Refused> {
    let [a, b, ..] = ip.octets();
    Some(match (a, b) {
        // 0.0.0.0/8 is "this network"; Linux connects 0.0.0.0 to the host.
        (0, _) => Refused::Unspecified,
        (127, _) => Refused::Loopback,
        (10, _) | (192, 168) => Refused::Private,
        (172, 16..=31) => Refused::Private,
        (169, 254) => Refused::LinkLocal,
        (100, 64..=127) => Refused::SharedCgnat,
        // Benchmarking (198.18/15) is routed internally in many networks;
        // 192.0.0/24 is IETF protocol assignments (NAT64 discovery etc.).
        (198, 18..=19) => Refused::Reserved,
        (192, 0) if ip.octets()[2] == 0 => Refused::Reserved,
        (224..=239, _) => Refused::Multicast,
        _ if ip.is_broadcast() => Refused::Broadcast,
        (240..=255, _) => Refused::Reserved,
        _ => return None,
    })
}

fn classify_v6(ip: Ipv6Addr) -> Option<Refused> {
    if ip.is_unspecified() {
        return Some(Refused::Unspecified);
    }
    if ip.is_loopback() {
        return Some(Refused::Loopback);
    }
    let seg = ip.segments();
    // IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d),
    // IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) forms reach
    // the embedded IPv4 address.
    let embeds_v4 = (seg[..5] == [0; 5] && (seg[5] == 0xffff || seg[5] == 0))
        || (seg[..4] == [0; 4] && seg[4] == 0xffff && seg[5] == 0)
        || seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0];
    if embeds_v4 {
        let [.., a, b, c, d] = ip.octets();
        return classify_v4(Ipv4Addr::new(a, b, c, d));
    }
    // 6to4 (2002:a.b.c.d::/48) is relayed to the embedded IPv4 address.
    if seg[0] == 0x2002 {
        let v4 = Ipv4Addr::new(
            (seg[1] >> 8) as u8,
            seg[1] as u8,
            (seg[2] >> 8) as u8,
            seg[2] as u8,
        );
        if let Some(why) = classify_v4(v4) {
            return Some(why);
        }
    }
    // Local-use NAT64 (64:ff9b:1::/48, RFC 8215) translates to addresses
    // the operator chooses, internal ones included.
    if seg[..3] == [0x64, 0xff9b, 1] {
        return Some(Refused::Reserved);
    }
    Some(match seg[0] {
        s if s & 0xfe00 == 0xfc00 => Refused::UniqueLocal,
        s if s & 0xffc0 == 0xfe80 => Refused::LinkLocal,
        // Site-local (deprecated, RFC 3879): private in practice.
        s if s & 0xffc0 == 0xfec0 => Refused::Private,
        s if s & 0xff00 == 0xff00 => Refused::Multicast,
        _ => return None,
    })
}

/// A host as written in a URL: lower-case, without IPv6 brackets or a
/// trailing dot.
fn normalize_host(host: &str) -> String {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.trim_end_matches('.').to_ascii_lowercase()
}

impl OutboundPolicy {
    /// Whether `host` (a URL's host) matches an `allow_hosts` entry.
    pub(crate) fn allows_host(&self, host: &str) -> bool {
        let host = normalize_host(host);
        let host_ip = host.parse::<IpAddr>().ok();
        self.allow_hosts.iter().any(|entry| {
            let entry = normalize_host(entry.trim());
            if let Some(suffix) = entry.strip_prefix("*.") {
                return host_ip.is_none()
                    && host.len() > suffix.len() + 1
                    && host.ends_with(suffix)
                    && host.as_bytes()[host.len() - suffix.len() - 1] == b'.';
            }
            match (host_ip, entry.parse::<IpAddr>()) {
                (Some(a), Ok(b)) => a == b,
                (None, Err(_)) => host == entry,
                _ => false,
            }
        })
    }
}

/// The text every refusal ends with: what to change to allow it.
pub(crate) fn allow_hint(host: &str) -> String {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    format!("(add \"{host}\" to the app's outbound_allow in nano.json to allow it)")
}

/// An isolate's policy and its subrequest count.
#[derive(Default)]
pub(crate) struct PolicyState {
    pub policy: RefCell<Option<OutboundPolicy>>,
    /// Incoming requests in flight on the isolate.
    in_flight: Cell<u32>,
    /// Fetches (and redirect hops) since the isolate was last idle.
    subrequests: Cell<u64>,
}

impl PolicyState {
    pub fn request_started(&self) {
        if self.in_flight.get() == 0 {
            self.subrequests.set(0);
        }
        self.in_flight.set(self.in_flight.get().saturating_add(1));
    }

    pub fn request_finished(&self) {
        self.in_flight.set(self.in_flight.get().saturating_sub(1));
    }

    /// Counts one subrequest; the error message when it is over the
    /// allowance.
    pub fn count_subrequest(&self) -> Result<(), String> {
        let Some(max) = self
            .policy
            .borrow()
            .as_ref()
            .and_then(|p| p.max_subrequests)
        else {
            return Ok(());
        };
        let requests = self.in_flight.get().max(1);
        let allowance = u64::from(max) * u64::from(requests);
        let n = self.subrequests.get() + 1;
        if n > allowance {
            let per = if requests > 1 {
                format!(" ({max} per request, {requests} requests in flight on this isolate)")
            } else {
                String::new()
            };
            return Err(format!(
                "too many subrequests: the limit is {allowance}{per}, each redirect counts \
                 (raise the app's max_subrequests limit in nano.json to allow more)"
            ));
        }
        self.subrequests.set(n);
        Ok(())
    }

    pub fn max_response_bytes(&self) -> Option<u64> {
        self.policy
            .borrow()
            .as_ref()
            .and_then(|p| p.max_response_bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> Option<Refused> {
        classify(s.parse().unwrap())
    }

    #[test]
    fn classifies_addresses() {
        assert_eq!(refused("127.0.0.1"), Some(Refused::Loopback));
        assert_eq!(refused("10.1.2.3"), Some(Refused::Private));
        assert_eq!(refused("172.16.0.1"), Some(Refused::Private));
        assert_eq!(refused("172.31.255.255"), Some(Refused::Private));
        assert_eq!(refused("172.32.0.1"), None);
        assert_eq!(refused("192.168.1.1"), Some(Refused::Private));
        assert_eq!(refused("169.254.169.254"), Some(Refused::LinkLocal));
        assert_eq!(refused("100.64.0.1"), Some(Refused::SharedCgnat));
        assert_eq!(refused("100.128.0.1"), None);
        assert_eq!(refused("0.0.0.0"), Some(Refused::Unspecified));
        assert_eq!(refused("224.0.0.1"), Some(Refused::Multicast));
        assert_eq!(refused("255.255.255.255"), Some(Refused::Broadcast));
        assert_eq!(refused("8.8.8.8"), None);
        assert_eq!(refused("::1"), Some(Refused::Loopback));
        assert_eq!(refused("::"), Some(Refused::Unspecified));
        assert_eq!(refused("fe80::1"), Some(Refused::LinkLocal));
        assert_eq!(refused("fd00::1"), Some(Refused::UniqueLocal));
        assert_eq!(refused("fc00::1"), Some(Refused::UniqueLocal));
        assert_eq!(refused("ff02::1"), Some(Refused::Multicast));
        assert_eq!(refused("::ffff:127.0.0.1"), Some(Refused::Loopback));
        assert_eq!(refused("::ffff:10.0.0.1"), Some(Refused::Private));
        assert_eq!(refused("::10.0.0.1"), Some(Refused::Private));
        assert_eq!(refused("64:ff9b::a9fe:a9fe"), Some(Refused::LinkLocal));
        assert_eq!(refused("::ffff:8.8.8.8"), None);
        assert_eq!(refused("2606:4700::1111"), None);
        assert_eq!(refused("198.18.0.1"), Some(Refused::Reserved));
        assert_eq!(refused("192.0.0.170"), Some(Refused::Reserved));
        assert_eq!(refused("192.0.2.1"), None);
        assert_eq!(refused("::ffff:0:7f00:1"), Some(Refused::Loopback));
        assert_eq!(refused("2002:a00:1::1"), Some(Refused::Private));
        assert_eq!(refused("2002:808:808::1"), None);
        assert_eq!(refused("64:ff9b:1::1"), Some(Refused::Reserved));
    }

    #[test]
    fn matches_allowed_hosts() {
        let p = OutboundPolicy {
            allow_hosts: vec![
                "Api.Internal".into(),
                "*.corp.example".into(),
                "10.0.0.5".into(),
                "[::1]".into(),
            ],
            ..Default::default()
        };
        assert!(p.allows_host("api.internal"));
        assert!(p.allows_host("API.INTERNAL."));
        assert!(!p.allows_host("x.api.internal"));
        assert!(p.allows_host("a.corp.example"));
        assert!(p.allows_host("a.b.corp.example"));
        assert!(!p.allows_host("corp.example"));
        assert!(!p.allows_host("xcorp.example"));
        assert!(p.allows_host("10.0.0.5"));
        assert!(!p.allows_host("10.0.0.6"));
        assert!(p.allows_host("[::1]"));
        assert!(p.allows_host("[0:0::1]"));
    }

    #[test]
    fn pools_subrequests_across_requests() {
        let s = PolicyState::default();
        *s.policy.borrow_mut() = Some(OutboundPolicy {
            max_subrequests: Some(2),
            ..Default::default()
        });
        s.request_started();
        s.request_started();
        for _ in 0..4 {
            s.count_subrequest().unwrap();
        }
        assert!(s.count_subrequest().is_err());
        s.request_finished();
        s.request_finished();
        // Idle: the next request starts from zero.
        s.request_started();
        s.count_subrequest().unwrap();
        s.count_subrequest().unwrap();
        assert!(s.count_subrequest().is_err());
    }
}
