// Starting and stopping the provider simulator and the engine for one scenario. Everything binds 127.0.0.1;
// every wait is bounded; every process started here is remembered so that stopAll() (also run on exit and on
// SIGINT/SIGTERM) ends it, by its own process group.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const running = new Set();

/** A free TCP port on 127.0.0.1 (bound then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitHttp(url, timeoutMs, proc, what) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`${what} exited (${proc.exitCode ?? proc.signalCode}) before it answered ${url}`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (r.ok) return Date.now() - t0;
    } catch {}
    await sleep(100);
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms`);
}

function track(proc, name) {
  const rec = { proc, name };
  running.add(rec);
  proc.once('exit', () => running.delete(rec));
  return rec;
}

/** Ends one child (its process group): SIGTERM, then SIGKILL after graceMs. Resolves when it has exited. */
export async function stopProcess(proc, graceMs = 8000) {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  const kill = (sig) => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      try { proc.kill(sig); } catch {}
    }
  };
  kill('SIGTERM');
  const t = setTimeout(() => kill('SIGKILL'), graceMs);
  await Promise.race([exited, sleep(graceMs + 5000)]);
  clearTimeout(t);
}

export async function stopAll() {
  await Promise.all([...running].map((r) => stopProcess(r.proc, 3000)));
}
export function killAllNow() {
  for (const r of running) {
    try { process.kill(-r.proc.pid, 'SIGKILL'); } catch {}
  }
}

/**
 * The harness's provider simulator (fake-providers.mjs) in its own process.
 * Returns {pid, port, base, config(obj), calls(), stop()}.
 */
export async function startSimulator({ harness, logFile, env = {} }) {
  const port = await freePort();
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(process.execPath, [path.join(harness, 'fake-providers.mjs')], {
    cwd: harness, detached: true, stdio: ['ignore', out, out],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, FAKE_HOST: '127.0.0.1', FAKE_PORT: String(port), ...env },
  });
  fs.closeSync(out);
  track(proc, 'simulator');
  const base = `http://127.0.0.1:${port}`;
  await waitHttp(`${base}/health`, 15000, proc, 'the provider simulator');
  return {
    pid: proc.pid, port, base, proc,
    async config(obj) {
      const r = await fetch(`${base}/fake/config`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(obj), signal: AbortSignal.timeout(5000) });
      if (!r.ok) throw new Error(`simulator config: HTTP ${r.status}`);
      return r.json();
    },
    async calls() {
      const r = await fetch(`${base}/fake/calls`, { signal: AbortSignal.timeout(5000) });
      return (await r.json()).calls;
    },
    stop: () => stopProcess(proc, 3000),
  };
}

/**
 * The engine as its launcher runs it: `bin/engine` (serve) with a clean environment (no provider keys of the
 * caller's), HTTP providers pointed at the simulator, its own DATA_DIR and port. `env` overrides or adds
 * settings. Returns {pid, port, http, ws, apiKey, logFile, logText(), stop()}.
 */
export async function startEngine({ root, sim, dataDir, logFile, env = {}, startTimeoutMs = 180000 }) {
  const port = await freePort();
  const apiKey = 'relbench-key';
  const simV1 = `${sim.base}/v1`;
  fs.mkdirSync(dataDir, { recursive: true });
  const base = {
    PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG || 'C.UTF-8',
    ...(process.env.JAVA_HOME ? { JAVA_HOME: process.env.JAVA_HOME } : {}),
  };
  const engineEnv = {
    ...base,
    HOST: '127.0.0.1', PORT: String(port), DATA_DIR: dataDir, ENGINE_API_KEY: apiKey,
    LLM_PROVIDER: 'openai-compatible', OPENAI_COMPATIBLE_BASE_URL: simV1, OPENAI_COMPATIBLE_MODEL: 'fake-llm',
    STT_PROVIDER: 'openai-compatible', STT_BASE_URL: simV1,
    TTS_PROVIDER: 'openai-compatible', TTS_BASE_URL: simV1,
    DRAIN_TIMEOUT_MS: '2000',
    ...env,
  };
  for (const [k, v] of Object.entries(engineEnv)) if (v === undefined || v === null) delete engineEnv[k];
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(path.join(root, 'bin/engine'), ['serve'], { cwd: root, detached: true, stdio: ['ignore', out, out], env: engineEnv });
  fs.closeSync(out);
  track(proc, 'engine');
  const http = `http://127.0.0.1:${port}`;
  const startMs = await waitHttp(`${http}/health`, startTimeoutMs, proc, 'the engine');
  return {
    pid: proc.pid, port, http, ws: `ws://127.0.0.1:${port}/v1/realtime`, apiKey, logFile, proc, startMs, env: engineEnv,
    logSize: () => fs.statSync(logFile).size,
    /** The engine log written since byte offset `from`. */
    logSince(from = 0) {
      const fd = fs.openSync(logFile, 'r');
      try {
        const size = fs.fstatSync(fd).size;
        const buf = Buffer.alloc(Math.max(0, size - from));
        fs.readSync(fd, buf, 0, buf.length, from);
        return buf.toString('utf8');
      } finally {
        fs.closeSync(fd);
      }
    },
    alive: () => proc.exitCode === null && proc.signalCode === null,
    stop: () => stopProcess(proc, 8000),
  };
}
