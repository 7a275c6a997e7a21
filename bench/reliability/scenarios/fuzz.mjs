// 2. Fuzzed client events: invalid JSON, wrong types, unknown types, deep nesting, huge strings (below and above the
// message limit), binary frames, bad base64 in appends, invalid UTF-8, and random mutations of valid GA and beta
// events. Each batch ends with a sentinel (an unknown event type with a known event_id): the engine answers events in
// order, so once the sentinel's error is back every event of the batch has been handled, and each bad event must
// have had its own `error` (with its event_id when the engine could read one). Only the documented rules may close
// a socket: 1009 for a message over the limit, 1007 for invalid UTF-8.
import { setTimeout as sleep } from 'node:timers/promises';
import { openSession, pool, pct, textTurn, every } from '../lib/client.mjs';
import { scrape, stackTraceLines, waitMetric, procStats } from '../lib/probe.mjs';

// A deterministic generator, so that a run can be repeated (seed from --fuzz-seed or 13).
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const noiseAudio = (() => {
  const b = Buffer.alloc(960);
  for (let i = 0; i < b.length; i += 2) b.writeInt16LE(Math.round(Math.sin(i / 7) * 800), i);
  return b.toString('base64');
})();

/** Valid events of both dialects, as a client of either would send them. */
function corpus() {
  const user = { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'What is the weather like?' }] };
  return [
    { type: 'session.update', session: { type: 'realtime', instructions: 'Be brief.', output_modalities: ['audio'], audio: { input: { format: { type: 'audio/pcm', rate: 24000 }, turn_detection: { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 } }, output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy' } } } },
    { type: 'session.update', session: { type: 'realtime', output_modalities: ['text'], audio: { input: { turn_detection: null } }, tools: [{ type: 'function', name: 'get_weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }], tool_choice: 'auto' } },
    { type: 'session.update', session: { modalities: ['text', 'audio'], instructions: 'Answer briefly.', voice: 'alloy', input_audio_format: 'pcm16', output_audio_format: 'pcm16', input_audio_transcription: { model: 'whisper-1' }, turn_detection: { type: 'server_vad', silence_duration_ms: 400 } } },
    { type: 'input_audio_buffer.append', audio: noiseAudio },
    { type: 'input_audio_buffer.append', audio: noiseAudio },
    { type: 'input_audio_buffer.append', audio: noiseAudio },
    { type: 'input_audio_buffer.commit' },
    { type: 'input_audio_buffer.clear' },
    { type: 'conversation.item.create', item: user },
    { type: 'conversation.item.create', previous_item_id: null, item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Sunny.' }] } },
    { type: 'conversation.item.create', item: { type: 'message', role: 'assistant', content: [{ type: 'text', text: 'Sunny (beta).' }] } },
    { type: 'conversation.item.create', item: { type: 'function_call_output', call_id: 'call_fuzz', output: '{"temperature_c":22}' } },
    { type: 'conversation.item.create', item: { type: 'message', role: 'system', content: [{ type: 'input_text', text: 'Be terse.' }] } },
    { type: 'response.create' },
    { type: 'response.create', response: { conversation: 'none', output_modalities: ['text'], instructions: 'Say OK.', input: [] } },
    { type: 'response.create', response: { modalities: ['text'], instructions: 'Say OK (beta).', max_output_tokens: 20 } },
    { type: 'response.cancel' },
    { type: 'response.cancel', response_id: 'resp_unknown' },
    { type: 'conversation.item.truncate', item_id: 'item_unknown', content_index: 0, audio_end_ms: 100 },
    { type: 'conversation.item.delete', item_id: 'item_unknown' },
    { type: 'conversation.item.retrieve', item_id: 'item_unknown' },
    { type: 'output_audio_buffer.clear' },
    { type: 'transcription_session.update', session: { input_audio_transcription: { model: 'whisper-1' } } },
  ];
}

const WEIRD = [null, true, false, 0, -1, 1e308, 3.5, '', 'x', '\u0000', '\ud800', '😀', [], {}, [1, 'a'], { a: { b: 1 } }, 'A'.repeat(300)];

function paths(obj, prefix = [], out = []) {
  if (obj && typeof obj === 'object') {
    for (const k of Object.keys(obj)) {
      out.push([...prefix, k]);
      paths(obj[k], [...prefix, k], out);
    }
  }
  return out;
}
function setAt(obj, p, v) {
  let o = obj;
  for (let i = 0; i < p.length - 1; i++) o = o[p[i]];
  if (v === undefined) {
    if (Array.isArray(o)) o.splice(Number(p[p.length - 1]), 1);
    else delete o[p[p.length - 1]];
  } else o[p[p.length - 1]] = v;
}

/** Makes the generator of fuzzed events: gen(id) -> {kind, expect, data (string|Buffer), binary}. */
function generator(seed, limit) {
  const r = rng(seed);
  const C = corpus();
  const pick = (a) => a[Math.floor(r() * a.length)];
  const clone = (o) => JSON.parse(JSON.stringify(o));
  const TYPES = [...new Set(C.map((e) => e.type))];
  const kinds = [
    ['valid', 18], ['mutation', 35], ['text_mutation', 8], ['invalid_json', 8], ['wrong_type', 10], ['unknown_type', 7],
    ['bad_base64', 6], ['binary', 4], ['not_object', 2], ['deep_nesting', 1.5], ['huge_below', 0.1],
  ];
  const total = kinds.reduce((a, [, w]) => a + w, 0);
  const chooseKind = () => {
    let x = r() * total;
    for (const [k, w] of kinds) if ((x -= w) < 0) return k;
    return 'valid';
  };
  const text = (o) => ({ data: JSON.stringify(o), binary: false });
  return (id, forced) => {
    const kind = forced || chooseKind();
    const ev = clone(pick(C));
    ev.event_id = id;
    switch (kind) {
      case 'valid':
        return { kind, expect: 'any', ...text(ev) };
      case 'mutation': {
        for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
          const ps = paths(ev).filter((p) => p[0] !== 'event_id');
          const op = r();
          if (op < 0.25 && ps.length) setAt(ev, pick(ps), undefined);
          else if (op < 0.6 && ps.length) setAt(ev, pick(ps), clone(pick(WEIRD)));
          else if (op < 0.75) ev.type = r() < 0.5 ? pick(TYPES) : String(ev.type).slice(0, Math.floor(r() * String(ev.type).length)) + pick(['', '_', '.', 'x', ' ']);
          else if (op < 0.9) ev[`extra_${Math.floor(r() * 100)}`] = clone(pick(WEIRD));
          else if (ps.length) {
            const p = pick(ps);
            let o = ev;
            for (const k of p.slice(0, -1)) o = o[k];
            const v = o[p[p.length - 1]];
            if (typeof v === 'string') o[p[p.length - 1]] = v.split('').reverse().join('') + pick(WEIRD.filter((w) => typeof w === 'string'));
          }
        }
        return { kind, expect: 'any', ...text(ev) };
      }
      case 'text_mutation': {
        let s = JSON.stringify(ev);
        for (let n = 1 + Math.floor(r() * 3); n > 0; n--) {
          const at = Math.floor(r() * s.length);
          const op = r();
          if (op < 0.4) s = s.slice(0, at) + pick(['{', '}', '"', ',', ':', '[', ']', '\\', 'x', '0']) + s.slice(at);
          else if (op < 0.8) s = s.slice(0, at) + s.slice(at + 1);
          else s = s.slice(0, at);
        }
        let parses = true;
        try {
          JSON.parse(s);
        } catch {
          parses = false;
        }
        return { kind, expect: parses ? 'any' : 'error-anyid', data: s, binary: false };
      }
      case 'invalid_json':
        return { kind, expect: 'error-anyid', data: pick([`{"type":"session.update","event_id":"${id}"`, `{"type":"input_audio_buffer.commit","event_id":"${id}",}`, `{type: "response.create", event_id: "${id}"}`, 'not json at all', '', '{"a":1}}', `{"event_id":"${id}","type":"response.create"} trailing`, `{"type":"response.create","event_id":"${id}","x":NaN}`, '\u0000\u0001']), binary: false };
      case 'wrong_type': {
        const w = clone(pick(C));
        w.event_id = id;
        const field = Object.keys(w).find((k) => k !== 'type' && k !== 'event_id');
        if (field && r() < 0.7) w[field] = pick(['x', 12345, [], true]);
        else w.type = pick([123, null, ['response.create'], { t: 1 }, true]);
        if (w.type === 'input_audio_buffer.append') w.audio = pick([12345, [], { b: 1 }, true]);
        if (w.type === 'conversation.item.create') w.item = pick(['x', 12345, [], true]);
        if (w.type === 'session.update' || w.type === 'transcription_session.update') w.session = pick(['x', 12345, [], true]);
        if (w.type === 'conversation.item.truncate') w.audio_end_ms = pick(['ten', [], {}]);
        if (w.type === 'conversation.item.delete' || w.type === 'conversation.item.retrieve') w.item_id = pick([7, [], {}]);
        // some shapes stay valid whatever the value (commit, clear, cancel, a bare response.create)
        const certain = typeof w.type !== 'string' || ['input_audio_buffer.append', 'conversation.item.create', 'session.update', 'transcription_session.update', 'conversation.item.truncate', 'conversation.item.delete', 'conversation.item.retrieve'].includes(w.type);
        return { kind, expect: certain ? 'error' : 'any', ...text(w) };
      }
      case 'unknown_type':
        ev.type = pick(['session.updat', 'foo', '', 'response.create2', 'RESPONSE.CREATE', 'input_audio_buffer', 'conversation.item', 'x'.repeat(200)]);
        return { kind, expect: 'error', ...text(ev) };
      case 'bad_base64':
        return { kind, expect: 'error', ...text({ type: 'input_audio_buffer.append', event_id: id, audio: pick(['%%%%', 'not base64!', '@@@@@@@@', 'YWJj$$$$', '****====', '\u00e9\u00e9\u00e9\u00e9']) }) };
      case 'binary': {
        const b = Buffer.alloc(1 + Math.floor(r() * 512));
        for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
        if (r() < 0.3) b.write(JSON.stringify({ type: 'response.create', event_id: id }).slice(0, b.length));
        return { kind, expect: 'error-noid', data: b, binary: true };
      }
      case 'not_object':
        return { kind, expect: 'error-noid', data: pick(['[1,2,3]', '"response.create"', '42', 'null', 'true', '[]']), binary: false };
      case 'deep_nesting': {
        const depth = 1100 + Math.floor(r() * 4000);
        return { kind, expect: 'error-anyid', data: `{"type":"session.update","event_id":"${id}","session":{"instructions":${'['.repeat(depth)}1${']'.repeat(depth)}}}`, binary: false };
      }
      case 'huge_below': {
        const size = Math.floor(limit * (0.3 + r() * 0.5));
        const big = 'h'.repeat(size);
        if (r() < 0.5) return { kind, expect: 'any', ...text({ type: 'conversation.item.create', event_id: id, item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: big }] } }) };
        return { kind, expect: 'error', ...text({ type: big, event_id: id }) };
      }
      case 'huge_above': {
        const size = Math.floor(limit * (1.05 + r() * 0.4));
        return { kind, expect: 'close1009', data: JSON.stringify({ type: 'session.update', event_id: id, session: { instructions: 'o'.repeat(size) } }), binary: false, alone: true };
      }
      case 'invalid_utf8': {
        const s = Buffer.from(JSON.stringify({ type: 'conversation.item.create', event_id: id, item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'bad: XX' }] } }));
        const at = s.indexOf('XX');
        s[at] = 0xc3;
        s[at + 1] = 0x28; // a lead byte followed by ASCII: never valid UTF-8
        return { kind, expect: 'close1007', data: s, binary: false, alone: true };
      }
      default:
        throw new Error(kind);
    }
  };
}

export async function run(ctx, o) {
  const limit = o['message-limit'];
  const { engine } = await ctx.fresh({ engineEnv: { MAX_MESSAGE_BYTES: String(limit) } });

  async function latency(label) {
    const { conn, refused } = await openSession(engine);
    if (refused) throw new Error(`latency session refused (${refused})`);
    const firsts = [];
    let failed = 0;
    for (let i = 0; i < o['latency-turns']; i++) {
      const t = await textTurn(conn, `Latency turn ${i}`);
      if (t.ok) firsts.push(t.firstAudioMs);
      else failed++;
    }
    await conn.closeAndWait();
    const r = { p50: pct(firsts, 50), p95: pct(firsts, 95), n: firsts.length, failed };
    ctx.log(`text-turn latency ${label}: first audio p50 ${r.p50} ms, p95 ${r.p95} ms (${r.n} turns, ${failed} failed)`);
    return r;
  }
  await latency('warm-up');
  const before = await latency('before');
  const logFrom = engine.logSize();

  const gen = generator(o['fuzz-seed'] || 13, limit);
  const total = o['fuzz-events'];
  // the two kinds that must close the socket come at fixed intervals: max(4, total / 2500) of them
  const specialEvery = Math.floor(total / Math.max(4, Math.round(total / 2500)));
  const perKind = {};
  const closes = { expected: {}, unexpected: {} };
  const closeDetail = [];
  const oversize = { sent: 0, closed: {}, notClosed: 0 };
  const badUtf8 = { sent: 0, closed: {}, notClosed: 0 };
  let sent = 0;
  let unanswered = 0;
  const unansweredSamples = [];
  let expectedAnswers = 0;
  let sentinelTimeouts = 0;
  let reconnects = 0;
  let refused = 0;
  let seq = 0;
  const t0 = Date.now();
  const deadline = t0 + (o['fuzz-max-s'] || 900) * 1000;
  const stopProgress = every(10000, () => ctx.log(`${sent}/${total} events, unanswered ${unanswered}, unexpected closes ${JSON.stringify(closes.unexpected)}`));
  const count = (k, f) => {
    perKind[k] ??= { sent: 0, errors: 0, unanswered: 0 };
    perKind[k][f]++;
  };

  try {
  await pool(o['fuzz-sessions'], o['fuzz-sessions'], async (si) => {
    const beta = si % 2 === 1;
    let conn = null;
    const connect = async () => {
      for (let tries = 0; tries < 20; tries++) {
        const r = await openSession(engine, { beta, keep: (e) => e.type === 'error' });
        if (!r.refused) return r.conn;
        refused++;
        await sleep(500);
      }
      throw new Error('could not open a fuzz session (refused 20 times)');
    };
    while (sent < total && Date.now() < deadline) {
      if (!conn || conn.closed) {
        if (conn) reconnects++;
        conn = await connect();
      }
      // one batch: events, then the sentinel
      const batch = [];
      let alone = null;
      while (batch.length < o['fuzz-batch'] && sent < total) {
        const id = `fz_${si}_${++seq}`;
        const special = sent % specialEvery === specialEvery - 1 ? (Math.floor(sent / specialEvery) % 2 ? 'invalid_utf8' : 'huge_above') : null;
        const e = gen(id, special);
        e.id = id;
        if (e.alone) {
          alone = e;
          sent++;
          break;
        }
        batch.push(e);
        sent++;
        // an event whose id the engine cannot read is followed by one whose id it can (an unknown type), so that
        // each error without an id is known to answer the event just before
        if ((e.expect === 'error-noid' || e.expect === 'error-anyid' || e.kind === 'text_mutation') && sent < total) {
          const markId = `fz_${si}_${++seq}`;
          const mark = gen(markId, 'unknown_type');
          mark.id = markId;
          batch.push(mark);
          sent++;
        }
      }
      if (alone && !batch.length) {
        await sendAlone(conn, alone);
        continue;
      }
      conn.events.length = 0;
      const sentinel = `sentinel_${si}_${++seq}`;
      const answered = conn.waitFor((e) => e.type === 'error' && e.error?.event_id === sentinel, 30000, 'the sentinel error');
      try {
        for (const e of batch) {
          count(e.kind, 'sent');
          conn.sendBytes(typeof e.data === 'string' ? e.data : e.data, e.binary);
        }
        conn.send({ type: 'bench.sentinel', event_id: sentinel });
        await answered;
      } catch (err) {
        if (conn.closed) {
          closes.unexpected[conn.closed.code] = (closes.unexpected[conn.closed.code] || 0) + 1;
          if (closeDetail.length < 20) closeDetail.push({ code: conn.closed.code, reason: conn.closed.reason, batchKinds: [...new Set(batch.map((b) => b.kind))] });
        } else sentinelTimeouts++;
        unanswered += batch.filter((b) => b.expect.startsWith('error')).length;
        if (alone) await sendAlone(conn, alone);
        continue;
      }
      // The engine handles a session's events in order, so errors arrive in the order of the events they answer: an
      // error naming an event of the batch moves the cursor there; one naming none (its event could not be read)
      // answers the next event after the cursor that had no readable id.
      const errors = conn.events.filter((e) => e.type === 'error' && e.error?.event_id !== sentinel);
      const index = new Map(batch.map((b, i) => [b.id, i]));
      const answeredBy = new Array(batch.length).fill(false);
      let cursor = -1;
      for (const e of errors) {
        const at = index.get(e.error?.event_id);
        if (at !== undefined) {
          answeredBy[at] = true;
          cursor = at;
          continue;
        }
        let k = cursor + 1;
        while (k < batch.length && !(batch[k].expect === 'error-noid' || batch[k].expect === 'error-anyid' || batch[k].kind === 'text_mutation')) k++;
        if (k < batch.length) {
          answeredBy[k] = true;
          cursor = k;
        }
      }
      batch.forEach((b, i) => {
        if (answeredBy[i]) count(b.kind, 'errors');
        if (!b.expect.startsWith('error')) return;
        expectedAnswers++;
        if (answeredBy[i]) return;
        unanswered++;
        count(b.kind, 'unanswered');
        if (unansweredSamples.filter((u) => u.kind === b.kind).length < 5) unansweredSamples.push({ kind: b.kind, data: typeof b.data === 'string' ? b.data.slice(0, 300) : `<${b.data.length} bytes>` });
      });
      if (alone) await sendAlone(conn, alone);
    }
    if (conn && !conn.closed) await conn.closeAndWait();

    async function sendAlone(c, e) {
      if (!c || c.closed) c = conn = await connect();
      const rec = e.kind === 'huge_above' ? oversize : badUtf8;
      rec.sent++;
      count(e.kind, 'sent');
      const closed = new Promise((resolve) => c.ws.once('close', (code) => resolve(code)));
      const sentinel = `sentinel_${si}_${++seq}`;
      // the sentinel's answer proves the message was handled without a close; a second more for the close to land
      const handled = c.waitFor((ev) => ev.type === 'error' && ev.error?.event_id === sentinel, 15000, 'sentinel')
        .then(() => sleep(1000).then(() => null), () => sleep(15000).then(() => null));
      c.sendBytes(e.data, e.binary);
      try { c.send({ type: 'bench.sentinel', event_id: sentinel }); } catch {}
      const code = await Promise.race([closed, handled]);
      if (code === null) {
        rec.notClosed++;
      } else {
        rec.closed[code] = (rec.closed[code] || 0) + 1;
        const want = e.kind === 'huge_above' ? 1009 : 1007;
        if (code === want) closes.expected[code] = (closes.expected[code] || 0) + 1;
        else {
          closes.unexpected[code] = (closes.unexpected[code] || 0) + 1;
          if (closeDetail.length < 20) closeDetail.push({ code, reason: c.closed?.reason, batchKinds: [e.kind] });
        }
      }
      if (!c.closed) c.drop(true);
      conn = null;
    }
  });
  } finally {
    stopProgress();
  }
  const fuzzMs = Date.now() - t0;
  ctx.log(`${sent} events in ${(fuzzMs / 1000).toFixed(1)} s`);
  await waitMetric(engine, (m) => m.get('realtime_sessions_active') === 0, 15000);
  const traces = stackTraceLines(engine.logSince(logFrom));
  await sleep(1000);
  const after = await latency('after');
  const alive = engine.alive();
  const unexpectedCount = Object.values(closes.unexpected).reduce((a, b) => a + b, 0);
  const r = {
    events: sent, sessions: o['fuzz-sessions'], message_limit: limit, fuzz_s: +(fuzzMs / 1000).toFixed(1), per_kind: perKind,
    closes, close_detail: closeDetail, oversize, invalid_utf8: badUtf8, expected_answers: expectedAnswers, unanswered, unanswered_samples: unansweredSamples, sentinel_timeouts: sentinelTimeouts,
    reconnects, refused_upgrades: refused, stack_traces: traces, latency_before: before, latency_after: after, engine_alive: alive, engine: procStats(engine.pid),
  };
  const ratio = before.p50 && after.p50 ? after.p50 / before.p50 : null;
  r.checks = [
    { target: 'no socket closed except 1009 (oversize) and 1007 (invalid UTF-8)', measured: `${unexpectedCount} other closes ${JSON.stringify(closes.unexpected)}`, ok: unexpectedCount === 0 },
    { target: 'a message over the limit closes with 1009', measured: `${oversize.sent} sent: ${JSON.stringify(oversize.closed)}${oversize.notClosed ? `, ${oversize.notClosed} handled without a close` : ''}`, ok: oversize.sent > 0 && (oversize.closed[1009] || 0) === oversize.sent },
    { target: 'invalid UTF-8 closes with 1007', measured: `${badUtf8.sent} sent: ${JSON.stringify(badUtf8.closed)}${badUtf8.notClosed ? `, ${badUtf8.notClosed} handled without a close` : ''}`, ok: badUtf8.sent > 0 && (badUtf8.closed[1007] || 0) === badUtf8.sent },
    { target: 'every bad event answered with an `error` (its event_id when readable)', measured: `${unanswered} unanswered of ${expectedAnswers}${sentinelTimeouts ? `, ${sentinelTimeouts} batches not answered in 30 s` : ''}`, ok: unanswered === 0 && sentinelTimeouts === 0 },
    { target: 'no stack trace in the engine log', measured: `${traces.exception_lines} lines naming an exception, ${traces.frame_lines} frame lines`, ok: traces.exception_lines === 0 && traces.frame_lines === 0 },
    { target: 'text-turn latency unchanged afterwards', measured: `first audio p50 ${before.p50} → ${after.p50} ms, p95 ${before.p95} → ${after.p95} ms`, ok: alive && after.failed === 0 && ratio !== null && (ratio <= 1.2 || after.p50 - before.p50 <= 3) },
  ];
  r.setup = `${sent} events over ${o['fuzz-sessions']} sessions (GA and beta alternately), batches of ${o['fuzz-batch']}, MAX_MESSAGE_BYTES ${limit}; ${(fuzzMs / 1000).toFixed(0)} s`;
  r.detail = [
    '| kind | sent | answered with an error | unanswered (of those that must be) |',
    '|---|---|---|---|',
    ...Object.entries(perKind).sort((a, b) => b[1].sent - a[1].sent).map(([k, v]) => `| ${k} | ${v.sent} | ${v.errors} | ${v.unanswered} |`),
  ].join('\n');
  const shapes = [...new Set(unansweredSamples.map((u) => u.data.replace(/fz_\d+_\d+/g, 'ID')))].slice(0, 8);
  if (shapes.length) r.detail += `\n\nUnanswered, for example: ${shapes.map((x) => `\`${x.slice(0, 120)}\``).join(', ')}.`;
  return r;
}
