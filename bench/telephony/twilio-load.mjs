#!/usr/bin/env node
// N concurrent phone calls over Twilio Media Streams against an engine on 127.0.0.1, each behaving as Twilio does:
// the signed voice webhook (POST /telephony/twilio/voice), then the media stream named in its TwiML (signed upgrade,
// `connected`, `start` with the TwiML's <Parameter>s, `media` of 20 ms μ-law at real time, never silent: the
// caller's line always streams), playing the answer as Twilio would (each `mark` echoed once the audio before it has
// had its duration). Each call repeats: the harness's spoken question (24 kHz WAV, converted to 8 kHz μ-law with
// PEERBENCH_NOISE mixed in), silence until the answer has played, --gap-ms of silence. A turn is answered when its
// answer's audio came; first audio is measured, as load.mjs measures it, from the end of speech in the audio sent.
//
//   node twilio-load.mjs --harness DIR --http http://127.0.0.1:8787 --auth-token TOKEN --calls 50 --duration-s 30
//
// Bounded: --calls <= 200, --duration-s <= 600; refuses non-loopback URLs.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const DEFAULTS = { harness: '', http: 'http://127.0.0.1:8787', 'auth-token': '', calls: 10, 'duration-s': 30,
  'ramp-ms': 3000, 'gap-ms': 500, 'turn-timeout-ms': 10000, json: '', label: 'twilio' };

function args(argv) {
  const o = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([^=]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in DEFAULTS)) throw new Error(`unknown argument ${argv[i]}`);
    const v = m[2] ?? argv[++i];
    o[m[1]] = typeof DEFAULTS[m[1]] === 'number' ? Number(v) : v;
  }
  if (!o.harness) throw new Error('--harness DIR (a copy of ../shared/harness with node_modules) is required');
  if (!(o.calls >= 1 && o.calls <= 200)) throw new Error('--calls: 1 to 200');
  if (!(o['duration-s'] >= 1 && o['duration-s'] <= 600)) throw new Error('--duration-s: 1 to 600');
  const host = new URL(o.http).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) throw new Error(`${o.http} is not loopback`);
  return o;
}

/** Twilio's X-Twilio-Signature: HMAC-SHA1 of the URL and the sorted POST parameters, Base64. */
function sign(token, url, params = {}) {
  const data = url + Object.keys(params).sort().map((k) => k + params[k]).join('');
  return crypto.createHmac('sha1', token).update(data).digest('base64');
}

/** G.711 μ-law of one PCM16 sample (ITU-T G.711, bias 0x84, clip 32635). */
function ulaw(sample) {
  let s = Math.max(-32635, Math.min(32635, sample));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s += 0x84;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/**
 * 24 kHz PCM16 to 8 kHz μ-law as a phone line carries a microphone: the noise load.mjs mixes in (PEERBENCH_NOISE,
 * uniform, per 24 kHz sample) is added first, then a 3-tap average (a crude low-pass, enough for a voice bench) keeps
 * every third sample.
 */
function toUlaw8k(pcm24, noise) {
  const n = Math.floor(pcm24.length / 2 / 3);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < 3; k++) sum += pcm24.readInt16LE((3 * i + k) * 2) + (noise ? Math.round((Math.random() * 2 - 1) * noise) : 0);
    out[i] = ulaw(Math.round(sum / 3));
  }
  return out;
}

function silence(ms, noise) {
  return toUlaw8k(Buffer.alloc(ms * 48), noise);
}

class Call {
  constructor(o, lib, WebSocket, question, speechEndMs, noise) {
    Object.assign(this, { o, lib, WebSocket, question, speechEndMs, noise });
    this.turns = [];
    this.pending = []; // what Twilio still has to play: {bytes} or {mark}
    this.playhead = 0;
    this.seq = 0;
  }

  async dial(index) {
    const { o } = this;
    const voiceUrl = `${o.http}/telephony/twilio/voice`;
    const form = { AccountSid: 'ACbench', CallSid: `CAbench${index}`, From: '+15550000000', To: '+15551230001' };
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    if (o['auth-token']) headers['x-twilio-signature'] = sign(o['auth-token'], voiceUrl, form);
    const r = await fetch(voiceUrl, { method: 'POST', headers, body: new URLSearchParams(form), signal: AbortSignal.timeout(10000) });
    const twiml = await r.text();
    if (r.status !== 200) throw new Error(`webhook: HTTP ${r.status} ${twiml}`);
    const url = /<Stream url="([^"]+)"/.exec(twiml)?.[1];
    if (!url) throw new Error(`webhook: no <Stream url> in ${twiml}`);
    const params = Object.fromEntries([...twiml.matchAll(/<Parameter name="([^"]+)" value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const wsHeaders = o['auth-token'] ? { 'X-Twilio-Signature': sign(o['auth-token'], url) } : {};
    this.ws = new this.WebSocket(url, { headers: wsHeaders });
    await new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.closed = false;
    this.ws.on('close', () => { this.closed = true; });
    this.ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
    this.streamSid = `MZbench${index}`;
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({ event: 'start', sequenceNumber: String(++this.seq), streamSid: this.streamSid,
      start: { accountSid: 'ACbench', streamSid: this.streamSid, callSid: form.CallSid, tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 }, customParameters: params } });
  }

  send(msg) {
    if (!this.closed) this.ws.send(JSON.stringify(msg));
  }

  onMessage(m) {
    const t = this.lib.now();
    if (m.event === 'media') {
      const bytes = Buffer.from(m.media.payload, 'base64').length;
      if (this.turn && this.turn.firstAudio === undefined && t >= this.turn.speechEndAt) this.turn.firstAudio = t - this.turn.speechEndAt;
      this.playhead = Math.max(this.playhead, t) + bytes / 8; // Twilio plays what it buffers, in order
      if (this.turn) this.turn.audioMs += bytes / 8;
    } else if (m.event === 'mark') {
      const at = Math.max(this.playhead, t);
      setTimeout(() => this.send({ event: 'mark', sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: m.mark }), at - t);
      if (this.turn) this.turn.lastMarkAt = at;
    } else if (m.event === 'clear') {
      this.playhead = t;
      if (this.turn) this.turn.cleared = (this.turn.cleared || 0) + 1;
    }
  }

  /** Streams audio at real time from t0 in 20 ms pieces; returns when it has all been sent. */
  async stream(audio, t0) {
    for (let k = 0; k * 160 < audio.length; k++) {
      await this.lib.sleepUntil(t0 + (k + 1) * 20);
      if (this.closed) throw new Error('the engine closed the stream');
      this.send({ event: 'media', sequenceNumber: String(++this.seq), streamSid: this.streamSid,
        media: { track: 'inbound', chunk: String(k + 1), timestamp: String(k * 20), payload: audio.subarray(k * 160, (k + 1) * 160).toString('base64') } });
    }
    return t0 + Math.ceil(audio.length / 160) * 20;
  }

  async run(until) {
    const { lib, o } = this;
    while (lib.now() < until) {
      const t0 = lib.now() + 5;
      this.turn = { speechEndAt: t0 + this.speechEndMs, audioMs: 0 };
      let t = await this.stream(this.question, t0);
      // the line stays open: silence until the answer has played (or the turn times out)
      const deadline = this.turn.speechEndAt + o['turn-timeout-ms'];
      while (lib.now() < deadline && !(this.turn.firstAudio !== undefined && this.turn.lastMarkAt && lib.now() > this.turn.lastMarkAt + 300)) {
        t = await this.stream(silence(100, this.noise), t);
      }
      t = await this.stream(silence(o['gap-ms'], this.noise), t);
      this.turns.push({ ...this.turn, answered: this.turn.firstAudio !== undefined });
    }
    this.send({ event: 'stop', sequenceNumber: String(++this.seq), streamSid: this.streamSid, stop: { accountSid: 'ACbench' } });
    await lib.sleep(200);
    this.ws.close();
  }
}

async function main() {
  const o = args(process.argv.slice(2));
  const lib = await import(path.join(path.resolve(o.harness), 'lib.mjs'));
  const WebSocket = createRequire(path.join(path.resolve(o.harness), 'package.json'))('ws');
  const { pcm } = lib.readWav(path.join(o.harness, 'audio/what-is-the-weather.wav'));
  const noise = Number(process.env.PEERBENCH_NOISE || 0);
  const speechEndMs = lib.speechBounds(pcm).endMs;
  const question = toUlaw8k(pcm, noise);
  const start = lib.now();
  const until = start + o['duration-s'] * 1000;
  const calls = [];
  const failures = [];
  await Promise.all(Array.from({ length: o.calls }, async (_, i) => {
    await lib.sleep((o['ramp-ms'] * i) / o.calls);
    const call = new Call(o, lib, WebSocket, question, speechEndMs, noise);
    calls.push(call);
    try {
      await call.dial(i);
      await call.run(until);
    } catch (e) {
      failures.push(String(e.message || e));
    }
  }));
  const turns = calls.flatMap((c) => c.turns);
  const answered = turns.filter((t) => t.answered);
  const result = {
    label: o.label, calls: o.calls, duration_s: o['duration-s'], noise, speech_end_ms: speechEndMs,
    calls_failed: failures.length, failures: [...new Set(failures)].slice(0, 5),
    calls_with_an_answer: calls.filter((c) => c.turns.some((t) => t.answered)).length,
    turns_started: turns.length, turns_answered: answered.length,
    first_audio_ms: lib.summary(answered.map((t) => t.firstAudio)),
    clears: turns.reduce((n, t) => n + (t.cleared || 0), 0),
  };
  if (o.json) fs.writeFileSync(o.json, JSON.stringify(result, null, 2));
  console.log(JSON.stringify(result, null, 2));
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e.stack || e);
  process.exit(2);
});
