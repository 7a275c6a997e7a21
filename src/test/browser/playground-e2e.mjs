// Drives the playground like a person with a microphone: headless Chromium (Debian's) whose fake microphone plays
// a speech file in a loop. Enters the engine key, starts a voice conversation, waits for the user's transcript,
// the assistant's answer and its sound, the latency bar, and the barge-in of the file's next loop; waits for the
// next answer, takes screenshots (phone-sized and wide), and stops in the middle of that answer. Asserts nothing:
// prints what it saw as one JSON line for the Java test to judge.
// Usage: node playground-e2e.mjs BASE_URL API_KEY SPEECH_WAV SCREENSHOT_PNG
import { chromium } from 'playwright-core';

const [base, key, wav, shot] = process.argv.slice(2);
const WAIT = { timeout: 30000 };
const seen = { requests: [], sockets: [], pageErrors: [] };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
         '--use-file-for-fake-audio-capture=' + wav, '--autoplay-policy=no-user-gesture-required'],
});
try {
  // a phone-sized screen
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  page.on('request', (r) => seen.requests.push(r.method() + ' ' + r.url()));
  page.on('websocket', (ws) => seen.sockets.push(ws.url()));
  page.on('pageerror', (e) => seen.pageErrors.push(e.message));
  await page.goto(base + '/playground');
  await page.fill('input[type=password]', key);
  await page.press('input[type=password]', 'Enter');
  await page.click('button:has-text("Start")');
  await page.waitForFunction(() => document.title.includes('connected'), null, WAIT);
  seen.titleWhileOpen = await page.title();

  // what the page plays, sampled on its own clock, with whether it has cut an answer off yet
  await page.evaluate(() => {
    window.samples = [];
    setInterval(() => window.samples.push({
      at: performance.now(), level: window.playground.outputLevel(),
      cut: Boolean(document.querySelector('#log li.out[data-type="conversation.item.truncate"]')),
    }), 10);
  });
  await page.waitForFunction(() => [...document.querySelectorAll('.msg.user')]
    .some((b) => !b.classList.contains('pending') && b.textContent.length > 3), null, WAIT);
  await page.waitForFunction(() => /first audio \d+ ms/.test(document.querySelector('#latency').textContent),
                             null, WAIT);
  await page.waitForSelector('#log li.out[data-type="conversation.item.truncate"]', { state: 'attached', ...WAIT });
  await page.waitForSelector('#log li.in[data-type="conversation.item.truncated"]', { state: 'attached', ...WAIT });
  await page.waitForTimeout(600); // samples after the cut (the next answer comes seconds later)
  seen.samples = await page.evaluate(() => window.samples);

  // the next loop's turn is answered too; its answer is cut by the Stop button
  await page.waitForFunction(() => [...document.querySelectorAll('.msg.assistant')]
    .filter((b) => b.textContent.length > 3).length >= 2, null, WAIT);
  await page.waitForFunction(() => window.playground.outputLevel() > 0.05, null, WAIT);
  await page.screenshot({ path: shot, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: shot.replace(/\.png$/, '-wide.png') });
  await page.click('button:has-text("Stop")');
  await page.waitForFunction(() => !document.title.includes('connected'), null, WAIT);
  seen.titleAfterStop = await page.title();

  const events = (dir, type) => page.$$eval(`#log li.${dir}[data-type="${type}"]`,
                                            (l) => l.map((li) => JSON.parse(li.textContent.slice(2))));
  Object.assign(seen, await page.evaluate(() => ({
    users: [...document.querySelectorAll('.msg.user')].map((b) => b.textContent),
    assistants: [...document.querySelectorAll('.msg.assistant')].map((b) => b.textContent),
    latency: [...document.querySelectorAll('#latency .turn')].map((t) => ({
      figures: t.querySelector('.figures').textContent,
      segments: t.querySelectorAll('.bar.client .seg').length,
      engineSegments: t.querySelectorAll('.bar.engine .seg').length,
      engine: t.querySelector('.engine-figures') ? t.querySelector('.engine-figures').textContent : '',
    })),
  })));
  seen.truncates = await events('out', 'conversation.item.truncate');
  seen.truncated = await events('in', 'conversation.item.truncated');
  seen.audioItems = (await events('in', 'response.output_item.added')).map((e) => e.item.id);
} catch (e) {
  seen.failure = String(e && e.stack || e);
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
