// What the engine looks like from outside: /proc/PID (threads, file descriptors, RSS, sockets), /proc/net/tcp
// (connections to the simulator, the state of client connections) and /metrics (Prometheus text).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** {threads, fds, rssMB, cpuSec} of a process, or null when it is gone. */
export function procStats(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k) => Number((new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(status) || [])[1] || 0);
    const threads = Number((/^Threads:\s+(\d+)/m.exec(status) || [])[1] || 0);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuSec = (Number(rest[11]) + Number(rest[12])) / 100;
    return { threads, fds: fs.readdirSync(`/proc/${pid}/fd`).length, rssMB: +(kb('VmRSS') / 1024).toFixed(1), cpuSec };
  } catch {
    return null;
  }
}

/** Socket inodes held open by a process. */
export function socketInodes(pid) {
  const out = new Set();
  let names = [];
  try {
    names = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const n of names) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${n}`));
      if (m) out.add(m[1]);
    } catch {}
  }
  return out;
}

const TCP_STATES = { '01': 'ESTABLISHED', '02': 'SYN_SENT', '03': 'SYN_RECV', '04': 'FIN_WAIT1', '05': 'FIN_WAIT2', '06': 'TIME_WAIT', '07': 'CLOSE', '08': 'CLOSE_WAIT', '09': 'LAST_ACK', '0A': 'LISTEN', '0B': 'CLOSING' };

/** Every row of /proc/net/tcp and tcp6: {localPort, remotePort, state, inode, txQueue, rxQueue}. */
export function tcpTable() {
  const rows = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = fs.readFileSync(f, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const p = line.trim().split(/\s+/);
      if (p.length < 10) continue;
      const [, lport] = p[1].split(':');
      const [, rport] = p[2].split(':');
      const [tx, rx] = p[4].split(':');
      rows.push({ localPort: parseInt(lport, 16), remotePort: parseInt(rport, 16), state: TCP_STATES[p[3]] || p[3], txQueue: parseInt(tx, 16), rxQueue: parseInt(rx, 16), inode: p[9] });
    }
  }
  return rows;
}

/** The engine's own TCP connections to `port` (the simulator), by state. */
export function upstreamConnections(pid, port) {
  const inodes = socketInodes(pid);
  const byState = {};
  let total = 0;
  for (const r of tcpTable()) {
    if (r.remotePort === port && inodes.has(r.inode)) {
      byState[r.state] = (byState[r.state] || 0) + 1;
      total++;
    }
  }
  return { total, byState };
}

/** Parses Prometheus text into [{name, labels, value}]. */
export function parseMetrics(text) {
  const out = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const labels = {};
    if (m[3]) for (const l of m[3].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2];
    out.push({ name: m[1], labels, value: Number(m[4]) });
  }
  return out;
}

export async function scrape(engine) {
  const r = await fetch(`${engine.http}/metrics`, { signal: AbortSignal.timeout(5000) });
  const all = parseMetrics(await r.text());
  const sum = (name, pred = () => true) => all.filter((s) => s.name === name && pred(s.labels)).reduce((a, s) => a + s.value, 0);
  return { all, sum, get: (name) => sum(name) };
}

/** Polls until pred(metrics) holds; resolves {ok, ms}. Bounded by timeoutMs. */
export async function waitMetric(engine, pred, timeoutMs, everyMs = 100) {
  const t0 = Date.now();
  for (;;) {
    try {
      if (pred(await scrape(engine))) return { ok: true, ms: Date.now() - t0 };
    } catch {}
    if (Date.now() - t0 >= timeoutMs) return { ok: false, ms: Date.now() - t0 };
    await sleep(everyMs);
  }
}

/** Samples procStats(pid) every everyMs until stop(); samples carry t (ms since start). */
export function sampler(pid, everyMs = 500) {
  const t0 = Date.now();
  const samples = [];
  const tick = () => {
    const s = procStats(pid);
    if (s) samples.push({ t: Date.now() - t0, ...s });
  };
  tick();
  const iv = setInterval(tick, everyMs);
  return { samples, stop: () => { clearInterval(iv); tick(); return samples; } };
}

/** RSS over a run: first and second half means, peak, and the least-squares slope over the second half. */
export function rssTrend(samples) {
  if (samples.length < 4) return null;
  const half = Math.floor(samples.length / 2);
  const mean = (a) => a.reduce((x, s) => x + s.rssMB, 0) / a.length;
  const second = samples.slice(half);
  const n = second.length;
  const mt = second.reduce((a, s) => a + s.t, 0) / n;
  const mr = mean(second);
  let num = 0;
  let den = 0;
  for (const s of second) {
    num += (s.t - mt) * (s.rssMB - mr);
    den += (s.t - mt) ** 2;
  }
  return {
    first_half_mean_mb: +mean(samples.slice(0, half)).toFixed(1),
    second_half_mean_mb: +mr.toFixed(1),
    peak_mb: +Math.max(...samples.map((s) => s.rssMB)).toFixed(1),
    second_half_slope_mb_per_min: den > 0 ? +((num / den) * 60000).toFixed(1) : 0,
  };
}

/**
 * The engine's live heap: a full GC (jcmd GC.run, with the jcmd beside the engine's own java), then the heap's used
 * size in MB. RSS alone cannot tell a leak from a heap the collector has grown and kept; this can. Null when jcmd
 * cannot attach. With histogramFile, the live objects by class are written there too (what grew, when it grew).
 */
export function liveHeapMB(pid, histogramFile = '') {
  try {
    const jcmd = path.join(path.dirname(fs.readlinkSync(`/proc/${pid}/exe`)), 'jcmd');
    execFileSync(jcmd, [String(pid), 'GC.run'], { timeout: 60000, stdio: 'pipe' });
    if (histogramFile) {
      fs.writeFileSync(histogramFile, execFileSync(jcmd, [String(pid), 'GC.class_histogram'], { timeout: 60000, stdio: 'pipe', maxBuffer: 64 << 20 }));
    }
    const info = execFileSync(jcmd, [String(pid), 'GC.heap_info'], { timeout: 60000, stdio: 'pipe' }).toString();
    const used = /used (\d+)K/.exec(info);
    return used ? +(Number(used[1]) / 1024).toFixed(1) : null;
  } catch {
    return null;
  }
}

/** Log lines that are stack traces or name an exception. */
export function stackTraceLines(text) {
  const lines = text.split('\n');
  return {
    exception_lines: lines.filter((l) => /Exception/.test(l)).length,
    frame_lines: lines.filter((l) => /^\tat /.test(l)).length,
    first: lines.find((l) => /Exception/.test(l)) || null,
  };
}
