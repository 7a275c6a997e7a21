// The two services the replicas bench starts besides the simulator and the engines: Debian's redis-server and
// Debian's nginx with the shipped etc/nginx/replicas.conf. Both bind 127.0.0.1 only, run in the foreground in their
// own process group, and are ended by stopServices() (also on SIGINT/SIGTERM through the runner). Every wait is bounded.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, stopProcess } from '../reliability/lib/procs.mjs';

const run = promisify(execFile);
const services = new Set();

function executable(name, dirs) {
  for (const d of [...(process.env.PATH || '').split(':'), ...dirs]) {
    if (d && fs.existsSync(path.join(d, name))) return path.join(d, name);
  }
  throw new Error(`${name} is not installed (Debian: apt-get install ${name === 'nginx' ? 'nginx' : 'redis-server'})`);
}

/** Waits until the child's output (a file) contains `text`; fails when it exits first or after timeoutMs. */
async function awaitOutput(proc, logFile, text, timeoutMs, what) {
  const t0 = Date.now();
  while (Date.now() - t0 < timeoutMs) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`${what} exited (${proc.exitCode ?? proc.signalCode}):\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    }
    if (fs.readFileSync(logFile, 'utf8').includes(text)) return;
    await sleep(50);
  }
  throw new Error(`${what} did not say "${text}" within ${timeoutMs} ms`);
}

function startDetached(cmd, args, logFile) {
  const out = fs.openSync(logFile, 'a');
  const proc = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const rec = { proc };
  services.add(rec);
  proc.once('exit', () => services.delete(rec));
  return proc;
}

/**
 * redis-server on a free port, without persistence, as the tests' RedisServer runs it.
 * Returns {url, port, pid, cli(...args), stop()}.
 */
export async function startRedis({ logFile }) {
  const bin = executable('redis-server', ['/usr/bin', '/usr/local/bin', '/usr/sbin']);
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replicas-redis-'));
  const proc = startDetached(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
    '--daemonize', 'no', '--dir', dir, '--logfile', ''], logFile);
  try {
    await awaitOutput(proc, logFile, 'Ready to accept connections', 20000, 'redis-server');
  } catch (e) {
    await stopProcess(proc, 3000);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `redis://127.0.0.1:${port}`, port, pid: proc.pid,
    /** One redis-cli command; resolves to its output lines. */
    async cli(...args) {
      const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });
      return stdout.split('\n').filter(Boolean);
    },
    async stop() {
      await stopProcess(proc, 3000);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The shipped file with one text replaced, which must occur exactly once (the tests' Nginx does the same). */
function substitute(config, from, to) {
  const at = config.indexOf(from);
  if (at < 0 || config.indexOf(from, at + 1) >= 0) {
    throw new Error(`etc/nginx/replicas.conf should contain '${from}' exactly once; update bench/replicas/services.mjs`);
  }
  return config.replace(from, to);
}

/** The shipped file with every occurrence of a text replaced; there must be one at least. */
function everywhere(config, from, to) {
  if (!config.includes(from)) throw new Error(`etc/nginx/replicas.conf should contain '${from}'; update bench/replicas/services.mjs`);
  return config.replaceAll(from, to);
}

/**
 * nginx with etc/nginx/replicas.conf: its upstream servers' names replaced by the engines' 127.0.0.1 ports, its
 * listen port by a free one on 127.0.0.1, pid, logs and temporary files in a private folder under /tmp (its workers
 * run as nobody when this runs as root, and must reach them). Everything else, worker_processes auto included, is the
 * shipped file. The access log has each request's status and the status of every upstream tried.
 * Returns {port, http, ws, accessLog(), stop()}.
 */
export async function startNginx({ root, engineA, engineB, logFile }) {
  const bin = executable('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', '/sbin']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replicas-nginx-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  let conf = fs.readFileSync(path.join(root, 'etc/nginx/replicas.conf'), 'utf8');
  conf = substitute(conf, 'worker_processes auto;', `worker_processes auto;\npid ${dir}/nginx.pid;\nerror_log stderr notice;`);
  conf = substitute(conf, 'http {', `http {\n    log_format upstreams '$request_method $request_uri $status upstreams=$upstream_status';\n`
    + `    access_log ${dir}/access.log upstreams;\n    client_body_temp_path ${dir}/client_body;\n    proxy_temp_path ${dir}/proxy;\n`
    + `    fastcgi_temp_path ${dir}/fastcgi;\n    uwsgi_temp_path ${dir}/uwsgi;\n    scgi_temp_path ${dir}/scgi;`);
  conf = everywhere(conf, 'server engine-a:8787 ', `server 127.0.0.1:${engineA} `);
  conf = everywhere(conf, 'server engine-b:8787 ', `server 127.0.0.1:${engineB} `);
  conf = substitute(conf, 'listen 80;', `listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const proc = startDetached(bin, ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], logFile);
  try {
    await awaitOutput(proc, logFile, 'start worker process', 20000, 'nginx');
  } catch (e) {
    await stopProcess(proc, 3000);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const access = path.join(dir, 'access.log');
  return {
    port, pid: proc.pid, http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}/v1/realtime`,
    accessLog: () => (fs.existsSync(access) ? fs.readFileSync(access, 'utf8') : ''),
    async stop(keepAs) {
      await stopProcess(proc, 5000);
      if (keepAs && fs.existsSync(access)) fs.copyFileSync(access, keepAs);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function stopServices() {
  await Promise.all([...services].map((r) => stopProcess(r.proc, 3000)));
}
export function killServicesNow() {
  for (const r of services) {
    try { process.kill(-r.proc.pid, 'SIGKILL'); } catch {}
  }
}
