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
