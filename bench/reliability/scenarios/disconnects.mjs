// 1. Abrupt disconnects: clients that vanish mid-turn (while streaming speech) or mid-response (while the LLM or the
// TTS streams), without a close frame: half by closing the TCP socket (FIN), half by resetting it (RST). Then: did
// any upgrade get refused, how long until realtime_sessions_active reads 0, can a full MAX_SESSIONS be admitted
// again, and are threads, file descriptors, upstream connections and RSS back where they were.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openSession, pool, speech, textTurn, every } from '../lib/client.mjs';
import { procStats, upstreamConnections, sampler, rssTrend, scrape, waitMetric, liveHeapMB } from '../lib/probe.mjs';

const MODES = ['mid-turn', 'mid-response (LLM streaming)', 'mid-response (audio streaming)'];

export async function run(ctx, o) {
  const maxSessions = o['max-sessions'] || 1000;
  const engineEnv = o['max-sessions'] ? { MAX_SESSIONS: String(o['max-sessions']) } : {};
  // paced answers, so that a drop mid-response finds the LLM and the TTS streams open
  const { sim, engine } = await ctx.fresh({ engineEnv, simEnv: { FAKE_LLM_TOKEN_MS: '20', FAKE_TTS_RTF: '2' } });
  const audio = speech(20);

  // warm-up: a few whole sessions, so pools and caches exist before the baseline
  await pool(10, 5, async () => {
    const { conn, refused } = await openSession(engine);
    if (refused) throw new Error(`warm-up refused with ${refused}`);
    await textTurn(conn);
    await conn.closeAndWait();
  });
  await waitMetric(engine, (m) => m.get('realtime_sessions_active') === 0, 10000);
  await sleep(2000);
  const heapBefore = liveHeapMB(engine.pid, path.join(ctx.dir, 'heap-before.txt'));
  const base = { ...procStats(engine.pid), upstream: upstreamConnections(engine.pid, sim.port) };
  ctx.log(`baseline: ${base.threads} threads, ${base.fds} fds, ${base.upstream.total} upstream connections, RSS ${base.rssMB} MB, live heap ${heapBefore} MB`);

  const s = sampler(engine.pid, 500);
  const n = o.disconnects;
  const refusedDuring = {};
  const byMode = MODES.map(() => ({ dropped: 0, reached: 0 }));
  let netErrors = 0;
  let firstRefusedAt = null;
  let done = 0;
  const t0 = Date.now();
  const stopProgress = every(10000, () => ctx.log(`${done}/${n} disconnects, refused ${JSON.stringify(refusedDuring)}`));
  await pool(n, o['disconnect-concurrency'], async (i) => {
    const mode = i % 3;
    const reset = Math.floor(i / 3) % 2 === 1;
    let conn;
    try {
      const r = await openSession(engine);
      conn = r.conn;
      if (r.refused) {
        firstRefusedAt ??= i;
        refusedDuring[r.refused] = (refusedDuring[r.refused] || 0) + 1;
        return;
      }
      if (mode === 0) {
        const k = 5 + (i % 40); // 100-900 ms of speech, sent as fast as the socket takes it
        for (let j = 0; j < k && j < audio.speechMsgs.length; j++) conn.send(audio.speechMsgs[j]);
        await sleep(i % 20);
        byMode[mode].reached++;
      } else {
        const want = mode === 1 ? 'response.output_text.delta' : 'response.output_audio.delta';
        const reached = conn.waitFor((e) => e.type === want || e.type === 'response.output_audio_transcript.delta' && mode === 1, 5000, want)
          .then(() => true, () => false);
        conn.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `Disconnect ${i}` }] } });
        conn.send({ type: 'response.create' });
        if (await reached) byMode[mode].reached++;
      }
      conn.drop(reset);
      byMode[mode].dropped++;
    } catch (e) {
      netErrors++;
      if (conn) conn.drop(true);
    } finally {
      done++;
    }
  });
  stopProgress();
  const phaseMs = Date.now() - t0;
  ctx.log(`${n} disconnects in ${(phaseMs / 1000).toFixed(1)} s; refused ${JSON.stringify(refusedDuring)}, network errors ${netErrors}`);

  const zero = await waitMetric(engine, (m) => m.get('realtime_sessions_active') === 0, 30000);
  const activeAfter = (await scrape(engine)).get('realtime_sessions_active');
  ctx.log(`realtime_sessions_active ${zero.ok ? `0 after ${zero.ms} ms` : `still ${activeAfter} after ${zero.ms} ms`}`);
  const heapAfter = liveHeapMB(engine.pid, path.join(ctx.dir, 'heap-after.txt'));
  const rssAfterGc = procStats(engine.pid).rssMB;
  ctx.log(`live heap after the drops: ${heapAfter} MB (baseline ${heapBefore} MB); RSS after that full GC ${rssAfterGc} MB`);

  // a full MAX_SESSIONS worth of sessions, all open at once
  const probeStart = Date.now();
  const held = [];
  const refusedAfter = {};
  let probeErrors = 0;
  await pool(maxSessions, 100, async () => {
    try {
      const r = await openSession(engine);
      if (r.refused) refusedAfter[r.refused] = (refusedAfter[r.refused] || 0) + 1;
      else held.push(r.conn);
    } catch {
      probeErrors++;
    }
  });
  const admitMs = Date.now() - t0 - phaseMs;
  const admitted = held.length;
  ctx.log(`admission probe: ${admitted}/${maxSessions} admitted in ${Date.now() - probeStart} ms, refused ${JSON.stringify(refusedAfter)}`);
  await Promise.all(held.map((c) => c.closeAndWait(3000)));
  await waitMetric(engine, (m) => m.get('realtime_sessions_active') === 0, 15000);
  await sleep(3000);
  const samples = s.stop();
  const upstreamNow = upstreamConnections(engine.pid, sim.port);
  // idle keep-alive connections of the engine's HTTP client close by themselves; wait (bounded) to tell them apart
  // from leaked ones, and count threads and descriptors after that
  let upstreamIdleMs = 0;
  while (upstreamConnections(engine.pid, sim.port).total > base.upstream.total && upstreamIdleMs < 40000) {
    await sleep(2000);
    upstreamIdleMs += 2000;
  }
  const after = { ...procStats(engine.pid), upstream: upstreamNow };
  const upstreamLater = upstreamConnections(engine.pid, sim.port);
  const calls = await sim.calls();
  const openCalls = calls.filter((c) => c.endedAt === null && c.kind !== 'listen').length;
  const trend = rssTrend(samples.filter((x) => x.t <= phaseMs)); // the drops only: the probe's 1000 sessions would weigh on the second half
  const sum = (o) => Object.values(o).reduce((a, b) => a + b, 0);
  const r = {
    disconnects: n, concurrency: o['disconnect-concurrency'], max_sessions: maxSessions, phase_s: +(phaseMs / 1000).toFixed(1),
    by_mode: Object.fromEntries(MODES.map((m, i) => [m, byMode[i]])), network_errors: netErrors,
    refused_during: refusedDuring, first_refused_at: firstRefusedAt, refused_after: refusedAfter, probe_errors: probeErrors,
    active_zero_ms: zero.ok ? zero.ms : null, active_after: activeAfter,
    admitted_after: admitted, admit_ms_after_phase: admitMs,
    baseline: base, after, upstream_after_wait: { ...upstreamLater, waited_ms: upstreamIdleMs }, simulator_calls_open: openCalls, rss: trend,
    rss_peak_with_probe_mb: +Math.max(...samples.map((x) => x.rssMB)).toFixed(1), live_heap_mb: { before: heapBefore, after: heapAfter }, rss_after_full_gc_mb: rssAfterGc,
  };
  const tolerance = (b) => Math.max(5, Math.round(b * 0.1));
  const rd = sum(refusedDuring);
  const ra = sum(refusedAfter);
  r.checks = [
    { target: '0 refused upgrades during the disconnects', measured: `${rd} refused (${JSON.stringify(refusedDuring)}) of ${n}${firstRefusedAt !== null ? `, the first at drop #${firstRefusedAt + 1}` : ''}`, ok: rd === 0 },
    { target: `0 refused when ${maxSessions} (MAX_SESSIONS) open at once afterwards`, measured: `${admitted} admitted, ${ra} refused${probeErrors ? `, ${probeErrors} failed` : ''}`, ok: admitted === maxSessions },
    { target: '`realtime_sessions_active` back to 0 within 5 s', measured: zero.ok ? `${(zero.ms / 1000).toFixed(1)} s` : `still ${activeAfter} after ${(zero.ms / 1000).toFixed(0)} s`, ok: zero.ok && zero.ms <= 5000 },
    { target: 'threads back to baseline', measured: `${base.threads} → ${after.threads}`, ok: after.threads <= base.threads + tolerance(base.threads) },
    { target: 'file descriptors back to baseline', measured: `${base.fds} → ${after.fds}`, ok: after.fds <= base.fds + tolerance(base.fds) },
    { target: 'no upstream connection left open', measured: `engine→simulator TCP ${base.upstream.total} → ${after.upstream.total} (${upstreamLater.total} after ${upstreamIdleMs / 1000} s more); simulator calls still open: ${openCalls}`, ok: openCalls === 0 && upstreamLater.total <= base.upstream.total },
    { target: 'live heap (after a full GC, idle) back to the baseline', measured: heapBefore !== null && heapAfter !== null ? `${heapBefore} → ${heapAfter} MB` : 'jcmd could not attach', ok: heapBefore !== null && heapAfter !== null && heapAfter <= heapBefore + Math.max(16, heapBefore * 0.1) },
    { target: 'RSS after that full GC back near the baseline (within 64 MB: code cache, metaspace)', measured: `${base.rssMB} → ${rssAfterGc} MB`, ok: rssAfterGc <= base.rssMB + 64 },
    { target: 'RSS flat across the second half of the drops', measured: trend ? `first/second half ${trend.first_half_mean_mb}/${trend.second_half_mean_mb} MB, slope ${trend.second_half_slope_mb_per_min} MB/min, peak ${trend.peak_mb} MB` : 'too few samples', ok: !!trend && (trend.second_half_slope_mb_per_min <= 10 || trend.second_half_mean_mb <= trend.first_half_mean_mb * 1.05) },
  ];
  r.setup = `${n} drops (a third each mid-turn, at the first text delta, at the first audio delta; alternately FIN and RST), ${o['disconnect-concurrency']} at a time, MAX_SESSIONS ${maxSessions}${o['max-sessions'] ? '' : ' (default)'}; ${(phaseMs / 1000).toFixed(0)} s`;
  r.detail = [
    '| mode | dropped | reached the point before dropping |',
    '|---|---|---|',
    ...MODES.map((m, i) => `| ${m} | ${byMode[i].dropped} | ${byMode[i].reached} |`),
  ].join('\n');
  return r;
}
