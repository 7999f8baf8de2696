// What undici's `require('node:assert')` gets in the CLI's bundle (scripts/bundle.ts): undici asserts its
// invariants with `assert(value)` at every step, but node:assert itself (its AssertionError, diffing and
// colours) is needed only when one fails: it is loaded then, or when a method such as `assert.ok` is used.
"use strict";

function assert(value, message) {
  if (!value) require("node:assert")(value, message);
}

module.exports = new Proxy(assert, {
  get: (target, key) => (key in target ? target[key] : require("node:assert")[key]),
});
