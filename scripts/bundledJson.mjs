// How the generated JSON files (schemas/generated/) go into the bundles (scripts/build.mjs).
//
// As JSON.parse('…') rather than an object literal: V8 then builds the objects straight from the
// string, without the literal's bytecode and boilerplate (about 3 MB less resident memory in the
// server, and a faster start).
//
// chart-keys.json (~1,850 keys, ~0.9 MB as objects) goes further: the keys below each top-level
// key stay a JSON string until something reads that key's `k` (a getter that parses them once
// and puts the result in its place). The objects are the same as JSON.parse of the file gives;
// a file that names `bpf` and `ipam` costs the parse of those two subtrees, not of `hubble`.
// The readers avoid touching `k` where they only need the top level (core/schema/valuesSchema.ts).
// test/unit/bundledJson.test.ts checks both forms against the files.

const asParse = (value) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;

/** CommonJS module text standing for one generated JSON file (`name` is its file name). */
export function bundledJson(name, text) {
  const data = JSON.parse(text);
  if (name !== 'chart-keys.json') return `module.exports = ${asParse(data)};`;
  const { keys, ...head } = data;
  const top = {};
  const below = {};
  for (const [key, { k, ...node }] of Object.entries(keys)) {
    top[key] = node;
    if (k) below[key] = JSON.stringify(k);
  }
  return `const keys = ${asParse(top)};
const below = ${asParse(below)};
for (const name of Object.keys(below)) {
  Object.defineProperty(keys[name], 'k', {
    configurable: true,
    enumerable: true,
    get() {
      const k = JSON.parse(below[name]);
      delete below[name];
      Object.defineProperty(this, 'k', { value: k, configurable: true, enumerable: true, writable: true });
      return k;
    },
  });
}
module.exports = { ...${asParse(head)}, keys };
`;
}
