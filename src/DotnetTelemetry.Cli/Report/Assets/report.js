'use strict';
// Draws the dotnet-telemetry report from the JSON embedded in the page (written by ReportJson.cs).
// Texts are indices into data.strings; spans, rows and flame nodes are arrays whose positions are named below.
(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const text = (index) => data.strings[index];

  // Positions in a span array: [parent, name, kind, start offset, duration, flags, status, thread].
  const SPAN = { parent: 0, name: 1, kind: 2, start: 3, dur: 4, flags: 5, status: 6, thread: 7 };
  const SPAN_KINDS = ['function', 'http server', 'http client'];
  // Positions in a mark array: [span index, kind, offset, text].
  const MARK_KINDS = ['thrown', 'caught', 'unhandled', 'loop entry', 'loop exit', 'branch entry', 'branch exit', 'variable'];
  const MARKS_INLINE_PER_SPAN = 20;

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (key === 'style') Object.assign(node.style, value);
      else node.setAttribute(key, value);
    }
    for (const child of children) {
      if (child !== null && child !== undefined) node.append(child);
    }
    return node;
  }

  function duration(ns) {
    if (ns < 1e3) return ns.toFixed(0) + ' ns';
    if (ns < 1e6) return (ns / 1e3).toFixed(1) + ' µs';
    if (ns < 1e9) return (ns / 1e6).toFixed(2) + ' ms';
    return (ns / 1e9).toFixed(2) + ' s';
  }

  const count = (n) => n.toLocaleString('en-US');

  // A function outside the app's own namespaces (System.*, Microsoft.*) is drawn as a library span.
  const isLibrary = (name) => /^(System|Microsoft|Newtonsoft|Npgsql|Grpc|Google)\./.test(name);

  function renderSummary() {
    const meta = data.meta;
    const parts = [
      `${count(meta.events)} events`, `${count(meta.traces)} traces (${count(meta.failedTraces)} failed)`, `${count(meta.spans)} spans`,
      meta.services.length ? `service ${meta.services.join(', ')}` : null,
      `from ${meta.inputs.join(', ')}`, `written ${meta.generated}`,
    ];
    if (meta.agentDropped > 0) parts.push(`${count(meta.agentDropped)} events dropped by the agent`);
    if (meta.sequenceGaps > 0) parts.push(`${count(meta.sequenceGaps)} events missing (sequence gaps)`);
    document.getElementById('summary').textContent = parts.filter(Boolean).join(' · ');
    const notes = document.getElementById('notes');
    if (meta.unreadable > 0) notes.append(element('li', null, `${count(meta.unreadable)} unreadable lines skipped; the first: ${meta.firstUnreadable}`));
    for (const note of meta.notes) notes.append(element('li', null, note));
  }

  // A table whose headings sort it. columns: [{ label, value(row), show(value)?, numeric? }].
  function sortableTable(container, columns, rows, options) {
    let sortColumn = options.sortColumn, descending = true;
    const limit = options.limit || 1000;
    function draw() {
      const sorted = rows.slice().sort((a, b) => {
        const x = columns[sortColumn].value(a), y = columns[sortColumn].value(b);
        const order = x < y ? -1 : x > y ? 1 : 0;
        return descending ? -order : order;
      });
      const head = element('tr', null, ...columns.map((column, index) => element('th', {
        class: column.numeric ? 'num' : '',
        onclick: () => { descending = sortColumn === index ? !descending : true; sortColumn = index; draw(); },
      }, column.label + (index === sortColumn ? (descending ? ' ▼' : ' ▲') : ''))));
      const body = sorted.slice(0, limit).map((row) => element('tr', null, ...columns.map((column) => {
        const value = column.value(row);
        return element('td', { class: column.numeric ? 'num' : 'name', title: String(value) }, column.show ? column.show(value) : String(value));
      })));
      container.replaceChildren(element('table', { id: options.id }, element('thead', null, head), element('tbody', null, ...body)));
      if (rows.length === 0) container.append(element('p', { class: 'empty' }, options.empty));
      if (rows.length > limit) container.append(element('p', null, `${limit} of ${rows.length} rows shown.`));
    }
    draw();
  }

  function renderTraceList() {
    const container = document.getElementById('trace-list');
    if (data.traces.length === 0) {
      container.append(element('p', null, 'No spans in these events.'));
      return;
    }
    const rows = data.traces.map((trace, index) => element('tr', {
      class: 'clickable trace-row', 'data-index': index, 'data-trace-id': trace.id, 'data-failed': trace.failed,
      onclick: () => selectTrace(index),
    },
    element('td', { class: 'name', title: text(trace.name) }, trace.failed ? element('span', { class: 'failed-dot', title: 'failed' }) : null, text(trace.name)),
    element('td', { class: 'num' }, duration(trace.dur)),
    element('td', { class: 'num', title: 'spans' }, count(trace.spanCount)),
    element('td', { class: 'num', title: 'exceptions thrown' }, trace.exceptions ? `${trace.exceptions} exc` : '')));
    container.append(element('table', { id: 'trace-table' },
      element('thead', null, element('tr', null, element('th', null, 'trace (root span)'), element('th', { class: 'num' }, 'duration'),
        element('th', { class: 'num' }, 'spans'), element('th', { class: 'num' }, ''))),
      element('tbody', null, ...rows)));
  }

  function selectTrace(index) {
    for (const row of document.querySelectorAll('.trace-row')) row.classList.toggle('selected', Number(row.dataset.index) === index);
    renderWaterfall(data.traces[index]);
  }

  // Depth-first order of a trace's spans: each span after its parent, siblings by start time (the array is in start order).
  function waterfallOrder(spans) {
    const children = spans.map(() => []);
    const roots = [];
    spans.forEach((span, index) => (span[SPAN.parent] >= 0 ? children[span[SPAN.parent]] : roots).push(index));
    const order = [];
    const stack = roots.reverse().map((index) => [index, 0]);
    while (stack.length) {
      const [index, depth] = stack.pop();
      order.push([index, depth]);
      for (let i = children[index].length - 1; i >= 0; i--) stack.push([children[index][i], depth + 1]);
    }
    return order;
  }

  function renderWaterfall(trace) {
    const container = document.getElementById('waterfall');
    const total = Math.max(trace.dur, 1);
    document.getElementById('waterfall-title').textContent =
      `${text(trace.name)} · ${duration(trace.dur)} · ${count(trace.spanCount)} spans · trace ${trace.id}` +
      (trace.spans.length < trace.spanCount ? ` (the ${trace.spans.length} longest drawn)` : '');
    const marksBySpan = new Map();
    for (const mark of trace.marks) {
      if (!marksBySpan.has(mark[0])) marksBySpan.set(mark[0], []);
      marksBySpan.get(mark[0]).push(mark);
    }
    const percent = (ns) => `${Math.min(100, Math.max(0, (ns / total) * 100))}%`;
    const rows = [];
    for (const [index, depth] of waterfallOrder(trace.spans)) {
      const span = trace.spans[index];
      const name = text(span[SPAN.name]);
      const kind = span[SPAN.kind];
      const kindClass = kind === 1 ? 'server' : kind === 2 ? 'client' : isLibrary(name) ? 'library' : 'function';
      const failed = (span[SPAN.flags] & 1) !== 0, unfinished = (span[SPAN.flags] & 2) !== 0;
      const marks = marksBySpan.get(index) || [];
      const bar = element('div', {
        class: `wf-bar ${kindClass}${failed ? ' failed' : ''}${unfinished ? ' unfinished' : ''}`,
        style: { left: percent(span[SPAN.start]), width: percent(span[SPAN.dur]) },
      });
      const track = element('div', { class: 'wf-track' }, bar,
        ...marks.map((mark) => element('div', { class: `wf-tick ${MARK_KINDS[mark[1]]}`, style: { left: percent(mark[2]) }, title: `${MARK_KINDS[mark[1]]}: ${text(mark[3])}` })));
      const label = element('div', { class: 'wf-label', style: { paddingLeft: `${depth * 12 + 4}px` }, title: name },
        kind !== 0 ? element('span', { class: 'kind' }, SPAN_KINDS[kind]) : null,
        failed ? element('span', { class: 'failed-dot', title: 'failed' }) : null, name);
      const row = element('div', {
        class: 'wf-row wf-span', 'data-span': index, 'data-depth': depth, 'data-name': name, 'data-kind': SPAN_KINDS[kind],
        onclick: () => showSpan(trace, index, marks, row),
      }, label, track, element('div', { class: 'wf-dur' }, duration(span[SPAN.dur]) + (unfinished ? ' …' : '')));
      rows.push(row);
      // Exceptions, loops, branches and variable changes inside the span, as rows of their own under it.
      for (const mark of marks.slice(0, MARKS_INLINE_PER_SPAN)) {
        rows.push(element('div', { class: `wf-row wf-mark ${MARK_KINDS[mark[1]]}`, 'data-span': index, 'data-depth': depth + 1, 'data-mark': MARK_KINDS[mark[1]], 'data-name': text(mark[3]) },
          element('div', { class: 'wf-label', style: { paddingLeft: `${(depth + 1) * 12 + 4}px` }, title: text(mark[3]) }, `${MARK_KINDS[mark[1]]}: ${text(mark[3])}`),
          element('div', { class: 'wf-track' }, element('div', { class: `wf-tick ${MARK_KINDS[mark[1]]}`, style: { left: percent(mark[2]) } })),
          element('div', { class: 'wf-dur' }, '+' + duration(mark[2] - span[SPAN.start]))));
      }
      if (marks.length > MARKS_INLINE_PER_SPAN) {
        rows.push(element('div', { class: 'wf-row wf-mark', 'data-depth': depth + 1 },
          element('div', { class: 'wf-label', style: { paddingLeft: `${(depth + 1) * 12 + 4}px` } }, `… ${marks.length - MARKS_INLINE_PER_SPAN} more events: click the span`), element('div'), element('div')));
      }
    }
    container.replaceChildren(...rows);
    document.getElementById('span-detail').textContent = 'Click a span for its details.';
  }

  function showSpan(trace, index, marks, row) {
    for (const selected of document.querySelectorAll('.wf-row.selected')) selected.classList.remove('selected');
    row.classList.add('selected');
    const span = trace.spans[index];
    const lines = [
      text(span[SPAN.name]),
      `${SPAN_KINDS[span[SPAN.kind]]} · starts at +${duration(span[SPAN.start])} · lasts ${duration(span[SPAN.dur])}` +
        ((span[SPAN.flags] & 2) ? ' (no end event: drawn to the end of the trace)' : ''),
    ];
    if (span[SPAN.status] >= 0) lines.push(`status ${span[SPAN.status] === 0 ? '0 (no response)' : span[SPAN.status]}`);
    if (span[SPAN.thread] > 0) lines.push(`thread ${span[SPAN.thread]}`);
    for (const mark of marks) lines.push(`+${duration(mark[2])}  ${MARK_KINDS[mark[1]]}: ${text(mark[3])}`);
    document.getElementById('span-detail').textContent = lines.join('\n');
  }

  // Icicle: the root on top, each call below its caller, widths by total time; the zoomed frame fills the width.
  function renderFlame() {
    const container = document.getElementById('flame-graph');
    const detail = document.getElementById('flame-detail');
    const FRAME_HEIGHT = 19;
    const root = data.flame;
    if (root[1] === 0) {
      container.replaceChildren(element('p', null, 'No function spans in these events.'));
      return;
    }
    const parentOf = new Map();
    (function link(node) { for (const child of node[4]) { parentOf.set(child, node); link(child); } })(root);

    function colour(name) {
      let hash = 0;
      for (let i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
      return isLibrary(name) ? `hsl(215, 15%, ${70 + (Math.abs(hash) % 12)}%)` : `hsl(${20 + (Math.abs(hash) % 40)}, 85%, ${62 + (Math.abs(hash >> 8) % 14)}%)`;
    }

    function describe(node) {
      const share = ((node[1] / root[1]) * 100).toFixed(1);
      return `${text(node[0])}\ntotal ${duration(node[1])} (${share}% of all) · self ${duration(node[2])} · ${count(node[3])} calls`;
    }

    function draw(focus) {
      const frames = [];
      const ancestors = [];
      for (let node = parentOf.get(focus); node; node = parentOf.get(node)) ancestors.unshift(node);
      ancestors.forEach((node, depth) => frames.push([node, depth, 0, 100, true]));
      let maxDepth = ancestors.length;
      (function place(node, depth, left, width) {
        frames.push([node, depth, left, width, false]);
        maxDepth = Math.max(maxDepth, depth);
        let offset = left;
        for (const child of node[4]) {
          const childWidth = width * (child[1] / Math.max(node[1], 1));
          // A child can outlast its caller (an async call left running): clamp it to the caller's width.
          const clamped = Math.min(childWidth, left + width - offset);
          if (clamped >= 0.05) place(child, depth + 1, offset, clamped);
          offset += clamped;
        }
      })(focus, ancestors.length, 0, 100);
      container.style.height = `${(maxDepth + 1) * FRAME_HEIGHT + 2}px`;
      container.replaceChildren(...frames.map(([node, depth, left, width, isAncestor]) => element('div', {
        class: `flame-frame${isAncestor ? ' ancestor' : ''}`,
        'data-name': text(node[0]), 'data-total': node[1], 'data-self': node[2], 'data-depth': depth,
        title: describe(node),
        style: { left: `${left}%`, width: `${width}%`, top: `${depth * FRAME_HEIGHT}px`, background: colour(text(node[0])) },
        onclick: () => { draw(node === focus && parentOf.get(node) ? parentOf.get(node) : node); detail.textContent = describe(node); },
        onmouseenter: () => { detail.textContent = describe(node); },
      }, text(node[0]))));
    }
    draw(root);
    detail.textContent = describe(root) + '\nHover a frame for its times; click to zoom in, click the zoomed frame or an ancestor to zoom out.';
  }

  function renderTables() {
    const timeColumn = (label, position) => ({ label, value: (row) => row[position], show: duration, numeric: true });
    sortableTable(document.getElementById('functions-table'), [
      { label: 'function', value: (row) => text(row[0]) },
      { label: 'calls', value: (row) => row[1], show: count, numeric: true },
      timeColumn('p50', 4), timeColumn('p99', 5), timeColumn('max', 6), timeColumn('total', 2), timeColumn('self', 3),
      { label: 'threw', value: (row) => row[7], show: count, numeric: true },
    ], data.functions, { id: 'functions', sortColumn: 3, limit: 500, empty: 'No function spans.' });

    sortableTable(document.getElementById('exceptions-table'), [
      { label: 'type', value: (row) => text(row[0]) },
      { label: 'thrown in', value: (row) => text(row[1]) },
      { label: 'thrown', value: (row) => row[2], show: count, numeric: true },
      { label: 'caught', value: (row) => row[3], show: count, numeric: true },
      { label: 'unhandled', value: (row) => row[4], show: count, numeric: true },
      { label: 'example', value: (row) => text(row[5]) },
    ], data.exceptions, { id: 'exceptions-rows', sortColumn: 2, empty: 'No exceptions.' });

    sortableTable(document.getElementById('http-table'), [
      { label: 'side', value: (row) => SPAN_KINDS[row[0]] },
      { label: 'endpoint', value: (row) => text(row[1]) },
      { label: 'status', value: (row) => row[2], show: (status) => (status < 0 ? 'no response yet' : status === 0 ? '0 (failed)' : String(status)), numeric: true },
      { label: 'count', value: (row) => row[3], show: count, numeric: true },
      timeColumn('p50', 4), timeColumn('p99', 5), timeColumn('max', 6),
    ], data.http, { id: 'http-rows', sortColumn: 3, empty: 'No HTTP exchanges.' });
  }

  renderSummary();
  renderTraceList();
  if (data.traces.length > 0) selectTrace(0);
  renderFlame();
  renderTables();
  document.body.dataset.rendered = 'true';
})();
