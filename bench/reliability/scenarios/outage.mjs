// 4. An LLM outage under load: sessions talking as load.mjs does (the harness's speech at real time with a noisy
// microphone, server VAD, silence until the answer, a gap, again) while the simulator's LLM fails every request for
// a window. Wanted: every session survives, turns fail only inside the window, and the latency is back to the
// baseline's within 5 s after it.
import { setTimeout as sleep } from 'node:timers/promises';
import { pct, every } from '../lib/client.mjs';
import { talkers, voiceAudio } from '../lib/talk.mjs';
import { sampler, scrape } from '../lib/probe.mjs';

export async function run(ctx, o) {
  const { sim, engine } = await ctx.fresh();
  const audio = voiceAudio();
  const n = o['outage-sessions'];
  const rampMs = 3000;
  const tStart = performance.now();
  const oStart = tStart + rampMs + o['outage-baseline-s'] * 1000;
  const oEnd = oStart + o['outage-s'] * 1000;
  const deadline = oEnd + o['outage-after-s'] * 1000;
  const s = sampler(engine.pid, 1000);
  const turns = [];

  const outage = (async () => {
    await sleep(oStart - performance.now());
    await sim.config({ llmFault: o['outage-fault'], faultTimes: -1 });
    ctx.log(`LLM outage (${o['outage-fault']}) on`);
    await sleep(oEnd - performance.now());
    await sim.config({ llmFault: '' });
    ctx.log('LLM outage off');
  })();
  const talk = talkers(engine, { n, rampMs, deadline, audio, turns });
  const stopProgress = every(10000, () => ctx.log(`t=${((performance.now() - tStart) / 1000).toFixed(0)} s: ${talk.connected()} sessions, ${turns.length} turns, ${turns.filter((t) => t.failed).length} failed`));

  try {
    await talk.done;
    await outage;
  } finally {
    stopProgress();
  }
  const samples = s.stop();
  const sessions = talk.sessions;
  const connected = talk.connected();
  const m = await scrape(engine);

  const rel = (t) => +((t - oEnd) / 1000).toFixed(1);
  const ok = turns.filter((t) => !t.failed);
  const callAt = (t) => t.stopped ?? t.speechEnd + 600; // when the turn's LLM request goes out
  // the baseline is the second half of the time before the outage: the first half warms a fresh engine up
  const baseFrom = oStart - Math.max(5000, (o['outage-baseline-s'] * 1000) / 2);
  const baseline = ok.filter((t) => callAt(t) >= baseFrom && callAt(t) < oStart - 500);
  const base50 = pct(baseline.map((t) => t.first_audio), 50);
  const base95 = pct(baseline.map((t) => t.first_audio), 95);
  const failed = turns.filter((t) => t.failed);
  const inside = failed.filter((t) => callAt(t) >= oStart - 1000 && callAt(t) <= oEnd + 2500);
  const outside = failed.filter((t) => !inside.includes(t));
  const reasons = {};
  for (const t of failed) reasons[t.reason] = (reasons[t.reason] || 0) + 1;
  // recovery: the first second k after the outage from which every 2 s window [j, j+2) (j >= k) has no failed turn
  // and a median first audio within 25 % of the baseline's
  const after = turns.filter((t) => callAt(t) > oEnd);
  const lastS = Math.floor((Math.max(...after.map(callAt)) - oEnd) / 1000);
  const threshold = base50 * 1.25;
  const good = (j) => {
    const ts = after.filter((t) => callAt(t) >= oEnd + j * 1000 && callAt(t) < oEnd + (j + 2) * 1000);
    const med = pct(ts.filter((t) => !t.failed).map((t) => t.first_audio), 50);
    return ts.every((t) => !t.failed) && (med === null || med <= threshold);
  };
  let recoverS = null;
  for (let j = lastS - 1; j >= 0 && good(j); j--) recoverS = j;
  const late = ok.filter((t) => callAt(t) > oEnd + 5000);
  const closedSessions = sessions.filter((x) => x.closed || x.error);
  const r = {
    sessions: n, connected, turns: turns.length, failed_turns: failed.length, failed_inside: inside.length, failed_outside: outside.length,
    failed_outside_detail: outside.slice(0, 10).map((t) => ({ at_s_after_outage_end: rel(callAt(t)), reason: t.reason })), reasons,
    baseline_first_audio_ms: { p50: base50, p95: base95, n: baseline.length },
    after_5s_first_audio_ms: { p50: pct(late.map((t) => t.first_audio), 50), p95: pct(late.map((t) => t.first_audio), 95), n: late.length },
    recover_s: recoverS, closed_sessions: closedSessions.map((x) => ({ i: x.i, closed: x.closed, error: x.error })).slice(0, 10),
    llm_errors_counted: m.sum('realtime_provider_errors_total', (l) => l.operation === 'chat'),
    rss_peak_mb: Math.max(...samples.map((x) => x.rssMB)),
  };
  r.checks = [
    { target: `all ${n} sessions survive`, measured: `${connected} connected, ${closedSessions.length} closed or failed`, ok: connected === n && closedSessions.length === 0 },
    { target: 'failed turns only inside the outage', measured: `${failed.length} failed (${inside.length} inside, ${outside.length} outside) of ${turns.length}`, ok: outside.length === 0 && inside.length > 0 },
    { target: 'latency back to baseline within 5 s after it', measured: `${recoverS === null ? 'not back' : `back ${recoverS} s after (2 s windows, median within 25 %)`}; first audio p50/p95 ${base50}/${base95} ms in the baseline, ${r.after_5s_first_audio_ms.p50}/${r.after_5s_first_audio_ms.p95} ms from 5 s after`, ok: recoverS !== null && recoverS <= 5 },
  ];
  const phase = (label, from, to) => {
    const ts = turns.filter((t) => callAt(t) >= from && callAt(t) < to);
    const fine = ts.filter((t) => !t.failed).map((t) => t.first_audio);
    return `| ${label} | ${ts.length} | ${ts.length - fine.length} | ${pct(fine, 50) ?? '–'} / ${pct(fine, 95) ?? '–'} ms |`;
  };
  r.detail = [
    '| LLM request sent | turns | failed | first audio after the speech, p50 / p95 |',
    '|---|---|---|---|',
    phase('warm-up (not in the baseline)', 0, baseFrom),
    phase('baseline', baseFrom, oStart),
    phase('during it', oStart, oEnd),
    phase('0–5 s after', oEnd, oEnd + 5000),
    phase('5 s after and later', oEnd + 5000, Infinity),
  ].join('\n');
  r.setup = `${n} sessions (speech at real time, noise ${process.env.PEERBENCH_NOISE || 0}), ${o['outage-baseline-s']} s baseline, LLM \`${o['outage-fault']}\` for ${o['outage-s']} s, ${o['outage-after-s']} s after; ${turns.length} turns`;
  return r;
}
