// Bundles the engine's ES modules (quiz/src) into the classic scripts a page loads,
// with esbuild: `node bundle.mjs <runtime> <job.json> <output.json>`. The job names
// the source folder, the bundles (bundles/NAME.js, quiz first), the module workers
// shipped as they are but minified (worker.js, beside the folder) and whether to minify;
// the output maps each file name (NAME.js, NAME.js.map) to its text. The plugin puts
// each bundle's messages in front, and caches the output by the sources, the job and
// this script.
//
// esbuild bundles; terser minifies what it bundled (its source map carried through):
// measured on quiz.js, terser's output is 3% smaller gzipped than esbuild's own
// minifier's (10.7 KB against 11.0 KB), and every page loads quiz.js.
//
// quiz.js runs on every page; the other bundles load after it. What they import of
// quiz.js's modules is not bundled twice: quiz.js publishes exactly those names as
// globalThis.ConnectOrNot.modules[module], and their imports read them from there,
// so a trainer's page runs one Card class. A name that is not published fails the
// build ("No matching export"), never a page.
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import * as esbuild from "esbuild";
import { minify } from "terser";

const [, , , jobFile, output] = process.argv;
const job = JSON.parse(await readFile(jobFile, "utf8"));
const src = path.resolve(job.src);
const MAIN = "quiz";
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*["'](\.\.?\/[^"']+)["']/g;

function options(name, extra = {}) {
  return {
    entryPoints: { [name]: path.join(src, "bundles", `${name}.js`) },
    absWorkingDir: src,
    bundle: true,
    format: "iife",
    target: ["es2022"],
    legalComments: "none",
    charset: "utf8",
    sourcemap: "external",
    sourcesContent: true,
    outdir: src, // not written: the source maps name the sources as quiz/src has them
    write: false,
    metafile: true,
    logLevel: "silent",
    ...extra,
  };
}

const files = {};

// `name` minified by terser, with its source map (carried on from `map`, if given).
async function minified(name, code, map, module = false) {
  const small = await minify(code, { module, ecma: 2020, compress: { passes: 2 },
    mangle: true, format: { comments: false },
    sourceMap: { content: map, url: `${name}.map`, includeSources: true } });
  files[name] = small.code;
  files[`${name}.map`] = small.map;
}

async function keep(result) {
  const out = Object.fromEntries(result.outputFiles.map((file) =>
    [path.basename(file.path), file.text]));
  for (const name of Object.keys(out).filter((name) => name.endsWith(".js"))) {
    const map = out[`${name}.map`];
    if (!job.minify) {
      files[name] = `${out[name]}//# sourceMappingURL=${name}.map\n`;
      files[`${name}.map`] = map;
      continue;
    }
    await minified(name, out[name], map);
  }
}

// quiz.js's modules (its graph, without the entry).
const plain = await esbuild.build({ ...options(MAIN), sourcemap: false });
const graph = new Set(Object.keys(plain.metafile.inputs).map((input) => path.resolve(src, input))
  .filter((file) => !file.startsWith(path.join(src, "bundles") + path.sep)));
const moduleName = (file) => path.relative(src, file).replace(/\.js$/, "");

// module -> the names the other bundles' sources import from it
const published = new Map();
for (const entry of await readdir(src, { recursive: true })) {
  const importer = path.join(src, entry);
  const ownEntry = importer === path.join(src, "bundles", `${MAIN}.js`);
  if (!importer.endsWith(".js") || graph.has(importer) || ownEntry) continue;
  for (const [, list, from] of (await readFile(importer, "utf8")).matchAll(IMPORT)) {
    const file = path.resolve(path.dirname(importer), from);
    if (!graph.has(file)) continue;
    const names = published.get(moduleName(file)) || new Set();
    for (const item of list.split(",").map((s) => s.trim()).filter(Boolean)) {
      names.add(item.split(/\s+as\s+/)[0]);
    }
    published.set(moduleName(file), names);
  }
}

const shared = {
  name: "quiz-js-modules",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      return graph.has(file) ? { path: moduleName(file), namespace: "quiz-js" } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: "quiz-js" }, (args) => ({
      contents: `const m = globalThis.ConnectOrNot.modules[${JSON.stringify(args.path)}];\n` +
        [...(published.get(args.path) || [])].map((name) => `export const ${name} = m.${name};`)
          .join("\n"),
      loader: "js",
    }));
  },
};

for (const name of job.bundles.filter((name) => name !== MAIN)) {
  await keep(await esbuild.build(options(name, { plugins: [shared] })));
}

// quiz.js: its entry, then the publication of what the others import.
const imports = [...published].map(([name, names], i) =>
  `import { ${[...names].map((n) => `${n} as m${i}_${n}`).join(", ")} } from "./${name}.js";`);
const table = [...published].map(([name, names], i) => `${JSON.stringify(name)}: { ${
  [...names].map((n) => `${n}: m${i}_${n}`).join(", ")} }`);
const entry = `import "./bundles/${MAIN}.js";\n${imports.join("\n")}\n` +
  `globalThis.ConnectOrNot.modules = { ${table.join(", ")} };\n`;
const { entryPoints, ...rest } = options(MAIN);
await keep(await esbuild.build({ ...rest, outdir: undefined, outfile: path.join(src, `${MAIN}.js`),
  stdin: { contents: entry, resolveDir: src, sourcefile: `bundles/${MAIN}-published.js` } }));

// The grader's worker is a module of its own (it imports Pyodide): minified alone.
for (const name of job.workers) {
  const code = await readFile(path.join(src, "..", name), "utf8");
  if (job.minify) await minified(name, code, undefined, true);
  else files[name] = code;
}
await writeFile(output, JSON.stringify(files));
