'use strict';
// /webhook: Meta's verification handshake, signed deliveries, and the processor
// that works through the durable log after the 200 has gone out.
const crypto = require('node:crypto');
const express = require('express');
const { eventsOf } = require('./events');

function sameSecret(a, b) {
  const ha = crypto.createHash('sha256').update(String(a)).digest();
  const hb = crypto.createHash('sha256').update(String(b)).digest();
  return crypto.timingSafeEqual(ha, hb);
}

// 'missing' | 'wrong' | 'ok' for an X-Hub-Signature-256 header.
function checkSignature(header, raw, appSecret) {
  if (typeof header !== 'string' || !header.trim()) return 'missing';
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return 'wrong';
  const expected = crypto.createHmac('sha256', appSecret).update(raw).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(m[1], 'hex')) ? 'ok' : 'wrong';
}

class Processor {
  constructor({ desk, log, state, save }) {
    this.desk = desk;
    this.log = log;
    this.state = state;
    this.save = save;
    this.queue = [];
    this.running = null;
  }

  // Queues every logged body not yet processed (used at start).
  recover() {
    const pending = this.log.readAll().filter((r) => r.seq > this.state.processedLogSeq);
    if (pending.length) console.log(`webhook log: re-processing ${pending.length} stored deliveries`);
    this.queue.push(...pending);
    return this.pump();
  }

  add(record) {
    this.queue.push(record);
  }

  pump() {
    if (!this.running) {
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.queue.length) this.pump();
      });
    }
    return this.running;
  }

  async drain() {
    while (this.queue.length) {
      const rec = this.queue.shift();
      if (rec.seq <= this.state.processedLogSeq) continue;
      let envelope;
      try {
        envelope = JSON.parse(Buffer.from(rec.body, 'base64').toString('utf8'));
      } catch {
        envelope = null;
      }
      for (const ev of eventsOf(envelope)) {
        try {
          const outcome = await this.desk.ingest(ev);
          console.log(`webhook #${rec.seq} ${ev.kind}${ev.mid ? ` ${ev.mid}` : ''}: ${outcome}`);
        } catch (err) {
          console.error(`webhook #${rec.seq}: event failed: ${err.stack || err}`);
        }
      }
      this.state.processedLogSeq = rec.seq;
      this.save(this.state);
    }
  }
}

function webhookRouter({ config, log, processor }) {
  const router = express.Router();

  router.get('/', (req, res) => {
    const mode = req.query['hub.mode'];
    const token = req.query['hub.verify_token'];
    const challenge = req.query['hub.challenge'];
    const ok = mode === 'subscribe' && typeof token === 'string' && sameSecret(token, config.verifyToken);
    if (!ok) return res.status(403).type('text/plain').send('Verification failed');
    if (typeof challenge !== 'string') return res.status(400).type('text/plain').send('Missing hub.challenge');
    return res.status(200).type('text/plain').send(challenge);
  });

  router.post('/', express.raw({ type: () => true, limit: config.webhookLimit }), (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verdict = checkSignature(req.get('x-hub-signature-256'), raw, config.appSecret);
    if (verdict === 'missing') {
      return res.status(401).type('text/plain').send('Missing X-Hub-Signature-256');
    }
    if (verdict === 'wrong') return res.status(403).type('text/plain').send('Invalid X-Hub-Signature-256');
    let envelope;
    try {
      envelope = JSON.parse(raw.toString('utf8'));
    } catch {
      return res.status(400).type('text/plain').send('Body is not valid JSON');
    }
    if (!envelope || typeof envelope !== 'object' || Array.isArray(envelope)) {
      return res.status(400).type('text/plain').send('Body must be a JSON object');
    }
    if (!Array.isArray(envelope.entry)) {
      return res.status(400).type('text/plain').send('Body has no "entry" array');
    }
    processor.add(log.append(raw)); // durable before the 200
    res.on('close', () => processor.pump());
    return res.status(200).type('text/plain').send('EVENT_RECEIVED');
  });

  return router;
}

module.exports = { webhookRouter, Processor, checkSignature, sameSecret };
