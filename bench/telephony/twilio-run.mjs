#!/usr/bin/env node
// The phone-call bench (issue 17, "How it is proved"): N concurrent Twilio Media Streams calls (twilio-load.mjs)
// against a fresh engine (bin/engine serve, HTTP providers in the harness's simulator, TWILIO_AUTH_TOKEN set, so
// every webhook and upgrade is verified), then, on another fresh engine and simulator, N WebSocket sessions of the
// harness's load.mjs for the same time: every call answered, and first audio after the caller stops, p50 and p95,
// side by side. Started by bench/telephony/twilio, which prepares the jar and the harness. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEngine, startSimulator, stopAll, killAllNow, stopProcess } from '../reliability/lib/procs.mjs';
import { option } from '../reliability/lib/args.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DEFAULTS = { calls: 50, 'duration-s': 30 };
const TOKEN = 'bench-twilio-token';
let current = null;

function parseArgs(argv) {
  const o = { out: '', root: path.resolve(HERE, '../..'), harness: '' };
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--help' || argv[i] === '-h') o.help = true;
    else i = option(argv, i, DEFAULTS, o, flags);
  }
  o.opts = { ...DEFAULTS, ...flags };
  return o;
}

/** Runs a Node driver to its end (bounded); resolves to its --json result. */
async function drive(script, args, { dir, label, log, cwd, limitS }) {
  const json = path.join(dir, `${label}.json`);
  const out = fs.openSync(path.join(dir, `${label}.log`), 'w');
  log(`${label}: ${path.basename(script)} ${args.join(' ')}`);
  const proc = spawn(process.execPath, [script, ...args, '--json', json], { cwd, stdio: ['ignore', out, out], detached: true, env: { ...process.env } });
  fs.closeSync(out);
  current = proc;
  const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  const code = await Promise.race([exited, sleep(limitS * 1000).then(() => 'timeout')]);
  current = null;
  if (code === 'timeout') {
    await stopProcess(proc, 3000);
    throw new Error(`${label}: did not finish within ${limitS} s`);
  }
  if (!fs.existsSync(json)) throw new Error(`${label}: exited ${code} without a result; see ${label}.log`);
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}

async function withEngine(o, dir, env, body) {
  fs.mkdirSync(dir, { recursive: true });
  const sim = await startSimulator({ harness: o.harness, logFile: path.join(dir, 'simulator.log') });
  const engine = await startEngine({ root: o.root, sim, dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'engine.log'), env });
  try {
    return await body(engine, sim);
  } finally {
    await engine.stop();
    await sim.stop();
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    console.log('usage: bench/telephony/twilio [--calls 50] [--duration-s 30] [--out DIR]');
    return;
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.resolve(o.out || path.join(o.root, 'target/telephony-twilio', stamp));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
  const { calls } = o.opts;
  const durationS = o.opts['duration-s'];
  const limitS = durationS + 90;
  const twilio = await withEngine(o, path.join(outDir, 'twilio'), { TWILIO_AUTH_TOKEN: TOKEN }, (engine) => drive(
    path.join(HERE, 'twilio-load.mjs'), ['--harness', o.harness, '--http', engine.http, '--auth-token', TOKEN,
      '--calls', String(calls), '--duration-s', String(durationS)], { dir: outDir, label: 'twilio', log, cwd: HERE, limitS }));
  const ws = await withEngine(o, path.join(outDir, 'ws'), {}, (engine, sim) => drive(
    path.join(o.harness, 'load.mjs'), ['--url', engine.ws, '--mint-url', `${engine.http}/v1/realtime/client_secrets`,
      '--api-key', engine.apiKey, '--protocol', 'ga', '--sessions', String(calls), '--duration-s', String(durationS),
      '--chunk-ms', '20', '--silence-ms', '500', '--pid', String(engine.pid), '--fake-pid', String(sim.pid), '--label', 'ws'],
    { dir: outDir, label: 'ws', log, cwd: o.harness, limitS }));
  const f = (s) => (s && s.n ? `${s.p50} / ${s.p95} ms` : '–');
  const md = [
    `Phone-call bench, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, zero-delay simulator, `
      + `PEERBENCH_NOISE=${process.env.PEERBENCH_NOISE || 0}, ${calls} concurrent calls / sessions for ${durationS} s each.`,
    '',
    '| transport | calls answered | turns answered | first audio after the caller stops, p50 / p95 |',
    '|---|---|---|---|',
    `| Twilio Media Streams (μ-law 8 kHz, signed webhook and upgrade) | ${twilio.calls_with_an_answer} / ${calls} | ${twilio.turns_answered} / ${twilio.turns_started} | ${f(twilio.first_audio_ms)} |`,
    `| WebSocket (PCM16 24 kHz, load.mjs) | ${calls - (ws.sessions_with_no_valid_turn ?? calls)} / ${calls} | ${ws.turns_valid} / ${ws.turns_started} | ${f(ws.first_audio_ms)} |`,
  ].join('\n');
  fs.writeFileSync(path.join(outDir, 'telephony.md'), `${md}\n`);
  console.log(`\n${md}`);
  const ok = twilio.calls_with_an_answer === calls && twilio.calls_failed === 0;
  process.exit(ok ? 0 : 1);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (current) await stopProcess(current, 2000);
    await Promise.race([stopAll(), sleep(8000)]);
    killAllNow();
    process.exit(130);
  });
}
main().catch(async (e) => {
  console.error(e.stack || e);
  await stopAll();
  process.exit(1);
});
