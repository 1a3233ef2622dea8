//! Native ops behind the `node:` modules (`js/node/*.js`): only where bytes
//! are involved. Each op module is registered in `lib.rs` as
//! `nanojs:internal/node_<name>`.
pub mod buffer;
pub mod crypto;
pub mod util;
pub mod zlib;
