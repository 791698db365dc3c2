'use strict';
// Server-Sent Events for the console: one stream per open console, with a heartbeat.

function createHub({ heartbeatMs = 15000 } = {}) {
  const clients = new Set();
  let nextId = 1;

  function write(res, event, data) {
    res.write(`id: ${nextId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  const timer = setInterval(() => {
    for (const res of clients) write(res, 'heartbeat', { at: Date.now() });
    nextId += 1;
  }, heartbeatMs);
  timer.unref();

  return {
    handler(req, res) {
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.write('retry: 2000\n\n');
      write(res, 'hello', { at: Date.now() });
      clients.add(res);
      req.on('close', () => clients.delete(res));
    },
    broadcast(event, data) {
      for (const res of clients) write(res, event, data);
      nextId += 1;
    },
    close() {
      clearInterval(timer);
      for (const res of clients) res.end();
      clients.clear();
    },
    get size() {
      return clients.size;
    },
  };
}

module.exports = { createHub };
