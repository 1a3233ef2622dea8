//! Native ops for `structuredClone` (`nanojs:internal/structured_clone`).
//!
//! - `classId(value)`: QuickJS's class id of an object (0 for primitives): an
//!   exact, side-effect-free brand check for every builtin kind at once (Map,
//!   Date, Proxy, Promise, typed arrays, native platform classes, ...). The
//!   JS side learns which id is which from sample objects, so nothing depends
//!   on QuickJS's internal numbering.
//! - `newMemory()`, `memoryGet(memory, input)`, `memorySet(memory, input,
//!   clone)`: the "memory" of one clone, from input objects to their clones,
//!   keyed by identity. (A JS Map would do, but QuickJS hashes object keys by
//!   address with the low bits always zero, so large maps of objects degrade
//!   to long chains.)
//! - `walk(from, to, env)`: the hot path of `structuredClone`, cloning the
//!   properties of a plain object or array into `to`. For each own
//!   enumerable string key of `from` (taken up front), if `from` still has
//!   it: [[Get]] it, clone it, and define the clone on `to` as a data property
//!   (so no setter of `to`'s prototypes runs). Primitives never leave native
//!   code; nested plain objects and arrays are cloned here too, depth first
//!   with an explicit stack, so JSON-shaped data of any depth clones without
//!   recursion; every other object goes to the JS side (see `Env`).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ptr;

use crate::native::native_ops;
use rquickjs::class::{JsClass, Trace, Tracer, Writable};
use rquickjs::function::Constructor;
use rquickjs::{qjs, Array, Class, Ctx, Function, JsLifetime, Object, Value};

native_ops! {
    "classId" => class_id,
    "newMemory" => new_memory,
    "memoryGet" => memory_get,
    "memorySet" => memory_set,
    "walk" => walk,
}

fn class_id(value: Value<'_>) -> u32 {
    // SAFETY: reads the class id of a live value; no allocation, no JS.
    unsafe { qjs::JS_GetClassID(value.as_raw()) }
}

/// The property names QuickJS listed, freed on drop.
struct Names {
    ctx: *mut qjs::JSContext,
    tab: *mut qjs::JSPropertyEnum,
    len: u32,
}

impl Names {
    fn atom(&self, i: u32) -> qjs::JSAtom {
        debug_assert!(i < self.len);
        // SAFETY: `tab` holds `len` entries.
        unsafe { (*self.tab.add(i as usize)).atom }
    }
}

impl Drop for Names {
    fn drop(&mut self) {
        // SAFETY: `tab` and its atoms came from JS_GetOwnPropertyNames.
        unsafe { qjs::JS_FreePropertyEnum(self.ctx, self.tab, self.len) }
    }
}

/// Hashes an object's address (QuickJS objects are 16-byte aligned).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, _: &[u8]) {
        unreachable!("only addresses are hashed");
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = ((n as u64) >> 4).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Inputs (held, so that an address is never reused during the clone) and
/// their clones, by the input's address.
#[derive(Default)]
struct Memory<'js> {
    map: HashMap<usize, (Value<'js>, Value<'js>), BuildHasherDefault<AddressHasher>>,
}

// SAFETY: `Memory<'js>` holds only `'js` values; the same type for any lifetime.
unsafe impl<'js> JsLifetime<'js> for Memory<'js> {
    type Changed<'to> = Memory<'to>;
}

impl<'js> Trace<'js> for Memory<'js> {
    fn trace<'a>(&self, tracer: Tracer<'a, 'js>) {
        for (input, output) in self.map.values() {
            input.trace(tracer);
            output.trace(tracer);
        }
    }
}

impl<'js> JsClass<'js> for Memory<'js> {
    const NAME: &'static str = "StructuredCloneMemory";
    type Mutable = Writable;

    fn prototype(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Object<'js>>> {
        Ok(None)
    }

    fn constructor(_ctx: &Ctx<'js>) -> rquickjs::Result<Option<Constructor<'js>>> {
        Ok(None)
    }
}

fn address(value: &Value<'_>) -> Option<usize> {
    // SAFETY: reads the pointer of an object value.
    value
        .is_object()
        .then(|| unsafe { qjs::JS_VALUE_GET_PTR(value.as_raw()) as usize })
}

fn new_memory<'js>(ctx: Ctx<'js>) -> rquickjs::Result<Class<'js, Memory<'js>>> {
    Class::instance(ctx, Memory::default())
}

fn memory_get<'js>(
    ctx: Ctx<'js>,
    memory: Class<'js, Memory<'js>>,
    input: Value<'js>,
) -> Value<'js> {
    let found = address(&input).and_then(|a| memory.borrow().map.get(&a).map(|e| e.1.clone()));
    found.unwrap_or_else(|| Value::new_undefined(ctx))
}

fn memory_set<'js>(memory: Class<'js, Memory<'js>>, input: Value<'js>, output: Value<'js>) {
    if let Some(a) = address(&input) {
        memory.borrow_mut().map.insert(a, (input, output));
    }
}

impl Names {
    /// The own enumerable string keys of `obj`.
    fn of(ctx: &Ctx<'_>, obj: &Value<'_>) -> rquickjs::Result<Self> {
        let c = ctx.as_raw().as_ptr();
        let mut tab = ptr::null_mut();
        let mut len = 0u32;
        let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_ENUM_ONLY) as i32;
        // SAFETY: `obj` is a live object of this context.
        if unsafe { qjs::JS_GetOwnPropertyNames(c, &mut tab, &mut len, obj.as_raw(), flags) } < 0 {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Names { ctx: c, tab, len })
    }
}

/// What `walk` needs from the JS side, as an array (one per structuredClone
/// call): `[memory, objectPrototype, clone, plain, arrayClassId,
/// objectClassId]`. `memory` is the clone's memory. `clone(value)`
/// handles any object `walk` does not: it returns the clone, or `plain` to
/// have `walk` clone the value as a plain object (an ordinary object whose
/// prototype is not Object.prototype, once JS has checked it is not a
/// platform object).
struct Env<'js> {
    memory: Class<'js, Memory<'js>>,
    object_prototype: Value<'js>,
    clone: Function<'js>,
    plain: Value<'js>,
    array_class: u32,
    object_class: u32,
}

impl<'js> Env<'js> {
    fn from_array(env: &Array<'js>) -> rquickjs::Result<Self> {
        Ok(Env {
            memory: env.get(0)?,
            object_prototype: env.get(1)?,
            clone: env.get(2)?,
            plain: env.get(3)?,
            array_class: env.get(4)?,
            object_class: env.get(5)?,
        })
    }

    /// A new, empty clone of `value` if `walk` clones it itself.
    fn shell(&self, ctx: &Ctx<'js>, value: &Value<'js>) -> rquickjs::Result<Option<Value<'js>>> {
        let id = class_id(value.clone());
        if id == self.array_class {
            // The length comes first: `ArrayCreate(length)`; holes stay holes.
            let len: Value = value.as_object().expect("an array").get("length")?;
            let out = Array::new(ctx.clone())?;
            out.as_object().set("length", len)?;
            return Ok(Some(out.into_value()));
        }
        if id == self.object_class {
            let proto = value
                .as_object()
                .expect("an object")
                .get_prototype()
                .map(Object::into_value);
            if proto.as_ref().is_none_or(|p| *p == self.object_prototype) {
                return Ok(Some(Object::new(ctx.clone())?.into_value()));
            }
        }
        Ok(None)
    }
}

impl<'js> Env<'js> {
    /// The clone of a property value, and the frame that fills it in when it
    /// is a new plain object or array.
    fn clone_value(
        &self,
        ctx: &Ctx<'js>,
        value: Value<'js>,
    ) -> rquickjs::Result<(Value<'js>, Option<Frame<'js>>)> {
        if value.is_symbol() {
            // Throws the DataCloneError.
            return Ok((self.clone.call((value,))?, None));
        }
        if !value.is_object() {
            return Ok((value, None));
        }
        let key = address(&value).expect("an object");
        let seen = self.memory.borrow().map.get(&key).map(|e| e.1.clone());
        if let Some(seen) = seen {
            return Ok((seen, None));
        }
        let shell = match self.shell(ctx, &value)? {
            Some(shell) => shell,
            None => {
                let r: Value = self.clone.call((value.clone(),))?;
                if r != self.plain {
                    // Cloned (and remembered) by JS.
                    return Ok((r, None));
                }
                Object::new(ctx.clone())?.into_value()
            }
        };
        self.memory
            .borrow_mut()
            .map
            .insert(key, (value.clone(), shell.clone()));
        let frame = Frame {
            names: Names::of(ctx, &value)?,
            from: value,
            to: shell.clone(),
            next: 0,
        };
        Ok((shell, Some(frame)))
    }
}

struct Frame<'js> {
    from: Value<'js>,
    to: Value<'js>,
    names: Names,
    next: u32,
}

fn walk<'js>(
    ctx: Ctx<'js>,
    from: Value<'js>,
    to: Value<'js>,
    env: Array<'js>,
) -> rquickjs::Result<()> {
    if !from.is_object() || !to.is_object() {
        return Err(rquickjs::Exception::throw_type(&ctx, "walk: not an object"));
    }
    let env = Env::from_array(&env)?;
    let c = ctx.as_raw().as_ptr();
    let names = Names::of(&ctx, &from)?;
    let mut stack = vec![Frame {
        from,
        to,
        names,
        next: 0,
    }];
    while let Some(top) = stack.last_mut() {
        if top.next == top.names.len {
            stack.pop();
            continue;
        }
        let atom = top.names.atom(top.next);
        top.next += 1;
        // SAFETY (this block and the next): `top.from` is a live object and
        // `atom` is held by `top.names`; QuickJS returns an owned value,
        // which `Value::from_raw` takes over.
        let own = unsafe { qjs::JS_GetOwnProperty(c, ptr::null_mut(), top.from.as_raw(), atom) };
        if own < 0 {
            return Err(rquickjs::Error::Exception);
        }
        if own == 0 {
            continue;
        }
        let value = unsafe {
            let raw = qjs::JS_GetProperty(c, top.from.as_raw(), atom);
            if qjs::JS_IsException(raw) {
                return Err(rquickjs::Error::Exception);
            }
            Value::from_raw(ctx.clone(), raw)
        };
        let (out, child) = env.clone_value(&ctx, value)?;
        let top = stack.last_mut().expect("the current frame");
        define(c, &top.to, atom, &out)?;
        if let Some(frame) = child {
            stack.push(frame);
        }
    }
    Ok(())
}

/// Defines `value` as an ordinary data property (no setter runs).
fn define(
    c: *mut qjs::JSContext,
    to: &Value<'_>,
    atom: qjs::JSAtom,
    value: &Value<'_>,
) -> rquickjs::Result<()> {
    let flags = (qjs::JS_PROP_C_W_E | qjs::JS_PROP_THROW) as i32;
    // SAFETY: JS_DefinePropertyValue takes ownership of the duplicated value.
    let r = unsafe {
        let raw = qjs::JS_DupValue(c, value.as_raw());
        qjs::JS_DefinePropertyValue(c, to.as_raw(), atom, raw, flags)
    };
    if r < 0 {
        return Err(rquickjs::Error::Exception);
    }
    Ok(())
}
