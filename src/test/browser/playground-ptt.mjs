// Drives the playground without voice activity detection: push-to-talk and a function tool are set before Start,
// a typed question makes the model call the tool, the page's result box answers it, then, while that answer plays,
// the Talk button is held for a few seconds of the looping fake microphone. Asserts nothing: prints what it saw as one JSON line.
// Usage: node playground-ptt.mjs BASE_URL API_KEY SPEECH_WAV TOOL_RESULT
import { chromium } from 'playwright-core';

const [base, key, wav, result] = process.argv.slice(2);
const WAIT = { timeout: 30000 };
const TOOLS = [{ type: 'function', name: 'get_weather', description: 'Weather for a city',
                 parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
const seen = { pageErrors: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
         '--use-file-for-fake-audio-capture=' + wav, '--autoplay-policy=no-user-gesture-required'],
});
const count = (page, dir, type) => page.locator(`#log li.${dir}[data-type="${type}"]`).count();
const events = (page, dir, type) => page.$$eval(`#log li.${dir}[data-type="${type}"]`,
                                                (l) => l.map((li) => JSON.parse(li.textContent.slice(2))));
const assistants = (page, n) => page.waitForFunction((k) => [...document.querySelectorAll('.msg.assistant')]
  .filter((b) => b.textContent.length > 3).length >= k, n, WAIT);
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  await page.goto(base + '/playground');
  await page.fill('input[type=password]', key);
  await page.press('input[type=password]', 'Enter');
  await page.selectOption('#mode', 'push_to_talk');
  await page.fill('#tools', JSON.stringify(TOOLS));
  await page.click('button:has-text("Start")');
  await page.waitForFunction(() => document.title.includes('connected'), null, WAIT);
  await page.waitForSelector('#log li.in[data-type="session.updated"]', { state: 'attached', ...WAIT });
  seen.sessionUpdated = (await events(page, 'in', 'session.updated')).pop().session;

  // a typed turn that the model answers with a call, answered from the page
  await page.fill('#text-input', 'What is the weather in Paris?');
  await page.press('#text-input', 'Enter');
  await page.waitForSelector('.call', WAIT);
  seen.callShown = await page.textContent('.call');
  await page.fill('.call textarea', result);
  await page.click('.call button:has-text("Send result")');
  await assistants(page, 1);

  // push-to-talk: nothing is sent until the button is held, which cuts the answer playing
  await page.waitForFunction(() => window.playground.outputLevel() > 0.05, null, WAIT);
  seen.appendsBeforeHold = await count(page, 'out', 'input_audio_buffer.append');
  const talk = page.locator('#talk');
  seen.talkEnabled = await talk.isEnabled();
  await talk.hover();
  await page.mouse.down();
  await page.waitForTimeout(3000);
  seen.appendsWhileHeld = await count(page, 'out', 'input_audio_buffer.append');
  await page.mouse.up();
  await assistants(page, 2);

  Object.assign(seen, await page.evaluate(() => ({
    users: [...document.querySelectorAll('.msg.user')].map((b) => b.textContent),
    assistants: [...document.querySelectorAll('.msg.assistant')].map((b) => b.textContent),
    latency: [...document.querySelectorAll('#latency .turn .figures')].map((f) => f.textContent),
  })));
  seen.sent = await page.$$eval('#log li.out', (l) => l.map((li) => li.dataset.type));
  seen.truncates = await events(page, 'out', 'conversation.item.truncate');
  seen.functionOutputs = (await events(page, 'out', 'conversation.item.create'))
    .filter((e) => e.item.type === 'function_call_output').map((e) => e.item);
  seen.speechStarted = await count(page, 'in', 'input_audio_buffer.speech_started');
  seen.errors = await events(page, 'in', 'error');
  await page.click('button:has-text("Stop")');
} catch (e) {
  seen.failure = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
