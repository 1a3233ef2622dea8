//! The Rust <-> JS byte bridges (`nanojs:body_stream`): a Rust source read
//! as a ReadableStream, and a ReadableStream pumped into a Rust sink.

mod common;

use std::cell::RefCell;
use std::rc::Rc;

use bytes::Bytes;
use futures_util::StreamExt;
use nanojs_engine::{ConsoleLevel, ConsoleSink, Isolate, IsolateOptions};
use nanojs_web::body_stream::{new_sink, new_source, ByteStream, SinkReceiver};

#[derive(Default)]
struct Lines(RefCell<String>);

impl ConsoleSink for Lines {
    fn write(&self, _level: ConsoleLevel, text: &str) {
        let mut out = self.0.borrow_mut();
        out.push_str(text);
        out.push('\n');
    }
}

fn new_isolate() -> (Isolate, Rc<Lines>) {
    let capture = Rc::new(Lines::default());
    let options = IsolateOptions {
        console: capture.clone(),
        ..Default::default()
    };
    let isolate = Isolate::new(options, nanojs_web::builtins()).expect("isolate");
    (isolate, capture)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn source_skips_empty_chunks_and_reports_errors() {
    let (isolate, out) = new_isolate();
    isolate.with(|ctx| {
        let chunks: Vec<Result<Bytes, String>> = vec![
            Ok(Bytes::from_static(b"ab")),
            Ok(Bytes::new()),
            Ok(Bytes::new()),
            Ok(Bytes::from_static(b"cd")),
            Ok(Bytes::new()),
        ];
        let ok: ByteStream = Box::pin(futures_util::stream::iter(chunks));
        let bad: ByteStream = Box::pin(futures_util::stream::iter(vec![
            Ok(Bytes::from_static(b"x")),
            Err("the upstream reset".to_string()),
        ]));
        ctx.globals()
            .set("okSource", new_source(&ctx, ok).unwrap())
            .unwrap();
        ctx.globals()
            .set("badSource", new_source(&ctx, bad).unwrap())
            .unwrap();
    });
    let source = r#"
        import { readableFromSource } from 'nanojs:body_stream';
        const text = await new Response(readableFromSource(okSource)).text();
        console.log(text);
        try {
          await new Response(readableFromSource(badSource)).text();
        } catch (e) {
          console.log(`${e.name}: ${e.message}`);
        }
    "#;
    runtime()
        .block_on(isolate.run_module_source("file:///test/main.js", source.into()))
        .unwrap();
    assert_eq!(*out.0.borrow(), "abcd\nTypeError: the upstream reset\n");
}

#[test]
fn sink_receives_chunks_then_the_end_and_cancels_when_dropped() {
    let (isolate, _out) = new_isolate();
    let rt = runtime();
    // Room for every chunk: the pump finishes without the reader running.
    let receiver: SinkReceiver = isolate.with(|ctx| {
        let (sink, rx) = new_sink(&ctx, 16).unwrap();
        ctx.globals().set("sink", sink).unwrap();
        rx
    });
    let source = r#"
        import { pumpToSink } from 'nanojs:body_stream';
        const enc = new TextEncoder();
        let i = 0;
        await pumpToSink(new ReadableStream({
          pull(c) { if (i === 3) c.close(); else c.enqueue(enc.encode(`chunk${i++} `)); },
        }), sink);
    "#;
    rt.block_on(isolate.run_module_source("file:///test/pump.js", source.into()))
        .unwrap();
    let collected: Vec<u8> = rt.block_on(receiver.map(|r| r.unwrap().to_vec()).concat());
    assert_eq!(&collected[..], b"chunk0 chunk1 chunk2 ");

    // A receiver that goes away cancels the JS stream.
    let (isolate, out) = new_isolate();
    let receiver = isolate.with(|ctx| {
        let (sink, rx) = new_sink(&ctx, 1).unwrap();
        ctx.globals().set("sink", sink).unwrap();
        rx
    });
    drop(receiver);
    let source = r#"
        import { pumpToSink } from 'nanojs:body_stream';
        await pumpToSink(new ReadableStream({
          pull(c) { c.enqueue(new Uint8Array(8)); },
          cancel(reason) { console.log(`cancelled: ${reason.message}`); },
        }), sink);
    "#;
    rt.block_on(isolate.run_module_source("file:///test/gone.js", source.into()))
        .unwrap();
    assert_eq!(
        *out.0.borrow(),
        "cancelled: the receiver of the body went away\n"
    );
}
