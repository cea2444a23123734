// Benchmarks of the control panel in headless Debian Chromium (BENCHMARKS.md, part 5).
// Run by bench.sh beside this file, which serves dist/ with the real relay:
//   RELAY_URL  the relay, e.g. http://127.0.0.1:40123
// For each round: a fresh page with a 1 000 000-row spec, "Download CSV" clicked, and
//   - ready:    click → the browser's download event (what the user waits for),
//   - generate: milliseconds spent inside the Wasm generator (the page's own measure),
//   - longest:  the longest main-thread task the browser reported (Long Tasks API, > 50 ms only)
//               and the longest chunk the page measured itself.
const { chromium } = require('playwright-core');

const RELAY = process.env.RELAY_URL;
const ROWS = Number(process.env.ROWS || 1000000);
const ROUNDS = Number(process.env.ROUNDS || 5);
const SPEC = `container=C01&product=P02&simulation=co2sensor&records=${ROWS}&start=2026-01-01T00:00:00&seed=42`;

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  console.log(`chromium ${browser.version()}, ${ROWS} rows, ${ROUNDS} rounds (+1 warm-up)`);
  const rows = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const context = await browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver(list => {
        for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${RELAY}/?${SPEC}`);
    await page.waitForSelector('#preview-table tbody tr');
    const clickedAt = await page.evaluate(() => performance.now());
    const clicked = Date.now();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    const ready = Date.now() - clicked;
    await page.waitForFunction(() => document.querySelector('#download-status').innerText.length > 0);
    const status = page.locator('#download-status');
    const generate = Number(await status.getAttribute('data-generate-ms'));
    const chunk = Number(await status.getAttribute('data-longest-chunk-ms'));
    const longTasks = (await page.evaluate(() => window.__longTasks))
      .filter(([start]) => start >= clickedAt).map(([start, duration]) => duration);
    if (process.env.VERBOSE) console.log(await page.evaluate(() => JSON.stringify(window.__longTasks)), clickedAt);
    const longest = longTasks.length ? Math.max(...longTasks) : 0;
    const size = (await require('fs').promises.stat(await download.path())).size;
    await context.close();
    const label = round === 0 ? 'warm-up' : `round ${round}`;
    console.log(`${label}: ready ${ready} ms, generating ${generate.toFixed(0)} ms ` +
      `(${(ROWS / generate * 1000 / 1e6).toFixed(2)} M rows/s), longest chunk ${chunk.toFixed(0)} ms, ` +
      `long tasks > 50 ms: ${longTasks.length} (longest ${longest.toFixed(0)} ms), file ${(size / 1048576).toFixed(1)} MiB`);
    if (round > 0) rows.push({ ready, generate, chunk, longest });
  }
  await browser.close();
  const m = key => median(rows.map(r => r[key]));
  console.log(`median: ready ${m('ready')} ms, Wasm ${(ROWS / m('generate') * 1000 / 1e6).toFixed(2)} M rows/s, ` +
    `longest chunk ${m('chunk').toFixed(0)} ms; worst long task over all rounds ` +
    `${Math.max(...rows.map(r => r.longest)).toFixed(0)} ms`);
})().catch(e => { console.error(e); process.exit(1); });
