//! URL and URLSearchParams (WHATWG URL Standard).

mod common;

/// Runs `body` and returns the JSON it prints (one `console.log` of a string).
fn js(body: &str) -> String {
    common::stdout(body).trim_end().to_string()
}

/// Evaluates `expr` and returns `JSON.stringify` of its value.
fn json(expr: &str) -> String {
    js(&format!("console.log(JSON.stringify({expr}));"))
}

/// The name and message of what `body` throws, as "Name: message".
fn throws(body: &str) -> String {
    js(&format!(
        "try {{ {body}; console.log('no throw'); }} catch (e) {{ console.log(e.name + ': ' + e.message); }}"
    ))
}

const PARTS: &str = "['href','origin','protocol','username','password','host','hostname','port','pathname','search','hash']";

fn parts(ctor: &str) -> String {
    js(&format!(
        "const u = {ctor}; console.log(JSON.stringify(Object.fromEntries({PARTS}.map(k => [k, u[k]]))));"
    ))
}

#[test]
fn parses_all_components() {
    assert_eq!(
        parts("new URL('https://user:pw@EXAMPLE.com:8080/a/./b/../c?x=1&y=2#frag')"),
        r##"{"href":"https://user:pw@example.com:8080/a/c?x=1&y=2#frag","origin":"https://example.com:8080","protocol":"https:","username":"user","password":"pw","host":"example.com:8080","hostname":"example.com","port":"8080","pathname":"/a/c","search":"?x=1&y=2","hash":"#frag"}"##
    );
}

#[test]
fn parses_against_base() {
    assert_eq!(
        json("new URL('../d?q#h', 'http://example.org/a/b/c').href"),
        r#""http://example.org/a/d?q#h""#
    );
    // An undefined base is no base.
    assert_eq!(
        json("new URL('http://x/', undefined).href"),
        r#""http://x/""#
    );
    // A URL object is a fine base (stringified).
    assert_eq!(
        json("new URL('/p', new URL('https://h/q')).href"),
        r#""https://h/p""#
    );
}

#[test]
fn username_without_password() {
    assert_eq!(
        parts("new URL('https://test:@test')"),
        r#"{"href":"https://test@test/","origin":"https://test","protocol":"https:","username":"test","password":"","host":"test","hostname":"test","port":"","pathname":"/","search":"","hash":""}"#
    );
}

#[test]
fn default_port_ipv6_idna_and_empty_query() {
    assert_eq!(json("new URL('http://h:80/').host"), r#""h""#);
    assert_eq!(json("new URL('http://[::1]:81/').hostname"), r#""[::1]""#);
    assert_eq!(
        json("new URL('http://[::1]:81/').origin"),
        r#""http://[::1]:81""#
    );
    assert_eq!(
        json("new URL('http://münchen.de/').host"),
        r#""xn--mnchen-3ya.de""#
    );
    assert_eq!(json("new URL('http://h/?#').search"), r#""""#);
    assert_eq!(json("new URL('http://h/?#').hash"), r#""""#);
    assert_eq!(json("new URL('http://h/?#').href"), r#""http://h/?#""#);
    assert_eq!(
        json("new URL('http://h/p ä?q ä#f ä').href"),
        r#""http://h/p%20%C3%A4?q%20%C3%A4#f%20%C3%A4""#
    );
}

#[test]
fn origins() {
    assert_eq!(json("new URL('file:///tmp/x').origin"), r#""null""#);
    assert_eq!(json("new URL('mailto:a@b').origin"), r#""null""#);
    assert_eq!(
        json("new URL('blob:https://a.com:443/uuid').origin"),
        r#""https://a.com""#
    );
    assert_eq!(json("new URL('blob:ftp://a.com/uuid').origin"), r#""null""#);
    assert_eq!(
        json("new URL('wss://a.com:444/').origin"),
        r#""wss://a.com:444""#
    );
}

#[test]
fn invalid_url_is_a_type_error_naming_the_input() {
    assert_eq!(
        throws("new URL('not a url')"),
        "TypeError: Invalid URL: not a url"
    );
    assert_eq!(
        throws("new URL('/x', 'also bad')"),
        "TypeError: Invalid URL: /x (base: also bad)"
    );
    assert_eq!(
        throws("new URL('http://[::1')").split(':').next().unwrap(),
        "TypeError"
    );
    assert!(throws("new URL()").starts_with("TypeError: "));
}

#[test]
fn statics_parse_and_can_parse() {
    assert_eq!(json("URL.canParse('https://a/')"), "true");
    assert_eq!(json("URL.canParse('/a')"), "false");
    assert_eq!(json("URL.canParse('/a', 'https://b/')"), "true");
    assert_eq!(json("URL.canParse('/a', undefined)"), "false");
    assert_eq!(json("URL.parse('nope')"), "null");
    assert_eq!(
        json("URL.parse('/a', 'https://b/c').href"),
        r#""https://b/a""#
    );
    assert_eq!(json("URL.parse('https://a/') instanceof URL"), "true");
    assert_eq!(
        json("[URL.length, URL.parse.length, URL.canParse.length]"),
        "[1,1,1]"
    );
    assert!(throws("URL.canParse()").starts_with("TypeError: "));
    assert!(throws("URL.parse()").starts_with("TypeError: "));
}

#[test]
fn stringifiers() {
    assert_eq!(json("String(new URL('https://a/b'))"), r#""https://a/b""#);
    assert_eq!(json("new URL('https://a/b').toJSON()"), r#""https://a/b""#);
    assert_eq!(
        json("{u: new URL('https://a/b')}"),
        r#"{"u":"https://a/b"}"#
    );
}

#[test]
fn href_setter() {
    assert_eq!(
        js("const u = new URL('https://a/?x=1'); const p = u.searchParams; u.href = 'http://b/c?y=2#z'; \
            console.log(JSON.stringify([u.href, u.host, u.hash, p.get('x'), p.get('y'), u.searchParams === p]))"),
        r##"["http://b/c?y=2#z","b","#z",null,"2",true]"##
    );
    assert_eq!(
        js("const u = new URL('https://a/'); try { u.href = '/relative' } catch (e) { console.log(e.name, u.href) }"),
        "TypeError https://a/"
    );
}

#[test]
fn protocol_setter() {
    let run = |from: &str, to: &str| {
        json(&format!(
            "(() => {{ const u = new URL('{from}'); u.protocol = '{to}'; return u.href }})()"
        ))
    };
    assert_eq!(run("http://a/", "https"), r#""https://a/""#);
    assert_eq!(run("http://a/", "wss:ignored"), r#""wss://a/""#);
    // Special to non-special (and back) is not allowed.
    assert_eq!(run("http://a/", "foo"), r#""http://a/""#);
    assert_eq!(run("foo://a/", "http"), r#""foo://a/""#);
    // The default port of the new scheme is dropped.
    assert_eq!(run("http://a:443/", "https"), r#""https://a/""#);
    assert_eq!(run("http://a/", "1bad"), r#""http://a/""#);
}

#[test]
fn credential_setters() {
    assert_eq!(
        js("const u = new URL('https://h/'); u.username = 'us er'; u.password = 'p@ss'; console.log(u.href); \
            u.password = ''; console.log(u.href); u.username = ''; console.log(u.href)"),
        "https://us%20er:p%40ss@h/\nhttps://us%20er@h/\nhttps://h/"
    );
    // No host, no credentials.
    assert_eq!(
        js("const u = new URL('file:///x'); u.username = 'a'; console.log(u.href)"),
        "file:///x"
    );
}

#[test]
fn host_hostname_port_setters() {
    assert_eq!(
        js("const u = new URL('https://h:1/p'); u.host = 'example.com:8080'; console.log(u.href); \
            u.hostname = 'other'; console.log(u.href); u.port = '443'; console.log(u.href); \
            u.port = '99999'; console.log(u.href); u.port = '12abc'; console.log(u.href); \
            u.port = ''; console.log(u.href); u.hostname = 'bad host'; console.log(u.href); \
            u.hostname = 'a:1'; console.log(u.href)"),
        "https://example.com:8080/p\nhttps://other:8080/p\nhttps://other/p\nhttps://other/p\n\
         https://other:12/p\nhttps://other/p\nhttps://other/p\nhttps://other/p"
    );
    // Opaque paths have no host to set.
    assert_eq!(
        js("const u = new URL('mailto:x@y'); u.host = 'h'; u.hostname = 'h'; u.port = '1'; console.log(u.href)"),
        "mailto:x@y"
    );
}

#[test]
fn pathname_setter() {
    assert_eq!(
        js("const u = new URL('https://h/a?q#f'); u.pathname = 'x y/../z'; console.log(u.href, u.pathname); \
            u.pathname = ''; console.log(u.pathname); const m = new URL('mailto:x'); m.pathname = 'y'; console.log(m.href)"),
        "https://h/z?q#f /z\n/\nmailto:x"
    );
}

#[test]
fn path_serialization_without_authority() {
    // A path starting with `//` and no authority is serialized after `/.`,
    // and the `/.` goes once an authority exists or the path changes.
    let run = |from: &str, setter: &str, value: &str| {
        js(&format!(
            "const u = new URL('{from}'); u.{setter} = '{value}'; console.log(u.href, u.pathname)"
        ))
    };
    assert_eq!(run("non-spec:/", "pathname", "//p"), "non-spec:/.//p //p");
    assert_eq!(
        run("non-spec:/", "pathname", "/..//p"),
        "non-spec:/.//p //p"
    );
    assert_eq!(run("non-spec:/.//", "pathname", "p"), "non-spec:/p /p");
    assert_eq!(
        run("non-spec:/.//p", "hostname", "h"),
        "non-spec://h//p //p"
    );
    assert_eq!(run("non-spec:/.//p", "hostname", ""), "non-spec:////p //p");
    // An empty host still allows an empty path.
    assert_eq!(run("foo:///some/path", "pathname", ""), "foo://");
    // The result re-parses to itself (setters start from the href).
    assert_eq!(
        js("const u = new URL('non-spec:/'); u.pathname = '//p'; u.hash = 'h'; console.log(u.href, u.host)"),
        "non-spec:/.//p#h"
    );
}

#[test]
fn search_and_hash_setters() {
    assert_eq!(
        js("const u = new URL('https://h/p?a#f'); u.search = 'b=1 2'; console.log(u.href); \
            u.search = '?c'; console.log(u.href); u.search = ''; console.log(u.href, JSON.stringify(u.search)); \
            u.hash = 'x y'; console.log(u.href); u.hash = '#z'; console.log(u.href); u.hash = ''; console.log(u.href)"),
        "https://h/p?b=1%202#f\nhttps://h/p?c#f\nhttps://h/p#f \"\"\nhttps://h/p#x%20y\nhttps://h/p#z\nhttps://h/p"
    );
    // Clearing the query and fragment strips trailing spaces of an opaque path.
    assert_eq!(
        js("const u = new URL('data:space    ?q#f'); u.hash = ''; console.log(JSON.stringify(u.href)); \
            u.search = ''; console.log(JSON.stringify(u.href))"),
        "\"data:space    ?q\"\n\"data:space\""
    );
}

#[test]
fn setters_convert_to_usvstring() {
    assert_eq!(
        js("const u = new URL('https://h/'); u.pathname = '\\uD800'; u.hash = 1; u.search = {toString() { return 's' }}; console.log(u.href)"),
        "https://h/%EF%BF%BD?s#1"
    );
}

#[test]
fn search_params_sync_url_to_params() {
    assert_eq!(
        js("const u = new URL('https://h/?a=1&b=2'); const p = u.searchParams; \
            console.log(p === u.searchParams, p.get('a')); u.search = '?a=3&c=4'; \
            console.log(p.get('a'), p.get('b'), p.get('c'), p.size); u.search = ''; console.log(p.size)"),
        "true 1\n3 null 4 2\n0"
    );
}

#[test]
fn search_params_sync_params_to_url() {
    assert_eq!(
        js("const u = new URL('https://h/p?a=1#frag'); const p = u.searchParams; p.append('b', 'x y'); console.log(u.href); \
            p.set('a', '~!'); console.log(u.href, u.search); p.delete('a'); console.log(u.href); \
            p.delete('b'); console.log(u.href); p.append('k', 'v'); p.sort(); console.log(u.href, u.hash)"),
        "https://h/p?a=1&b=x+y#frag\nhttps://h/p?a=%7E%21&b=x+y#frag ?a=%7E%21&b=x+y\nhttps://h/p?b=x+y#frag\nhttps://h/p#frag\nhttps://h/p?k=v#frag #frag"
    );
    // Later setters see the spliced query.
    assert_eq!(
        js("const u = new URL('https://h/?a=1'); u.searchParams.append('b', '2'); u.hash = 'x'; u.pathname = '/q'; console.log(u.href)"),
        "https://h/q?a=1&b=2#x"
    );
    // Emptying the params of an opaque-path URL strips its trailing spaces.
    assert_eq!(
        js("const u = new URL('data:space    ?test'); u.searchParams.delete('test'); console.log(JSON.stringify(u.href))"),
        "\"data:space\""
    );
}

#[test]
fn search_params_init_string() {
    assert_eq!(
        json("[...new URLSearchParams('?a=1&&b=%20x+y&c&=d&a=%zz&%E2%82%AC=%FF')]"),
        r#"[["a","1"],["b"," x y"],["c",""],["","d"],["a","%zz"],["€","�"]]"#
    );
    assert_eq!(json("[...new URLSearchParams('??a=b')]"), r#"[["?a","b"]]"#);
    assert_eq!(json("[...new URLSearchParams(null)]"), r#"[["null",""]]"#);
    assert_eq!(json("new URLSearchParams(undefined).size"), "0");
}

#[test]
fn search_params_init_sequence_record_and_params() {
    assert_eq!(
        json("[...new URLSearchParams([['a', 1], new Set(['b', 'c'])])]"),
        r#"[["a","1"],["b","c"]]"#
    );
    assert!(throws("new URLSearchParams([['a']])").starts_with("TypeError: "));
    assert!(throws("new URLSearchParams([['a', 'b', 'c']])").starts_with("TypeError: "));
    assert!(throws("new URLSearchParams([1])").starts_with("TypeError: "));
    assert_eq!(
        json("[...new URLSearchParams({b: 2, a: 1})]"),
        r#"[["b","2"],["a","1"]]"#
    );
    // An undefined @@iterator means record; enumerable symbol keys cannot
    // convert to USVString, non-enumerable ones are skipped.
    assert!(
        throws("new URLSearchParams({a: 1, [Symbol.iterator]: undefined})")
            .starts_with("TypeError: ")
    );
    assert_eq!(
        json("[...new URLSearchParams(Object.defineProperty({a: 1}, Symbol.iterator, {value: undefined}))]"),
        r#"[["a","1"]]"#
    );
    // Own enumerable properties only; lone surrogates fold keys together.
    assert_eq!(
        json("[...new URLSearchParams(Object.create({inh: 1}, {own: {value: 'x', enumerable: true}, hid: {value: 'y'}}))]"),
        r#"[["own","x"]]"#
    );
    assert_eq!(
        json("[...new URLSearchParams({'\\uD835x': 1, '\\uD83Dx': 2})]"),
        r#"[["�x","2"]]"#
    );
    assert_eq!(
        js("const a = new URLSearchParams('x=1&y=2'); const b = new URLSearchParams(a); a.append('z', '3'); console.log(String(b))"),
        "x=1&y=2"
    );
}

#[test]
fn search_params_methods() {
    assert_eq!(
        js("const p = new URLSearchParams('a=1&b=2&a=3'); \
            console.log(JSON.stringify([p.get('a'), p.get('z'), p.getAll('a'), p.has('a'), p.has('a', '3'), p.has('a', '4'), p.size])); \
            p.set('a', '9'); console.log(String(p)); p.append('a', 'x'); p.delete('a', '9'); console.log(String(p)); \
            p.delete('a'); console.log(String(p), p.size); p.has('b', undefined); console.log(p.has('b', undefined))"),
        "[\"1\",null,[\"1\",\"3\"],true,true,false,3]\na=9&b=2\nb=2&a=x\nb=2 1\ntrue"
    );
}

#[test]
fn search_params_serializer() {
    assert_eq!(
        json("String(new URLSearchParams([[' *-._!~\\'()', 'a+b&c=d%€\\uD800']]))"),
        r#""+*-._%21%7E%27%28%29=a%2Bb%26c%3Dd%25%E2%82%AC%EF%BF%BD""#
    );
}

#[test]
fn sort_is_stable_by_code_units() {
    assert_eq!(
        json("(() => { const p = new URLSearchParams('z=1&a=2&z=0&a=1&\\uFFFD=x&\\uD83D\\uDE00=y&b=3'); p.sort(); return [...p] })()"),
        r#"[["a","2"],["a","1"],["b","3"],["z","1"],["z","0"],["😀","y"],["�","x"]]"#
    );
}

#[test]
fn iteration() {
    assert_eq!(
        js("const p = new URLSearchParams('a=1&b=2'); \
            console.log(JSON.stringify([[...p.keys()], [...p.values()], [...p.entries()], [...p]])); \
            const it = p.entries(); console.log(Object.prototype.toString.call(it), typeof it[Symbol.iterator]); \
            const seen = []; p.forEach(function (v, k, o) { seen.push(k + v, this.t, o === p) }, {t: 'T'}); console.log(JSON.stringify(seen)); \
            console.log(URLSearchParams.prototype[Symbol.iterator] === URLSearchParams.prototype.entries)"),
        "[[\"a\",\"b\"],[\"1\",\"2\"],[[\"a\",\"1\"],[\"b\",\"2\"]],[[\"a\",\"1\"],[\"b\",\"2\"]]]\n\
         [object URLSearchParams Iterator] function\n[\"a1\",\"T\",true,\"b2\",\"T\",true]\ntrue"
    );
}

#[test]
fn iteration_is_live() {
    // Deleting the current entry skips the next one; appending extends the walk.
    assert_eq!(
        js("const p = new URLSearchParams('a=1&b=2&c=3&d=4'); const seen = []; \
            for (const [k] of p) { seen.push(k); if (k === 'a') p.delete('a'); if (k === 'd') p.append('e', '5'); } \
            console.log(seen.join(''))"),
        "acde"
    );
    assert_eq!(
        js("const u = new URL('http://h/?x=1&y=2'); const seen = []; \
            u.searchParams.forEach((v, k) => { seen.push(k); if (k === 'x') u.search = 'p=1&q=2&r=3'; }); console.log(seen.join(''))"),
        "xqr"
    );
    assert_eq!(
        js("const p = new URLSearchParams('a=1'); const it = p.keys(); console.log(JSON.stringify(it.next())); \
            console.log(JSON.stringify(it.next())); p.append('b', '2'); console.log(JSON.stringify(it.next()))"),
        "{\"value\":\"a\",\"done\":false}\n{\"done\":true}\n{\"value\":\"b\",\"done\":false}"
    );
}

#[test]
fn usvstring_conversion() {
    assert_eq!(
        json("(() => { const p = new URLSearchParams(); p.append('\\uD800', '\\uDC00x'); return [[...p][0], String(p)] })()"),
        r#"[["�","�x"],"%EF%BF%BD=%EF%BF%BDx"]"#
    );
    assert_eq!(
        json("new URL('http://h/\\uD800').pathname"),
        r#""/%EF%BF%BD""#
    );
    assert!(throws("new URLSearchParams().append(Symbol(), 'a')").starts_with("TypeError: "));
}

#[test]
fn argument_counts_and_lengths() {
    for call in [
        "p.append('a')",
        "p.set('a')",
        "p.get()",
        "p.getAll()",
        "p.has()",
        "p.delete()",
        "p.forEach()",
        "p.forEach(1)",
    ] {
        assert!(
            throws(&format!("const p = new URLSearchParams(); {call}")).starts_with("TypeError: "),
            "{call}"
        );
    }
    assert_eq!(
        json("['append','delete','get','getAll','has','set','sort','forEach','entries','keys','values','toString'].map(k => URLSearchParams.prototype[k].length)"),
        "[2,1,1,1,1,2,0,1,0,0,0,0]"
    );
    assert_eq!(
        json(
            "[URLSearchParams.length, URL.prototype.toJSON.length, URL.prototype.toString.length]"
        ),
        "[0,0,0]"
    );
}

#[test]
fn brand_checks() {
    for expr in [
        "Object.getOwnPropertyDescriptor(URL.prototype, 'href').get.call({})",
        "Object.getOwnPropertyDescriptor(URL.prototype, 'pathname').set.call({}, 'x')",
        "URL.prototype.toString.call({})",
        "URL.prototype.toJSON.call(new URLSearchParams())",
        "URLSearchParams.prototype.get.call(new URL('http://h/'), 'a')",
        "URLSearchParams.prototype.append.call({})",
        "Object.getOwnPropertyDescriptor(URLSearchParams.prototype, 'size').get.call({})",
        "new URLSearchParams().keys().next.call({})",
        "URL('http://h/')",
        "URLSearchParams()",
    ] {
        assert!(throws(expr).starts_with("TypeError: "), "{expr}");
    }
}

#[test]
fn webidl_shape() {
    assert_eq!(
        json("[String(new URL('http://h/')), Object.prototype.toString.call(new URL('http://h/')), \
              Object.prototype.toString.call(new URLSearchParams()), Object.prototype.toString.call(URL.prototype)]"),
        r#"["http://h/","[object URL]","[object URLSearchParams]","[object URL]"]"#
    );
    // Operations and attributes are enumerable prototype properties.
    assert_eq!(
        json("(() => { const d = Object.getOwnPropertyDescriptor(URL.prototype, 'href'); \
               const m = Object.getOwnPropertyDescriptor(URLSearchParams.prototype, 'append'); \
               const s = Object.getOwnPropertyDescriptor(URL, 'canParse'); \
               const t = Object.getOwnPropertyDescriptor(URL.prototype, Symbol.toStringTag); \
               return [d.enumerable, d.configurable, typeof d.set, m.enumerable, m.writable, s.enumerable, \
                       t.enumerable, t.writable, t.configurable, Object.hasOwn(new URL('http://h/'), 'href')] })()"),
        "[true,true,\"function\",true,true,true,false,false,true,false]"
    );
    // The iterator prototype inherits from %IteratorPrototype%.
    assert_eq!(
        json("(() => { const it = new URLSearchParams().keys(); const proto = Object.getPrototypeOf(it); \
               return [Object.getPrototypeOf(proto) === Object.getPrototypeOf(Object.getPrototypeOf([].keys())), \
                       Object.hasOwn(proto, 'constructor'), Object.getOwnPropertyNames(proto)] })()"),
        r#"[true,false,["next"]]"#
    );
}

#[test]
fn inspect_custom() {
    assert_eq!(
        json("(() => { const u = new URL('https://a:b@h:1/p?q=1#f'); const o = u[Symbol.for('nodejs.util.inspect.custom')](); \
               return [o.constructor === URL, Object.keys(o).join(), o.host, o.searchParams === u.searchParams] })()"),
        r#"[true,"href,origin,protocol,username,password,host,hostname,port,pathname,search,searchParams,hash","h:1",true]"#
    );
    // Called by an inspector (depth, options, inspect), they print like Node.
    assert_eq!(
        js("const I = Symbol.for('nodejs.util.inspect.custom'); const show = (v) => typeof v === 'string' ? `'${v}'` : '{' + Object.keys(v) + '}'; \
            const u = new URL('https://h/?a=1&b=2'); console.log(u[I](2, {}, show)); \
            console.log(u.searchParams[I](2, {}, show)); console.log(new URLSearchParams()[I](2, {}, show)); \
            console.log(new URLSearchParams('x=1')[I](-1, {}, show))"),
        "URL {href,origin,protocol,username,password,host,hostname,port,pathname,search,searchParams,hash}\n\
         URLSearchParams { 'a' => '1', 'b' => '2' }\nURLSearchParams {}\n[URLSearchParams]"
    );
}

#[test]
fn request_path_pattern() {
    assert_eq!(
        js("const reqs = ['https://api.example.com/v1/users?id=42&x=y', 'http://localhost:8787/?x=%F0%9F%98%80+1']; \
            for (const r of reqs) { const u = new URL(r); console.log(u.pathname, u.searchParams.get('x')); }"),
        "/v1/users y\n/ 😀 1"
    );
}

#[test]
fn url_params_read_the_query_lazily() {
    // `get` on a URL's params reads the query string itself; every other
    // operation sees the same decoded list.
    assert_eq!(
        js("const u = new URL('http://h/?%61=1&a=2&%EF%BF%BD=r&e'); const p = u.searchParams; \
            console.log(JSON.stringify([p.get('a'), p.get('\\uD800'), p.get('e'), p.get('z'), p.size, String(p)])); \
            u.search = 'b=%7e'; console.log(JSON.stringify([p.get('b'), String(p), u.search])); \
            u.search = ''; console.log(JSON.stringify([p.get('b'), p.size]))"),
        "[\"1\",\"r\",\"\",null,4,\"a=1&a=2&%EF%BF%BD=r&e=\"]\n[\"~\",\"b=%7E\",\"?b=%7e\"]\n[null,0]"
    );
    assert_eq!(
        js("const a = new URL('http://h/?x=1&y=2').searchParams; const b = new URLSearchParams(a); \
            console.log(String(b), a.get('y'))"),
        "x=1&y=2 2"
    );
}

/// Runs `body` (a module body using `is`/`eq`) and checks it completes.
fn check(body: &str) {
    common::check_with("", body);
}

#[test]
fn object_url_shape() {
    check(
        r#"
        const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
        // Without a `location`, the origin is opaque: "null".
        const url = URL.createObjectURL(new Blob(['x']));
        is(typeof url, 'string', 'a string');
        is(url.startsWith('blob:null/'), true, `blob:null/ prefix: ${url}`);
        is(UUID.test(url.slice('blob:null/'.length)), true, `a v4 UUID: ${url}`);
        const rec = new URL(url);
        eq([rec.protocol, rec.origin, rec.host, rec.port], ['blob:', 'null', '', ''], 'parsed');
        is(URL.createObjectURL(new File([], 'f')).startsWith('blob:null/'), true, 'a File');
        const many = new Set();
        for (let i = 0; i < 1000; i++) many.add(URL.createObjectURL(new Blob()));
        is(many.size, 1000, 'unique');
        // With one, its origin.
        globalThis.location = { origin: 'https://example.com:8443' };
        const u2 = URL.createObjectURL(new Blob());
        is(u2.startsWith('blob:https://example.com:8443/'), true, `with a location: ${u2}`);
        is(new URL(u2).origin, 'https://example.com:8443', 'origin of the blob URL');
        eq(Object.keys(URL).filter((k) => k.endsWith('ObjectURL')), ['createObjectURL', 'revokeObjectURL'],
           'enumerable statics');
        is(URL.createObjectURL.length + URL.revokeObjectURL.length, 2, 'lengths');
        for (const bad of [undefined, null, 'blob', {}, new Uint8Array(1), Object.create(Blob.prototype)]) {
          let err;
          try { URL.createObjectURL(bad); } catch (e) { err = e; }
          is(err instanceof TypeError, true, `not a Blob: ${String(bad)}`);
        }
        let err;
        try { URL.createObjectURL(); } catch (e) { err = e; }
        is(err instanceof TypeError, true, 'no argument');
        err = undefined;
        try { URL.revokeObjectURL(); } catch (e) { err = e; }
        is(err instanceof TypeError, true, 'revoke without argument');
        "#,
    );
}

#[test]
fn object_url_store_and_revoke() {
    check(
        r#"
        import { resolveObjectURL } from 'nanojs:url';
        const blob = new Blob(['data']);
        const url = URL.createObjectURL(blob);
        is(resolveObjectURL(url), blob, 'resolves to the blob itself');
        is(resolveObjectURL(url + '#frag'), blob, 'a fragment is ignored');
        is(resolveObjectURL(url + '?q'), null, 'a query is another URL');
        is(resolveObjectURL(url + '/x'), null, 'a path is another URL');
        is(resolveObjectURL('blob:null/00000000-0000-4000-8000-000000000000'), null, 'unknown');
        is(resolveObjectURL('not a url'), null, 'unparsable');
        // Only the exact URL revokes.
        URL.revokeObjectURL(url + '#frag');
        is(resolveObjectURL(url), blob, 'revoke with a fragment does nothing');
        URL.revokeObjectURL('https://example.com/');
        URL.revokeObjectURL('::not a url::');
        URL.revokeObjectURL(url);
        is(resolveObjectURL(url), null, 'revoked');
        URL.revokeObjectURL(url);
        // Two URLs for one blob are independent.
        const a = URL.createObjectURL(blob);
        const b = URL.createObjectURL(blob);
        URL.revokeObjectURL(a);
        is(resolveObjectURL(a), null, 'a revoked');
        is(resolveObjectURL(b), blob, 'b still there');
        "#,
    );
}
