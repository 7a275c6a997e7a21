#!/usr/bin/env node
// The replicas bench (issue 18): Debian's redis-server, two engines (bin/engine serve, REPLICA_ID a and b, the same
// JWT_SECRET and engine key, their own DATA_DIR, HTTP providers in the harness's simulator) and Debian's nginx with
// the shipped etc/nginx/replicas.conf in front. Measures
//   1. config propagation: PUT /config on A, then the time until B's GET /config answers the new value (B's store
//      took it: new sessions on B start with it, checked by a session on B every tenth change);
//   2. the admission cost of the fleet lease: WebSocket upgrade request → session.created, sequential sessions,
//      on A (REDIS_URL, MAX_SESSIONS_TOTAL) and on a third engine without REDIS_URL, interleaved;
//   3. the harness's load.mjs through nginx against both replicas, first with MAX_SESSIONS_TOTAL above the load,
//      then with MAX_SESSIONS_TOTAL=--limit on fresh replicas: exactly that many admitted, the rest refused with 503.
// Started by bench/replicas/run, which prepares the jar and the harness. Exits non-zero when a check failed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execFileSync, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEngine, startSimulator, stopAll, killAllNow, stopProcess } from '../reliability/lib/procs.mjs';
import { option } from '../reliability/lib/args.mjs';
import { startRedis, startNginx, stopServices, killServicesNow } from './services.mjs';
import { gitCommit } from '../reliability/lib/commit.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const JWT_SECRET = 'a-secret-the-bench-replicas-share-0123456789';
const DEFAULTS = { parts: '1,2,3', changes: 50, admissions: 200, sessions: 100, 'duration-s': 30, limit: 60, 'total-high': 1000 };
const QUICK = { changes: 10, admissions: 30, sessions: 20, 'duration-s': 10, limit: 12 };
let currentLoad = null;
const failures = [];

function parseArgs(argv) {
  const o = { quick: false, out: '', root: path.resolve(HERE, '../..'), harness: '' };
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('--')) i = option(argv, i, DEFAULTS, o, flags);
    else throw new Error(`unexpected argument ${a} (try --help)`);
  }
  o.opts = { ...DEFAULTS, ...(o.quick ? QUICK : {}), ...flags };
  o.parts = new Set(String(o.opts.parts).split(',').map(Number));
  return o;
}

function usage() {
  console.log(`usage: bench/replicas/run [--quick] [--out DIR] [--option value...]
options (default / --quick):
${Object.entries(DEFAULTS).map(([k, v]) => `  --${k} ${v}${k in QUICK ? ` / ${QUICK[k]}` : ''}`).join('\n')}
--parts: which measurements (1 config propagation, 2 admission cost, 3 load through nginx); --limit: the
MAX_SESSIONS_TOTAL of part 3's second run; --total-high: MAX_SESSIONS_TOTAL everywhere else.
REPBENCH_TIMEOUT_S (1800) bounds the run; PEERBENCH_NOISE (100) is the noise in every audio chunk.`);
}

function check(ok, what) {
  if (!ok) failures.push(what);
  return ok;
}

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return { n: 0 };
  const q = (p) => s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
  const r = (v) => +v.toFixed(1);
  return { n: s.length, p50: r(q(50)), p95: r(q(95)), max: r(s.at(-1)), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}
const fmt = (s) => (s.n ? `p50 ${s.p50} ms, p95 ${s.p95} ms, max ${s.max} ms (n=${s.n})` : 'n=0');


async function api(engine, method, p, body) {
  const r = await fetch(`${engine.http}${p}`, {
    method, headers: { authorization: `Bearer ${engine.apiKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(10000),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${p} on ${engine.http}: HTTP ${r.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** One session: upgrade request → session.created; closed (and its close awaited) before it resolves. */
function oneSession(WebSocket, url, token, timeoutMs = 10000) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false, handshakeTimeout: timeoutMs });
    let created = null;
    const timer = setTimeout(() => { ws.terminate(); reject(new Error(`no session.created within ${timeoutMs} ms`)); }, timeoutMs);
    ws.once('unexpected-response', (_req, res) => { clearTimeout(timer); ws.terminate(); reject(new Error(`HTTP ${res.statusCode} on upgrade`)); });
    ws.once('error', (e) => { clearTimeout(timer); reject(e); });
    ws.on('message', (data) => {
      if (created) return;
      const ev = JSON.parse(data.toString());
      if (ev.type !== 'session.created') return;
      created = { ms: performance.now() - t0, session: ev.session };
      clearTimeout(timer);
      ws.close(1000);
    });
    ws.once('close', () => (created ? resolve(created) : reject(new Error('closed before session.created'))));
  });
}

function engineEnv(redis, id, extra = {}) {
  // single-use tokens, so that a minted token's admission also checks the token ledger (Redis's with REDIS_URL)
  return { REDIS_URL: redis ? redis.url : undefined, REPLICA_ID: id, JWT_SECRET, TOKEN_SINGLE_USE: 'true', ...extra };
}

async function startPair(o, sim, redis, dir, total, log) {
  const [a, b] = await Promise.all(['a', 'b'].map((id) => startEngine({
    root: o.root, sim, dataDir: path.join(dir, `data-${id}`), logFile: path.join(dir, `engine-${id}.log`),
    env: engineEnv(redis, id, { MAX_SESSIONS_TOTAL: String(total) }),
  })));
  const nginx = await startNginx({ root: o.root, engineA: a.port, engineB: b.port, logFile: path.join(dir, 'nginx.log') });
  log(`replicas a (pid ${a.pid}, :${a.port}, ready after ${a.startMs} ms) and b (pid ${b.pid}, :${b.port}, ${b.startMs} ms), `
    + `MAX_SESSIONS_TOTAL=${total}; nginx :${nginx.port}`);
  const fleet = await api(a, 'GET', '/fleet');
  check(fleet.replicas?.length === 2, `/fleet on a lists both replicas (${JSON.stringify(fleet)})`);
  return { a, b, nginx };
}

/** Stops nginx (keeping its access log in dir) and both replicas; what a failed startPair started, main's stopAll ends. */
async function stopPair(pair, dir) {
  if (!pair) return;
  await pair.nginx.stop(path.join(dir, 'nginx-access.log'));
  await pair.a.stop();
  await pair.b.stop();
}

// ---------------------------------------------------------------- 1. config propagation

async function propagation(o, { a, b }, WebSocket, log) {
  const n = o.opts.changes;
  const rows = [];
  let sessionChecks = 0;
  for (let i = 0; i < n; i++) {
    const value = `Answer briefly. Bench change ${i} ${Date.now()} ${i % 2 ? 'odd' : 'even'}.`;
    const sent = performance.now();
    const put = await api(a, 'PUT', '/config', { voices: { instructions: value } });
    const answered = performance.now();
    check(put.voices?.instructions === value, `change ${i}: A's PUT answer has the new instructions`);
    let seen = null;
    let polls = 0;
    while (performance.now() - sent < 5000) {
      polls++;
      const cfg = await api(b, 'GET', '/config');
      if (cfg.voices?.instructions === value) {
        seen = performance.now();
        break;
      }
      await sleep(2);
    }
    if (!check(seen !== null, `change ${i}: B served it within 5 s`)) continue;
    if (i % 10 === 9 || i === n - 1) {
      const s = await oneSession(WebSocket, b.ws, b.apiKey);
      check(s.session?.instructions === value, `change ${i}: a new session on B starts with it (got '${s.session?.instructions}')`);
      sessionChecks++;
    }
    rows.push({ put: answered - sent, fromSent: seen - sent, fromAnswer: seen - answered, polls });
    await sleep(100); // changes spaced as an operator's are, not back to back
  }
  const fleet = await api(b, 'GET', '/fleet');
  const versions = fleet.replicas.map((r) => r.config_version);
  const r = {
    changes: n, taken: rows.length, sessionChecks,
    put: stats(rows.map((x) => x.put)), fromSent: stats(rows.map((x) => x.fromSent)), fromAnswer: stats(rows.map((x) => x.fromAnswer)),
    polls: stats(rows.map((x) => x.polls)), fleetVersions: versions,
  };
  log(`1. propagation: PUT on A ${fmt(r.put)}; PUT sent → B serves it ${fmt(r.fromSent)}; A's answer → B ${fmt(r.fromAnswer)}; `
    + `${sessionChecks} sessions on B checked; /fleet config_version ${versions.join(', ')}`);
  check(r.fromSent.max !== undefined && r.fromSent.max <= 1000, `every change reached B within 1 s (max ${r.fromSent.max} ms)`);
  return r;
}

// ---------------------------------------------------------------- 2. admission cost

async function admission(o, { a }, sim, redis, dir, WebSocket, log) {
  const plain = await startEngine({ root: o.root, sim, dataDir: path.join(dir, 'data-plain'), logFile: path.join(dir, 'engine-plain.log'),
    env: engineEnv(null, 'plain') });
  log(`2. admission: engine without REDIS_URL pid ${plain.pid} (:${plain.port}); ${o.opts.admissions} sessions each, interleaved`);
  const engines = { fleet: a, plain };
  const result = {};
  try {
    for (const mode of ['engine key', 'minted token']) {
      const times = { fleet: [], plain: [] };
      const token = async (e) => (mode === 'engine key' ? e.apiKey : (await api(e, 'POST', '/v1/realtime/client_secrets', {})).value);
      for (const name of Object.keys(engines)) { // warm-up (JIT), not counted
        for (let i = 0; i < 100; i++) await oneSession(WebSocket, engines[name].ws, await token(engines[name]));
      }
      for (let i = 0; i < o.opts.admissions; i++) {
        for (const name of i % 2 ? ['plain', 'fleet'] : ['fleet', 'plain']) {
          const t = await token(engines[name]); // minted before the clock starts
          times[name].push((await oneSession(WebSocket, engines[name].ws, t)).ms);
        }
      }
      result[mode] = { fleet: stats(times.fleet), plain: stats(times.plain) };
      log(`2. admission (${mode}): with REDIS_URL + MAX_SESSIONS_TOTAL ${fmt(result[mode].fleet)}; without REDIS_URL ${fmt(result[mode].plain)}`);
    }
    const left = Number((await redis.cli('ZCARD', 'realtime:sessions'))[0]);
    check(left === 0, `every lease released after the admission runs (${left} left in realtime:sessions)`);
  } finally {
    await plain.stop();
  }
  return result;
}

// ---------------------------------------------------------------- 3. load through nginx

/** CPU seconds (user + system) of a process so far, from /proc/PID/stat. */
function cpuSeconds(pid) {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 a second on Linux)
}

/** Samples the fleet's leases in Redis (per replica) every 250 ms until stopped; keeps the largest counts. */
function leaseSampler(redis) {
  const peak = { total: 0, a: 0, b: 0 };
  let on = true;
  const done = (async () => {
    while (on) {
      try {
        const members = await redis.cli('ZRANGE', 'realtime:sessions', '0', '-1');
        const by = { a: 0, b: 0 };
        for (const m of members) by[m.split(':')[0]] = (by[m.split(':')[0]] || 0) + 1;
        peak.total = Math.max(peak.total, members.length);
        peak.a = Math.max(peak.a, by.a);
        peak.b = Math.max(peak.b, by.b);
      } catch {}
      await sleep(250);
    }
  })();
  return { peak, stop: async () => { on = false; await done; } };
}

async function load(o, { a, b, nginx }, sim, redis, dir, label, log) {
  const json = path.join(dir, `${label}.json`);
  const out = fs.openSync(path.join(dir, `${label}.log`), 'w');
  const args = [path.join(o.harness, 'load.mjs'), '--url', nginx.ws, '--mint-url', `${nginx.http}/v1/realtime/client_secrets`,
    '--api-key', a.apiKey, '--protocol', 'ga', '--sessions', String(o.opts.sessions), '--duration-s', String(o.opts['duration-s']),
    '--chunk-ms', '20', '--silence-ms', '500', '--pid', String(a.pid), '--fake-pid', String(sim.pid), '--label', label, '--json', json];
  log(`3. ${label}: ${o.opts.sessions} sessions for ${o.opts['duration-s']} s through nginx`);
  const leases = leaseSampler(redis);
  const cpu0 = { a: cpuSeconds(a.pid), b: cpuSeconds(b.pid), t: performance.now() };
  const proc = spawn(process.execPath, args, { cwd: o.harness, stdio: ['ignore', out, out], detached: true, env: { ...process.env } });
  fs.closeSync(out);
  currentLoad = proc;
  const exited = new Promise((r) => proc.once('exit', (code) => r(code)));
  const limitMs = (o.opts['duration-s'] + 80) * 1000;
  const code = await Promise.race([exited, sleep(limitMs).then(() => 'timeout')]);
  currentLoad = null;
  await leases.stop();
  const wallS = (performance.now() - cpu0.t) / 1000;
  const engineCpu = { a: +((100 * (cpuSeconds(a.pid) - cpu0.a)) / wallS).toFixed(1), b: +((100 * (cpuSeconds(b.pid) - cpu0.b)) / wallS).toFixed(1) };
  if (code === 'timeout') {
    await stopProcess(proc, 3000);
    throw new Error(`${label}: load.mjs did not finish within ${limitMs / 1000} s`);
  }
  if (code !== 0 || !fs.existsSync(json)) throw new Error(`${label}: load.mjs exited ${code}; see ${label}.log`);
  const r = JSON.parse(fs.readFileSync(json, 'utf8'));
  const refusals = {};
  for (const s of r.sessions_detail) {
    if (s.connected) continue;
    const why = (s.error || 'not connected').replace(/^(mint) .*?: (HTTP \d+).*$/s, '$1: $2'); // nginx's own error pages are HTML
    refusals[why] = (refusals[why] || 0) + 1;
  }
  const upgrades = {};
  const mints = {};
  for (const line of nginx.accessLog().split('\n')) {
    const m = /^(GET \/v1\/realtime|POST \/v1\/realtime\/client_secrets) (\d+) upstreams=(.*)$/.exec(line);
    if (!m) continue;
    const into = m[1].startsWith('GET') ? upgrades : mints;
    into[`${m[2]} (upstreams ${m[3]})`] = (into[`${m[2]} (upstreams ${m[3]})`] || 0) + 1;
  }
  return {
    label, sessions: r.sessions, connected: r.connected, refusals, upgrades, mints, peakLeases: leases.peak,
    turns: { started: r.turns_started, completed: r.turns_completed, withAudio: r.turns_with_audio, valid: r.turns_valid },
    invalid: r.invalid_turn_reasons, unexpectedCloses: r.unexpected_closes.length, errors: r.errors,
    firstAudio: r.first_audio_ms, stoppedToFirstAudio: r.stopped_to_first_audio_ms, speechStopped: r.speech_stopped_ms,
    engineCpu, machineBusy: r.cpu_accounting_pct?.machine_busy_pct,
  };
}

function logLoad(r, log) {
  log(`3. ${r.label}: connected ${r.connected}/${r.sessions}; peak leases ${r.peakLeases.total} (a ${r.peakLeases.a}, b ${r.peakLeases.b}); `
    + `turns started ${r.turns.started}, completed ${r.turns.completed}, valid ${r.turns.valid}; first audio p50 ${r.firstAudio.p50} p95 ${r.firstAudio.p95} ms; `
    + `refusals ${JSON.stringify(r.refusals)}; nginx upgrades ${JSON.stringify(r.upgrades)}, token mints ${JSON.stringify(r.mints)}`);
}

// ---------------------------------------------------------------- report

function report(meta, res) {
  const L = [];
  const s = (x) => (x?.n ? `${x.p50} / ${x.p95} / ${x.max} ms` : '–');
  L.push(`Replicas bench, ${meta.date.slice(0, 16)}Z, commit ${meta.commit}, ${meta.cores} cores, load average at start ${meta.loadavg}, zero-delay simulated providers.`);
  if (res.propagation) {
    const p = res.propagation;
    L.push('', `1. Config propagation, ${p.changes} PUT /config on A (voices.instructions), B's GET /config polled: ${p.taken} taken, `
      + `${p.sessionChecks} new sessions on B checked to start with the value.`, '',
      '| | p50 / p95 / max |', '|---|---|',
      `| PUT /config on A (round trip) | ${s(p.put)} |`, `| PUT sent → B serves it | ${s(p.fromSent)} |`, `| A's answer → B serves it | ${s(p.fromAnswer)} |`);
  }
  if (res.admission) {
    L.push('', '2. Admission: WebSocket upgrade request → `session.created`, sequential sessions, the two engines interleaved '
      + '(TOKEN_SINGLE_USE=true: a minted token is also checked in the token ledger, Redis\'s on A, in memory on the other).', '',
      '| credential | A: REDIS_URL + MAX_SESSIONS_TOTAL (p50 / p95 / max) | engine without REDIS_URL |', '|---|---|---|');
    for (const [mode, r] of Object.entries(res.admission)) L.push(`| ${mode} | ${s(r.fleet)} | ${s(r.plain)} |`);
  }
  for (const r of res.loads || []) {
    L.push('', `3. ${r.label}: load.mjs, ${r.sessions} sessions through nginx: ${r.connected} connected (peak leases ${r.peakLeases.total}: `
      + `a ${r.peakLeases.a}, b ${r.peakLeases.b}); turns started ${r.turns.started}, completed ${r.turns.completed}, with audio ${r.turns.withAudio}, `
      + `valid ${r.turns.valid}; first audio after speech end ${s(r.firstAudio)}; speech_stopped → first audio ${s(r.stoppedToFirstAudio)}; `
      + `CPU over the run (ramp and end included, 100 % = one core): engine a ${r.engineCpu.a} %, b ${r.engineCpu.b} %, machine ${r.machineBusy} %.`);
    if (Object.keys(r.refusals).length) L.push(`   Refused: ${Object.entries(r.refusals).map(([k, v]) => `${v} × ${k}`).join(', ')}.`);
    L.push(`   nginx upgrades: ${Object.entries(r.upgrades).map(([k, v]) => `${v} × ${k}`).join(', ')}; token mints: ${Object.entries(r.mints).map(([k, v]) => `${v} × ${k}`).join(', ')}.`);
    if (Object.keys(r.invalid).length) L.push(`   Invalid turns: ${Object.entries(r.invalid).map(([k, v]) => `${v} × ${k}`).join(', ')}.`);
  }
  L.push('', failures.length ? `FAILED:\n${failures.map((f) => `- ${f}`).join('\n')}` : 'Every check passed.');
  return L.join('\n');
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) return usage();
  if (!o.harness) throw new Error('--harness DIR (a writable copy of ../shared/harness with node_modules) is required');
  const { WebSocket } = createRequire(path.join(o.harness, 'package.json'))('ws');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.resolve(o.out || path.join(o.root, 'target/replicas', stamp));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
  const meta = { date: new Date().toISOString(), commit: gitCommit(o.root), cores: os.cpus().length,
    loadavg: os.loadavg().map((x) => x.toFixed(2)).join(' '), opts: o.opts };
  log(`replicas bench, commit ${meta.commit}, load average ${meta.loadavg}; output in ${outDir}`);
  const res = { loads: [] };
  const sim = await startSimulator({ harness: o.harness, logFile: path.join(outDir, 'simulator.log') });
  try {
    const needsHigh = o.parts.has(1) || o.parts.has(2) || o.parts.has(3);
    if (needsHigh) {
      const dir = path.join(outDir, 'high');
      fs.mkdirSync(dir, { recursive: true });
      const redis = await startRedis({ logFile: path.join(dir, 'redis.log') });
      let pair = null;
      try {
        pair = await startPair(o, sim, redis, dir, o.opts['total-high'], log);
        if (o.parts.has(1)) res.propagation = await propagation(o, pair, WebSocket, log);
        if (o.parts.has(2)) res.admission = await admission(o, pair, sim, redis, dir, WebSocket, log);
        if (o.parts.has(3)) {
          const r = await load(o, pair, sim, redis, dir, `load-${o.opts.sessions}-total-${o.opts['total-high']}`, log);
          logLoad(r, log);
          res.loads.push(r);
          check(r.connected === o.opts.sessions, `${r.label}: every session connected (${r.connected}/${r.sessions})`);
          check(r.turns.started > 0 && r.turns.completed === r.turns.started && r.turns.withAudio === r.turns.started,
            `${r.label}: every turn answered with audio (${r.turns.withAudio} of ${r.turns.started})`);
          check(r.peakLeases.a > 0 && r.peakLeases.b > 0, `${r.label}: both replicas held sessions (a ${r.peakLeases.a}, b ${r.peakLeases.b})`);
        }
      } finally {
        await stopPair(pair, dir);
        await redis.stop();
      }
    }
    if (o.parts.has(3)) {
      const dir = path.join(outDir, 'limited');
      fs.mkdirSync(dir, { recursive: true });
      const redis = await startRedis({ logFile: path.join(dir, 'redis.log') });
      let pair = null;
      try {
        pair = await startPair(o, sim, redis, dir, o.opts.limit, log);
        const r = await load(o, pair, sim, redis, dir, `load-${o.opts.sessions}-total-${o.opts.limit}`, log);
        logLoad(r, log);
        res.loads.push(r);
        const refused503 = r.refusals['HTTP 503 on upgrade'] || 0;
        check(r.connected === o.opts.limit, `${r.label}: exactly ${o.opts.limit} sessions admitted fleet-wide (${r.connected})`);
        check(r.peakLeases.total === o.opts.limit, `${r.label}: at most ${o.opts.limit} leases at once, and that many (peak ${r.peakLeases.total})`);
        check(refused503 === o.opts.sessions - o.opts.limit, `${r.label}: the other ${o.opts.sessions - o.opts.limit} refused with 503 (${JSON.stringify(r.refusals)})`);
        check(r.turns.started > 0 && r.turns.withAudio === r.turns.started, `${r.label}: every turn of the admitted sessions answered (${r.turns.withAudio} of ${r.turns.started})`);
      } finally {
        await stopPair(pair, dir);
        await redis.stop();
      }
    }
  } catch (e) {
    log(`FAILED: ${e.stack || e}`);
    failures.push(String(e.message || e));
  } finally {
    await sim.stop();
    await stopAll();
    await stopServices();
  }
  const md = report(meta, res);
  fs.writeFileSync(path.join(outDir, 'replicas.md'), `${md}\n`);
  fs.writeFileSync(path.join(outDir, 'replicas.json'), JSON.stringify({ ...meta, ...res, failures }, null, 2));
  console.log(`\n${md}`);
  log(`report: ${path.join(outDir, 'replicas.md')}`);
  process.exit(failures.length ? 1 : 0);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    if (currentLoad) await stopProcess(currentLoad, 2000);
    await Promise.race([Promise.all([stopAll(), stopServices()]), sleep(8000)]);
    killAllNow();
    killServicesNow();
    process.exit(130);
  });
}
main().catch(async (e) => {
  console.error(e.stack || e);
  await Promise.race([Promise.all([stopAll(), stopServices()]), sleep(8000)]);
  process.exit(1);
});
