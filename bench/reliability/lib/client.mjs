// A lean realtime client for the scenarios: opens /v1/realtime with the engine's API key as bearer, tells a
// refused upgrade (HTTP status) from a network failure, keeps the server events it is asked to keep, and can leave
// the way a broken client does (destroy the TCP socket without a close frame, or reset it).
import path from 'node:path';
import { pathToFileURL } from 'node:url';

let WebSocket;
/** The harness's lib.mjs (WAV reading, append messages, the audio-turn driver), once useHarness has run. */
export let hlib;
export let harnessDir;
/** Loads `ws` (its only dependency) and lib.mjs from the copied harness. */
export async function useHarness(harness) {
  harnessDir = harness;
  WebSocket = (await import(pathToFileURL(path.join(harness, 'node_modules/ws/wrapper.mjs')).href)).default;
  hlib = await import(pathToFileURL(path.join(harness, 'lib.mjs')).href);
  return WebSocket;
}

/** The harness's speech file as append messages: {speechMsgs, silenceMsg(), chunkMs, speechEndMs}. */
export function speech(chunkMs = 20) {
  const wav = hlib.readWav(path.join(harnessDir, 'audio/what-is-the-weather.wav'));
  const b = hlib.speechBounds(wav.pcm);
  return { speechMsgs: hlib.buildAppendMessages(wav.pcm, chunkMs), silenceMsg: () => hlib.silenceMessage(chunkMs), chunkMs, speechEndMs: b.endMs };
}

export class Conn {
  /**
   * @param {object} engine from startEngine
   * @param {object} o keep: predicate over parsed events to keep in this.events (default: all); onEvent(ev, raw)
   */
  constructor(engine, o = {}) {
    this.engine = engine;
    this.keep = o.keep || (() => true);
    this.onEvent = o.onEvent || null;
    this.events = [];
    this.closed = null; // {code, reason, t}
    this.waiters = new Set();
    this.received = 0;
  }

  /** Resolves 'open', or {refused: status} for an HTTP answer to the upgrade, or throws on a network failure. */
  open(timeoutMs = 10000, { beta = false } = {}) {
    const headers = { authorization: `Bearer ${this.engine.apiKey}` };
    if (beta) headers['OpenAI-Beta'] = 'realtime=v1';
    const ws = new WebSocket(this.engine.ws, [], { headers, perMessageDeflate: false, handshakeTimeout: timeoutMs, maxPayload: 256 * 1024 * 1024 });
    this.ws = ws;
    ws.on('message', (data, isBinary) => this._message(data, isBinary));
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString(), t: Date.now() };
      for (const w of [...this.waiters]) w.onClose(this.closed);
    });
    ws.on('error', () => {});
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve('open'));
      ws.once('unexpected-response', (_req, res) => {
        res.resume();
        resolve({ refused: res.statusCode });
        try { ws.terminate(); } catch {}
      });
      ws.once('error', (e) => reject(e));
    });
  }

  _message(data, isBinary) {
    this.received++;
    if (isBinary) return;
    let ev;
    try {
      ev = JSON.parse(data.toString());
    } catch {
      return;
    }
    if (this.onEvent) this.onEvent(ev);
    if (this.keep(ev)) this.events.push(ev);
    for (const w of [...this.waiters]) if (w.pred(ev)) w.resolve(ev);
  }

  /** The first event (from now on) matching pred; rejects on close or after timeoutMs. */
  waitFor(pred, timeoutMs, what = 'event') {
    return new Promise((resolve, reject) => {
      const w = {
        pred,
        resolve: (ev) => { done(); resolve(ev); },
        onClose: (c) => { done(); reject(new Error(`closed (${c.code}) while waiting for ${what}`)); },
      };
      const timer = setTimeout(() => { done(); reject(new Error(`timeout after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
      const done = () => { clearTimeout(timer); this.waiters.delete(w); };
      this.waiters.add(w);
      if (this.closed) w.onClose(this.closed);
    });
  }

  waitType(type, timeoutMs) {
    return this.waitFor((e) => e.type === type, timeoutMs, type);
  }

  get isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN;
  }
  send(obj) {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }
  /** A frame with exactly these bytes, as a text frame (binary=false) or a binary one. */
  sendBytes(buf, binary) {
    this.ws.send(buf, { binary });
  }
  /** Leaves without a close frame: FIN (destroy) or RST (resetAndDestroy, SO_LINGER 0). */
  drop(reset = false) {
    const s = this.ws._socket;
    if (!s) return;
    if (reset && typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
    else s.destroy();
  }
  /** Stops reading the socket (the TCP receive window fills, then the engine's sends block). */
  pauseReading() {
    this.ws._socket?.pause();
  }
  resumeReading() {
    this.ws._socket?.resume();
  }
  get localPort() {
    return this.ws._socket?.localPort;
  }
  close(code = 1000) {
    try {
      this.ws.close(code, 'done');
    } catch {}
  }
  /** Closes politely and waits (bounded) for the close handshake, then destroys. */
  async closeAndWait(timeoutMs = 2000) {
    if (!this.ws || this.closed) return;
    this.close();
    await new Promise((r) => {
      const t = setTimeout(r, timeoutMs);
      this.ws.once('close', () => { clearTimeout(t); r(); });
    });
    try { this.ws.terminate(); } catch {}
  }
}

/** Opens a session and waits for session.created. */
export async function openSession(engine, o = {}) {
  const c = new Conn(engine, o);
  const created = new Promise((resolve) => { c.createdResolve = resolve; });
  const prev = c.onEvent;
  c.onEvent = (ev) => {
    if (ev.type === 'session.created') c.createdResolve(ev);
    if (prev) prev(ev);
  };
  const r = await c.open(o.timeoutMs || 10000, o);
  if (r !== 'open') return { conn: c, refused: r.refused };
  const ev = await Promise.race([created, new Promise((_, rej) => setTimeout(() => rej(new Error('no session.created within 10 s')), 10000))]);
  c.session = ev.session;
  return { conn: c, refused: null };
}

/** Runs async jobs with at most `limit` in flight. */
export async function pool(count, limit, job) {
  let next = 0;
  let failure = null;
  const workers = Array.from({ length: Math.min(limit, count) }, async () => {
    while (next < count && !failure) {
      const i = next++;
      try {
        await job(i);
      } catch (e) {
        failure ??= e;
      }
    }
  });
  await Promise.all(workers);
  if (failure) throw failure;
}

/** setInterval that the caller must stop; unref'd so it never keeps the process alive. */
export function every(ms, fn) {
  const iv = setInterval(fn, ms);
  iv.unref();
  return () => clearInterval(iv);
}

export function pct(values, p) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const i = ((v.length - 1) * p) / 100;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return +(v[lo] + (v[hi] - v[lo]) * (i - lo)).toFixed(1);
}

/** A user text turn: item.create + response.create; resolves {ok, firstAudioMs, doneMs, status, error}. */
export async function textTurn(conn, text = 'Hello there, how are you?', timeoutMs = 15000) {
  const t0 = performance.now();
  let firstAudio = null;
  const audio = conn.waitFor((e) => e.type === 'response.output_audio.delta' || e.type === 'response.audio.delta', timeoutMs, 'audio').then(() => { firstAudio = performance.now() - t0; }, () => {});
  const done = conn.waitFor((e) => e.type === 'response.done', timeoutMs, 'response.done');
  conn.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  conn.send({ type: 'response.create' });
  try {
    const ev = await done;
    await Promise.race([audio, new Promise((r) => setTimeout(r, 10))]);
    const status = ev.response?.status;
    return { ok: status === 'completed' && firstAudio !== null, status, firstAudioMs: firstAudio, doneMs: performance.now() - t0 };
  } catch (e) {
    return { ok: false, status: null, error: String(e.message || e), firstAudioMs: firstAudio, doneMs: null };
  }
}
