// Drives @openai/agents-realtime through a tool turn: the agent has one function tool, which the SDK runs when
// the engine hands it a completed function_call item, then answers with its output and a new response. The
// engine's own server tool must not reach the SDK as something to run. Prints a JSON summary.
// Usage: node agents-realtime-tools.mjs ws://127.0.0.1:PORT/v1/realtime?model=gpt-realtime TOKEN
import { RealtimeAgent, RealtimeSession, OpenAIRealtimeWebSocket, tool } from '@openai/agents-realtime';
import { z } from 'zod';

const [url, token] = process.argv.slice(2);
const types = [];
const errors = [];
const calls = [];
const timer = setTimeout(() => finish(2, 'timed out'), 30000);

const getTime = tool({
  name: 'get_time',
  description: 'Current local time in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => { calls.push(city); return `noon in ${city}`; },
});
const agent = new RealtimeAgent({ name: 'tools', instructions: 'Use the tools.', tools: [getTime] });
const session = new RealtimeSession(agent, { transport: new OpenAIRealtimeWebSocket({ url }), model: 'gpt-realtime' });
session.on('transport_event', (ev) => types.push(ev.type));
session.on('error', (e) => errors.push(String(e?.error?.message ?? e?.error ?? e)));

let history = [];
session.on('history_updated', (h) => { history = h; });

function finish(code, reason) {
  clearTimeout(timer);
  console.log(JSON.stringify({ reason, types, errors, calls, items: history.map((i) => ({ type: i.type,
    role: i.role, name: i.name, status: i.status, content: i.content, output: i.output })) }));
  try { session.close(); } catch (e) { /* closing anyway */ }
  process.exit(code);
}

let done = 0;
session.transport.on('*', (ev) => {
  if (ev.type === 'response.done' && ++done === 2) {
    setTimeout(() => finish(0, 'done'), 300);
  }
});

await session.connect({ apiKey: token, url });
session.sendMessage('What time is it in Paris, and where is my order A17?');
