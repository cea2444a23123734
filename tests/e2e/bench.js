// Benchmarks of the control panel in headless Debian Chromium (BENCHMARKS.md, "Browser").
// Run by bench.sh beside this file, which serves dist/ with the real relay:
//   RELAY_URL  the relay, e.g. http://127.0.0.1:40123
// One page with a 1 000 000-row spec; "Download CSV" clicked once cold (the page has just
// loaded: V8 runs the first chunks in its baseline compiler while it optimises the Wasm), then
// ROUNDS times warm on the same page. Each time:
//   - ready:    click → the file handed to the browser, as the page's status line reports it
//               ("… records in N ms"); the cold round also waits for the browser's download
//               event (Chromium blocks later downloads of the page as "multiple downloads", so
//               warm rounds do not wait for it),
//   - generate: milliseconds spent inside the Wasm generator (the page's own measure),
//   - longest:  the longest main-thread task the browser reported (Long Tasks API, > 50 ms only)
//               and the longest chunk the page measured itself.
const { chromium } = require('playwright-core');

const RELAY = process.env.RELAY_URL;
const ROWS = Number(process.env.ROWS || 1000000);
const ROUNDS = Number(process.env.ROUNDS || 5);
const SPEC = `container=C01&product=P02&simulation=co2sensor&records=${ROWS}&start=2026-01-01T00:00:00&seed=42`;

const median = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rate = ms => `${(ROWS / ms / 1000).toFixed(2)} M rows/s`;

(async () => {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  console.log(`chromium ${browser.version()}, ${ROWS} rows, 1 cold + ${ROUNDS} warm rounds on one page`);
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
  const status = page.locator('#download-status');
  const warm = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const before = await status.innerText();
    const clickedAt = await page.evaluate(() => performance.now());
    const downloaded = round === 0 ? page.waitForEvent('download') : null;
    await page.click('#download');
    await page.waitForFunction(old => {
      const text = document.querySelector('#download-status').innerText;
      return text.includes('records in') && text !== old;
    }, before, { timeout: 60000, polling: 250 });
    const ready = Number((await status.innerText()).match(/records in (\d+) ms/)[1]);
    let extra = '';
    if (downloaded) {
      const download = await downloaded;
      const size = (await require('fs').promises.stat(await download.path())).size;
      extra = `, file ${(size / 1048576).toFixed(1)} MiB`;
      await download.delete();
    }
    const generate = Number(await status.getAttribute('data-generate-ms'));
    const chunk = Number(await status.getAttribute('data-longest-chunk-ms'));
    const longTasks = (await page.evaluate(() => window.__longTasks))
      .filter(([start]) => start >= clickedAt).map(([, duration]) => duration);
    const longest = longTasks.length ? Math.max(...longTasks) : 0;
    console.log(`${round === 0 ? 'cold' : `warm ${round}`}: ready ${ready.toFixed(0)} ms, ` +
      `generating ${generate.toFixed(0)} ms (${rate(generate)}), longest chunk ${chunk.toFixed(0)} ms, ` +
      `long tasks > 50 ms: ${longTasks.length} (longest ${longest.toFixed(0)} ms)${extra}`);
    if (round > 0) warm.push({ ready, generate, chunk, longest });
  }
  const m = key => median(warm.map(r => r[key]));
  console.log(`median of the warm rounds: ready ${m('ready').toFixed(0)} ms, Wasm ${rate(m('generate'))}, ` +
    `longest chunk ${m('chunk').toFixed(0)} ms; worst long task ${Math.max(...warm.map(r => r.longest)).toFixed(0)} ms`);

  // The chart of the same rows (docs/benchmarks-history.md, part 17): a column chosen → the chart redrawn
  // (all rows generated again and reduced to min/max per pixel), then a zoom to a tenth.
  const columns = ['temperature', 'kilowatts', 'oxygen_level', 'carbon_dioxide_level', 'humidity_level'];
  const draws = [], zooms = [];
  const chartsFrom = await page.evaluate(() => performance.now());
  for (let round = 0; round < ROUNDS; round++) {
    const column = columns[round % columns.length];
    const t0 = await page.evaluate(() => performance.now());
    await page.selectOption('#chart-column', column);
    await page.waitForFunction(c => [...document.querySelectorAll('#chart .axis-title')].some(t => t.textContent.startsWith(c + ' (')),
      column, { polling: 'raf' });
    draws.push(await page.evaluate(t => performance.now() - t, t0));
    const points = await page.locator('#chart polyline.series').first().evaluate(e => e.getAttribute('points').trim().split(' ').length);
    await page.focus('#chart');
    await page.keyboard.press('Home');
    const z0 = await page.evaluate(() => performance.now());
    await page.keyboard.press('+');
    await page.waitForFunction(() => !document.querySelector('#chart-reset').disabled, null, { polling: 'raf' });
    zooms.push(await page.evaluate(t => performance.now() - t, z0));
    await page.keyboard.press('-');
    await page.waitForFunction(() => document.querySelector('#chart-reset').disabled, null, { polling: 'raf' });
    console.log(`chart ${round + 1}: ${column} drawn in ${draws[round].toFixed(0)} ms (${points} points), zoom ${zooms[round].toFixed(0)} ms`);
  }
  const chartTasks = (await page.evaluate(() => window.__longTasks))
    .filter(([start]) => start >= chartsFrom).map(([, d]) => d);
  console.log(`chart of ${ROWS} rows: median draw ${median(draws).toFixed(0)} ms, median zoom ${median(zooms).toFixed(0)} ms; ` +
    `long tasks > 50 ms meanwhile: ${chartTasks.length} (longest ${chartTasks.length ? Math.max(...chartTasks).toFixed(0) : 0} ms)`);

  // The live board of 10 000 containers (a stream on the relay's embedded broker): the longest
  // main-thread task and the frames a second while it updates (budget in BENCHMARKS.md: no task
  // over 100 ms on a quiet machine).
  const board = await context.newPage();
  await board.goto(`${RELAY}/?container=C02&product=P02&simulation=co2sensor&records=100&start=2026-01-01T00:00:00&seed=42`);
  await board.evaluate(() => {
    window.__longest = 0; window.__frames = 0;
    new PerformanceObserver(l => l.getEntries().forEach(e => { window.__longest = Math.max(window.__longest, e.duration); }))
      .observe({ type: 'longtask', buffered: false });
    const tick = () => { window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await board.fill('#stream-containers', '10000');
  await board.selectOption('#stream-simulation', 'mixed');
  await board.fill('#stream-rate', '5000');
  await board.selectOption('#stream-clock', 'simulated');
  await board.fill('#stream-duration', '8s');
  await board.click('#stream-start');
  await board.waitForFunction(() => document.querySelector('#board-state')?.innerText === 'running', null, { timeout: 60000 });
  const frames0 = await board.evaluate(() => window.__frames);
  const t0 = Date.now();
  await board.waitForTimeout(5000);
  const [frames1, longest] = await board.evaluate(() => [window.__frames, window.__longest]);
  const fps = (frames1 - frames0) / ((Date.now() - t0) / 1000);
  console.log(`board of 10000 containers: longest main-thread task ${longest.toFixed(0)} ms, ${fps.toFixed(0)} frames/s`);
  await board.close();
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
