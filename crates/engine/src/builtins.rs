//! The registry of builtin modules and lazily installed globals.
//!
//! A registry is built once per process and shared by every isolate, so an
//! isolate pays only for the builtins its code actually touches.

use std::collections::HashMap;

use rquickjs::{module::Declared, Ctx, Module};

/// Declares a native module under the given name.
pub type NativeModuleFn = for<'js> fn(&Ctx<'js>, &str) -> rquickjs::Result<Module<'js, Declared>>;

/// Where a builtin module's code comes from.
#[derive(Clone, Copy)]
pub enum ModuleSource {
    /// QuickJS bytecode of an ES module, compiled at build time.
    Bytecode(&'static [u8]),
    /// A module whose exports are Rust functions.
    Native(NativeModuleFn),
}

/// A global that is installed on first access from a builtin module's export.
#[derive(Clone, Copy, Debug)]
pub struct LazyGlobal {
    pub name: &'static str,
    pub module: &'static str,
    pub export: &'static str,
}

/// Builtin modules (by specifier, e.g. `nanojs:url`) and lazy globals.
#[derive(Default)]
pub struct Builtins {
    modules: HashMap<&'static str, Module_>,
    globals: Vec<LazyGlobal>,
}

#[derive(Clone, Copy)]
struct Module_ {
    source: ModuleSource,
    /// Internal modules can be imported only by other builtins.
    internal: bool,
}

impl Builtins {
    /// A registry holding the engine's own internal module, `nanojs:host`.
    pub fn new() -> Self {
        let mut b = Self::default();
        b.internal_module(
            "nanojs:host",
            ModuleSource::Native(crate::host_module::declare),
        );
        b
    }

    /// Adds a module that user code may import (e.g. `nanojs:url`).
    pub fn module(&mut self, specifier: &'static str, source: ModuleSource) -> &mut Self {
        self.modules.insert(
            specifier,
            Module_ {
                source,
                internal: false,
            },
        );
        self
    }

    /// Adds a module that only other builtins may import (native ops).
    pub fn internal_module(&mut self, specifier: &'static str, source: ModuleSource) -> &mut Self {
        self.modules.insert(
            specifier,
            Module_ {
                source,
                internal: true,
            },
        );
        self
    }

    /// Adds a global installed from `module`'s export `export` when first read
    /// or written. An empty `export` means that evaluating the module defines
    /// the global itself (e.g. an accessor such as `onerror`).
    pub fn global(
        &mut self,
        name: &'static str,
        module: &'static str,
        export: &'static str,
    ) -> &mut Self {
        self.globals.push(LazyGlobal {
            name,
            module,
            export,
        });
        self
    }

    pub fn globals(&self) -> &[LazyGlobal] {
        &self.globals
    }

    pub(crate) fn source(&self, specifier: &str) -> Option<ModuleSource> {
        self.modules.get(specifier).map(|m| m.source)
    }

    pub(crate) fn is_internal(&self, specifier: &str) -> bool {
        self.modules.get(specifier).is_some_and(|m| m.internal)
    }

    pub(crate) fn specifier(&self, specifier: &str) -> Option<&'static str> {
        self.modules.get_key_value(specifier).map(|(k, _)| *k)
    }

    pub fn contains(&self, specifier: &str) -> bool {
        self.modules.contains_key(specifier)
    }

    /// The `node:` modules user code may import, without the prefix, sorted
    /// (node:module's `builtinModules`).
    pub(crate) fn node_modules(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .modules
            .iter()
            .filter(|(_, m)| !m.internal)
            .filter_map(|(k, _)| k.strip_prefix("node:"))
            .filter(|k| !k.starts_with("internal/"))
            .collect();
        names.sort_unstable();
        names
    }
}
