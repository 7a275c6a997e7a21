// 3. Provider faults: each of the simulator's faults (500, 429, hang, drop, stall, malformed) on the LLM, the STT and
// the TTS, where it applies. One turn with the fault on (every request fails until cleared, so retries fail too),
// then the fault cleared and one more turn. Wanted: the session alive, exactly one `error`, one `response.done` with
// status failed, a WARNING line, `realtime_provider_errors_total` up, the next turn fine; and the time it took.
import { setTimeout as sleep } from 'node:timers/promises';
import { openSession, speech, textTurn } from '../lib/client.mjs';
import { scrape } from '../lib/probe.mjs';

const CASES = {
  llm: ['500', '429', 'hang', 'drop', 'stall', 'malformed'],
  stt: ['500', '429', 'hang', 'drop'],
  tts: ['500', '429', 'hang', 'drop', 'stall'],
};
const OPERATION = { llm: 'chat', stt: 'transcribe', tts: 'speak' };
const FAULTS = ['500', '429', 'hang', 'drop', 'stall', 'malformed'];
const fmt = (ms) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);

/** A voice turn sent as fast as the socket takes it (the VAD runs on the audio's clock), then silence. */
async function voiceTurn(conn, audio) {
  const stopped = conn.waitType('input_audio_buffer.speech_stopped', 10000);
  for (const m of audio.speechMsgs) conn.send(m);
  for (let i = 0; i < 60; i++) conn.send(audio.silenceMsg());
  await stopped;
  return performance.now();
}

export async function run(ctx, o) {
  const t = o['fault-timeouts-ms'];
  const engineEnv = t ? { STT_TIMEOUT_MS: String(t), TTS_TIMEOUT_MS: String(t), LLM_FIRST_BYTE_TIMEOUT_MS: String(t), LLM_IDLE_TIMEOUT_MS: String(t) } : {};
  const { sim, engine } = await ctx.fresh({ engineEnv });
  const audio = speech(20);
  const waitMs = o['fault-wait-s'] * 1000;
  const results = [];

  for (const kind of ['llm', 'stt', 'tts']) {
    for (const fault of CASES[kind]) {
      const { conn, refused } = await openSession(engine);
      if (refused) throw new Error(`session refused (${refused})`);
      conn.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: { type: 'server_vad', silence_duration_ms: 500, create_response: true } } } } });
      await conn.waitType('session.updated', 5000);
      // a turn that works first, so that the pools are warm and the case measures the fault alone
      const warm = kind === 'stt' ? null : await textTurn(conn, 'Warm-up');
      const logFrom = engine.logSize();
      const m0 = await scrape(engine);
      const op = (m) => m.sum('realtime_provider_errors_total', (l) => l.operation === OPERATION[kind]);
      await sim.config({ [`${kind}Fault`]: fault, faultTimes: -1 });
      const seen = [];
      conn.events.length = 0;
      const collect = (ev) => seen.push({ t: performance.now(), ev });
      conn.onEvent = collect;
      let t0;
      let doneEv = null;
      const done = conn.waitFor((e) => e.type === 'response.done', waitMs, 'response.done').then((e) => { doneEv = e; }, () => {});
      if (kind === 'stt') {
        t0 = await voiceTurn(conn, audio).catch(() => performance.now());
        // before issue 13 an STT failure ends in a transcription.failed and nothing else: stop 3 s after it
        const failed = conn.waitType('conversation.item.input_audio_transcription.failed', waitMs).then(() => sleep(3000), () => {});
        await Promise.race([done, failed]);
      } else {
        t0 = performance.now();
        conn.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `Fault ${fault}` }] } });
        conn.send({ type: 'response.create' });
        await done;
      }
      await sleep(500); // an error that comes after response.done is still counted
      const errors = seen.filter((s) => s.ev.type === 'error');
      const dones = seen.filter((s) => s.ev.type === 'response.done');
      const firstError = errors[0] ?? seen.find((s) => s.ev.type === 'conversation.item.input_audio_transcription.failed');
      await sim.config({ [`${kind}Fault`]: '' });
      const m1 = await scrape(engine);
      const log = engine.logSince(logFrom);
      const warnings = log.split('\n').filter((l) => /\bWARNING\b|"level":"WARN/.test(l));
      conn.onEvent = null;
      const next = kind === 'stt'
        ? await (async () => {
          const d = conn.waitFor((e) => e.type === 'response.done', 15000, 'response.done').catch(() => null);
          await voiceTurn(conn, audio).catch(() => {});
          const ev = await d;
          return { ok: ev?.response?.status === 'completed', status: ev?.response?.status };
        })()
        : await textTurn(conn, 'After the fault');
      const alive = conn.isOpen;
      await conn.closeAndWait();
      const r = {
        kind, fault, warm_ok: warm ? warm.ok : null,
        errors: errors.length, error_codes: errors.map((e) => e.ev.error?.code),
        response_done: dones.length, statuses: dones.map((d) => d.ev.response?.status),
        transcription_failed: seen.some((s) => s.ev.type === 'conversation.item.input_audio_transcription.failed'),
        ms_to_error: firstError ? Math.round(firstError.t - t0) : null,
        ms_to_done: dones[0] ? Math.round(dones[0].t - t0) : null,
        warnings: warnings.length, warning_example: warnings[0]?.slice(0, 240) ?? null,
        counter_delta: op(m1) - op(m0),
        counter_kinds: m1.all.filter((s) => s.name === 'realtime_provider_errors_total' && s.labels.operation === OPERATION[kind])
          .map((s) => [s.labels.kind, s.value - m0.sum('realtime_provider_errors_total', (l) => l.operation === OPERATION[kind] && l.kind === s.labels.kind)])
          .filter(([, d]) => d > 0).map(([k, d]) => `${k}+${d}`),
        next_ok: next.ok, alive,
      };
      r.ok = alive && r.errors === 1 && r.response_done === 1 && r.statuses[0] === 'failed' && r.warnings >= 1 && r.counter_delta >= 1 && r.next_ok;
      results.push(r);
      ctx.log(`${kind} ${fault}: ${r.ok ? 'ok' : 'NOT ok'}; errors ${r.errors} ${JSON.stringify(r.error_codes)}, response.done ${JSON.stringify(r.statuses)}, error after ${r.ms_to_error} ms, WARNING lines ${r.warnings}, counter +${r.counter_delta} ${r.counter_kinds.join(' ')}, next turn ${r.next_ok ? 'ok' : 'failed'}, alive ${alive}`);
    }
  }

  const cell = (r) => {
    if (!r) return 'n/a';
    const time = r.ms_to_error !== null ? fmt(r.ms_to_error) : r.ms_to_done !== null ? `done ${fmt(r.ms_to_done)}` : `nothing in ${o['fault-wait-s']} s`;
    if (r.ok) return `ok, ${time}`;
    const why = [];
    if (r.errors !== 1) why.push(`${r.errors} error`);
    if (r.response_done !== 1) why.push(`${r.response_done} response.done`);
    else if (r.statuses[0] !== 'failed') why.push(`done ${r.statuses[0]}`);
    if (r.transcription_failed && r.errors === 0) why.push('only transcription.failed');
    if (r.warnings < 1) why.push('no WARNING');
    if (r.counter_delta < 1) why.push('not counted');
    if (!r.next_ok) why.push('next turn failed');
    if (!r.alive) why.push('session closed');
    return `**${why.join(', ')}**, ${time}`;
  };
  const find = (k, f) => results.find((r) => r.kind === k && r.fault === f);
  const okCount = results.filter((r) => r.ok).length;
  return {
    cases: results,
    timeouts_ms: t || 'engine defaults',
    setup: `one turn per case on a fresh session (text turns for the LLM and the TTS, a voice turn for the STT), the fault on every request until cleared; time from \`response.create\` (voice: \`speech_stopped\`) to the \`error\`; engine timeouts ${t ? `${t} ms` : 'at their defaults'}`,
    checks: [
      { target: 'each fault: session alive, one `error`, one `response.done` failed, a WARNING, the counter, the next turn fine', measured: `${okCount} of ${results.length} cases as wanted`, ok: okCount === results.length },
      ...['llm', 'stt', 'tts'].map((k) => ({ target: `time to report, ${k.toUpperCase()} faults`, measured: results.filter((r) => r.kind === k).map((r) => `${r.fault} ${r.ms_to_error !== null ? fmt(r.ms_to_error) : '–'}`).join(', '), ok: null })),
    ],
    detail: [
      '| fault | LLM | STT | TTS |',
      '|---|---|---|---|',
      ...FAULTS.map((f) => `| ${f} | ${cell(find('llm', f))} | ${cell(find('stt', f))} | ${cell(find('tts', f))} |`),
    ].join('\n'),
  };
}
