import { Writable } from "node:stream";
import pino from "pino";
import { createLocalEvents, MAX_PENDING_EVENTS } from "../../src/events/local-events.js";
import { SKIP, transformEvents } from "../../src/events/transform-events.js";

// The in-process event streams every subscription listens on (issue 20: lean enough for 10,000 subscribers).
function eventsWithLog() {
  const lines: { msg: string; topic?: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { events: createLocalEvents(pino(sink)), lines };
}

export default function localEvents(): void {
  it("hears the events published after it subscribed, in order", async () => {
    const { events } = eventsWithLog();
    events.deliver("POST_PUBLISHED", { id: "before" });
    const stream = events.subscribe("POST_PUBLISHED");
    const first = stream.next();
    events.deliver("POST_PUBLISHED", { id: "a" });
    events.deliver("POST_PUBLISHED", { id: "b" });
    expect(await first).toEqual({ done: false, value: { id: "a" } });
    expect(await stream.next()).toEqual({ done: false, value: { id: "b" } });
    await stream.return!();
  });

  it("ends at once when returned while it waits for an event, and hears nothing after", async () => {
    const { events } = eventsWithLog();
    const stream = events.subscribe("POST_PUBLISHED");
    const waiting = stream.next();
    await stream.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    events.deliver("POST_PUBLISHED", { id: "late" });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it(`keeps at most ${MAX_PENDING_EVENTS} events for a subscriber that does not read; the next is its loss alone, and logged`, async () => {
    const { events, lines } = eventsWithLog();
    const stalled = events.subscribe("POST_PUBLISHED");
    const reader = events.subscribe("POST_PUBLISHED");
    for (let i = 0; i <= MAX_PENDING_EVENTS; i++) {
      events.deliver("POST_PUBLISHED", { id: String(i) });
      expect(await reader.next()).toEqual({ done: false, value: { id: String(i) } });
    }
    expect(lines.map((line) => [line.msg, line.topic])).toEqual([["event not delivered to a subscriber that reads too slowly", "POST_PUBLISHED"]]);
    expect(await stalled.next()).toEqual({ done: false, value: { id: "0" } });
    await Promise.all([stalled.return!(), reader.return!()]);
  });

  it("transformEvents maps each event (async), drops what the transform SKIPs, and ending it ends its source", async () => {
    const { events } = eventsWithLog();
    const source = events.subscribe("POST_PUBLISHED");
    const titles = transformEvents(source, async ({ id }) => (id === "draft" ? SKIP : `post ${id}`));
    const next = titles.next();
    for (const id of ["1", "draft", "2"]) events.deliver("POST_PUBLISHED", { id });
    expect(await next).toEqual({ done: false, value: "post 1" });
    expect(await titles.next()).toEqual({ done: false, value: "post 2" });
    const waiting = titles.next();
    await titles.return!();
    expect(await waiting).toEqual({ done: true, value: undefined });
    expect(await source.next()).toEqual({ done: true, value: undefined });
  });
}
