"use strict";
/**
 * Preload for the long-wait benchmark's dynamic-provider host (`node --require bench/host-time-scale.js`): makes
 * the SDK's default clock and sleep (dist/sdk/time.js: what the provider's waiter uses) run DTS_BENCH_TIME_SCALE
 * times faster, so a 72-hour wait against an emulator started with the same time scale makes the polls a real
 * 72-hour wait makes. Only the SDK's time sources change: gRPC, HTTP timeouts and the host's own timers keep real
 * time. Benchmark use only; never loaded by the package.
 */
const scale = Number(process.env.DTS_BENCH_TIME_SCALE);
const modulePath = process.env.DTS_BENCH_TIME_MODULE;
if (scale > 0 && modulePath) {
  const time = require(modulePath);
  const origin = Date.now();
  const realSleep = time.defaultSleep;
  time.systemClock.now = () => origin + (Date.now() - origin) * scale;
  time.defaultSleep = (ms, signal) => realSleep(ms / scale, signal);
}

// On SIGUSR2 (sent by the benchmark): a full GC, then the heap and RSS on stderr, so a leak per poll (heap growing
// over the waits) can be told apart from memory V8 keeps after collecting (RSS only).
if (process.env.DTS_BENCH_HEAP_PROBE) {
  require("node:v8").setFlagsFromString("--expose-gc");
  const gc = require("node:vm").runInNewContext("gc");
  process.on("SIGUSR2", () => {
    gc();
    const m = process.memoryUsage();
    process.stderr.write(`DTS_BENCH_HEAP ${m.heapUsed} ${m.rss}\n`);
  });
}
