// Builds Casework's front-end assets into Django static files (app `casework.web`).
//
//   npm ci && npm run build
//
// Output (generated, not committed): casework/web/static/casework/
//   application.css            GOV.UK Frontend + Casework settings, compiled by Dart Sass
//   govuk-frontend.min.js(.map) GOV.UK Frontend's JavaScript (ES module)
//   htmx.min.js                htmx 2
//   chart.umd.min.js(.map)     Chart.js 4 (UMD build: a global `Chart`), for the report pages
//   reports.js                 draws each report's charts (frontend/js/reports.js)
//
// No GOV.UK fonts and no GOV.UK images are copied: they are GOV.UK's brand (see
// docs/adr/0004-front-end-build.md). The build checks the result and fails loudly
// if that ever changes. Silent on success.

import { copyFile, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "casework", "web", "static", "casework");
const modules = join(root, "node_modules");

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  // The .min.js ends with a sourceMappingURL comment; ship the map so it does not 404.
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js.map", "govuk-frontend.min.js.map"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["chart.js/dist/chart.umd.min.js", "chart.umd.min.js"],
  // Like GOV.UK Frontend's, it ends with a sourceMappingURL comment.
  ["chart.js/dist/chart.umd.min.js.map", "chart.umd.min.js.map"],
];

// Casework's own scripts, copied as they are (plain scripts for current browsers: no bundler needed).
const ownScripts = [["frontend/js/reports.js", "reports.js"]];

function fail(message) {
  console.error(`frontend build failed: ${message}`);
  process.exit(1);
}

function checkCss(css) {
  const problems = [];
  if (css.includes("GDS Transport")) problems.push('mentions the "GDS Transport" font');
  if (css.includes("@font-face")) problems.push("declares an @font-face");
  if (/fonts\//.test(css)) problems.push("refers to a fonts/ path");
  // Any url() left must be inline data: Casework ships no image files, and a URL to a
  // missing file would also break `collectstatic` with hashed (manifest) storage.
  for (const [, target] of css.matchAll(/url\(\s*["']?([^"')]*)/g)) {
    if (!target.startsWith("data:")) problems.push(`refers to a file: url(${target})`);
  }
  if (problems.length) fail(`application.css ${problems.join("; ")}`);
}

async function main() {
  // Repeatable: start from an empty output directory every time.
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });

  const entry = join(root, "frontend", "scss", "application.scss");
  let result;
  try {
    result = await sass.compileAsync(entry, {
      style: "compressed",
      importers: [new sass.NodePackageImporter(root)],
      // Deprecation notices from inside node_modules are GOV.UK Frontend's to fix;
      // warnings from our own SCSS are still shown.
      quietDeps: true,
    });
  } catch (error) {
    fail(error instanceof sass.Exception ? error.message : String(error));
  }
  checkCss(result.css);
  await writeFile(join(out, "application.css"), `${result.css}\n`);

  for (const [from, to] of copies) {
    try {
      await copyFile(join(modules, from), join(out, to));
    } catch (error) {
      fail(`cannot copy ${from} (run \`npm ci\` first?): ${error.message}`);
    }
  }

  for (const [from, to] of ownScripts) {
    try {
      await copyFile(join(root, from), join(out, to));
    } catch (error) {
      fail(`cannot copy ${from}: ${error.message}`);
    }
  }

  const htmx = await readFile(join(out, "htmx.min.js"), "utf8");
  const version = htmx.match(/version:\s*"([^"]+)"/)?.[1];
  if (!version?.startsWith("2.")) {
    fail(`${relative(root, join(out, "htmx.min.js"))} is htmx ${version ?? "(unknown)"}, not 2.x`);
  }

  const chart = await readFile(join(out, "chart.umd.min.js"), "utf8");
  const chartVersion = chart.match(/Chart\.js v(\d[^\s]*)/)?.[1];
  if (!chartVersion?.startsWith("4.")) {
    fail(`${relative(root, join(out, "chart.umd.min.js"))} is Chart.js ${chartVersion ?? "(unknown)"}, not 4.x`);
  }
}

await main();
