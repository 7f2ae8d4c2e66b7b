// Minifies one of the engine's scripts with terser: the build runs it once per
// change of the script (cached), as `node minify.mjs <runtime> <input> <output>`.
// Whole-line comments are gone already; this takes the rest: spaces, local names.
import { readFile, writeFile } from "node:fs/promises";
import { minify } from "terser";

const [, , , input, output] = process.argv;
const result = await minify(await readFile(input, "utf8"), {
  ecma: 2020,
  compress: { passes: 2 },
  mangle: true, // local names only: the namespace's properties stay as they are
  format: { comments: false },
});
await writeFile(output, result.code);
