#!/usr/bin/env node
// The capacity bench (issue 15, "How it is proved"): for each size a fresh simulator and engine (bin/engine serve,
// HTTP providers in the simulator), a cold run by the harness's load.mjs, 60 s idle, a 20 s warm-up at 100 sessions,
// a warm run, 60 s idle; then a markdown table. Started by bench/capacity/run, which prepares the JDK, the jar and
// the harness; processes are started and stopped by the reliability suite's lib/procs.mjs. See bench/README.md.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEngine, startSimulator, stopAll, killAllNow, stopProcess } from '../reliability/lib/procs.mjs';
import { procStats } from '../reliability/lib/probe.mjs';
import { option } from '../reliability/lib/args.mjs';
import { gitCommit } from '../reliability/lib/commit.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REAL_SHAPED = { FAKE_LLM_FIRST_TOKEN_MS: '300', FAKE_LLM_TOKEN_MS: '15', FAKE_STT_MS: '150', FAKE_TTS_FIRST_BYTE_MS: '120' };
const DEFAULTS = { sessions: '100,200,300,400', 'duration-s': 30, 'warmup-s': 20, 'warmup-sessions': 100, 'idle-s': 60 };
let currentLoad = null; // the load.mjs child running now, ended with the rest on SIGINT/SIGTERM
const QUICK = { sessions: '20,50', 'duration-s': 10, 'warmup-s': 10, 'warmup-sessions': 20, 'idle-s': 15 };

function parseArgs(argv) {
  const o = { quick: false, jfr: false, realShaped: false, out: '', root: path.resolve(HERE, '../..'), harness: '' };
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--jfr') o.jfr = true;
    else if (a === '--real-shaped') o.realShaped = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('--')) {
      i = option(argv, i, DEFAULTS, o, flags);
    } else throw new Error(`unexpected argument ${a} (try --help)`);
  }
  o.opts = { ...DEFAULTS, ...(o.quick ? QUICK : {}), ...flags };
  o.sizes = String(o.opts.sessions).split(',').map(Number);
  if (!o.sizes.length || o.sizes.some((n) => !(n >= 1 && n <= 500))) throw new Error('--sessions: sizes from 1 to 500, comma separated');
  return o;
}

function usage() {
  console.log(`usage: bench/capacity/run [--quick] [--jfr] [--real-shaped] [--out DIR] [--option value...]
options (default / --quick):
${Object.entries(DEFAULTS).map(([k, v]) => `  --${k} ${v} / ${QUICK[k]}`).join('\n')}
--real-shaped  the simulator answers with ${Object.entries(REAL_SHAPED).map(([k, v]) => `${k}=${v}`).join(' ')} (default: zero delays)
--jfr          a JFR profile (jcmd JFR.start, settings=profile) of the largest size's warm run; prints its hot methods
PEERBENCH_NOISE (default 100) is the noise mixed into every audio chunk; CAPBENCH_TIMEOUT_S (3600) bounds the run.`);
}


/** The JDK tool `name` beside the engine's own java (so it attaches to the same VM version). */
function jdkTool(pid, name) {
  return path.join(path.dirname(fs.readlinkSync(`/proc/${pid}/exe`)), name);
}

/** One load.mjs run against the engine; resolves to its --json result. Bounded by load.mjs and by a timeout here. */
async function load({ harness, engine, sim, sessions, durationS, label, dir, log }) {
  const json = path.join(dir, `${label}.json`);
  const out = fs.openSync(path.join(dir, `${label}.log`), 'w');
  const args = [path.join(harness, 'load.mjs'), '--url', engine.ws, '--mint-url', `${engine.http}/v1/realtime/client_secrets`,
    '--api-key', engine.apiKey, '--protocol', 'ga', '--sessions', String(sessions), '--duration-s', String(durationS),
    '--chunk-ms', '20', '--silence-ms', '500', '--pid', String(engine.pid), '--fake-pid', String(sim.pid),
    '--label', label, '--json', json];
  log(`${label}: ${sessions} sessions for ${durationS} s`);
  const proc = spawn(process.execPath, args, { cwd: harness, stdio: ['ignore', out, out], detached: true, env: { ...process.env } });
  fs.closeSync(out);
  currentLoad = proc;
  const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  const limitMs = (durationS + 60) * 1000 + 20000;
  const code = await Promise.race([exited, sleep(limitMs).then(() => 'timeout')]);
  currentLoad = null;
  if (code === 'timeout') {
    await stopProcess(proc, 3000);
    throw new Error(`${label}: load.mjs did not finish within ${limitMs / 1000} s`);
  }
  if (code !== 0 || !fs.existsSync(json)) throw new Error(`${label}: load.mjs exited ${code}; see ${label}.log`);
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}

/** RSS (VmRSS of /proc/PID/status) while the engine idles for idleS seconds after a burst: the last sample. */
async function idleRss(pid, idleS) {
  const samples = [];
  const t0 = Date.now();
  while (Date.now() - t0 < idleS * 1000) {
    const s = procStats(pid);
    if (s) samples.push(s.rssMB);
    await sleep(1000);
  }
  const s = procStats(pid);
  return s ? s.rssMB : samples.at(-1) ?? null;
}

function row(size, state, r, idleMB) {
  const valid = r.turns_started ? (100 * r.turns_valid) / r.turns_started : 0;
  const e = r.engine || {};
  const cpu = e.cpu_pct_mean_steady;
  return {
    size, state, turns: `${r.turns_valid} / ${r.turns_started}`, validPct: +valid.toFixed(1),
    stoppedP95: r.speech_stopped_ms?.p95 ?? null, firstAudioP95: r.first_audio_ms?.p95 ?? null,
    cpuPct: cpu ?? null, cpuPerSession: cpu != null ? +(cpu / size).toFixed(2) : null,
    rssEnd: e.rss_end_mb ?? null, rssPeak: e.rss_peak_mb ?? null, rssIdle: idleMB,
    connectFailures: r.connect_failures, invalid: r.invalid_turn_reasons, machineBusy: r.cpu_accounting_pct?.machine_busy_pct,
    otherPct: r.cpu_accounting_pct?.other_processes_pct,
  };
}

/** The hot methods of a JFR file (jfr view hot-methods, JDK 25), or the top frames of jdk.ExecutionSample counted here. */
function jfrSummary(jfr, file) {
  try {
    return execFileSync(jfr, ['view', '--width', '160', 'hot-methods', file], { encoding: 'utf8', timeout: 120000, maxBuffer: 64 << 20 });
  } catch (e) {
    return `jfr view hot-methods failed: ${String(e.message || e).split('\n')[0]}`;
  }
}

async function runSize(o, size, outDir, log, meta) {
  const dir = path.join(outDir, `s${size}`);
  fs.mkdirSync(dir, { recursive: true });
  const simEnv = o.realShaped ? REAL_SHAPED : {};
  const sim = await startSimulator({ harness: o.harness, logFile: path.join(dir, 'simulator.log'), env: simEnv });
  const engine = await startEngine({ root: o.root, sim, dataDir: path.join(dir, 'data'), logFile: path.join(dir, 'engine.log') });
  log(`${size}: engine pid ${engine.pid} (healthy after ${engine.startMs} ms), simulator pid ${sim.pid}`);
  const rows = [];
  const common = { harness: o.harness, engine, sim, dir, log };
  try {
    const cold = await load({ ...common, sessions: size, durationS: o.opts['duration-s'], label: `cold-${size}` });
    rows.push(row(size, 'fresh (cold)', cold, await idleRss(engine.pid, o.opts['idle-s'])));
    await load({ ...common, sessions: o.opts['warmup-sessions'], durationS: o.opts['warmup-s'], label: `warmup-${size}` });
    const jfrFile = path.join(dir, `warm-${size}.jfr`);
    const profile = o.jfr && size === Math.max(...o.sizes);
    if (profile) {
      execFileSync(jdkTool(engine.pid, 'jcmd'), [String(engine.pid), 'JFR.start', 'name=capacity', 'settings=profile'], { timeout: 60000, stdio: 'pipe' });
    }
    const warm = await load({ ...common, sessions: size, durationS: o.opts['duration-s'], label: `warm-${size}` });
    if (profile) {
      execFileSync(jdkTool(engine.pid, 'jcmd'), [String(engine.pid), 'JFR.stop', 'name=capacity', `filename=${jfrFile}`], { timeout: 120000, stdio: 'pipe' });
      meta.jfr = { file: jfrFile, size, hotMethods: jfrSummary(jdkTool(engine.pid, 'jfr'), jfrFile) };
    }
    rows.push(row(size, 'warm', warm, await idleRss(engine.pid, o.opts['idle-s'])));
  } finally {
    await engine.stop();
    await sim.stop();
  }
  return rows;
}

function report(meta, rows, idleS) {
  const f = (v, unit = '') => (v === null || v === undefined ? '–' : `${v}${unit}`);
  const lines = [];
  lines.push(`Capacity bench, ${meta.date.slice(0, 10)}, commit ${meta.commit}, ${meta.cores} cores, ${meta.realShaped ? 'real-shaped' : 'zero-delay'} providers, `
    + `PEERBENCH_NOISE=${meta.noise}, ${meta.opts['duration-s']} s per run, warm-up ${meta.opts['warmup-s']} s at ${meta.opts['warmup-sessions']} sessions.`);
  lines.push('');
  lines.push(`| sessions | engine state | valid turns | end of speech → \`speech_stopped\` p95 | → first audio p95 | engine CPU mean (per session) | engine RSS end / peak | RSS ${idleS} s after | machine busy / other processes |`);
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    if (r.error) {
      lines.push(`| ${r.size} | – | the run failed: ${r.error.split('\n')[0].replace(/\|/g, '/')} | | | | | | |`);
      continue;
    }
    lines.push(`| ${r.size} | ${r.state} | ${r.validPct} % (${r.turns}) | ${f(r.stoppedP95, ' ms')} | ${f(r.firstAudioP95, ' ms')} | `
      + `${f(r.cpuPct, ' %')} (${f(r.cpuPerSession, ' %')}) | ${f(r.rssEnd)} / ${f(r.rssPeak, ' MB')} | ${f(r.rssIdle, ' MB')} | ${f(r.machineBusy, ' %')} / ${f(r.otherPct, ' %')} |`);
  }
  const notes = rows.filter((r) => !r.error && (r.connectFailures || Object.keys(r.invalid || {}).length));
  if (notes.length) {
    lines.push('');
    for (const r of notes) lines.push(`- ${r.size} ${r.state}: ${r.connectFailures} sessions not connected; invalid turns: ${Object.entries(r.invalid).map(([k, v]) => `${v} × ${k}`).join(', ') || 'none'}`);
  }
  if (meta.jfr) {
    lines.push('');
    lines.push(`JFR profile of the ${meta.jfr.size}-session warm run (${meta.jfr.file}):`);
    lines.push('');
    lines.push('```');
    lines.push(meta.jfr.hotMethods.trim());
    lines.push('```');
  }
  return lines.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) return usage();
  if (!o.harness) throw new Error('--harness DIR (a writable copy of ../shared/harness with node_modules) is required');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.resolve(o.out || path.join(o.root, 'target/capacity', stamp));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
  const meta = { date: new Date().toISOString(), commit: gitCommit(o.root), cores: os.cpus().length, node: process.version,
    realShaped: o.realShaped, noise: process.env.PEERBENCH_NOISE || '0', opts: o.opts, sizes: o.sizes };
  log(`capacity bench, commit ${meta.commit}, sizes ${o.sizes.join(', ')}; output in ${outDir}`);
  const rows = [];
  for (const size of o.sizes) {
    try {
      rows.push(...await runSize(o, size, outDir, log, meta));
    } catch (e) {
      log(`${size}: FAILED: ${e.stack || e}`);
      rows.push({ size, error: String(e.message || e) });
    } finally {
      await stopAll();
    }
  }
  const md = report(meta, rows, o.opts['idle-s']);
  fs.writeFileSync(path.join(outDir, 'capacity.md'), `${md}\n`);
  fs.writeFileSync(path.join(outDir, 'capacity.json'), JSON.stringify({ ...meta, rows }, null, 2));
  console.log(`\n${md}`);
  log(`report: ${path.join(outDir, 'capacity.md')}`);
  process.exit(rows.some((r) => r.error) ? 1 : 0);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (currentLoad) await stopProcess(currentLoad, 2000);
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
