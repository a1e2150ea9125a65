//! Which `Host` a request may name: the address the server listens on, and nothing else.
//!
//! A page the author visits can make the browser send requests to the preview through DNS
//! rebinding (a name of the attacker's that first points to the attacker and then to
//! 127.0.0.1): the request then carries the attacker's name in `Host`. Answering only for the
//! names of the listening address (as Vite and webpack's dev servers do) closes that door. IP
//! literals cannot be rebound, so a server listening on every interface answers for any of them.

use std::net::IpAddr;

/// The hosts a server answers for.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    port: u16,
    bound: IpAddr,
    /// Names allowed besides the address's own (`--allow-host`), in lower case.
    names: Vec<String>,
}

/// Why a request's host was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// No `Host` header (or more than one).
    Missing,
    /// A host this server does not answer for.
    Foreign,
}

impl Hosts {
    pub(crate) fn new(bound: IpAddr, port: u16, names: &[String]) -> Hosts {
        let names = names.iter().map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase()).collect();
        Hosts { port, bound, names }
    }

    /// Checks a request's `Host` values (and the authority of an absolute-form target, which
    /// RFC 9112 §3.2.2 says wins over `Host`).
    pub(crate) fn check<'a>(
        &self,
        mut values: impl Iterator<Item = &'a str>,
        authority: Option<&str>,
    ) -> Result<(), Refusal> {
        let (Some(host), None) = (values.next(), values.next()) else { return Err(Refusal::Missing) };
        let host = authority.unwrap_or(host);
        if self.allows(host) { Ok(()) } else { Err(Refusal::Foreign) }
    }

    fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_port(host) else { return false };
        if port.unwrap_or(80) != self.port {
            return false;
        }
        let name = name.to_ascii_lowercase();
        let literal = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(&name);
        match literal.parse::<IpAddr>() {
            // `[::1]` but never `::1` bare, which cannot carry a port.
            Ok(IpAddr::V6(_)) if !name.starts_with('[') => false,
            Ok(ip) => ip.is_loopback() || ip == self.bound || self.bound.is_unspecified(),
            Err(_) => name == "localhost" || self.names.contains(&name),
        }
    }

    /// How the address is written in a `Host` header, for messages.
    pub(crate) fn example(&self) -> String {
        format!("localhost:{}", self.port)
    }
}

/// `name:port` → (`name`, port); `[v6]:port` → (`[v6]`, port); `None` for a malformed value.
fn split_port(host: &str) -> Option<(&str, Option<u16>)> {
    if host.is_empty() || host.contains(|c: char| c.is_ascii_whitespace() || c == '/' || c == '@') {
        return None;
    }
    let (name, port) = if host.starts_with('[') {
        let close = host.find(']')?;
        let port = match &host[close + 1..] {
            "" => None,
            rest => Some(rest.strip_prefix(':')?),
        };
        (&host[..=close], port)
    } else {
        match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    let port = match port {
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            Some(digits.parse().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    Some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(hosts: &Hosts, host: &[&str]) -> Result<(), Refusal> {
        hosts.check(host.iter().copied(), None)
    }

    #[test]
    fn answers_only_for_the_listening_address() {
        let loopback = Hosts::new(IpAddr::from([127, 0, 0, 1]), 1111, &[]);
        for good in ["localhost:1111", "LOCALHOST:1111", "127.0.0.1:1111", "[::1]:1111", "127.0.0.2:1111"] {
            assert_eq!(check(&loopback, &[good]), Ok(()), "{good}");
        }
        for bad in [
            "attacker.example:1111",
            "localhost:2222",
            "localhost",
            "localhost.:1111",
            "10.0.0.5:1111",
            "::1:1111",
            "localhost:1111@evil",
            "localhost:",
            "[::1",
            "",
        ] {
            assert_eq!(check(&loopback, &[bad]), Err(Refusal::Foreign), "{bad}");
        }
        assert_eq!(check(&loopback, &[]), Err(Refusal::Missing));
        assert_eq!(check(&loopback, &["localhost:1111", "localhost:1111"]), Err(Refusal::Missing));
        // The authority of an absolute-form target is the one that counts.
        let evil = loopback.check(["localhost:1111"].into_iter(), Some("evil.example:1111"));
        assert_eq!(evil, Err(Refusal::Foreign));
    }

    #[test]
    fn another_address_and_allowed_names_are_added() {
        let lan = Hosts::new(IpAddr::from([192, 168, 1, 5]), 80, &["MyBox.local".into()]);
        for good in ["192.168.1.5", "192.168.1.5:80", "mybox.local", "localhost"] {
            assert_eq!(check(&lan, &[good]), Ok(()), "{good}");
        }
        assert_eq!(check(&lan, &["192.168.1.6"]), Err(Refusal::Foreign));
        let everywhere = Hosts::new(IpAddr::from([0, 0, 0, 0]), 1111, &[]);
        assert_eq!(check(&everywhere, &["10.1.2.3:1111"]), Ok(()), "any address, never a name");
        assert_eq!(check(&everywhere, &["[fe80::1]:1111"]), Ok(()));
        assert_eq!(check(&everywhere, &["rebind.example:1111"]), Err(Refusal::Foreign));
    }
}
