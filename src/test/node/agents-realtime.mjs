// Drives @openai/agents-realtime (the OpenAI Agents SDK's realtime client, which zod-validates every GA
// server event) through a text turn against the engine. Prints a JSON summary; exits non-zero on failure.
// Usage: node agents-realtime.mjs ws://127.0.0.1:PORT/v1/realtime?model=gpt-realtime TOKEN
import { RealtimeAgent, RealtimeSession, OpenAIRealtimeWebSocket } from '@openai/agents-realtime';

const [url, token] = process.argv.slice(2);
const types = [];
const errors = [];
const timer = setTimeout(() => finish(2, 'timed out'), 20000);

const agent = new RealtimeAgent({ name: 'conformance', instructions: 'Answer briefly.' });
const session = new RealtimeSession(agent, { transport: new OpenAIRealtimeWebSocket({ url }), model: 'gpt-realtime' });
session.on('transport_event', (ev) => types.push(ev.type));
session.on('error', (e) => errors.push(String(e?.error?.message ?? e?.error ?? e)));

let history = [];
session.on('history_updated', (h) => { history = h; });

function finish(code, reason) {
  clearTimeout(timer);
  console.log(JSON.stringify({ reason, types, errors, items: history.map((i) => ({ type: i.type, role: i.role,
    status: i.status, content: i.content })) }));
  try { session.close(); } catch (e) { /* closing anyway */ }
  process.exit(code);
}

session.transport.on('*', (ev) => {
  if (ev.type === 'response.done') {
    setTimeout(() => finish(0, 'done'), 200);
  }
});

await session.connect({ apiKey: token, url });
session.sendMessage('What time is it?');
