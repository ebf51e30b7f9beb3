// Times Mozilla Readability.js (with jsdom) over HTML files: node extract_readability.js FILE...
// Prints "pages seconds" on stdout. Part of bench/extract.sh.
const fs = require("fs");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");
const files = process.argv.slice(2);
const pages = files.map((f) => fs.readFileSync(f, "utf8"));
const quiet = new VirtualConsole();
const start = process.hrtime.bigint();
let ok = 0;
for (const html of pages) {
  try {
    const dom = new JSDOM(html, { virtualConsole: quiet });
    const article = new Readability(dom.window.document).parse();
    if (article && article.textContent) ok++;
    dom.window.close();
  } catch (e) {}
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(`${pages.length} ${seconds} ${ok}`);
