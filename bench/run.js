#!/usr/bin/env node
"use strict";
// Entry of `npm run bench`: loads the TypeScript benchmarks through a transpile-only hook (no build step).
require("./register");
require("./main.ts")
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (error) => {
      console.error(error?.stack ? error.stack : String(error));
      process.exit(1);
    },
  );
