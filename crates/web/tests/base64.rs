//! atob / btoa (HTML forgiving-base64).

mod common;

fn js(src: &str) -> String {
    let prelude = "const attempt = (f) => { try { return JSON.stringify(f()); } \
                   catch (e) { return e instanceof DOMException ? 'DOMException:' + e.name : e.constructor.name; } };\n";
    common::stdout(&format!("{prelude}{src}"))
        .trim_end()
        .to_string()
}

#[test]
fn btoa_encodes_latin1() {
    let out = js(r#"
        for (const s of ['', 'a', 'ab', 'abc', 'abcd', '\0a', '\xff\xff\xc0', 'caf\xe9'])
          console.log(attempt(() => btoa(s)));
        let all = '';
        for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
        console.log(atob(btoa(all)) === all);
    "#);
    assert_eq!(
        out,
        "\"\"\n\"YQ==\"\n\"YWI=\"\n\"YWJj\"\n\"YWJjZA==\"\n\"AGE=\"\n\"///A\"\n\"Y2Fm6Q==\"\ntrue"
    );
}

#[test]
fn btoa_rejects_code_units_above_ff() {
    let out = js(r#"
        for (const s of ['\u0100', 'abc\u20ac', '\ud800', '\ud800\udc00', '\uffff'])
          console.log(attempt(() => btoa(s)));
    "#);
    assert_eq!(
        out,
        "DOMException:InvalidCharacterError\n".repeat(5).trim_end()
    );
}

#[test]
fn btoa_webidl_conversions() {
    let out = js(r#"
        console.log([undefined, null, 7, 1.5, true, NaN, -0, { toString() { return 'foo'; } }]
          .map((v) => btoa(v)).join(' '));
        console.log(attempt(() => btoa()), attempt(() => btoa(Symbol())));
        console.log(btoa.length, atob.length, btoa.name, atob.name);
    "#);
    assert_eq!(
        out,
        "dW5kZWZpbmVk bnVsbA== Nw== MS41 dHJ1ZQ== TmFO MA== Zm9v\n\
         TypeError TypeError\n\
         1 1 btoa atob"
    );
}

#[test]
fn atob_decodes_forgivingly() {
    let out = js(r#"
        const codes = (s) => Array.from(s, (c) => c.charCodeAt(0)).join(',');
        for (const s of ['', 'YQ==', 'YQ', 'YWI=', 'YWI', 'YWJj', ' Y W\tJ\nj\f\r', 'YR', '//8=', '/w', 'AGE='])
          console.log(JSON.stringify(s), codes(atob(s)));
    "#);
    assert_eq!(
        out,
        "\"\" \n\
         \"YQ==\" 97\n\
         \"YQ\" 97\n\
         \"YWI=\" 97,98\n\
         \"YWI\" 97,98\n\
         \"YWJj\" 97,98,99\n\
         \" Y W\\tJ\\nj\\f\\r\" 97,98,99\n\
         \"YR\" 97\n\
         \"//8=\" 255,255\n\
         \"/w\" 255\n\
         \"AGE=\" 0,97"
    );
}

#[test]
fn atob_rejects_invalid_input() {
    let out = js(r#"
        const bad = ['a', 'YQ=', 'YQ===', 'Y===', '=', '==', 'YQ==YQ==', 'YQ=a', 'ab-_', 'YW\vJj',
                     'YWJ\xa0', 'YWJ\u2028', '\ud800AAA', 'abcde', 'ab\0c'];
        console.log(bad.map((s) => attempt(() => atob(s))).every((r) => r === 'DOMException:InvalidCharacterError'));
    "#);
    assert_eq!(out, "true");
}

#[test]
fn atob_webidl_conversions() {
    let out = js(r#"
        const codes = (s) => Array.from(s, (c) => c.charCodeAt(0)).join(',');
        console.log(attempt(() => atob(undefined)), codes(atob(null)), codes(atob(12)), codes(atob(true)),
                    codes(atob(NaN)), codes(atob({ toString() { return 'abcd'; } })));
        console.log(attempt(() => atob(0)), attempt(() => atob()), attempt(() => atob(Symbol())));
    "#);
    assert_eq!(
        out,
        "DOMException:InvalidCharacterError 158,233,101 215 182,187,158 53,163 105,183,29\n\
         DOMException:InvalidCharacterError TypeError TypeError"
    );
}

#[test]
fn atob_returns_binary_strings() {
    let out = js(r#"
        const bytes = [];
        for (let i = 0; i < 256; i++) bytes.push(String.fromCharCode(i));
        const s = atob(btoa(bytes.join('')));
        console.log(s.length, s.charCodeAt(0), s.charCodeAt(128), s.charCodeAt(255));
        // Long input with whitespace every few characters.
        const big = btoa('x'.repeat(30000)).replace(/(.{7})/g, '$1 \n');
        console.log(atob(big) === 'x'.repeat(30000));
    "#);
    assert_eq!(out, "256 0 128 255\ntrue");
}
