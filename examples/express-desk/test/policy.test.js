'use strict';
// The messaging windows and retries of lib/policy.js, against a fake Send API.
const test = require('node:test');
const assert = require('node:assert/strict');
const { MetaClock, sendAnswer, WINDOW_MS, HUMAN_AGENT_MS } = require('../lib/policy');
const { GraphError } = require('../lib/graph');

const T = 1_718_000_000_000; // the person's last message, on Meta's clock
const HOUR = 3600 * 1000;

// A Send API whose answers are given in order; it records each call's tag.
function fakeGraph(...answers) {
  const calls = [];
  return {
    calls,
    async sendText(igsid, text, tag) {
      calls.push(tag);
      const answer = answers.shift() || 'ok';
      if (answer !== 'ok') throw answer;
      return { recipient_id: igsid, message_id: `m${calls.length}` };
    },
  };
}

const refusal = (status, code, subcode) => new GraphError('refused', { status, code, subcode });
const clockAt = (metaNow) => {
  const clock = new MetaClock(() => T);
  clock.atLeast(metaNow);
  return clock;
};
const send = (graph, clock) =>
  sendAnswer({ graph, clock, igsid: '1', text: 'hi', lastInbound: T, retryMs: 1 });

test('inside 24 hours the answer goes out untagged', async () => {
  for (const age of [0, WINDOW_MS]) {
    const graph = fakeGraph();
    await send(graph, clockAt(T + age));
    assert.deepEqual(graph.calls, [null]);
  }
});

test('24 hours to 7 days later it goes out tagged HUMAN_AGENT', async () => {
  for (const age of [WINDOW_MS + 1, 30 * HOUR, HUMAN_AGENT_MS]) {
    const graph = fakeGraph();
    await send(graph, clockAt(T + age));
    assert.deepEqual(graph.calls, ['HUMAN_AGENT']);
  }
});

test("a window refusal teaches Meta's clock: the answer is sent again, tagged, once", async () => {
  const clock = clockAt(T);
  const graph = fakeGraph(refusal(403, 10, 2534022));
  await send(graph, clock);
  assert.deepEqual(graph.calls, [null, 'HUMAN_AGENT']);
  await send(graph, clock);
  assert.deepEqual(graph.calls.slice(2), ['HUMAN_AGENT']);
});

test('past 7 days the refusal reaches the agent', async () => {
  const graph = fakeGraph(refusal(403, 10, 2534022));
  await assert.rejects(send(graph, clockAt(T + HUMAN_AGENT_MS + 1)), (err) => err.code === 10);
  assert.deepEqual(graph.calls, [null]);
});

test('rate limits and transient errors are retried; the answer goes out once', async () => {
  for (const [status, code] of [[400, 4], [400, 613], [400, 32], [500, 2], [500, 1]]) {
    const graph = fakeGraph(refusal(status, code), refusal(status, code));
    const sent = await send(graph, clockAt(T));
    assert.equal(sent.message_id, 'm3');
    assert.equal(graph.calls.length, 3);
  }
});

test('a token or permission refusal is not retried', async () => {
  for (const [status, code] of [[400, 190], [403, 10], [403, 200]]) {
    const graph = fakeGraph(refusal(status, code));
    await assert.rejects(send(graph, clockAt(T)), (err) => err.code === code);
    assert.equal(graph.calls.length, 1);
  }
});

test("a webhook's entry.time moves Meta's clock forward, never back, within 30 days", () => {
  const clock = new MetaClock(() => T);
  clock.observe(T + 2 * HOUR);
  clock.observe(T + HOUR); // a late redelivery
  clock.observe(T + 90 * 24 * HOUR); // implausible
  clock.observe(1527459824); // the dashboard's Test button sends seconds
  assert.equal(clock.now(), T + 2 * HOUR);
});
