//! The isolate's allocator: the C allocator with the heap limit enforced
//! here rather than by QuickJS, so that the isolate knows an allocation was
//! refused. QuickJS signals out-of-memory by throwing an InternalError, but
//! when even that error cannot be allocated it throws `null`; the flag set
//! here is how such a failure is still recognised. Keeping the count here
//! also makes `memory_used` O(1).

use std::cell::Cell;
use std::ptr;
use std::rc::Rc;

use rquickjs::allocator::Allocator;

#[derive(Default)]
pub(crate) struct HeapLimit {
    used: Cell<usize>,
    limit: Cell<usize>,
    /// Refused since the last error report accounted for it.
    exhausted: Cell<bool>,
    /// Refused at any time: the isolate's state may be half-built.
    ever_exhausted: Cell<bool>,
}

impl HeapLimit {
    pub fn new(limit: Option<usize>) -> Rc<HeapLimit> {
        Rc::new(HeapLimit {
            used: Cell::new(0),
            limit: Cell::new(limit.unwrap_or(usize::MAX)),
            exhausted: Cell::new(false),
            ever_exhausted: Cell::new(false),
        })
    }

    pub fn used(&self) -> usize {
        self.used.get()
    }

    /// Whether an allocation was refused since the last call; clears it.
    pub fn take_exhausted(&self) -> bool {
        self.exhausted.replace(false)
    }

    pub fn ever_exhausted(&self) -> bool {
        self.ever_exhausted.get()
    }

    fn admit(&self, more: usize) -> bool {
        match self.used.get().checked_add(more) {
            Some(total) if total <= self.limit.get() => true,
            _ => {
                self.exhausted.set(true);
                self.ever_exhausted.set(true);
                false
            }
        }
    }
}

pub(crate) struct LimitedAllocator(pub Rc<HeapLimit>);

fn usable(p: *mut u8) -> usize {
    // SAFETY: `p` came from this allocator's malloc/calloc/realloc.
    unsafe { libc::malloc_usable_size(p.cast()) }
}

// SAFETY: every pointer comes from the C allocator, which aligns to at least
// 16 bytes on the platforms we build for (QuickJS needs 8); usable_size is
// malloc_usable_size of such a pointer.
unsafe impl Allocator for LimitedAllocator {
    fn alloc(&mut self, size: usize) -> *mut u8 {
        if !self.0.admit(size) {
            return ptr::null_mut();
        }
        // SAFETY: plain C allocation.
        let p = unsafe { libc::malloc(size) }.cast::<u8>();
        if !p.is_null() {
            self.0.used.set(self.0.used.get() + usable(p));
        }
        p
    }

    fn calloc(&mut self, count: usize, size: usize) -> *mut u8 {
        let Some(total) = count.checked_mul(size) else {
            return ptr::null_mut();
        };
        if !self.0.admit(total) {
            return ptr::null_mut();
        }
        // SAFETY: plain C allocation.
        let p = unsafe { libc::calloc(count, size) }.cast::<u8>();
        if !p.is_null() {
            self.0.used.set(self.0.used.get() + usable(p));
        }
        p
    }

    unsafe fn dealloc(&mut self, p: *mut u8) {
        if p.is_null() {
            return;
        }
        self.0.used.set(self.0.used.get().saturating_sub(usable(p)));
        libc::free(p.cast());
    }

    unsafe fn realloc(&mut self, p: *mut u8, new_size: usize) -> *mut u8 {
        if p.is_null() {
            return self.alloc(new_size);
        }
        let old = usable(p);
        if new_size > old && !self.0.admit(new_size - old) {
            return ptr::null_mut();
        }
        let q = libc::realloc(p.cast(), new_size).cast::<u8>();
        if q.is_null() {
            // The old block is untouched.
            return q;
        }
        self.0
            .used
            .set(self.0.used.get().saturating_sub(old) + usable(q));
        q
    }

    unsafe fn usable_size(p: *mut u8) -> usize {
        libc::malloc_usable_size(p.cast())
    }
}
