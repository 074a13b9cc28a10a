// A reproducible .tar.gz: entries in the order given, fixed mtime (0), owner root:root (uid/gid 0, no names), mode
// 0755 or 0644, ustar headers; gzip by zlib with a zero mtime in its header and no file name. Same inputs and same
// zlib (the build machine's Node) -> same bytes.
"use strict";

const fs = require("node:fs");
const zlib = require("node:zlib");

function octal(value, width) {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(name, size, mode) {
  if (Buffer.byteLength(name) > 100) throw new Error(`tar: entry name too long: ${name}`);
  const h = Buffer.alloc(512, 0);
  h.write(name, 0, "utf8");
  h.write(octal(mode, 8), 100);
  h.write(octal(0, 8), 108); // uid
  h.write(octal(0, 8), 116); // gid
  h.write(octal(size, 12), 124);
  h.write(octal(0, 12), 136); // mtime
  h.write("        ", 148); // checksum placeholder
  h.write("0", 156); // regular file
  h.write("ustar\u000000", 257);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

/** `entries`: [{ name, file | data, executable }]; writes `out` (gzip level 9). */
function writeTarGz(out, entries) {
  const parts = [];
  for (const e of entries) {
    const data = e.data !== undefined ? Buffer.from(e.data) : fs.readFileSync(e.file);
    parts.push(header(e.name, data.length, e.executable ? 0o755 : 0o644), data);
    const pad = (512 - (data.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(1024, 0));
  fs.writeFileSync(out, zlib.gzipSync(Buffer.concat(parts), { level: 9 }));
}

module.exports = { writeTarGz };
