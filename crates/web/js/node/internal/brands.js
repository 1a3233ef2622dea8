// node:internal/brands — objects whose type node:util/types reports but whose
// class lives in another builtin.
//
// node:crypto's KeyObject constructor must register each instance:
//   import { keyObjects } from 'node:internal/brands';
//   keyObjects.add(this);
// so that util.types.isKeyObject(key) is true (as in Node, where the check is
// an internal slot that user objects cannot fake).

export const keyObjects = new WeakSet();
