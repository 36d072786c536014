// Prints the LICENSE shipped beside yasgui.min.js: YASGUI's own MIT licence, then the licence
// of each package in node_modules with its version (the packages YASGUI depends on, whose code
// its published bundle includes). Run by build.sh; reads only node_modules/, so it works offline after `npm ci`.
"use strict";
const fs = require("fs");
const path = require("path");

const modules = path.join(__dirname, "node_modules");
const yasgui = require(path.join(modules, "@zazuko/yasgui/package.json"));
const out = [];
out.push(`YASGUI ${yasgui.version} (${yasgui.name}, ${yasgui.homepage})

MIT License

Copyright (c) ${yasgui.author} and ${yasgui.contributors.map((c) => c.name).join(", ")}
(the package's author and contributors, as its package.json names them; the npm package states
its licence as "${yasgui.license}" there and ships no licence file)

Permission is hereby granted, free of charge, to any person obtaining a copy of this software
and associated documentation files (the "Software"), to deal in the Software without
restriction, including without limitation the rights to use, copy, modify, merge, publish,
distribute, sublicense, and/or sell copies of the Software, and to permit persons to whom the
Software is furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING
BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM,
DAMAGES OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

Third-party packages bundled in yasgui.min.js and yasgui.min.css, with their licences:
`);

const packages = [];
for (const entry of fs.readdirSync(modules).sort()) {
  if (entry.startsWith(".")) continue;
  const names = entry.startsWith("@")
    ? fs.readdirSync(path.join(modules, entry)).sort().map((n) => `${entry}/${n}`)
    : [entry];
  packages.push(...names);
}
for (const name of packages) {
  const folder = path.join(modules, name);
  const manifest = path.join(folder, "package.json");
  if (!fs.existsSync(manifest) || name.startsWith("@zazuko/yasgui")) continue;
  const meta = JSON.parse(fs.readFileSync(manifest, "utf8"));
  const files = fs.readdirSync(folder).filter((f) => /^(licen[cs]e|copying)/i.test(f)).sort();
  out.push("-".repeat(78));
  out.push(`${meta.name} ${meta.version} (${meta.license || "licence: see its files"})`);
  out.push("");
  if (files.length) {
    out.push(fs.readFileSync(path.join(folder, files[0]), "utf8").trim());
  } else {
    out.push(`(no licence file in the npm package; its package.json says "${meta.license}")`);
  }
  out.push("");
}
process.stdout.write(out.join("\n") + "\n");
