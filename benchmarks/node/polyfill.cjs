// PostGraphile 5.1 (grafast, grafserv, @dataplan/pg) declares Node >= 22 and calls
// Promise.withResolvers (ES2024), which Node 20 lacks. Loaded first with
// NODE_OPTIONS=--require ./polyfill.cjs; it does nothing on a Node that has it.
"use strict";

if (typeof Promise.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
