// Orders test files for parallel workers: the longest first, so no worker is left with a long engine file at the end.
// Jest knows each file's last duration only from its cache, which a fresh clone (CI) does not have: there it falls
// back to file size, which puts short files with long waits (plugin-install, waits-under-faults) last. The committed
// tests/durations.json (seconds of one in-band run; `node tests/sequencer.js <jest --json output>` rewrites it) fills
// in for the cache. A file in neither runs first, as jest does with files it has not timed.
const fs = require("node:fs");
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

const DURATIONS = path.join(__dirname, "durations.json");

class DurationSequencer extends Sequencer {
  constructor(...args) {
    super(...args);
    this.committed = fs.existsSync(DURATIONS) ? JSON.parse(fs.readFileSync(DURATIONS, "utf8")) : {};
  }

  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const rel = path.relative(path.dirname(__dirname), test.path).split(path.sep).join("/");
    const seconds = this.committed[rel];
    return seconds == null ? undefined : seconds * 1000;
  }
}

module.exports = DurationSequencer;

if (require.main === module) {
  // node tests/sequencer.js <file written by `jest --json --outputFile`>: rewrite tests/durations.json from it.
  const results = JSON.parse(fs.readFileSync(process.argv[2], "utf8")).testResults;
  const out = {};
  // Keyed from the first `tests/` of each path: the output of another checkout of this repository serves too.
  const key = (file) =>
    file
      .split(path.sep)
      .join("/")
      .replace(/^.*?\/tests\//, "tests/");
  for (const r of results.sort((a, b) => key(a.name).localeCompare(key(b.name)))) {
    out[key(r.name)] = Math.round((r.endTime - r.startTime) / 100) / 10;
  }
  fs.writeFileSync(DURATIONS, `${JSON.stringify(out, null, 2)}\n`);
  process.stdout.write(`${Object.keys(out).length} files -> ${DURATIONS}\n`);
}
