/** The abortable default sleep (no real waiting: only zero-length timers and aborts). */
import { defaultSleep, systemClock } from "../../sdk/time";

describe("defaultSleep", () => {
  it("resolves after the timer", async () => {
    await expect(defaultSleep(0)).resolves.toBeUndefined();
  });

  it("rejects at once with the signal's reason when aborted, and removes its listener", async () => {
    const controller = new AbortController();
    const remove = jest.spyOn(controller.signal, "removeEventListener");
    const pending = defaultSleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(pending).rejects.toThrow("stop");
    // once:true removes the abort listener itself; the timer was cleared, so the process is not held.
    expect(remove).not.toHaveBeenCalled();
  });

  it("rejects for an already aborted signal with an AbortError", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(defaultSleep(60_000, controller.signal)).rejects.toMatchObject({ name: "AbortError" });
  });

  it("removes the abort listener when the timer fires", async () => {
    const controller = new AbortController();
    const remove = jest.spyOn(controller.signal, "removeEventListener");
    await defaultSleep(0, controller.signal);
    expect(remove).toHaveBeenCalledWith("abort", expect.any(Function));
  });
});

describe("systemClock", () => {
  it("reads Date.now()", () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
