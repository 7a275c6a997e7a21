#!/usr/bin/env node
// The reliability suite (issue 13, "How it is proved"): runs the chosen scenarios against the engine started by
// bin/engine with its HTTP providers pointed at the harness's provider simulator, each scenario on a fresh engine
// and simulator, and prints a markdown report (and writes it, with the JSON behind it, to --out).
// Started by bench/reliability/run, which prepares the JDK, the jar and the harness; see bench/README.md.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEngine, startSimulator, stopAll, killAllNow } from './lib/procs.mjs';
import { useHarness } from './lib/client.mjs';
import { option } from './lib/args.mjs';
import { gitCommit } from './lib/commit.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SCENARIOS = ['disconnects', 'fuzz', 'faults', 'outage', 'readers', 'memory'];

// Defaults are the issue's sizes; --quick shrinks them for development (about two minutes for all six).
const DEFAULTS = {
  disconnects: 10000, 'disconnect-concurrency': 50, 'max-sessions': 0, // 0 = the engine's default (1000)
  'fuzz-events': 100000, 'fuzz-sessions': 20, 'fuzz-batch': 50, 'fuzz-seed': 13, 'fuzz-max-s': 900, 'message-limit': 1048576, 'latency-turns': 30,
  'fault-wait-s': 45, 'fault-timeouts-ms': 0, // 0 = the engine's own timeouts
  'outage-sessions': 100, 'outage-baseline-s': 20, 'outage-s': 10, 'outage-after-s': 20, 'outage-fault': '500',
  'readers-normal': 20, 'readers-stalled': 5, 'readers-slow': 5, 'readers-s': 30, 'stall-wait-s': 60,
  'memory-mb': 512, 'memory-item-kb': 200, 'memory-s': 120,
};
const QUICK = {
  disconnects: 600, 'max-sessions': 100, 'fuzz-events': 5000, 'fuzz-sessions': 5, 'latency-turns': 10,
  'fault-timeouts-ms': 3000, 'fault-wait-s': 12,
  'outage-sessions': 20, 'outage-baseline-s': 8, 'outage-s': 5, 'outage-after-s': 10,
  'readers-normal': 5, 'readers-stalled': 2, 'readers-slow': 2, 'readers-s': 8, 'stall-wait-s': 10,
  'memory-mb': 32, 'memory-s': 15,
};

function parseArgs(argv) {
  const o = { scenarios: [], quick: false, out: '', root: path.resolve(HERE, '../..'), harness: '' };
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.quick = true;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a.startsWith('--')) {
      i = option(argv, i, DEFAULTS, o, flags);
    } else if (SCENARIOS.includes(a)) o.scenarios.push(a);
    else throw new Error(`unknown scenario ${a}; one of ${SCENARIOS.join(', ')}`);
  }
  o.opts = { ...DEFAULTS, ...(o.quick ? QUICK : {}), ...flags, quick: o.quick };
  if (!o.scenarios.length) o.scenarios = SCENARIOS;
  return o;
}

function usage() {
  console.log(`usage: bench/reliability/run [--quick] [--out DIR] [scenario...] [--option value...]
scenarios: ${SCENARIOS.join(' ')} (default: all, in this order)
options (default / --quick):
${Object.entries(DEFAULTS).map(([k, v]) => `  --${k} ${v}${k in QUICK ? ` / ${QUICK[k]}` : ''}`).join('\n')}
--max-sessions 0 leaves MAX_SESSIONS at the engine's default (1000); --fault-timeouts-ms 0 leaves the engine's LLM, STT
and TTS timeouts at their defaults. PEERBENCH_NOISE (default 100) is the noise mixed into every audio chunk.`);
}


async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) return usage();
  if (!o.harness) throw new Error('--harness DIR (a writable copy of ../shared/harness with node_modules) is required');
  await useHarness(o.harness);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const outDir = path.resolve(o.out || path.join(o.root, 'target/reliability', stamp));
  fs.mkdirSync(outDir, { recursive: true });
  const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);
  const meta = { date: new Date().toISOString(), commit: gitCommit(o.root), quick: o.quick, cores: (await import('node:os')).cpus().length, node: process.version, opts: o.opts };
  log(`reliability suite, commit ${meta.commit}${o.quick ? ', quick' : ''}; output in ${outDir}`);

  const results = [];
  for (const name of o.scenarios) {
    const mod = await import(`./scenarios/${name}.mjs`);
    const dir = path.join(outDir, name);
    fs.mkdirSync(dir, { recursive: true });
    let n = 0;
    const ctx = {
      root: o.root, harness: o.harness, dir, log: (...a) => log(`${name}:`, ...a),
      /** A fresh simulator and engine; both are stopped when the scenario ends. */
      async fresh({ engineEnv = {}, simEnv = {} } = {}) {
        n++;
        const sim = await startSimulator({ harness: o.harness, logFile: path.join(dir, `simulator-${n}.log`), env: simEnv });
        const engine = await startEngine({ root: o.root, sim, dataDir: path.join(dir, `data-${n}`), logFile: path.join(dir, `engine-${n}.log`), env: engineEnv });
        ctx.log(`engine pid ${engine.pid} on ${engine.port} (healthy after ${engine.startMs} ms), simulator pid ${sim.pid} on ${sim.port}`);
        return { sim, engine };
      },
    };
    const t0 = Date.now();
    let r;
    try {
      r = await mod.run(ctx, o.opts);
    } catch (e) {
      r = { error: String(e.stack || e) };
      ctx.log(`FAILED: ${e.stack || e}`);
    } finally {
      await stopAll();
    }
    r.name = name;
    r.seconds = Math.round((Date.now() - t0) / 1000);
    results.push(r);
    fs.writeFileSync(path.join(dir, 'result.json'), JSON.stringify(r, null, 2));
    ctx.log(`done in ${r.seconds} s`);
  }

  const md = report(meta, results);
  fs.writeFileSync(path.join(outDir, 'reliability.md'), md);
  fs.writeFileSync(path.join(outDir, 'reliability.json'), JSON.stringify({ ...meta, results }, null, 2));
  console.log(`\n${md}`);
  log(`report: ${path.join(outDir, 'reliability.md')}`);
  process.exit(results.some((r) => r.error) ? 1 : 0);
}

function report(meta, results) {
  const lines = [];
  lines.push(`Reliability suite, ${meta.date.slice(0, 10)}, commit ${meta.commit}${meta.quick ? ' (--quick sizes)' : ''}, ${meta.cores} cores, Node ${meta.node}.`);
  lines.push('');
  lines.push('| scenario | target | measured | verdict | time |');
  lines.push('|---|---|---|---|---|');
  for (const r of results) {
    if (r.error) {
      lines.push(`| ${r.name} | – | the scenario failed: ${r.error.split('\n')[0].replace(/\|/g, '/')} | **error** | ${r.seconds} s |`);
      continue;
    }
    (r.checks || []).forEach((c, i) => lines.push(`| ${i ? '' : r.name} | ${c.target} | ${c.measured} | ${c.ok === null ? 'reported' : c.ok ? 'met' : '**missed**'} | ${i ? '' : `${r.seconds} s`} |`));
  }
  for (const r of results) {
    if (r.error || !r.detail) continue;
    lines.push('');
    lines.push(`**${r.name}**${r.setup ? `: ${r.setup}` : ''}`);
    lines.push('');
    lines.push(r.detail);
  }
  return lines.join('\n') + '\n';
}

const onSignal = (sig) => {
  console.error(`\n${sig}: stopping the engine and the simulator`);
  killAllNow();
  process.exit(130);
};
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('exit', killAllNow);

main().catch(async (e) => {
  console.error(e.stack || e);
  await stopAll();
  process.exit(1);
});
