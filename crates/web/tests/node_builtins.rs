//! Every one of Node's built-in module names is either a `node:` module of
//! this registry or refused with advice, never both and never neither (the
//! engine's generic "not included" error is for other embedders).

#[test]
fn every_node_builtin_is_offered_or_refused_with_advice() {
    let builtins = nanojs_web::builtins();
    let mut neither = Vec::new();
    for (name, advice) in nanojs_engine::node_builtins() {
        let offered = builtins.contains(&format!("node:{name}"));
        assert!(
            !(offered && advice.is_some()),
            "node:{name} is offered and also refused"
        );
        if !offered && advice.is_none() {
            neither.push(name);
        }
    }
    assert!(
        neither.is_empty(),
        "neither offered nor refused with advice: {neither:?}"
    );
}
