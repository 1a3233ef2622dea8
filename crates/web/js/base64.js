// atob and btoa (HTML "forgiving-base64"). They are native functions
// (nanojs:internal/base64), which convert their argument and throw the
// InvalidCharacterError DOMException (from nanojs:dom_exception) themselves.
export { atob, btoa } from 'nanojs:internal/base64';
