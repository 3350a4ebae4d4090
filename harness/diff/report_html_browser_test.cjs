// The HTML report in headless Chromium (driven by playwright-core), run by
// report_html_browser_test.sh:
//
//   node report_html_browser_test.cjs PLAYWRIGHT_CORE_DIR CHROMIUM REPORT.html REPORT.json FIXTURE_DIR ARTIFACT_DIR
//
// REPORT is the real amd64-bindings-vs-rt-amd64 report. Checks that the page
// loads nothing from anywhere and raises no error; the summary agrees with
// the JSON report; the root-cause list (when the report has attribution);
// the byte-ruler picture of `file` (both rulers drawn, fields that moved or
// changed size marked on both sides); the kind, severity and item filters;
// then the fixture pages: hostile names stay text, root causes filter, a
// baseline opens the page on the new findings, drift classes filter.
// Screenshots go to ARTIFACT_DIR; their paths are printed.
'use strict';
const path = require('path');
const fs = require('fs');

const [pwDir, chromiumPath, reportHtml, reportJson, fixtureDir, artifactDir] = process.argv.slice(2);
const { chromium } = require(pwDir);

let failures = 0;
function check(cond, what) {
  if (cond) {
    console.log('  ok   ' + what);
  } else {
    console.log('  FAIL ' + what);
    failures++;
  }
}

// Flags that work on these machines (no sandbox as root, no GPU, no
// background traffic to Google's hosts: the network is closed).
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
              '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

// Opens `file` in a fresh page; records every request that is not the page
// itself, console errors, page errors and dialogs.
async function open(browser, file) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const log = { external: [], errors: [], dialogs: [] };
  const url = 'file://' + path.resolve(file);
  page.on('request', (r) => { if (r.url() !== url) log.external.push(r.url()); });
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push(m.text()); });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('dialog', (d) => { log.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, log };
}

function rootCausesOf(j) {
  return Array.isArray(j.root_causes) ? j.root_causes : null;
}

// The filter token the page gives a root cause (report_html.cc RootToken).
function rootToken(rc) {
  const id = (rc.item_kind ? rc.item_kind + ':' : '') + rc.item;
  let t = 'r:';
  for (const b of Buffer.from(id, 'utf8')) {
    const c = String.fromCharCode(b);
    t += /[A-Za-z0-9:_.-]/.test(c) ? c : '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return t;
}

// A chain as the report's text writes it: "file -> f_lock (spinlock_t)".
function chainText(c) {
  let s = '';
  for (const l of c.chain) {
    if (!s) s = l.item;
    s += ' -> ' + l.member + (l.type ? ' (' + l.type + ')' : '');
  }
  return s;
}

async function visibleRows(page) {
  return page.$$eval('tr.finding', (rows) => rows.filter((r) => !r.hidden).map((r) => ({
    kind: r.dataset.kind, severity: r.dataset.severity, item: r.dataset.item, root: r.dataset.root })));
}

async function rtReport(browser) {
  console.log('real report: ' + reportHtml);
  const j = JSON.parse(fs.readFileSync(reportJson, 'utf8'));
  const findings = j.findings;
  const { page, log } = await open(browser, reportHtml);

  check(log.external.length === 0, 'no request besides the page itself (' + JSON.stringify(log.external.slice(0, 3)) + ')');
  check(log.errors.length === 0, 'no console or page errors (' + JSON.stringify(log.errors.slice(0, 3)) + ')');

  const cards = await page.$$eval('#summary .card', (cs) => cs.map((c) => c.textContent));
  check(cards[0] === findings.length + 'findings', 'summary counts ' + findings.length + ' findings: ' + cards[0]);
  const errors = findings.filter((f) => f.severity === 'error').length;
  check(cards[1] === errors + 'errors', 'summary counts ' + errors + ' errors: ' + cards[1]);
  check((await page.$$('tr.finding')).length === findings.length, 'one table row per finding');

  // Root causes, when the report attributes findings to them.
  const roots = rootCausesOf(j);
  if (roots && roots.length) {
    const items = await page.$$eval('li.root-cause', (ls) => ls.map((l) => l.dataset.root));
    check(items.length === roots.length, 'root-cause list has the report\'s ' + roots.length + ' root causes');
    const leading = roots.filter((rc) => (rc.records && rc.records.length) || (rc.functions && rc.functions.length));
    check(leading.length > 0 && items[0] === rootToken(leading[0]),
          'the list leads with the roots that explain other items (' + leading.length + '), first ' +
          (leading[0] && leading[0].item));
    const first = await page.$('li.root-cause button.root-filter');
    const id = await first.getAttribute('data-root');
    await first.click();
    const rows = await visibleRows(page);
    const want = findings.filter((f) => (f.explained_by || []).some((c) => c.root === leading[0].item) ||
                                        (f.item === leading[0].item && f.item_kind === leading[0].item_kind &&
                                         !f.explained_by)).length;
    check(rows.length === want && rows.every((r) => r.root.split(' ').includes(id)),
          'clicking root cause ' + id + ' shows its ' + rows.length + ' findings (want ' + want + ')');
    const chains = await page.$$eval('li.root-cause:first-child li.chain', (ls) => ls.length);
    check(chains > 0, 'the first root cause lists ' + chains + ' chains');
    // file's findings name their root causes with the chains that reach them.
    const explained = findings.find((f) => f.item === 'file' && f.explained_by && f.explained_by.length);
    if (explained) {
      const cell = await page.$eval('tr.finding[data-item="file"] td:nth-child(7)', (td) => td.textContent);
      const text = chainText(explained.explained_by[0]);
      check(cell.includes(text), 'file\'s row shows the chain ' + text);
    }
    const section = await page.$('#root-causes');
    const rshot = path.join(artifactDir, 'rt-amd64-root-causes.png');
    await section.screenshot({ path: rshot });
    console.log('  screenshot: ' + rshot);
    await page.click('#f-reset');
  } else {
    check((await page.$('#root-causes')) === null, 'no attribution in the report: no root-cause section');
    console.log('  note the report carries no attribution yet: root-cause checks ran on the fixture page only');
  }

  // The layout picture of `file`.
  const size = findings.find((f) => f.kind === 'record-size' && f.item === 'file' && !f.member);
  check(size !== undefined, 'the report has record-size on file (C ' + (size && size.truth.value) + ', Rust ' +
        (size && size.assumed.value) + ')');
  const card = await page.$('article.layout[data-record="file"]');
  check(card !== null, 'file has a layout card');
  if (card) {
    await card.$eval('details', (d) => { d.open = true; });
    await card.scrollIntoViewIfNeeded();
    const sides = await card.$$eval('svg.ruler g.side', (gs) => gs.map((g) => {
      const rects = Array.from(g.querySelectorAll('rect'));
      const diff = rects.filter((r) => r.classList.contains('diff'));
      const style = diff.length ? getComputedStyle(diff[0]) : null;
      const box = g.getBoundingClientRect();
      return {
        side: g.dataset.side, rects: rects.length, fields: rects.filter((r) => r.classList.contains('fld')).length,
        diff: diff.length, diffNames: diff.map((r) => r.parentNode.dataset.name),
        stroke: style ? style.stroke : '', width: box.width, height: box.height,
      };
    }));
    check(sides.length === 2 && sides[0].side === 'truth' && sides[1].side === 'assumed',
          'two rulers: C truth and Rust assumption');
    for (const s of sides) {
      check(s.fields > 10 && s.width > 100 && s.height > 200,
            s.side + ' ruler drawn: ' + s.fields + ' fields in ' + Math.round(s.width) + 'x' + Math.round(s.height) + ' px');
      check(s.diff > 0 && s.stroke === 'rgb(179, 38, 30)', s.side + ' ruler marks ' + s.diff + ' differing fields in red');
    }
    // Every field with a field-offset finding on file is marked on both sides.
    const moved = findings.filter((f) => f.item === 'file' && f.kind === 'field-offset').map((f) => f.member);
    for (const s of sides) {
      const missing = moved.filter((m) => !s.diffNames.includes(m));
      check(moved.length > 0 && missing.length === 0,
            s.side + ' ruler marks all ' + moved.length + ' moved fields of file (missing: ' + missing.join(',') + ')');
    }
    const heads = await card.$$eval('text.col-head', (ts) => ts.map((t) => t.textContent));
    check(size && heads.length === 2 && heads[0].includes(size.truth.value + ' bytes') &&
          heads[1].includes(size.assumed.value + ' bytes'), 'ruler heads give both sizes: ' + heads.join(' | '));
    const movedLines = await card.$$eval('line.moved', (ls) => ls.length);
    check(movedLines > 0, movedLines + ' moved fields joined across the rulers');
    const shot = path.join(artifactDir, 'rt-amd64-file-layout.png');
    await card.screenshot({ path: shot });
    console.log('  screenshot: ' + shot);
  }

  // Filters: by kind, then kind and severity, then by item.
  const kind = 'record-size';
  const want = findings.filter((f) => f.kind === kind).length;
  await page.selectOption('#f-kind', kind);
  let rows = await visibleRows(page);
  check(rows.length === want && rows.every((r) => r.kind === kind), 'kind filter ' + kind + ': ' + rows.length + ' rows, want ' + want);
  const count = await page.textContent('#f-count');
  check(count.startsWith(want + ' of ' + findings.length + ' findings'), 'count line: ' + count);
  const shownCards = await page.$$eval('article.layout', (cs) => cs.filter((c) => !c.hidden).length);
  const kindItems = new Set(findings.filter((f) => f.kind === kind).map((f) => f.item));
  check(shownCards > 0 && shownCards <= kindItems.size, shownCards + ' layout cards shown for ' + kindItems.size + ' items');
  check(!(await page.$eval('article.layout[data-record="file"]', (c) => c.hidden)), 'file\'s layout stays shown');
  await page.selectOption('#f-sev', 'error');
  rows = await visibleRows(page);
  check(rows.length > 0 && rows.length === findings.filter((f) => f.kind === kind && f.severity === 'error').length,
        'kind and severity filters combine: ' + rows.length + ' rows');
  await page.click('#f-reset');
  await page.fill('#f-text', 'wait_queue');
  rows = await visibleRows(page);
  const wq = findings.filter((f) => f.item.toLowerCase().includes('wait_queue')).length;
  check(rows.length === wq && wq > 0, 'item filter "wait_queue": ' + rows.length + ' rows, want ' + wq);
  await page.click('#f-reset');
  check((await visibleRows(page)).length === findings.length, 'reset shows every finding again');

  await page.selectOption('#f-kind', kind);
  await page.evaluate(() => window.scrollTo(0, 0));
  const top = path.join(artifactDir, 'rt-amd64-summary.png');
  await page.screenshot({ path: top });
  console.log('  screenshot: ' + top);
  check(log.external.length === 0 && log.errors.length === 0 && log.dialogs.length === 0,
        'still no requests, errors or dialogs after interaction');
  await page.close();
}

async function hostile(browser) {
  const file = path.join(fixtureDir, 'hostile.html');
  console.log('hostile names: ' + file);
  const { page, log } = await open(browser, file);
  check(log.dialogs.length === 0, 'no script from input names ran (dialogs: ' + JSON.stringify(log.dialogs) + ')');
  check(log.external.length === 0, 'no request (' + JSON.stringify(log.external.slice(0, 3)) + ')');
  check(log.errors.length === 0, 'no errors (' + JSON.stringify(log.errors.slice(0, 3)) + ')');
  const counts = await page.evaluate(() => ({
    scripts: document.scripts.length, imgs: document.images.length,
    bold: document.querySelectorAll('header b').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((e) => e.hasAttribute('onmouseover') ||
      e.hasAttribute('onerror') || e.hasAttribute('data-x')).length,
  }));
  check(counts.scripts === 1 && counts.imgs === 0 && counts.handlers === 0 && counts.bold === 2,
        'no injected elements or attributes: ' + JSON.stringify(counts));
  const text = await page.evaluate(() => document.body.textContent);
  for (const name of ['<script>alert(1)</script>', '" onmouseover="alert(2)', '\'><img src=x onerror=alert(3)>',
                      '</style><script>alert(4)</script>.h']) {
    check(text.includes(name), 'shown as text: ' + name);
  }
  const title = await page.title();
  check(title.includes('Rust" data-x="1'), 'the label stays text in the title: ' + title);
  await page.close();
}

async function attributed(browser) {
  const file = path.join(fixtureDir, 'attributed.html');
  console.log('attributed fixture: ' + file);
  const { page, log } = await open(browser, file);
  check(log.errors.length === 0 && log.external.length === 0, 'no errors or requests');
  const roots = await page.$$eval('li.root-cause button', (bs) => bs.map((b) => b.textContent));
  check(roots.length === 2 && roots[0] === 'compat_u64: align 4 -> 8' && roots[1] === 'file: 232 -> 184 bytes',
        'root-cause list: ' + roots.join(' | '));
  await page.click('li.root-cause button.root-filter');
  const rows = await visibleRows(page);
  check(rows.length === 4 && rows.every((r) => r.item === 'compat_spec' && r.root === 'r:typedef:compat_u64'),
        'clicking the root cause shows its ' + rows.length + ' compat_spec findings');
  const selected = await page.$eval('li.root-cause', (l) => l.classList.contains('selected'));
  check(selected, 'the clicked root cause is highlighted');
  const cards = await page.$$eval('article.layout', (cs) => cs.filter((c) => !c.hidden).map((c) => c.dataset.record));
  check(cards.length === 1 && cards[0] === 'compat_spec', 'only compat_spec\'s layout stays: ' + cards.join(','));
  await page.$$eval('li.root-cause:first-child details', (ds) => ds.forEach((d) => { d.open = true; }));
  const chain = await page.$$eval('li.root-cause:first-child li.chain', (ls) => ls.map((l) => l.textContent));
  check(chain.length === 2 && chain[0] === 'compat_spec: compat_spec -> cookie (compat_u64)' &&
        chain[1] === 'kmalloc(): kmalloc -> size (*mut compat_spec) -> cookie (compat_u64)', 'chains: ' + chain.join(' | '));
  await page.selectOption('#f-root', 'r:record:file');
  const own = await visibleRows(page);
  check(own.length === 5 && own.every((r) => r.item === 'file'), 'a root\'s own findings: ' + own.length + ' of file');
  await page.selectOption('#f-root', '-');
  const rest = await visibleRows(page);
  check(rest.length > 0 && rest.every((r) => r.root === '-'), 'not attributed: ' + rest.length + ' findings');
  const shot = path.join(artifactDir, 'fixture-root-causes.png');
  await page.click('#f-reset');
  await page.click('li.root-cause button.root-filter');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('  screenshot: ' + shot);
  await page.close();
}

// Drift classes (drift mode's JSON): the drift filter shows one class.
async function driftPage(browser) {
  const file = path.join(fixtureDir, 'drift.html');
  console.log('drift fixture: ' + file);
  const { page, log } = await open(browser, file);
  check(log.errors.length === 0 && log.external.length === 0, 'no errors or requests');
  const all = await page.$$eval('tr.finding', (rs) => rs.map((r) => r.dataset.drift));
  const silent = all.filter((d) => d === 'silent').length;
  check(silent > 0 && silent < all.length, silent + ' of ' + all.length + ' findings silent');
  await page.selectOption('#f-drift', 'silent');
  const rows = await page.$$eval('tr.finding', (rs) => rs.filter((r) => !r.hidden).map((r) => r.dataset.drift));
  check(rows.length === silent && rows.every((d) => d === 'silent'), 'drift filter "silent": ' + rows.length + ' rows');
  await page.click('#f-reset');
  check((await visibleRows(page)).length === all.length, 'reset shows every finding again');
  await page.close();
}

// With a baseline the page opens on what is new; "reset" shows every finding.
async function triaged(browser) {
  const file = path.join(fixtureDir, 'triaged.html');
  console.log('baseline and waivers fixture: ' + file);
  const { page, log } = await open(browser, file);
  check(log.errors.length === 0 && log.external.length === 0, 'no errors or requests');
  const all = await page.$$eval('tr.finding', (rs) => rs.map((r) => r.dataset.baseline));
  const fresh = all.filter((b) => b === 'new').length;
  check(all.length > 1 && fresh === 1 && all.every((b) => b === 'new' || b === 'unchanged'),
        'every finding has a baseline state: ' + fresh + ' new of ' + all.length);
  check((await page.$eval('#f-base', (s) => s.value)) === 'new', 'the baseline filter starts on "new"');
  let rows = await visibleRows(page);
  check(rows.length === 1 && rows[0].item === 'compat_spec', 'only the new finding is shown: ' + JSON.stringify(rows));
  const count = await page.textContent('#f-count');
  check(count.startsWith('1 of ' + all.length + ' findings'), 'count line: ' + count);
  const fixed = await page.$$eval('#fixed tr, #fixed li', (es) => es.length);
  check(fixed > 0, 'the fixed finding is listed (' + fixed + ')');
  const stale = await page.$$eval('tr.waiver[data-state="unmatched"]', (es) => es.length);
  check(stale === 1, 'the stale waiver is marked: ' + stale);
  const shot = path.join(artifactDir, 'fixture-baseline.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('  screenshot: ' + shot);
  await page.click('#f-reset');
  rows = await visibleRows(page);
  check(rows.length === all.length, 'reset shows all ' + rows.length + ' findings');
  await page.close();
}

(async () => {
  fs.mkdirSync(artifactDir, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(artifactDir, 'chromium-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath, headless: true, args: ARGS });
  const browser = { newPage: (o) => context.newPage().then(async (p) => { await p.setViewportSize(o.viewport); return p; }) };
  try {
    await rtReport(browser);
    await hostile(browser);
    await attributed(browser);
    await triaged(browser);
    await driftPage(browser);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(failures ? failures + ' check(s) failed' : 'all checks passed');
  process.exit(failures ? 1 : 0);
})().catch((e) => {
  console.log('FAIL ' + (e && e.stack || e));
  process.exit(1);
});
