//! Web APIs for nanojs isolates, one module per spec. The object model lives in
//! builtin JS modules (`js/`, compiled to bytecode at build time); byte-heavy
//! work (encoding, URL parsing, base64, randomness) is Rust, exposed to the JS
//! through internal native modules.

use std::sync::OnceLock;

use nanojs_engine::{Builtins, ModuleSource};

mod base64;
mod body_buffer;
pub mod body_stream;
mod compression;
mod crypto;
mod encoding;
pub mod fetch;
mod form_data;
mod native;
mod navigator;
mod node;
mod performance;
mod structured_clone;
mod subtle;
mod url;

mod bytecode {
    include!(concat!(env!("OUT_DIR"), "/bytecode.rs"));
}

/// Every global this crate provides: (global name, module, export).
const GLOBALS: &[(&str, &str, &str)] = &[
    ("console", "nanojs:console", "console"),
    ("TextEncoder", "nanojs:encoding", "TextEncoder"),
    ("TextDecoder", "nanojs:encoding", "TextDecoder"),
    ("atob", "nanojs:base64", "atob"),
    ("btoa", "nanojs:base64", "btoa"),
    ("URL", "nanojs:url", "URL"),
    ("URLSearchParams", "nanojs:url", "URLSearchParams"),
    ("DOMException", "nanojs:dom_exception", "DOMException"),
    ("Event", "nanojs:events", "Event"),
    ("EventTarget", "nanojs:events", "EventTarget"),
    ("CustomEvent", "nanojs:events", "CustomEvent"),
    ("ErrorEvent", "nanojs:events", "ErrorEvent"),
    (
        "PromiseRejectionEvent",
        "nanojs:events",
        "PromiseRejectionEvent",
    ),
    ("reportError", "nanojs:events", "reportError"),
    ("addEventListener", "nanojs:events", "addEventListener"),
    (
        "removeEventListener",
        "nanojs:events",
        "removeEventListener",
    ),
    ("dispatchEvent", "nanojs:events", "dispatchEvent"),
    // Event handler attributes: the events module defines these accessors.
    ("onerror", "nanojs:events", ""),
    ("onunhandledrejection", "nanojs:events", ""),
    ("onrejectionhandled", "nanojs:events", ""),
    ("AbortController", "nanojs:abort", "AbortController"),
    ("AbortSignal", "nanojs:abort", "AbortSignal"),
    ("queueMicrotask", "nanojs:microtask", "queueMicrotask"),
    (
        "structuredClone",
        "nanojs:structured_clone",
        "structuredClone",
    ),
    ("performance", "nanojs:performance", "performance"),
    ("Performance", "nanojs:performance", "Performance"),
    ("PerformanceEntry", "nanojs:performance", "PerformanceEntry"),
    ("PerformanceMark", "nanojs:performance", "PerformanceMark"),
    (
        "PerformanceMeasure",
        "nanojs:performance",
        "PerformanceMeasure",
    ),
    ("navigator", "nanojs:navigator", "navigator"),
    ("Navigator", "nanojs:navigator", "Navigator"),
    ("crypto", "nanojs:crypto", "crypto"),
    ("Crypto", "nanojs:crypto", "Crypto"),
    ("Blob", "nanojs:blob", "Blob"),
    ("File", "nanojs:blob", "File"),
    ("FileReader", "nanojs:file_reader", "FileReader"),
    ("FileReaderSync", "nanojs:file_reader", "FileReaderSync"),
    ("ProgressEvent", "nanojs:file_reader", "ProgressEvent"),
    ("Headers", "nanojs:headers", "Headers"),
    ("Request", "nanojs:request", "Request"),
    ("Response", "nanojs:response", "Response"),
    ("FormData", "nanojs:form_data", "FormData"),
    ("SubtleCrypto", "nanojs:subtle", "SubtleCrypto"),
    ("CryptoKey", "nanojs:subtle", "CryptoKey"),
    (
        "ReadableStream",
        "nanojs:streams_readable",
        "ReadableStream",
    ),
    (
        "ReadableStreamDefaultReader",
        "nanojs:streams_readable",
        "ReadableStreamDefaultReader",
    ),
    (
        "ReadableStreamDefaultController",
        "nanojs:streams_readable",
        "ReadableStreamDefaultController",
    ),
    (
        "ReadableByteStreamController",
        "nanojs:streams_byte",
        "ReadableByteStreamController",
    ),
    (
        "ReadableStreamBYOBReader",
        "nanojs:streams_byte",
        "ReadableStreamBYOBReader",
    ),
    (
        "ReadableStreamBYOBRequest",
        "nanojs:streams_byte",
        "ReadableStreamBYOBRequest",
    ),
    (
        "WritableStream",
        "nanojs:streams_writable",
        "WritableStream",
    ),
    (
        "WritableStreamDefaultWriter",
        "nanojs:streams_writable",
        "WritableStreamDefaultWriter",
    ),
    (
        "WritableStreamDefaultController",
        "nanojs:streams_writable",
        "WritableStreamDefaultController",
    ),
    (
        "TransformStream",
        "nanojs:streams_transform",
        "TransformStream",
    ),
    (
        "TransformStreamDefaultController",
        "nanojs:streams_transform",
        "TransformStreamDefaultController",
    ),
    (
        "ByteLengthQueuingStrategy",
        "nanojs:streams_strategies",
        "ByteLengthQueuingStrategy",
    ),
    (
        "CountQueuingStrategy",
        "nanojs:streams_strategies",
        "CountQueuingStrategy",
    ),
    (
        "TextEncoderStream",
        "nanojs:encoding_streams",
        "TextEncoderStream",
    ),
    (
        "TextDecoderStream",
        "nanojs:encoding_streams",
        "TextDecoderStream",
    ),
    (
        "CompressionStream",
        "nanojs:compression",
        "CompressionStream",
    ),
    (
        "DecompressionStream",
        "nanojs:compression",
        "DecompressionStream",
    ),
    ("fetch", "nanojs:fetch", "fetch"),
    // Node's globals (node-compat.md): installed on first use like the rest.
    ("process", "node:process", "default"),
    ("Buffer", "node:internal/buffer", "Buffer"),
    ("setImmediate", "node:timers", "setImmediate"),
    ("clearImmediate", "node:timers", "clearImmediate"),
];

/// Native modules that only builtins can import.
const NATIVE: &[(&str, nanojs_engine::NativeModuleFn)] = &[
    ("nanojs:internal/encoding", encoding::declare),
    ("nanojs:internal/base64", base64::declare),
    ("nanojs:internal/url", url::declare),
    ("nanojs:internal/crypto", crypto::declare),
    ("nanojs:internal/performance", performance::declare),
    ("nanojs:internal/navigator", navigator::declare),
    (
        "nanojs:internal/structured_clone",
        structured_clone::declare,
    ),
    ("nanojs:internal/form_data", form_data::declare),
    ("nanojs:internal/body_buffer", body_buffer::declare),
    ("nanojs:internal/subtle", subtle::declare),
    ("nanojs:internal/compression", compression::declare),
    ("nanojs:internal/body_stream", body_stream::declare),
    ("nanojs:internal/fetch", fetch::declare),
    ("nanojs:internal/node_buffer", node::buffer::declare),
    ("nanojs:internal/node_crypto", node::crypto::declare),
    ("nanojs:internal/node_util", node::util::declare),
    ("nanojs:internal/node_zlib", node::zlib::declare),
];

/// The process-wide registry of web API builtins.
pub fn builtins() -> &'static Builtins {
    static BUILTINS: OnceLock<Builtins> = OnceLock::new();
    BUILTINS.get_or_init(|| {
        let mut b = Builtins::new();
        for (name, bytes) in bytecode::BYTECODE {
            if name.starts_with("node:internal/") {
                // Shared code of the node: modules, not a Node API.
                b.internal_module(name, ModuleSource::Bytecode(bytes));
            } else {
                b.module(name, ModuleSource::Bytecode(bytes));
            }
        }
        for (name, declare) in NATIVE {
            b.internal_module(name, ModuleSource::Native(*declare));
        }
        for (name, module, export) in GLOBALS {
            b.global(name, module, export);
        }
        b
    })
}

/// Formats a value the way `console.log` does.
pub fn inspect<'js>(
    ctx: &rquickjs::Ctx<'js>,
    value: rquickjs::Value<'js>,
) -> rquickjs::Result<String> {
    let ns = nanojs_engine::builtin_namespace(ctx, "nanojs:inspect")?;
    let f: rquickjs::Function = ns.get("inspect")?;
    f.call((value,))
}
