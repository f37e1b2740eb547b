'use strict';

// SciTLDR Analytics Hub: the dashboard page of the reporting service (docs/dashboard.md).
// Plain ES2020 without modules, so the same file runs when the service serves it and when a static
// report is opened from disk. Every text from the data reaches the page as a text node or an
// attribute value (see el), never as markup.
//
// body[data-state] (the tests' hook):
//   loading  while anything is fetched or drawn. Work is counted, so overlapping work (a search typed
//            while a tab draws) ends in one state change when the last piece finishes.
//   ready    when the visible tab is built and every chart it can draw has been created (animation is
//            off, so created = drawn). Data that one panel lacks, such as the gold aggregates of a run
//            that is still running, is said in that panel: the page still works, so it is ready.
//   error    when the page as a whole cannot work: /api/runs failed, the address names a run that does
//            not exist (the page then shows the default run), or an unexpected exception. The message
//            is in #error; choosing a run clears it.
(function () {
  const TABS = ['overview', 'insights', 'quality', 'runs'];
  const STAGES = ['ingestion', 'transformation', 'quality', 'reporting'];
  const PARTITION_STAGES = ['transformation', 'quality'];
  const SOURCES = ['author', 'peer_review'];
  const SOURCE_LABELS = { author: 'author', peer_review: 'peer review' };
  const ROUGE_METRICS = [
    { choice: 'rouge1', metric: 'rouge1_f1', label: 'ROUGE-1' },
    { choice: 'rouge2', metric: 'rouge2_f1', label: 'ROUGE-2' },
    { choice: 'rougeL', metric: 'rougel_f1', label: 'ROUGE-L' },
  ];
  const NOVEL_METRICS = [
    { metric: 'novel_1gram_pct', label: 'novel 1-grams' },
    { metric: 'novel_2gram_pct', label: 'novel 2-grams' },
    { metric: 'novel_3gram_pct', label: 'novel 3-grams' },
  ];
  const PAGE_SIZE = 25;
  const MAX_GANTT_PARTITIONS = 40;
  const TOP_KEYPHRASES = 20;
  const SEARCH_DELAY_MS = 250;
  const COLORS = {
    author: '#3563c9',
    peer_review: '#dd8a1b',
    succeeded: '#2f9e5c',
    running: '#3b82f6',
    failed: '#d64545',
    pending: '#a3aab5',
    warning: '#e0a526',
    neutral: '#64748b',
    accent: '#7c5cc4',
  };

  const report = window.SCITLDR_REPORT || null;

  const state = {
    runs: [], // RunView, newest first, as /api/runs answers
    split: '', // '' = all splits
    run: null, // the selected run id
    tab: 'overview',
    rouge: 'rouge1',
    search: { query: '', offset: 0 },
  };

  const charts = new Map(); // chart name -> Chart, for the visible tab only
  const answers = new Map(); // API path -> Promise of its answer, for the selected run
  let generation = 0; // bumped by every tab build; async work of an older build drops its result
  let busy = 0;
  let pageError = null;

  // ---- DOM and formatting ------------------------------------------------------------------

  /** Builds an element: attribute values are set as attributes and children become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) {
        continue;
      }
      if (name.startsWith('on') && typeof value === 'function') {
        node.addEventListener(name.slice(2), value);
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat(Infinity)) {
      if (child !== null && child !== undefined && child !== false) {
        node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    }
    return node;
  }

  const integerFormat = new Intl.NumberFormat('en-US');
  const decimalFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  const preciseFormat = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
  const percentFormat = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

  const isNumber = (value) => typeof value === 'number' && Number.isFinite(value);
  const formatInteger = (value) => (isNumber(value) ? integerFormat.format(value) : '—');
  const formatDecimal = (value) => (isNumber(value) ? decimalFormat.format(value) : '—');
  const formatPrecise = (value) => (isNumber(value) ? preciseFormat.format(value) : '—');
  const formatPercent = (value) => (isNumber(value) ? percentFormat.format(value) : '—');

  function formatSeconds(seconds) {
    if (!isNumber(seconds)) {
      return '—';
    }
    if (seconds < 60) {
      return `${seconds.toFixed(seconds < 1 ? 2 : 1)} s`;
    }
    return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  }

  /** Times in UTC, so a report reads the same wherever it is opened. */
  function formatTime(iso) {
    if (!iso) {
      return '—';
    }
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? String(iso) : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  }

  /** The short time of a run for chart axes: "11-24 16:19". */
  function shortTime(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(5, 16).replace('T', ' ');
  }

  const sum = (values) => values.reduce((total, value) => total + (isNumber(value) ? value : 0), 0);
  const runPath = (runId, rest) => `/api/runs/${encodeURIComponent(runId)}${rest}`;

  function message(text, kind) {
    return el('p', { class: `message ${kind || ''}`.trim() }, text);
  }

  function badge(text, kind) {
    return el('span', { class: `badge badge-${kind}` }, text);
  }

  function card(title, ...content) {
    return el('section', { class: 'card' }, el('h2', {}, title), ...content);
  }

  function wideCard(title, ...content) {
    const node = card(title, ...content);
    node.classList.add('wide');
    return node;
  }

  function table(attrs, headers, rows) {
    return el('div', { class: 'table-scroll' },
      el('table', attrs,
        el('thead', {}, el('tr', {}, headers.map((header) => el('th', { scope: 'col' }, header)))),
        el('tbody', {}, rows)));
  }

  function link(href, text) {
    return el('a', { href, target: '_blank', rel: 'noopener' }, text);
  }

  // ---- data --------------------------------------------------------------------------------

  /**
   * The JSON API: fetched relative to the page (so a path prefix in front of the service works), or
   * read from the static report's embedded answers, which are keyed by path without query string.
   */
  async function api(path) {
    if (report) {
      const key = path.split('?')[0];
      const answer = report.api ? report.api[key] : undefined;
      if (answer === undefined || answer === null) {
        throw new Error(`not in this static report: ${key}`);
      }
      return answer;
    }
    const response = await fetch(`.${path}`, { headers: { Accept: 'application/json' } });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(body && body.error ? body.error : `${path} answered HTTP ${response.status}`);
    }
    return body;
  }

  /** One request per path while the same run is selected, however often its tabs are drawn. */
  function load(path) {
    if (!answers.has(path)) {
      const answer = api(path);
      answers.set(path, answer);
      answer.catch(() => answers.delete(path)); // a failure is retried by the next draw
    }
    return answers.get(path);
  }

  /** Never rejects: { value } or { error }, so one missing answer does not break its neighbours. */
  const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));

  function loadAggregates() {
    return settle(load(runPath(state.run, '/aggregates')));
  }

  /** A page of the papers table; a static report holds the run's first papers and is searched here. */
  async function loadPapers(query, offset) {
    const path = runPath(state.run, '/papers');
    if (!report) {
      const params = new URLSearchParams({ q: query, offset: String(offset), limit: String(PAGE_SIZE) });
      return api(`${path}?${params}`);
    }
    const embedded = await load(path);
    const term = query.trim().toLowerCase();
    const matches = term ? embedded.papers.filter((paper) => paperMatches(paper, term)) : embedded.papers;
    return {
      query: query.trim(),
      offset,
      limit: PAGE_SIZE,
      papers: matches.slice(offset, offset + PAGE_SIZE),
      matched: matches.length,
      hasMore: offset + PAGE_SIZE < matches.length,
      scannedPartitions: embedded.scannedPartitions,
      partitions: embedded.partitions,
      truncated: embedded.hasMore,
      embedded: embedded.papers.length,
    };
  }

  /** The service's match: case-insensitive substring of paper id, title or a TLDR's text. */
  function paperMatches(paper, term) {
    const contains = (text) => typeof text === 'string' && text.toLowerCase().includes(term);
    return contains(paper.paperId) || contains(paper.title) || (paper.tldrs || []).some((tldr) => contains(tldr.text));
  }

  // ---- selection ---------------------------------------------------------------------------

  const currentRun = () => state.runs.find((run) => run.runId === state.run) || null;
  const runsOf = (split) => (split ? state.runs.filter((run) => run.split === split) : state.runs);
  const splits = () => [...new Set(state.runs.map((run) => run.split).filter(Boolean))].sort();

  /** A split's newest succeeded run, else its newest run. */
  function defaultRun(split) {
    const runs = runsOf(split);
    const succeeded = runs.find((run) => run.status === 'succeeded');
    return (succeeded || runs[0] || {}).runId || null;
  }

  /**
   * The address: ?split=S&run=R&tab=T. "split=" (present, empty) means all splits, which no split can
   * be called; without split, the run's own split is chosen ("?run=R" alone selects R and its split).
   */
  function readAddress() {
    const query = new URLSearchParams(window.location.search);
    return { split: query.has('split') ? query.get('split') : null, run: query.get('run'), tab: query.get('tab') };
  }

  function addressQuery() {
    const query = new URLSearchParams({ split: state.split });
    if (state.run) {
      query.set('run', state.run);
    }
    query.set('tab', state.tab);
    return query;
  }

  function writeAddress() {
    try {
      window.history.replaceState(null, '', `?${addressQuery()}`);
    } catch (ignored) {
      // Some browsers refuse replaceState on file:// pages; the filters work without the address.
    }
  }

  /** Applies the address to the loaded runs; returns an error text when it names an unknown run. */
  function applyAddress(address) {
    state.tab = TABS.includes(address.tab) ? address.tab : 'overview';
    const known = splits();
    const split = address.split === null || address.split === '' || known.includes(address.split) ? address.split : '';
    const wanted = report ? report.runId : address.run;
    const run = state.runs.find((candidate) => candidate.runId === wanted);
    if (run) {
      state.run = run.runId;
      state.split = split === '' || split === run.split ? split : run.split || '';
      return null;
    }
    state.split = split === null ? '' : split;
    state.run = defaultRun(state.split);
    if (split === null && state.run) {
      state.split = currentRun().split || '';
    }
    return wanted ? `no run '${wanted}' in the run history; showing ${state.run || 'nothing'} instead` : null;
  }

  function selectRun(runId) {
    if (report && runId && runId !== report.runId) {
      // A static report holds one run: another run is another report beside this one.
      const query = addressQuery();
      query.delete('run');
      window.location.href = `../${encodeURIComponent(runId)}/index.html?${query}`;
      return;
    }
    state.run = runId;
    state.search = { query: '', offset: 0 };
    answers.clear();
    clearPageError();
    track(async () => {
      if (!report) {
        state.runs = (await api('/api/runs')).runs || [];
        if (!currentRun()) {
          state.run = defaultRun(state.split);
        }
      }
      renderFilters();
      writeAddress();
      await renderTab();
    });
  }

  function renderFilters() {
    const splitSelect = document.getElementById('filter-split');
    splitSelect.replaceChildren(
      el('option', { value: '' }, 'all splits'),
      ...splits().map((split) => el('option', { value: split }, split)));
    splitSelect.value = state.split;

    const runSelect = document.getElementById('filter-run');
    const runs = runsOf(state.split);
    runSelect.replaceChildren(...(runs.length
      ? runs.map((run) => el('option', { value: run.runId }, `${run.runId} · ${run.status}`))
      : [el('option', { value: '' }, 'no runs')]));
    runSelect.value = state.run || '';
  }

  // ---- page state --------------------------------------------------------------------------

  function setState(value) {
    document.body.dataset.state = value;
  }

  function beginWork() {
    busy += 1;
    setState('loading');
  }

  function endWork() {
    busy -= 1;
    if (busy === 0) {
      setState(pageError ? 'error' : 'ready');
    }
  }

  async function track(work) {
    beginWork();
    try {
      await work();
    } catch (error) {
      failPage(error && error.message ? error.message : String(error));
    } finally {
      endWork();
    }
  }

  function failPage(text) {
    pageError = text;
    const box = document.getElementById('error');
    box.textContent = text;
    box.hidden = false;
  }

  function clearPageError() {
    pageError = null;
    const box = document.getElementById('error');
    box.textContent = '';
    box.hidden = true;
  }

  // ---- charts ------------------------------------------------------------------------------

  let queuedCharts = [];

  /** A chart card: its canvas is drawn by drawQueuedCharts once the card is in the page. */
  function chartCard(name, title, config, options = {}) {
    const canvas = el('canvas', { 'data-chart': name, role: 'img', 'aria-label': title });
    const box = el('div', { class: 'chart-box', style: options.height ? `height: ${options.height}px` : null }, canvas);
    queuedCharts.push({ name, canvas, config });
    const node = el('section', { class: options.wide ? 'card wide' : 'card' },
      el('div', { class: 'card-head' }, el('h2', {}, title), options.control || null),
      options.note ? el('p', { class: 'note' }, options.note) : null,
      box);
    return node;
  }

  function drawQueuedCharts() {
    const queued = queuedCharts;
    queuedCharts = [];
    for (const { name, canvas, config } of queued) {
      drawChart(name, canvas, config);
    }
  }

  function drawChart(name, canvas, config) {
    destroyChart(name);
    charts.set(name, new window.Chart(canvas, config));
  }

  function destroyChart(name) {
    if (charts.has(name)) {
      charts.get(name).destroy();
      charts.delete(name);
    }
  }

  function destroyCharts() {
    [...charts.keys()].forEach(destroyChart);
    queuedCharts = [];
  }

  /** window.scitldrDashboard.charts(): what each chart of the visible tab shows. */
  function chartFigures() {
    return [...charts.entries()].map(([name, chart]) => {
      const values = chart.data.datasets.flatMap((dataset) => dataset.data)
        .filter((value) => value !== null && value !== undefined);
      // A floating bar [start, end] counts as its length.
      const sizes = values.map((value) => (Array.isArray(value) ? value[1] - value[0] : value));
      return { name, labels: chart.data.labels.length, points: values.length, total: sum(sizes) };
    });
  }

  function axis(title, extra) {
    return Object.assign({ title: { display: Boolean(title), text: title || '' } }, extra);
  }

  /** Bar charts: grouped datasets, vertical or horizontal (indexAxis y). */
  function barConfig({ labels, datasets, horizontal = false, valueTitle, categoryTitle, percent = false, legend }) {
    const valueAxis = axis(valueTitle, { beginAtZero: true, ticks: percent ? { callback: (value) => `${value}%` } : {} });
    const categoryAxis = axis(categoryTitle, { ticks: { autoSkip: !horizontal } });
    return {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: horizontal ? 'y' : 'x',
        scales: horizontal ? { x: valueAxis, y: categoryAxis } : { x: categoryAxis, y: valueAxis },
        plugins: { legend: { display: legend === undefined ? datasets.length > 1 : legend, position: 'bottom' } },
      },
    };
  }

  function lineConfig({ labels, datasets, ticks, scales }) {
    return {
      type: 'line',
      data: { labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: Object.assign({ x: { ticks: { callback: (value) => ticks[value] } } }, scales),
        plugins: { legend: { position: 'bottom' } },
      },
    };
  }

  function dataset(label, data, color, extra) {
    return Object.assign({ label, data, backgroundColor: color, borderColor: color }, extra);
  }

  const sourceDataset = (source, data) => dataset(SOURCE_LABELS[source], data, COLORS[source]);
  const barsHeight = (count) => Math.max(180, count * 22 + 70);

  // ---- tabs --------------------------------------------------------------------------------

  const RENDERERS = { overview: renderOverview, insights: renderInsights, quality: renderQuality, runs: renderRuns };

  function selectTab(tab) {
    state.tab = tab;
    writeAddress();
    track(renderTab);
  }

  /** Builds the visible tab from scratch: only its charts exist, the hidden tabs' are destroyed. */
  async function renderTab() {
    const token = ++generation;
    destroyCharts();
    for (const button of document.querySelectorAll('[data-tab]')) {
      const selected = button.dataset.tab === state.tab;
      button.setAttribute('aria-selected', String(selected));
      button.classList.toggle('active', selected);
    }
    for (const panel of document.querySelectorAll('[data-panel]')) {
      panel.hidden = panel.dataset.panel !== state.tab;
    }
    const panel = document.querySelector(`[data-panel="${state.tab}"]`);
    if (!state.run) {
      panel.replaceChildren(message(state.split ? `no runs of split ${state.split} yet` : 'no runs yet'));
      return;
    }
    panel.replaceChildren(message('loading…', 'muted'));
    const content = await RENDERERS[state.tab](token);
    if (isCurrent(token)) {
      panel.replaceChildren(...content.filter(Boolean)); // renderers leave null for what does not apply
      drawQueuedCharts();
    }
  }

  const isCurrent = (token) => token === generation;

  function noAggregates(error) {
    return message(`this run has no gold aggregates yet: ${error.message}`, 'warning');
  }

  // ---- overview ----------------------------------------------------------------------------

  async function renderOverview(token) {
    const run = currentRun();
    const aggregates = await loadAggregates();
    if (!isCurrent(token)) {
      return [];
    }
    return [
      aggregates.error ? noAggregates(aggregates.error) : null,
      keyFigures(run, aggregates.value || null),
      el('div', { class: 'grid' }, quarantineCard(run, aggregates.value || null), papersByRunCard()),
    ];
  }

  function keyFigure(testid, label, value, text, sub) {
    return el('div', { class: 'kpi', 'data-testid': testid, 'data-value': value === null || value === undefined ? '' : value },
      el('div', { class: 'kpi-label' }, label),
      el('div', { class: 'kpi-value' }, text),
      el('div', { class: 'kpi-sub' }, sub));
  }

  function keyFigures(run, aggregates) {
    const rules = Object.values((run.quality && run.quality.rules) || {});
    const held = rules.filter((rule) => rule.passed).length;
    // Papers that passed every error rule (gold) over papers accepted by ingestion (the summary).
    const passRate = aggregates && run.papers > 0 ? aggregates.papers / run.papers : null;
    const quarantined = sum(Object.values(run.quarantine || {}));
    const last = state.runs[0];
    const lastWhen = last.finishedAt ? `finished ${formatTime(last.finishedAt)}` : `started ${formatTime(last.startedAt)}`;
    return el('div', { class: 'kpis' },
      keyFigure('kpi-papers', 'Papers', aggregates && aggregates.papers, formatInteger(aggregates && aggregates.papers),
        aggregates ? `in gold, of ${formatInteger(run.papers)} accepted` : 'no gold aggregates yet'),
      keyFigure('kpi-tldrs', 'TLDRs', aggregates && aggregates.tldrs, formatInteger(aggregates && aggregates.tldrs),
        aggregates ? `${formatInteger(aggregates.authorTldrs)} author · ${formatInteger(aggregates.peerReviewTldrs)} peer review` : 'no gold aggregates yet'),
      keyFigure('kpi-quality-pass-rate', 'Quality pass rate', passRate, formatPercent(passRate),
        `${held} of ${rules.length} rules held`),
      keyFigure('kpi-quarantined', 'Quarantined', quarantined, formatInteger(quarantined),
        `of ${formatInteger(run.input && run.input.lines)} input lines`),
      keyFigure('kpi-last-run', 'Last run', last.runId, last.runId, `${last.status} · ${lastWhen}`));
  }

  function quarantineCard(run, aggregates) {
    const reasons = Object.entries(run.quarantine || {});
    // The accepted bar keeps the chart meaningful for the (usual) run that quarantined nothing.
    const accepted = aggregates ? aggregates.papers : run.papers;
    const labels = [...reasons.map(([reason]) => reason), 'accepted into gold'];
    const values = [...reasons.map(([, count]) => count), accepted];
    const colors = [...reasons.map(() => COLORS.failed), COLORS.succeeded];
    return chartCard('quarantine-by-reason', 'Quarantined records by reason',
      barConfig({ labels, datasets: [dataset('records', values, colors)], horizontal: true, valueTitle: 'records' }),
      { height: barsHeight(labels.length) });
  }

  function papersByRunCard() {
    const runs = runsOf(state.split).slice().reverse();
    const title = `Papers and TLDRs per run (${state.split || 'all splits'})`;
    return chartCard('papers-by-run', title, {
      type: 'bar',
      data: {
        labels: runs.map((run) => run.runId),
        datasets: [
          dataset('papers', runs.map((run) => run.papers), COLORS.author),
          dataset('TLDRs', runs.map((run) => run.tldrs), COLORS.peer_review),
        ],
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { ticks: { callback: (value) => shortTime(runs[value].startedAt) || runs[value].runId } },
          y: { beginAtZero: true },
        },
        plugins: { legend: { position: 'bottom' } },
      },
    }, { note: 'oldest to newest; hover a bar for its run id' });
  }

  // ---- TLDR insights -----------------------------------------------------------------------

  async function renderInsights(token) {
    const [aggregates, papers] = await Promise.all([
      loadAggregates(),
      settle(loadPapers(state.search.query, state.search.offset)),
    ]);
    if (!isCurrent(token)) {
      return [];
    }
    const insights = aggregates.error
      ? [noAggregates(aggregates.error)]
      : [el('div', { class: 'grid' }, insightCards(aggregates.value)), meansCard(aggregates.value)];
    return [...insights, papersCard(token, papers)];
  }

  function insightCards(aggregates) {
    return [
      chartCard('tldr-words', 'TLDR length (words) by source', histogramConfig(aggregates, 'tldr_words', SOURCES, 'words')),
      chartCard('compression', 'Compression (abstract words per TLDR word)', histogramConfig(aggregates, 'compression', SOURCES, 'ratio')),
      chartCard('rouge', 'Mean ROUGE F1 against the abstract', meansConfig(aggregates, ROUGE_METRICS, 'F1')),
      rougeDistributionCard(aggregates),
      chartCard('novel-ngrams', 'Novel n-grams (mean % not in the abstract)', meansConfig(aggregates, NOVEL_METRICS, '%')),
      chartCard('oracle-position', 'Oracle position (relative place in the abstract)',
        histogramConfig(aggregates, 'oracle_relative_position', SOURCES, 'relative position')),
      chartCard('abstract-words', 'Abstract length (words)', histogramConfig(aggregates, 'abstract_words', [null], 'words')),
      chartCard('style-flags', 'Style flags (share of the source\'s TLDRs)', styleFlagsConfig(aggregates)),
      keyphrasesCard(aggregates),
      researchAreasCard(aggregates),
    ];
  }

  function histogramOf(aggregates, metric, source) {
    return (aggregates.histograms || []).find((histogram) => histogram.metric === metric && (histogram.source || null) === source);
  }

  /**
   * Bins labelled "a–b" from the fixed edges; the below/above bins only when a source counts
   * something there. A source without values still gets its (all-zero) bars.
   */
  function histogramConfig(aggregates, metric, sources, valueTitle) {
    const histograms = sources.map((source) => ({ source, histogram: histogramOf(aggregates, metric, source) }))
      .filter((entry) => entry.histogram);
    if (!histograms.length) {
      return barConfig({ labels: [], datasets: [] });
    }
    const edges = histograms[0].histogram.edges;
    const withBelow = histograms.some((entry) => entry.histogram.below > 0);
    const withAbove = histograms.some((entry) => entry.histogram.above > 0);
    const outside = (wanted, value) => (wanted ? [value] : []);
    const labels = [
      ...outside(withBelow, `< ${formatDecimal(edges[0])}`),
      ...edges.slice(1).map((edge, index) => `${formatDecimal(edges[index])}–${formatDecimal(edge)}`),
      ...outside(withAbove, `> ${formatDecimal(edges[edges.length - 1])}`),
    ];
    const datasets = histograms.map(({ source, histogram }) => {
      const data = [...outside(withBelow, histogram.below), ...histogram.counts, ...outside(withAbove, histogram.above)];
      return source ? sourceDataset(source, data) : dataset('papers', data, COLORS.accent);
    });
    const countTitle = sources[0] ? 'TLDRs' : 'papers';
    return barConfig({ labels, datasets, valueTitle: countTitle, categoryTitle: valueTitle });
  }

  function meansConfig(aggregates, metrics, valueTitle) {
    const bySource = (aggregates.means && aggregates.means.bySource) || {};
    const datasets = SOURCES.map((source) =>
      sourceDataset(source, metrics.map(({ metric }) => (bySource[source] ? bySource[source][metric] : null))));
    return barConfig({ labels: metrics.map((entry) => entry.label), datasets, valueTitle });
  }

  function rougeDistributionCard(aggregates) {
    const chosen = () => ROUGE_METRICS.find((entry) => entry.choice === state.rouge) || ROUGE_METRICS[0];
    const config = () => histogramConfig(aggregates, chosen().metric, SOURCES, `${chosen().label} F1`);
    const select = el('select', { id: 'rouge-metric', 'aria-label': 'ROUGE metric of the distribution' },
      ROUGE_METRICS.map((entry) => el('option', { value: entry.choice }, entry.label)));
    select.value = chosen().choice;
    const node = chartCard('rouge-distribution', 'ROUGE distribution by source', config(), { control: select });
    const canvas = node.querySelector('canvas');
    select.addEventListener('change', () => {
      state.rouge = select.value;
      track(async () => drawChart('rouge-distribution', canvas, config()));
    });
    return node;
  }

  function styleFlagsConfig(aggregates) {
    const flags = aggregates.styleFlags || [];
    const names = [...new Set(flags.map((entry) => entry.flag))];
    const shareOf = (flag, source) => {
      const entry = flags.find((candidate) => candidate.flag === flag && candidate.source === source);
      return entry && isNumber(entry.share) ? entry.share * 100 : null;
    };
    const datasets = SOURCES.map((source) => sourceDataset(source, names.map((flag) => shareOf(flag, source))));
    return barConfig({ labels: names.map((flag) => flag.replace(/_/g, ' ')), datasets, valueTitle: '% of TLDRs', percent: true });
  }

  function keyphrasesCard(aggregates) {
    const top = (aggregates.keyphrases || []).slice(0, TOP_KEYPHRASES);
    const config = barConfig({
      labels: top.map((entry) => entry.keyphrase),
      datasets: [dataset('papers', top.map((entry) => entry.papers), COLORS.accent)],
      horizontal: true,
      valueTitle: 'papers',
    });
    return chartCard('keyphrases', `Top ${top.length} keyphrases`, config, {
      height: barsHeight(top.length),
      note: `of ${formatInteger(aggregates.distinctKeyphrases)} distinct keyphrases`,
    });
  }

  function researchAreasCard(aggregates) {
    const areas = aggregates.researchAreas || [];
    const config = barConfig({
      labels: areas.map((entry) => entry.area),
      datasets: [dataset('papers', areas.map((entry) => entry.papers), COLORS.neutral)],
      horizontal: true,
      valueTitle: 'papers',
    });
    return chartCard('research-areas', 'Research areas', config, { height: barsHeight(areas.length) });
  }

  function meansCard(aggregates) {
    const means = aggregates.means || {};
    const bySource = means.bySource || {};
    const bySourceRow = (label, author, peerReview, format) =>
      el('tr', {}, el('th', { scope: 'row' }, label), el('td', {}, format(author)), el('td', {}, format(peerReview)));
    const runRow = (label, value, format) =>
      el('tr', {}, el('th', { scope: 'row' }, label), el('td', { colspan: 2, class: 'whole-run' }, format(value)));
    const sourceMean = (source, metric) => (bySource[source] ? bySource[source][metric] : null);
    const rows = [
      bySourceRow('TLDRs', aggregates.authorTldrs, aggregates.peerReviewTldrs, formatInteger),
      bySourceRow('TLDR words (mean)', means.authorTldrWords, means.peerReviewTldrWords, formatDecimal),
      ...ROUGE_METRICS.map(({ metric, label }) =>
        bySourceRow(`${label} F1 (mean)`, sourceMean('author', metric), sourceMean('peer_review', metric), formatPrecise)),
      ...NOVEL_METRICS.map(({ metric, label }) =>
        bySourceRow(`${label} % (mean)`, sourceMean('author', metric), sourceMean('peer_review', metric), formatDecimal)),
      runRow('papers', aggregates.papers, formatInteger),
      runRow('abstract words (mean)', means.abstractWords, formatDecimal),
      runRow('abstract sentences (mean)', means.abstractSentences, formatDecimal),
      runRow('compression (mean)', means.compression, formatDecimal),
    ];
    return wideCard('Means by source',
      table({ class: 'means', 'data-testid': 'means-table' }, ['', 'author', 'peer review'], rows));
  }

  // ---- papers table ------------------------------------------------------------------------

  /** The searchable papers table; its first page was loaded with the tab. */
  function papersCard(token, first) {
    const input = el('input', {
      type: 'search', id: 'paper-search', 'data-testid': 'paper-search', maxlength: 200,
      placeholder: 'paper id, title or TLDR text', autocomplete: 'off',
    });
    input.value = state.search.query;
    const status = el('p', { class: 'note', 'aria-live': 'polite' });
    const papers = table({ class: 'papers', 'data-testid': 'papers-table' },
      ['paper id', 'title', 'abstract words', 'keyphrases', 'research areas', 'TLDRs'], []);
    const body = papers.querySelector('tbody');
    const previous = el('button', { type: 'button' }, '← previous');
    const next = el('button', { type: 'button' }, 'next →');
    let request = 0; // a slower, older search must not overwrite a newer one
    let timer = null;

    function show(result) {
      if (result.error) {
        body.replaceChildren();
        status.textContent = `the papers could not be searched: ${result.error.message}`;
        previous.disabled = true;
        next.disabled = true;
        return;
      }
      const page = result.value;
      body.replaceChildren(...page.papers.map(paperRow));
      status.textContent = pageStatus(page);
      previous.disabled = page.offset === 0;
      next.disabled = !page.hasMore;
    }

    async function search(offset) {
      const mine = ++request;
      state.search = { query: input.value, offset };
      writeAddress();
      const result = await settle(loadPapers(state.search.query, offset));
      if (isCurrent(token) && mine === request) {
        show(result);
      }
    }

    // The pause before a typed search counts as work, so the page is not "ready" with a stale table.
    function searchSoon(delay) {
      if (timer) {
        clearTimeout(timer);
      } else {
        beginWork();
      }
      timer = setTimeout(() => {
        timer = null;
        search(0).finally(endWork);
      }, delay);
    }

    input.addEventListener('input', () => searchSoon(SEARCH_DELAY_MS));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        searchSoon(0);
      }
    });
    previous.addEventListener('click', () => track(() => search(Math.max(0, state.search.offset - PAGE_SIZE))));
    next.addEventListener('click', () => track(() => search(state.search.offset + PAGE_SIZE)));
    show(first);

    return wideCard('Papers',
      el('div', { class: 'search' }, el('label', { for: 'paper-search' }, 'Search papers'), input),
      status,
      papers,
      el('div', { class: 'pager' }, previous, next));
  }

  function pageStatus(page) {
    const from = page.offset + 1;
    const to = page.offset + page.papers.length;
    const query = page.query ? ` for “${page.query}”` : '';
    let text = page.papers.length === 0
      ? `no papers${query}${page.offset > 0 ? ` from ${from} on` : ''}`
      : `showing ${from}–${to}${page.hasMore && !report ? ' (more match)' : ` of ${formatInteger(page.matched)}`}${query}`;
    if (report && page.truncated) {
      text += ` · this static report holds the run's first ${formatInteger(page.embedded)} papers`;
    } else if (!report && page.hasMore) {
      text += ` · ${page.scannedPartitions} of ${page.partitions} partitions searched so far`;
    }
    return text;
  }

  function chips(values) {
    return el('ul', { class: 'chips' }, (values || []).map((value) => el('li', {}, value)));
  }

  function paperRow(paper) {
    const tldrs = el('ul', { class: 'tldrs' }, (paper.tldrs || []).map((tldr) =>
      el('li', {},
        badge(SOURCE_LABELS[tldr.source] || tldr.source, tldr.source === 'author' ? 'author' : 'peer'),
        ' ',
        el('span', { class: 'tldr-text' }, tldr.text),
        el('span', { class: 'tldr-meta' }, `${formatInteger(tldr.words)} words · ROUGE-1 ${formatPrecise(tldr.rouge1F1)}`))));
    return el('tr', {},
      el('td', { class: 'id' }, el('code', {}, paper.paperId)),
      el('td', { 'data-testid': 'paper-title', class: paper.title ? null : 'muted' }, paper.title || '(no title)'),
      el('td', { class: 'number' }, formatInteger(paper.abstractWords)),
      el('td', {}, chips(paper.keyphrases)),
      el('td', {}, chips(paper.researchAreas)),
      el('td', {}, tldrs));
  }

  // ---- quality -----------------------------------------------------------------------------

  async function renderQuality(token) {
    const run = currentRun();
    const split = state.split || run.split;
    const [quality, history] = await Promise.all([
      settle(load(runPath(state.run, '/quality'))),
      split ? settle(load(`/api/quality/history?${new URLSearchParams({ split })}`)) : Promise.resolve({ value: null }),
    ]);
    if (!isCurrent(token)) {
      return [];
    }
    const rules = quality.error
      ? [message(`the quality report of this run is not available: ${quality.error.message}`, 'warning')]
      : [qualityHeader(quality.value), el('div', { class: 'grid' }, ruleFailuresCard(quality.value)), rulesCard(quality.value)];
    return [...rules, ...historySection(split, history)];
  }

  function qualityHeader(quality) {
    const facts = [
      ['ruleset version', quality.rulesetVersion || '—'],
      ['checked at', formatTime(quality.checkedAt)],
      ['baseline run', quality.baselineRunId || 'none'],
      ['history runs compared', String((quality.historyRunIds || []).length)],
    ];
    return el('div', { class: 'quality-head' },
      el('h2', {}, 'Quality ', quality.passed ? badge('passed', 'succeeded') : badge('failed', 'failed')),
      el('dl', { class: 'facts' }, facts.map(([term, value]) => [el('dt', {}, term), el('dd', {}, value)])),
      report ? null : link(`api/runs/${encodeURIComponent(quality.runId)}/quality`, 'raw JSON'));
  }

  function ruleColor(rule) {
    if (rule.passed) {
      return COLORS.succeeded;
    }
    return rule.severity === 'error' ? COLORS.failed : COLORS.warning;
  }

  function ruleFailuresCard(quality) {
    const rules = quality.rules || [];
    const config = barConfig({
      labels: rules.map((rule) => rule.id),
      datasets: [dataset('failed rows', rules.map((rule) => rule.failed), rules.map(ruleColor))],
      horizontal: true,
      valueTitle: 'failed rows',
    });
    return chartCard('rule-failures', 'Failures per rule', config, {
      wide: true,
      height: barsHeight(rules.length),
      note: 'green: passed · amber: failed warning · red: failed error',
    });
  }

  function thresholdsText(thresholds) {
    return Object.entries(thresholds || {}).map(([name, value]) => `${name}=${formatPrecise(value)}`).join(', ');
  }

  /** Each rule with failing examples gets a button that opens them in a row below it. */
  function rulesCard(quality) {
    const rows = (quality.rules || []).flatMap((rule) => {
      const examples = rule.examples || [];
      const row = el('tr', { class: rule.passed ? null : 'rule-failed' },
        el('td', {}, el('code', {}, rule.id)),
        el('td', {}, rule.scope),
        el('td', {}, rule.kind || '—'),
        el('td', {}, rule.severity),
        el('td', { class: 'number' }, formatInteger(rule.evaluated)),
        el('td', { class: 'number' }, formatInteger(rule.failed)),
        el('td', { class: 'number' }, formatPrecise(rule.observed)),
        el('td', {}, rule.passed ? badge('passed', 'succeeded') : badge('failed', rule.severity === 'error' ? 'failed' : 'warning')),
        el('td', { class: 'thresholds' }, thresholdsText(rule.thresholds)),
        el('td', {}, rule.detail || '—'),
        el('td', {}, examples.length ? null : '—'));
      if (!examples.length) {
        return [row];
      }
      const detail = el('tr', { class: 'examples', hidden: true },
        el('td', { colspan: 11 }, examplesTable(rule)));
      const button = el('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false' }, `examples (${examples.length})`);
      button.addEventListener('click', () => {
        detail.hidden = !detail.hidden;
        button.setAttribute('aria-expanded', String(!detail.hidden));
      });
      row.lastChild.appendChild(button);
      return [row, detail];
    });
    return wideCard('Rules',
      table({ class: 'rules', 'data-testid': 'rules-table' },
        ['rule', 'scope', 'kind', 'severity', 'evaluated', 'failed', 'observed', 'result', 'thresholds', 'detail', 'failing examples'],
        rows));
  }

  function examplesTable(rule) {
    return table({ class: 'sub' }, ['paper id', 'TLDR index', 'value', 'partition'],
      rule.examples.map((example) => el('tr', {},
        el('td', {}, el('code', {}, example.paperId)),
        el('td', {}, example.tldrIndex === null || example.tldrIndex === undefined ? '—' : String(example.tldrIndex)),
        el('td', {}, example.value === null || example.value === undefined ? '—' : example.value),
        el('td', {}, example.partition === null || example.partition === undefined ? 'run' : String(example.partition)))));
  }

  function historySection(split, history) {
    const heading = el('h2', { class: 'section-title' }, `Drift and anomaly history${split ? ` (${split})` : ''}`);
    if (!split) {
      return [heading, message('this run has no split, so it has no history')];
    }
    if (history.error) {
      return [heading, message(`the quality history could not be loaded: ${history.error.message}`, 'warning')];
    }
    const runs = history.value.runs || [];
    if (!runs.length) {
      return [heading, message(`no run of ${split} has reached the run-level check yet`)];
    }
    const labels = runs.map((run) => run.runId);
    const ticks = runs.map((run) => shortTime(run.at) || run.runId);
    const value = (name) => runs.map((run) => (run.values && isNumber(run.values[name]) ? run.values[name] : null));
    const metricConfig = lineConfig({
      labels,
      ticks,
      datasets: [
        dataset('TLDR words (mean)', value('tldr_words_mean'), COLORS.author, { yAxisID: 'y' }),
        dataset('abstract words (mean)', value('abstract_words_mean'), COLORS.peer_review, { yAxisID: 'y1' }),
      ],
      scales: {
        y: axis('TLDR words'),
        y1: axis('abstract words', { position: 'right', grid: { drawOnChartArea: false } }),
      },
    });
    const papersConfig = lineConfig({
      labels,
      ticks,
      datasets: [dataset('papers', value('papers'), COLORS.accent)],
      scales: { y: axis('papers', { beginAtZero: true }) },
    });
    return [
      heading,
      el('div', { class: 'grid' },
        chartCard('metric-history', 'Watched means per run', metricConfig, { note: 'oldest to newest' }),
        chartCard('papers-history', 'Papers per run', papersConfig, { note: 'oldest to newest' })),
      historyRulesCard(runs),
    ];
  }

  /** One row per run of the history, newest first, one column per drift or anomaly rule. */
  function historyRulesCard(runs) {
    const ruleIds = [...new Set(runs.flatMap((run) => Object.keys(run.rules || {})))].sort();
    const cell = (rule) => (rule
      ? el('td', { class: rule.passed ? 'rule-cell' : 'rule-cell rule-failed' },
        rule.passed ? 'passed' : 'failed', el('span', { class: 'observed' }, ` · ${formatPrecise(rule.observed)}`))
      : el('td', { class: 'muted' }, '—'));
    const rows = runs.slice().reverse().map((run) => {
      const selected = run.runId === state.run;
      return el('tr', { class: selected ? 'selected' : null, 'aria-current': selected ? 'true' : null },
        el('td', {}, el('code', {}, run.runId)),
        el('td', {}, formatTime(run.at)),
        ruleIds.map((id) => cell((run.rules || {})[id])));
    });
    return wideCard('Drift and anomaly rules per run',
      el('p', { class: 'note' }, 'passed or failed · observed statistic; the selected run is highlighted'),
      table({ class: 'history', 'data-testid': 'history-table' }, ['run', 'checked at', ...ruleIds], rows));
  }

  // ---- runs --------------------------------------------------------------------------------

  async function renderRuns(token) {
    const timeline = await settle(load(runPath(state.run, '/timeline')));
    if (!isCurrent(token)) {
      return [];
    }
    return [runGridCard(), ...runDetail(currentRun(), timeline)];
  }

  function stageCell(stage) {
    if (!stage) {
      return el('td', { class: 'stage stage-pending' }, '—');
    }
    const total = stage.partitions === null || stage.partitions === undefined ? '?' : formatInteger(stage.partitions);
    const partitions = `${formatInteger(stage.partitionsDone)}/${total}`;
    const tooltip = [
      `${stage.stage}: ${stage.status}`,
      `records in ${formatInteger(stage.recordsIn)} · out ${formatInteger(stage.recordsOut)} · quarantined ${formatInteger(stage.quarantined)}`,
      `started ${formatTime(stage.startedAt)} · finished ${formatTime(stage.finishedAt)}`,
      ...(stage.workers ? [`partitions by process: ${Object.entries(stage.workers).map(([worker, count]) => `${worker} ${formatInteger(count)}`).join(', ')}`] : []),
    ].join('\n');
    return el('td', { class: `stage stage-${stage.status}`, title: tooltip },
      isNumber(stage.seconds) ? `${partitions} · ${formatSeconds(stage.seconds)}` : partitions);
  }

  function runGridCard() {
    const rows = runsOf(state.split).map((run) => {
      const selected = run.runId === state.run;
      const stages = new Map((run.stages || []).map((stage) => [stage.stage, stage]));
      const select = el('button', { type: 'button', class: 'link-button', 'aria-pressed': String(selected) }, run.runId);
      select.addEventListener('click', () => selectRun(run.runId));
      return el('tr', { class: selected ? 'selected' : null, 'aria-current': selected ? 'true' : null },
        el('td', {}, select),
        el('td', {}, run.split || '—'),
        el('td', {}, run.trigger || '—'),
        el('td', { title: run.stalled ? run.stalled.reason : null },
          badge(run.status, run.status), run.stalled ? [' ', badge('stalled', 'failed')] : null),
        STAGES.map((name) => stageCell(stages.get(name))),
        el('td', { class: 'number' }, run.status === 'running' ? 'running' : formatSeconds(run.durationSeconds)));
    });
    return wideCard(`Run history (${state.split || 'all splits'})`,
      table({ class: 'grid-table', 'data-testid': 'runs-grid' },
        ['run', 'split', 'trigger', 'status', ...STAGES, 'duration'], rows));
  }

  function runDetail(run, timeline) {
    const heading = el('h2', { class: 'section-title' }, 'Run ', el('code', {}, state.run));
    const links = report ? null : el('p', { class: 'links' },
      link(`runs/${encodeURIComponent(state.run)}`, 'run summary (JSON)'), ' · ',
      link(`api/runs/${encodeURIComponent(state.run)}/timeline`, 'timeline (JSON)'));
    const sources = sourcesCard(run);
    if (timeline.error) {
      return [heading, links, message(`the timeline of this run is not available: ${timeline.error.message}`, 'warning'), sources];
    }
    // A running run without progress says since when and what it waits on (docs/runbook.md).
    const stall = run && run.stalled
      ? message(`stalled since ${formatTime(run.stalled.since)}: ${run.stalled.reason}`, 'warning')
      : null;
    return [
      heading,
      links,
      stall,
      ganttCard(timeline.value, run),
      el('div', { class: 'grid' }, failuresCard(timeline.value), sources),
      partitionsCard(timeline.value),
    ];
  }

  /** The stages, then each partition's stages when there are few enough to draw one by one. */
  function ganttItems(timeline) {
    const items = (timeline.stages || []).map((stage) => ({ label: stage.stage, item: stage }));
    const partitions = timeline.partitions || [];
    if (partitions.length <= MAX_GANTT_PARTITIONS) {
      for (const partition of partitions) {
        for (const name of PARTITION_STAGES) {
          const stage = partition.stages ? partition.stages[name] : null;
          if (stage) {
            items.push({ label: `partition ${partition.partition} · ${name}`, item: stage });
          }
        }
      }
    }
    return items;
  }

  /**
   * Bars [start, end] in seconds since the run started. An unfinished stage ends now while the run
   * runs; in a run that failed elsewhere it stays "running" for ever, so it ends at the run's last event.
   */
  function ganttBars(timeline, runRunning) {
    const origin = Date.parse(timeline.startedAt);
    const offset = (iso) => (Date.parse(iso) - origin) / 1000;
    const items = ganttItems(timeline);
    const events = items.flatMap(({ item }) => [item.startedAt, item.finishedAt]).filter(Boolean).map(offset);
    const openEnd = runRunning ? (Date.now() - origin) / 1000 : Math.max(0, ...events);
    return items.map(({ label, item }) => {
      const start = item.startedAt || item.finishedAt; // a failed partition knows only when it failed
      const end = item.finishedAt ? offset(item.finishedAt) : item.status === 'running' ? openEnd : null;
      const span = start ? [offset(start), Math.max(offset(start), end === null ? offset(start) : end)] : null;
      return { label, status: item.status, span };
    });
  }

  function ganttCard(timeline, run) {
    const bars = ganttBars(timeline, Boolean(run) && run.status === 'running');
    const partitions = (timeline.partitions || []).length;
    const config = barConfig({
      labels: bars.map((bar) => bar.label),
      datasets: [dataset('seconds', bars.map((bar) => bar.span), bars.map((bar) => COLORS[bar.status] || COLORS.neutral), {
        minBarLength: 3,
        borderSkipped: false,
      })],
      horizontal: true,
      valueTitle: `seconds since ${formatTime(timeline.startedAt)}`,
      legend: false,
    });
    config.options.plugins.tooltip = {
      callbacks: {
        label: (context) => {
          const bar = bars[context.dataIndex];
          return bar.span ? `${bar.status} · ${bar.span[0].toFixed(3)}–${bar.span[1].toFixed(3)} s` : bar.status;
        },
      },
    };
    const note = partitions > MAX_GANTT_PARTITIONS
      ? `stages only: ${partitions} partitions are more than the ${MAX_GANTT_PARTITIONS} drawn one by one`
      : 'stages, then each partition\'s transformation and quality; colour = status';
    return chartCard('run-gantt', 'Gantt', config, { wide: true, height: barsHeight(bars.length), note });
  }

  function partitionCells(stage) {
    if (!stage) {
      return [el('td', { class: 'stage stage-pending' }, 'pending'), el('td', { class: 'number' }, '—')];
    }
    return [
      el('td', { class: `stage stage-${stage.status}`, title: stage.reason || (stage.worker ? `done by ${stage.worker}` : null) }, stage.status),
      el('td', { class: 'number' }, formatSeconds(stage.seconds)),
    ];
  }

  function partitionsCard(timeline) {
    const rows = (timeline.partitions || []).map((partition) => {
      const stages = partition.stages || {};
      const reasons = PARTITION_STAGES.map((name) => stages[name] && stages[name].reason).filter(Boolean);
      return el('tr', {},
        el('td', { class: 'number' }, String(partition.partition)),
        el('td', { class: 'number' }, formatInteger(partition.records)),
        PARTITION_STAGES.map((name) => partitionCells(stages[name])),
        el('td', {}, reasons.join('; ') || '—'));
    });
    return wideCard('Partitions', rows.length
      ? table({ class: 'partitions', 'data-testid': 'partitions-table' },
        ['partition', 'records', 'transformation', 'seconds', 'quality', 'seconds', 'failure'], rows)
      : message('no partitions yet'));
  }

  function failuresCard(timeline) {
    const failures = timeline.failures || [];
    return card('Failures', failures.length
      ? el('ul', { class: 'plain' }, failures.map((failure) => el('li', {},
        el('strong', {}, failure.stage),
        failure.partition === null || failure.partition === undefined ? '' : ` · partition ${failure.partition}`,
        ': ', failure.reason)))
      : message('no failures', 'muted'));
  }

  function sourcesCard(run) {
    const sources = (run && run.sources) || [];
    return card('Sources', sources.length
      ? el('ul', { class: 'plain' }, sources.map((source) => el('li', {},
        el('code', { class: 'address' }, source.address), ' ',
        badge(source.outcome, source.outcome === 'ingested' ? 'succeeded' : 'pending'),
        source.run ? ` (run ${source.run})` : '')))
      : message('no sources recorded', 'muted'));
  }

  // ---- start -------------------------------------------------------------------------------

  function describeMode() {
    const mode = document.getElementById('mode');
    mode.textContent = report
      ? `static report of ${report.runId}, generated ${formatTime(report.generatedAt)}`
      : 'live';
  }

  function bindControls() {
    document.getElementById('filter-split').addEventListener('change', (event) => {
      state.split = event.target.value;
      selectRun(defaultRun(state.split));
    });
    document.getElementById('filter-run').addEventListener('change', (event) => selectRun(event.target.value || null));
    for (const button of document.querySelectorAll('[data-tab]')) {
      button.addEventListener('click', () => selectTab(button.dataset.tab));
    }
  }

  function start() {
    window.scitldrDashboard = { charts: chartFigures };
    describeMode();
    track(async () => {
      if (typeof window.Chart !== 'function') {
        throw new Error('the chart library (assets/chart.umd.min.js) did not load');
      }
      window.Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
      window.Chart.defaults.color = '#3f4a5a';
      bindControls();
      let answer;
      try {
        answer = await api('/api/runs');
      } catch (error) {
        throw new Error(`the run history could not be loaded: ${error.message}`);
      }
      state.runs = answer.runs || [];
      const unknown = applyAddress(readAddress());
      if (unknown) {
        failPage(unknown);
      }
      renderFilters();
      writeAddress();
      await renderTab();
    });
  }

  start();
}());
