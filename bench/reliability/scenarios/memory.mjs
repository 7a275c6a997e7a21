// 6. Memory abuse: one client storing as much as it can, first as large conversation items, then as audio appended
// without a commit (turn detection off). Each phase stops at the first `error`, at --memory-mb sent, or after
// --memory-s. Reported: the first error's code, what was stored before it, and the engine's heap (/metrics
// memory_usedHeap_bytes) and RSS.
import { setTimeout as sleep } from 'node:timers/promises';
import { openSession, every } from '../lib/client.mjs';
import { procStats, scrape } from '../lib/probe.mjs';

const MB = 1048576;

export async function run(ctx, o) {
  const { engine } = await ctx.fresh();
  const heap = async () => (await scrape(engine)).get('memory_usedHeap_bytes') / MB;
  const peaks = { heap: 0, rss: 0 };
  const stopWatch = every(500, async () => {
    try {
      peaks.heap = Math.max(peaks.heap, await heap());
      peaks.rss = Math.max(peaks.rss, procStats(engine.pid)?.rssMB || 0);
    } catch {}
  });
  const heap0 = await heap();
  const rss0 = procStats(engine.pid).rssMB;
  const budget = o['memory-mb'] * MB;
  const phases = [];
  try {
    // phase 1: large items, once of the issue's 4 MiB (over the item cap) and once just under the item cap (so the
    // conversation cap is what answers)
    for (const itemKb of [4096, o['memory-item-kb']]) {
      const { conn } = await openSession(engine, { keep: () => false });
      const itemBytes = itemKb * 1024;
      const text = 'm'.repeat(itemBytes);
      const t0 = Date.now();
      let stored = 0;
      let first = null;
      for (let i = 0; stored < budget && Date.now() - t0 < o['memory-s'] * 1000; i++) {
        const id = `item_mem${i}`;
        const ev = `ev_mem${i}`;
        const ack = conn.waitFor((e) => (e.type === 'error' && e.error?.event_id === ev) || ((e.type === 'conversation.item.added' || e.type === 'conversation.item.created') && e.item?.id === id), 60000, 'the item');
        conn.send({ type: 'conversation.item.create', event_id: ev, item: { id, type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
        let e;
        try {
          e = await ack;
        } catch (err) {
          first = { code: conn.closed ? `socket closed ${conn.closed.code}` : String(err.message) };
          break;
        }
        if (e.type === 'error') {
          first = { code: e.error?.code, message: e.error?.message };
          break;
        }
        stored += itemBytes;
      }
      phases.push({ phase: `conversation items of ${itemKb} KiB`, stored_mb: +(stored / MB).toFixed(1), seconds: Math.round((Date.now() - t0) / 1000), first_error: first, heap_after_mb: +(await heap()).toFixed(1) });
      ctx.log(`items: ${(stored / MB).toFixed(0)} MB stored in ${Math.round((Date.now() - t0) / 1000)} s, first error ${JSON.stringify(first)}`);
      await conn.closeAndWait();
    }
    // phase 2: appends without a commit
    {
      const { conn } = await openSession(engine, { keep: () => false });
      conn.send({ type: 'session.update', session: { type: 'realtime', audio: { input: { turn_detection: null } } } });
      await conn.waitType('session.updated', 5000);
      const pcm = Buffer.alloc(256 * 1024);
      for (let i = 0; i < pcm.length; i += 2) pcm.writeInt16LE(Math.round(Math.sin(i / 9) * 3000), i);
      const append = JSON.stringify({ type: 'input_audio_buffer.append', audio: pcm.toString('base64') });
      const t0 = Date.now();
      let stored = 0;
      let first = null;
      const errors = [];
      conn.onEvent = (e) => {
        if (e.type === 'error' && !String(e.error?.event_id || '').startsWith('mark')) errors.push(e.error);
      };
      for (let i = 0; stored < budget && Date.now() - t0 < o['memory-s'] * 1000 && !errors.length; i++) {
        for (let k = 0; k < 8; k++) conn.send(append);
        const mark = `mark${i}`;
        const answered = conn.waitFor((e) => e.type === 'error' && e.error?.event_id === mark, 60000, 'the mark');
        conn.send({ type: 'bench.mark', event_id: mark });
        try {
          await answered;
        } catch (err) {
          first = { code: conn.closed ? `socket closed ${conn.closed.code}` : String(err.message) };
          break;
        }
        stored += 8 * pcm.length;
      }
      if (errors.length) first = { code: errors[0].code, message: errors[0].message };
      phases.push({ phase: 'audio appended without a commit', stored_mb: +(stored / MB).toFixed(1), audio_minutes: +(stored / 2 / 24000 / 60).toFixed(1), seconds: Math.round((Date.now() - t0) / 1000), first_error: first, heap_after_mb: +(await heap()).toFixed(1) });
      ctx.log(`appends: ${(stored / MB).toFixed(0)} MB of audio in ${Math.round((Date.now() - t0) / 1000)} s, first error ${JSON.stringify(first)}`);
      await conn.closeAndWait();
    }
    await sleep(1000);
  } finally {
    stopWatch();
  }
  const heapEnd = await heap();
  const r = {
    budget_mb: o['memory-mb'], phases, heap_start_mb: +heap0.toFixed(1), heap_peak_mb: +peaks.heap.toFixed(1), heap_end_mb: +heapEnd.toFixed(1),
    rss_start_mb: rss0, rss_peak_mb: peaks.rss, heap_max_mb: +((await scrape(engine)).get('memory_maxHeap_bytes') / MB).toFixed(0),
  };
  const bound = 256;
  r.checks = [
    ...phases.map((p) => ({ target: `${p.phase}: the cap answers with an \`error\``, measured: p.first_error ? `\`${p.first_error.code}\` after ${p.stored_mb} MB` : `no error: ${p.stored_mb} MB stored in ${p.seconds} s`, ok: !!p.first_error && !String(p.first_error.code).startsWith('socket') && !String(p.first_error.code).startsWith('timeout') })),
    { target: `engine heap bounded (peak within ${bound} MB of the start)`, measured: `heap ${r.heap_start_mb} → peak ${r.heap_peak_mb} MB (max ${r.heap_max_mb} MB), RSS ${rss0} → peak ${peaks.rss} MB`, ok: r.heap_peak_mb - r.heap_start_mb <= bound },
  ];
  r.setup = `one client, at most ${o['memory-mb']} MB or ${o['memory-s']} s per phase`;
  r.detail = [
    '| phase | stored | first error | time | heap after |',
    '|---|---|---|---|---|',
    ...phases.map((p) => `| ${p.phase} | ${p.stored_mb} MB | ${p.first_error ? `\`${p.first_error.code}\`` : 'none'} | ${p.seconds} s | ${p.heap_after_mb} MB |`),
  ].join('\n');
  return r;
}
