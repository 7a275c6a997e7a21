// bench/telephony/sip's runner (see that script): SIP calls placed by sipp against bin/engine serve, with the
// WebSocket sessions of the harness's load.mjs beside them for comparison. Everything binds 127.0.0.1; every
// process started here is stopped on exit, Ctrl-C or SIGTERM; every wait is bounded.
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startEngine, startSimulator, stopAll, killAllNow, stopProcess } from '../reliability/lib/procs.mjs';
import { option } from '../reliability/lib/args.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
// ramp-ms: the calls start evenly over this long, as load.mjs starts its sessions (its ramp-ms, 3000), so both
// transports meet the same burst of turn ends
const DEFAULTS = { calls: 50, rounds: 2, 'ws-sessions': 50, 'ws-duration-s': 20, noise: 100, 'listen-ms': 6000,
  'ramp-ms': 3000 };
/** Where the speech of the harness's what-is-the-weather.wav ends (its README). */
const SPEECH_END_MS = 2200;
const TAIL_MS = 1500;
let child = null;

function parseArgs(argv) {
  const o = { out: '', root: path.resolve(HERE, '../..'), harness: '' };
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') o.help = true;
    else if ((i = option(argv, i, DEFAULTS, o, flags)) < 0) throw new Error(`unexpected argument (try --help)`);
  }
  o.opts = { ...DEFAULTS, ...flags };
  if (!(o.opts.calls >= 1 && o.opts.calls <= 500)) throw new Error('--calls: 1 to 500');
  return o;
}

/** PCM16 mono samples of a WAV file and its rate. */
function readWav(file) {
  const b = fs.readFileSync(file);
  let p = 12;
  let rate = 0;
  while (p + 8 <= b.length) {
    const id = b.toString('ascii', p, p + 4);
    const size = b.readUInt32LE(p + 4);
    if (id === 'fmt ') rate = b.readUInt32LE(p + 12);
    if (id === 'data') return { rate, samples: new Int16Array(b.buffer.slice(b.byteOffset + p + 8, b.byteOffset + p + 8 + size)) };
    p += 8 + size + (size & 1);
  }
  throw new Error(`${file}: no data chunk`);
}

/** To 8 kHz through a windowed-sinc low-pass at 3.4 kHz (a bench's caller, not a codec). */
function to8k({ rate, samples }) {
  const step = rate / 8000;
  const taps = 48;
  const cut = 3400 / rate;
  const out = new Int16Array(Math.floor(samples.length / step));
  for (let n = 0; n < out.length; n++) {
    const c = n * step;
    let acc = 0;
    for (let k = -taps; k <= taps; k++) {
      const i = Math.round(c) + k;
      if (i < 0 || i >= samples.length) continue;
      const x = i - c;
      const sinc = x === 0 ? 2 * cut : Math.sin(2 * Math.PI * cut * x) / (Math.PI * x);
      acc += samples[i] * sinc * (0.5 + 0.5 * Math.cos((Math.PI * x) / (taps + 1)));
    }
    out[n] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}

function ulaw(s) {
  const sign = s < 0 ? 0x80 : 0;
  let m = Math.min(Math.abs(s), 32635) + 0x84;
  let exp = 7;
  for (let mask = 0x4000; (m & mask) === 0 && exp > 0; exp--, mask >>= 1);
  return ~(sign | (exp << 4) | ((m >> (exp + 3)) & 0x0f)) & 0xff;
}

/** The caller's speech and a pause as 20 ms PCMU RTP packets in a libpcap file sipp's play_pcap_audio replays. */
function writePcap(file, pcm8k, noise) {
  const total = pcm8k.length + TAIL_MS * 8;
  const packets = Math.ceil(total / 160);
  const recLen = 14 + 20 + 8 + 12 + 160;
  const b = Buffer.alloc(24 + packets * (16 + recLen));
  b.writeUInt32LE(0xa1b2c3d4, 0); b.writeUInt16LE(2, 4); b.writeUInt16LE(4, 6); b.writeUInt32LE(65535, 16); b.writeUInt32LE(1, 20);
  let p = 24;
  for (let i = 0; i < packets; i++) {
    const us = i * 20000;
    b.writeUInt32LE(1700000000 + Math.floor(us / 1e6), p); b.writeUInt32LE(us % 1e6, p + 4);
    b.writeUInt32LE(recLen, p + 8); b.writeUInt32LE(recLen, p + 12);
    p += 16;
    b.writeUInt16BE(0x0800, p + 12);
    const ip = p + 14;
    b[ip] = 0x45; b.writeUInt16BE(20 + 8 + 172, ip + 2); b.writeUInt16BE(i & 0xffff, ip + 4); b[ip + 8] = 64; b[ip + 9] = 17;
    b.set([127, 0, 0, 1, 127, 0, 0, 1], ip + 12);
    let sum = 0;
    for (let k = 0; k < 20; k += 2) sum += b.readUInt16BE(ip + k);
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    b.writeUInt16BE(~sum & 0xffff, ip + 10);
    const udp = ip + 20;
    b.writeUInt16BE(6000, udp); b.writeUInt16BE(6002, udp + 2); b.writeUInt16BE(8 + 172, udp + 4);
    const rtp = udp + 8;
    b[rtp] = 0x80; b[rtp + 1] = i === 0 ? 0x80 : 0; b.writeUInt16BE((1000 + i) & 0xffff, rtp + 2);
    b.writeUInt32BE((8000 + i * 160) >>> 0, rtp + 4); b.writeUInt32BE(0x5150ca11, rtp + 8);
    for (let k = 0; k < 160; k++) {
      const n = i * 160 + k;
      const s = (n < pcm8k.length ? pcm8k[n] : 0) + Math.round((Math.random() * 2 - 1) * noise);
      b[rtp + 12 + k] = ulaw(s);
    }
    p += recLen;
  }
  fs.writeFileSync(file, b);
}

/** One UDP socket per call: the caller's ear, named in its SDP; keeps when the answer's first packet came. */
async function openEars(count) {
  const ears = [];
  for (let i = 0; i < count; i++) {
    const socket = dgram.createSocket('udp4');
    await new Promise((r) => socket.bind(0, '127.0.0.1', r));
    const ear = { socket, port: socket.address().port, first: null, packets: 0 };
    socket.on('message', () => {
      if (ear.first === null) ear.first = performance.timeOrigin + performance.now();
      ear.packets++;
    });
    ears.push(ear);
  }
  return ears;
}

/** The wall-clock time sipp logged each ACK it sent, by the recorder port of its call (from the INVITE's SDP). */
function acksByPort(messageLog) {
  const text = fs.readFileSync(messageLog, 'utf8');
  const portOf = new Map();
  const ackAt = new Map();
  for (const block of text.split(/^-{20,}[ \t]+/m)) {
    const when = block.match(/^(\d{4}-\d\d-\d\d)[\s\t]+(\d\d:\d\d:\d\d\.\d+)/);
    const callId = block.match(/^Call-ID:\s*(\S+)/im)?.[1];
    if (!when || !callId || !/message sent/i.test(block)) continue;
    const media = block.match(/^m=audio (\d+)/m);
    if (/^\s*INVITE /m.test(block) && media) portOf.set(callId, Number(media[1]));
    if (/^\s*ACK /m.test(block) && !ackAt.has(callId)) ackAt.set(callId, Date.parse(`${when[1]}T${when[2].slice(0, 12)}`));
  }
  const out = new Map();
  for (const [callId, port] of portOf) if (ackAt.has(callId)) out.set(port, ackAt.get(callId));
  return out;
}

function percentile(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)].toFixed(1);
}

async function run(cmd, args, { cwd, logFile, limitMs }) {
  const out = fs.openSync(logFile, 'w');
  const proc = spawn(cmd, args, { cwd, stdio: ['ignore', out, out], detached: true, env: { ...process.env } });
  fs.closeSync(out);
  child = proc;
  const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  const code = await Promise.race([exited, sleep(limitMs).then(() => 'timeout')]);
  child = null;
  if (code === 'timeout') {
    await stopProcess(proc, 3000);
    throw new Error(`${path.basename(cmd)} did not finish within ${limitMs / 1000} s; see ${logFile}`);
  }
  return code;
}

/** One round: --calls concurrent sipp calls. */
async function sipRound(o, engine, sipPort, pcap, dir, label) {
  const calls = o.opts.calls;
  const ears = await openEars(calls);
  const csv = path.join(dir, `${label}-ears.csv`);
  fs.writeFileSync(csv, `SEQUENTIAL\n${ears.map((e) => `${e.port};`).join('\n')}\n`);
  const template = fs.readFileSync(path.join(o.root, 'src/test/resources/sip/call.xml'), 'utf8');
  const scenario = path.join(dir, `${label}.xml`);
  fs.writeFileSync(scenario, template.replaceAll('@RECORDER@', '[field0]').replaceAll('@PCAP@', pcap)
    .replaceAll('@LISTEN_MS@', String(SPEECH_END_MS + TAIL_MS + o.opts['listen-ms'])));
  const messages = path.join(dir, `${label}-messages.log`);
  const args = [`127.0.0.1:${sipPort}`, '-sf', scenario, '-inf', csv, '-s', '100', '-m', String(calls), '-l', String(calls),
    '-r', String(calls), '-rp', String(Math.max(1, o.opts['ramp-ms'])), '-i', '127.0.0.1', '-p', String(await freePort()), '-mi', '127.0.0.1',
    '-mp', String(await freePort()), '-trace_msg', '-message_file', messages, '-trace_err', '-timeout', '120s',
    '-timeout_error', '-nostdin'];
  const t0 = Date.now();
  const code = await run('sipp', args, { cwd: dir, logFile: path.join(dir, `${label}-sipp.log`), limitMs: 180000 });
  for (const e of ears) e.socket.close();
  const screen = fs.readFileSync(path.join(dir, `${label}-sipp.log`), 'utf8');
  const successful = Number(screen.match(/Successful call\s*\|\s*\d+\s*\|\s*(\d+)/)?.[1] ?? 0);
  const acks = acksByPort(messages);
  const firstAudio = [];
  for (const e of ears) {
    if (e.first !== null && acks.has(e.port)) firstAudio.push(e.first - (acks.get(e.port) + SPEECH_END_MS));
  }
  return {
    label, calls, sippExit: code, answered: acks.size, successful, heard: ears.filter((e) => e.packets > 25).length,
    firstAudioP50: percentile(firstAudio, 50), firstAudioP95: percentile(firstAudio, 95),
    firstAudioMax: firstAudio.length ? +Math.max(...firstAudio).toFixed(1) : null, seconds: (Date.now() - t0) / 1000,
  };
}

/** The WebSocket sessions of the harness's load.mjs against the same engine (as bench/capacity/run runs them). */
async function wsRound(o, engine, sim, dir) {
  const json = path.join(dir, 'ws.json');
  const args = [path.join(o.harness, 'load.mjs'), '--url', engine.ws, '--mint-url', `${engine.http}/v1/realtime/client_secrets`,
    '--api-key', engine.apiKey, '--protocol', 'ga', '--sessions', String(o.opts['ws-sessions']),
    '--duration-s', String(o.opts['ws-duration-s']), '--chunk-ms', '20', '--silence-ms', '500', '--pid', String(engine.pid),
    '--fake-pid', String(sim.pid), '--label', 'ws', '--json', json];
  const code = await run(process.execPath, args, { cwd: o.harness, logFile: path.join(dir, 'ws.log'),
    limitMs: (o.opts['ws-duration-s'] + 80) * 1000 });
  if (code !== 0 || !fs.existsSync(json)) throw new Error(`load.mjs exited ${code}; see ws.log`);
  const r = JSON.parse(fs.readFileSync(json, 'utf8'));
  return { sessions: o.opts['ws-sessions'], valid: `${r.turns_valid} / ${r.turns_started}`,
    firstAudioP50: r.first_audio_ms?.p50 ?? null, firstAudioP95: r.first_audio_ms?.p95 ?? null };
}

async function sessionsActive(engine) {
  const text = await (await fetch(`${engine.http}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  return Number(text.match(/^realtime_sessions_active\{[^}]*\} (\S+)$/m)?.[1] ?? NaN);
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    console.log(`usage: bench/telephony/sip [--out DIR] [--option value...]\noptions (default):\n${Object.entries(DEFAULTS).map(([k, v]) => `  --${k} ${v}`).join('\n')}`);
    return;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = o.out || path.join(o.root, 'target/telephony-sip', stamp);
  fs.mkdirSync(dir, { recursive: true });
  const log = (m) => console.error(`telephony: ${m}`);
  const pcap = path.join(dir, 'weather-pcmu.pcap');
  writePcap(pcap, to8k(readWav(path.join(o.harness, 'audio/what-is-the-weather.wav'))), o.opts.noise);
  const sipPort = await freePort();
  const sim = await startSimulator({ harness: o.harness, logFile: path.join(dir, 'simulator.log') });
  const engine = await startEngine({ root: o.root, sim, dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'engine.log'),
    env: { SIP_PORT: String(sipPort), SIP_HOST: '127.0.0.1', SIP_RTP_PORTS: '42000-42999', SIP_ALLOWED_CIDRS: '127.0.0.1/32' } });
  log(`engine pid ${engine.pid}, SIP on 127.0.0.1:${sipPort}; results in ${dir}`);
  const rounds = [];
  let ws = null;
  try {
    for (let r = 1; r <= o.opts.rounds; r++) {
      log(`round ${r}: ${o.opts.calls} SIP calls`);
      rounds.push(await sipRound(o, engine, sipPort, pcap, dir, `sip-${r}`));
      log(JSON.stringify(rounds.at(-1)));
      if (r === 1 && o.opts['ws-sessions'] > 0) {
        log(`${o.opts['ws-sessions']} WebSocket sessions for ${o.opts['ws-duration-s']} s`);
        ws = await wsRound(o, engine, sim, dir);
        log(JSON.stringify(ws));
      }
    }
    await sleep(2000);
    const active = await sessionsActive(engine);
    const commit = execFileSync('git', ['-C', o.root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const lines = [`Telephony bench, ${new Date().toISOString().slice(0, 10)}, commit ${commit}, ${os.cpus().length} cores, `
      + `zero-delay providers, caller noise ${o.opts.noise}; first audio = the answer's first RTP packet at the caller's `
      + `ear − (sipp's ACK + ${SPEECH_END_MS} ms, where the speech ends in the played pcap).`, '',
      '| run | calls / sessions | answered | completed (BYE 200) | heard an answer | first audio after the caller stops p50 / p95 (max) |',
      '|---|---|---|---|---|---|'];
    for (const r of rounds) {
      lines.push(`| SIP ${r.label} | ${r.calls} | ${r.answered} | ${r.successful} | ${r.heard} | ${r.firstAudioP50} / ${r.firstAudioP95} ms (${r.firstAudioMax}) |`);
    }
    if (ws) lines.push(`| WebSocket (load.mjs) | ${ws.sessions} | – | – | valid turns ${ws.valid} | ${ws.firstAudioP50} / ${ws.firstAudioP95} ms |`);
    lines.push('', `realtime_sessions_active after the last call: ${active}`);
    const report = lines.join('\n');
    fs.writeFileSync(path.join(dir, 'telephony.md'), report + '\n');
    fs.writeFileSync(path.join(dir, 'telephony.json'), JSON.stringify({ rounds, ws, active }, null, 2));
    console.log(report);
    return rounds.every((r) => r.answered === r.calls && r.successful === r.calls) && active === 0;
  } finally {
    await engine.stop();
    await sim.stop();
  }
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (child) try { process.kill(-child.pid, 'SIGKILL'); } catch {}
    killAllNow();
    process.exit(130);
  });
}
// exits when done: an idle handle left by a child's pipes would otherwise keep the runner alive for minutes
main().then(async (ok) => {
  await stopAll();
  process.exit(ok ? 0 : 1);
}).catch(async (e) => {
  console.error(`telephony: ${e.stack || e}`);
  if (child) try { process.kill(-child.pid, 'SIGKILL'); } catch {}
  await stopAll();
  process.exit(1);
});
