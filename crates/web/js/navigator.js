// `navigator` as the WinterTC Minimum Common API has it (userAgent), plus
// hardwareConcurrency from HTML's NavigatorConcurrentHardware.

import { userAgent, hardwareConcurrency } from 'nanojs:internal/navigator';

// Lets this module, and only it, create the one Navigator object.
const ILLEGAL = Symbol('Navigator');

let isNavigator;

function check(self, what) {
  if (!isNavigator(self)) {
    throw new TypeError(`'${what}' called on an object that is not a Navigator`);
  }
}

export class Navigator {
  #brand = true;

  static {
    isNavigator = (o) => o !== null && typeof o === 'object' && #brand in o;
  }

  constructor(key = undefined) {
    if (key !== ILLEGAL) throw new TypeError('Illegal constructor');
  }

  // readonly attribute DOMString userAgent;
  get userAgent() {
    check(this, 'userAgent');
    return userAgent;
  }

  // readonly attribute unsigned long long hardwareConcurrency;
  get hardwareConcurrency() {
    check(this, 'hardwareConcurrency');
    return hardwareConcurrency;
  }
}

// WebIDL: attributes are enumerable; the class string is "Navigator".
for (const key of ['userAgent', 'hardwareConcurrency']) {
  const d = Object.getOwnPropertyDescriptor(Navigator.prototype, key);
  d.enumerable = true;
  Object.defineProperty(Navigator.prototype, key, d);
}
Object.defineProperty(Navigator.prototype, Symbol.toStringTag, {
  value: 'Navigator', writable: false, enumerable: false, configurable: true,
});

export const navigator = new Navigator(ILLEGAL);
