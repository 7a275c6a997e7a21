// 5. Slow and stalled readers beside normal sessions. Normal sessions talk (as in the outage scenario) for a warm-up,
// a baseline and a phase with the abusers: stalled readers stop reading their socket at once and keep asking for
// answers; slow readers read 100 ms a second. Wanted: engine memory bounded, the normal sessions' latency within
// 10 % of the baseline, the stalled ones closed by the engine within seconds (seen from /proc/net/tcp: the engine's
// end of the connection leaves ESTABLISHED), and the close code they read once they read again.
import { setTimeout as sleep } from 'node:timers/promises';
import { openSession, pct, every } from '../lib/client.mjs';
import { talkers } from '../lib/talk.mjs';
import { sampler, tcpTable, scrape } from '../lib/probe.mjs';

export async function run(ctx, o) {
  const { engine } = await ctx.fresh();
  const n = o['readers-normal'];
  const phaseMs = o['readers-s'] * 1000;
  const warmMs = Math.min(8000, phaseMs);
  const tStart = performance.now();
  const tBase = tStart + warmMs;
  const tAbuse = tBase + phaseMs;
  const deadline = tAbuse + phaseMs;
  const s = sampler(engine.pid, 500);
  const talk = talkers(engine, { n, rampMs: 3000, deadline });
  const stopProgress = every(10000, () => ctx.log(`t=${((performance.now() - tStart) / 1000).toFixed(0)} s: ${talk.turns.length} turns, RSS ${s.samples.at(-1)?.rssMB} MB`));

  const abusers = [];
  const abuse = (async () => {
    await sleep(tAbuse - performance.now());
    ctx.log(`${o['readers-stalled']} stalled and ${o['readers-slow']} slow readers join`);
    for (let i = 0; i < o['readers-stalled'] + o['readers-slow']; i++) {
      const stalled = i < o['readers-stalled'];
      const { conn, refused } = await openSession(engine, { keep: () => false });
      if (refused) throw new Error(`reader refused (${refused})`);
      const a = { stalled, conn, port: conn.localPort, t0: performance.now(), engineClosedMs: null, stop: null, asked: 0 };
      if (stalled) conn.pauseReading();
      else {
        // read 100 ms out of every second
        let on = true;
        a.stopDuty = every(100, () => {
          const phase = Math.floor((performance.now() - a.t0) / 100) % 10;
          if (phase === 0 && !on) { conn.resumeReading(); on = true; } else if (phase !== 0 && on) { conn.pauseReading(); on = false; }
        });
      }
      // keep asking for answers (each one is text and a second of audio; while one runs the engine answers an error)
      a.stop = every(stalled ? 100 : 250, () => {
        if (conn.closed || !conn.ws._socket || conn.ws._socket.destroyed) return;
        try {
          conn.send({ type: 'response.create', response: { conversation: 'none', instructions: 'Say something long.' } });
          a.asked++;
        } catch {}
      });
      abusers.push(a);
    }
  })();

  // the engine's side of each reader's connection, polled every 250 ms
  const watchEnd = tAbuse + phaseMs + o['stall-wait-s'] * 1000;
  const watch = (async () => {
    await abuse;
    while (performance.now() < watchEnd && abusers.some((a) => a.stalled && a.engineClosedMs === null)) {
      const rows = tcpTable().filter((r) => r.localPort === engine.port);
      for (const a of abusers) {
        if (a.engineClosedMs !== null) continue;
        const row = rows.find((r) => r.remotePort === a.port);
        if (!row || row.state !== 'ESTABLISHED') {
          a.engineClosedMs = Math.round(performance.now() - a.t0);
          a.engineState = row ? row.state : 'gone';
        } else a.txQueue = Math.max(a.txQueue || 0, row.txQueue);
      }
      await sleep(250);
    }
  })();

  try {
    await talk.done;
    await abuse;
    await watch;
  } finally {
    stopProgress();
    for (const a of abusers) {
      a.stop?.();
      a.stopDuty?.();
    }
  }
  const samples = s.stop();
  // let every reader read what is left, up to the close (bounded), to learn the code it was closed with
  await Promise.all(abusers.map(async (a) => {
    a.conn.resumeReading();
    await Promise.race([new Promise((r) => (a.conn.closed ? r() : a.conn.ws.once('close', r))), sleep(10000)]);
    a.clientSaw = a.conn.closed ? a.conn.closed.code : 'still open';
    a.received = a.conn.received;
    if (!a.conn.closed) a.conn.drop(true);
  }));
  const m = await scrape(engine);

  const turns = talk.turns;
  const fine = (from, to) => turns.filter((t) => t.speechEnd >= from && t.speechEnd < to && !t.failed).map((t) => t.first_audio);
  const failedIn = (from, to) => turns.filter((t) => t.speechEnd >= from && t.speechEnd < to && t.failed).length;
  const base = fine(tBase, tAbuse);
  const withAbuse = fine(tAbuse, deadline);
  const rssOf = (from, to) => samples.filter((x) => x.t >= from - tStart && x.t < to - tStart).map((x) => x.rssMB);
  const rssBase = Math.max(...rssOf(tBase, tAbuse));
  const rssAbuse = Math.max(...rssOf(tAbuse, Infinity));
  const stalled = abusers.filter((a) => a.stalled);
  const slow = abusers.filter((a) => !a.stalled);
  const closedIn = stalled.map((a) => a.engineClosedMs).filter((x) => x !== null);
  const r = {
    normal_sessions: n, stalled: stalled.length, slow: slow.length, phase_s: o['readers-s'],
    baseline: { n: base.length, p50: pct(base, 50), p95: pct(base, 95), failed: failedIn(tBase, tAbuse) },
    with_readers: { n: withAbuse.length, p50: pct(withAbuse, 50), p95: pct(withAbuse, 95), failed: failedIn(tAbuse, deadline) },
    rss_peak_baseline_mb: rssBase, rss_peak_with_readers_mb: rssAbuse,
    heap_used_mb_end: +(m.get('memory_usedHeap_bytes') / 1048576).toFixed(1),
    readers: abusers.map((a) => ({ stalled: a.stalled, asked: a.asked, engine_closed_after_ms: a.engineClosedMs, engine_state: a.engineState ?? 'ESTABLISHED', max_tx_queue: a.txQueue ?? 0, client_saw: a.clientSaw, received: a.received })),
  };
  const ratio = r.baseline.p50 ? r.with_readers.p50 / r.baseline.p50 : null;
  const bound = 50 * abusers.length;
  const codes = (list) => JSON.stringify(list.reduce((acc, a) => ({ ...acc, [a.clientSaw]: (acc[a.clientSaw] || 0) + 1 }), {}));
  r.checks = [
    { target: `engine RSS bounded (peak within ${bound} MB of the baseline's)`, measured: `peak ${rssBase} MB → ${rssAbuse} MB`, ok: rssAbuse <= rssBase + bound },
    { target: "normal sessions' latency within 10 % of the baseline", measured: `first audio p50 ${r.baseline.p50} → ${r.with_readers.p50} ms, p95 ${r.baseline.p95} → ${r.with_readers.p95} ms; failed turns ${r.baseline.failed} → ${r.with_readers.failed}`, ok: ratio !== null && ratio <= 1.1 && r.with_readers.failed === 0 },
    { target: 'stalled readers closed by the engine within seconds', measured: `${closedIn.length} of ${stalled.length} closed${closedIn.length ? ` after ${closedIn.map((x) => (x / 1000).toFixed(1)).join(', ')} s` : ''} (waited ${o['readers-s'] + o['stall-wait-s']} s); read once reading again: ${codes(stalled)}`, ok: closedIn.length === stalled.length && Math.max(...closedIn) <= 10000 },
    { target: 'slow readers: what happened', measured: `${slow.filter((a) => a.engineClosedMs !== null).length} of ${slow.length} closed by the engine; read: ${codes(slow)}`, ok: true },
  ];
  r.setup = `${n} normal sessions talking; ${o['readers-s']} s baseline, then ${stalled.length} stalled readers (never read, ask for an answer every 100 ms) and ${slow.length} slow readers (read 100 ms a second, ask every 250 ms) for ${o['readers-s']} s`;
  return r;
}
