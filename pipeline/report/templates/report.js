// wirefacts report: tables, filters and the article viewer. Data comes from the JSON block;
// every string from it reaches the page through textContent or setAttribute, never as markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("wf-data").textContent);
  const articles = data.articles || {};
  const eventLabels = data.event_labels || {};
  const records = { event: {}, result: {}, claim: {}, entity: {} };
  const mentionsByArticle = {};

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
    }
    for (const child of children || []) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return node;
  }

  function fmt(value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.join("; ");
    return String(value);
  }

  for (const [kind, list] of [["event", data.events], ["result", data.results], ["claim", data.claims]]) {
    for (const record of list || []) {
      records[kind][record.id] = record;
      for (const m of record.mentions || []) {
        (mentionsByArticle[m.article_id] = mentionsByArticle[m.article_id] || []).push(
          { start: m.start, end: m.end, kind: kind, id: record.id });
      }
    }
  }
  for (const entity of data.entities || []) records.entity[entity.id] = entity;

  // ------------------------------------------------------------------ tables

  const count = (r) => (r.articles || []).length;
  const TABLES = {
    result: { rows: data.results, columns: [
      { key: "event", label: "election", get: (r) => eventLabels[r.event_id] || "", facet: true, short: true },
      { key: "candidate", short: true },
      { key: "value", num: true },
      { key: "metric", facet: true },
      { key: "source", short: true },
      { key: "source_kind", label: "source kind", facet: true },
      { key: "coverage", num: true },
      { key: "as_of", label: "as of" },
      { key: "status", facet: true },
      { key: "articles", num: true, get: count },
    ] },
    claim: { rows: data.claims, columns: [
      { key: "speaker", short: true },
      { key: "speaker_role", label: "role", short: true },
      { key: "speaker_org", label: "organization", short: true },
      { key: "cue", facet: true },
      { key: "quote", get: (r) => (r.quote ? "quote" : "paraphrase"), facet: true },
      { key: "text", long: true },
      { key: "date" },
      { key: "articles", num: true, get: count },
    ] },
    event: { rows: data.events, columns: [
      { key: "kind", facet: true },
      { key: "office", facet: true },
      { key: "qualifier" },
      { key: "country", facet: true },
      { key: "date" },
      { key: "candidates_declared", label: "candidates", num: true },
      { key: "articles", num: true, get: count },
    ] },
    entity: { rows: data.entities, columns: [
      { key: "name", short: true },
      { key: "label", facet: true },
      { key: "variants", long: true },
      { key: "articles", num: true, get: count },
    ] },
  };

  function compare(a, b, numeric) {
    const emptyA = a === "" || a === null || a === undefined;
    const emptyB = b === "" || b === null || b === undefined;
    if (emptyA || emptyB) return emptyA === emptyB ? 0 : emptyA ? 1 : -1; // blanks last
    if (numeric) return Number(a) - Number(b);
    return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
  }

  function buildTable(container) {
    const kind = container.dataset.kind;
    const spec = TABLES[kind];
    const columns = spec.columns;
    const value = (col, r) => (col.get ? col.get(r) : r[col.key]);
    const state = { sort: -1, dir: 1, text: "", facets: {} };
    const search = el("input", { type: "search", placeholder: "filter " + kind + "s…", "aria-label": "filter " + kind + "s" });
    const shown = el("span", { class: "wf-count" });
    const controls = el("div", { class: "wf-controls" }, [search]);
    for (const [i, col] of columns.entries()) {
      if (!col.facet) continue;
      const values = [...new Set((spec.rows || []).map((r) => fmt(value(col, r))))].sort();
      if (values.length < 2) continue;
      const select = el("select", { "aria-label": col.label || col.key, "data-column": col.key },
        [el("option", { value: "" }, ["any " + (col.label || col.key).replace(/_/g, " ")])]);
      for (const v of values) select.appendChild(el("option", { value: v }, [v || "(none)"]));
      select.addEventListener("change", () => { state.facets[i] = select.value; apply(); });
      controls.appendChild(select);
    }
    controls.appendChild(shown);
    const headRow = el("tr");
    columns.forEach((col, i) => {
      const th = el("th", { scope: "col", tabindex: 0, "data-column": col.key }, [(col.label || col.key).replace(/_/g, " ")]);
      const sort = () => {
        state.dir = state.sort === i ? -state.dir : 1;
        state.sort = i;
        headRow.querySelectorAll("th").forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        apply();
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
      headRow.appendChild(th);
    });
    const tbody = el("tbody");
    const rows = (spec.rows || []).map((record, order) => {
      const cells = columns.map((col) => value(col, record));
      const tr = el("tr", { tabindex: 0, "data-kind": kind, "data-id": record.id, class: record.status || null },
        cells.map((v, i) => el("td", {
          class: columns[i].num ? "num" : columns[i].long ? "long" : columns[i].short ? "short" : null,
          title: columns[i].short ? fmt(v) : null },
        // Long texts are clamped to a few lines; the article panel shows them whole.
        [columns[i].long ? el("div", { class: "wf-clamp", title: fmt(v) }, [fmt(v)]) : fmt(v)])));
      const haystack = cells.map(fmt).join(" \u0001 ").toLowerCase();
      return { tr, cells, order, haystack, facets: cells.map(fmt) };
    });
    function apply() {
      const needle = state.text.trim().toLowerCase();
      let visible = rows.filter((row) =>
        (!needle || row.haystack.includes(needle)) &&
        Object.entries(state.facets).every(([i, v]) => !v || row.facets[i] === v));
      if (state.sort >= 0) {
        const numeric = !!columns[state.sort].num;
        visible = visible.slice().sort((a, b) =>
          state.dir * compare(a.cells[state.sort], b.cells[state.sort], numeric) || a.order - b.order);
      }
      const keep = new Set(visible);
      for (const row of rows) row.tr.hidden = !keep.has(row);
      for (const row of visible) tbody.appendChild(row.tr);
      shown.textContent = visible.length + " of " + rows.length;
    }
    search.addEventListener("input", () => { state.text = search.value; apply(); });
    tbody.addEventListener("click", (e) => {
      const tr = e.target.closest("tr");
      if (tr) open(tr.dataset.kind, tr.dataset.id);
    });
    tbody.addEventListener("keydown", (e) => {
      const tr = e.target.closest("tr");
      if (tr && e.key === "Enter") open(tr.dataset.kind, tr.dataset.id);
    });
    const table = el("table", {}, [el("thead", {}, [headRow]), tbody]);
    container.appendChild(controls);
    container.appendChild(rows.length ? el("div", { class: "wf-scroll" }, [table]) : el("p", { class: "wf-empty" }, ["none"]));
    apply();
  }

  // ------------------------------------------------------------------ the article viewer

  const view = {
    title: document.getElementById("wf-article-title"),
    meta: document.getElementById("wf-article-meta"),
    fact: document.getElementById("wf-fact"),
    nav: document.getElementById("wf-nav"),
    navLabel: document.getElementById("wf-nav-label"),
    text: document.getElementById("wf-article-text"),
    panel: document.getElementById("wf-article"),
  };
  let current = null;

  function describe(kind, r) {
    if (kind === "result") {
      return [r.candidate || r.metric, fmt(r.value) + (r.unit === "percent" ? "%" : " " + fmt(r.unit)),
        (r.metric || "").replace(/_/g, " "), "·", (r.source || "unknown source") + " (" + fmt(r.source_kind) + ")",
        r.coverage !== null && r.coverage !== undefined ? "· " + fmt(r.coverage) + "% counted" : "",
        "·", r.status, r.as_of ? "· as of " + r.as_of : ""].filter(Boolean).join(" ");
    }
    if (kind === "claim") {
      const who = [r.speaker, r.speaker_role, r.speaker_org].filter(Boolean).join(", ");
      return who + " " + (r.cue || "") + ": " + (r.quote ? "“" + r.text + "”" : r.text);
    }
    if (kind === "event") return eventLabels[r.id] || r.kind;
    if (kind === "entity") return r.name + " (" + r.label + "): " + fmt(r.variants);
    return "";
  }

  function entityMentions(entity) {
    const found = [];
    for (const articleId of entity.articles || []) {
      const text = (articles[articleId] || {}).text || "";
      const spans = [];
      for (const variant of entity.variants || [entity.name]) {
        if (!variant) continue;
        for (let at = text.indexOf(variant); at >= 0; at = text.indexOf(variant, at + variant.length)) {
          spans.push({ article_id: articleId, start: at, end: at + variant.length, rule: "entity variant" });
        }
      }
      spans.sort((a, b) => a.start - b.start || b.end - a.end);
      let last = -1;
      for (const s of spans) if (s.start >= last) { found.push(s); last = s.end; }
      if (!spans.length) found.push({ article_id: articleId, start: 0, end: 0, rule: "entity variant" });
    }
    return found;
  }

  function open(kind, id, index) {
    const record = records[kind] && records[kind][id];
    if (!record) return;
    const mentions = kind === "entity" ? entityMentions(record) : (record.mentions || []);
    current = { kind, id, record, mentions, index: Math.min(index || 0, Math.max(mentions.length - 1, 0)) };
    document.querySelectorAll(".wf-active").forEach((n) => n.classList.remove("wf-active"));
    document.querySelectorAll('[data-kind="' + kind + '"][data-id="' + CSS.escape(id) + '"], [data-rid="' + CSS.escape(id) + '"].wf-bar-row')
      .forEach((n) => n.classList.add("wf-active"));
    try { history.replaceState(null, "", "#" + kind + "=" + encodeURIComponent(id)); } catch (e) { /* file:// in some browsers */ }
    render();
  }

  function sentenceRange(text, m) {
    // The mention's sentence, located around the mention (the same sentence may occur twice).
    const sentence = m.sentence || "";
    if (!sentence) return null;
    let at = text.lastIndexOf(sentence, m.start);
    if (at < 0 || at + sentence.length < m.end) at = text.indexOf(sentence, Math.max(0, m.end - sentence.length));
    return at >= 0 && at <= m.start && at + sentence.length >= m.end ? [at, at + sentence.length] : null;
  }

  function render() {
    const { kind, record, mentions, index } = current;
    const m = mentions[index];
    const article = (m && articles[m.article_id]) || null;
    // Tag and rule first: a long claim text is clamped below them, the article shows it whole.
    view.fact.replaceChildren(el("span", { class: "wf-tag " + kind }, [kind]),
      el("span", { class: "wf-meta" }, [m && m.rule ? "rule " + m.rule : ""]),
      el("div", { class: "wf-clamp", title: describe(kind, record) }, [describe(kind, record)]));
    view.nav.hidden = mentions.length < 2;
    view.navLabel.textContent = "mention " + (index + 1) + " of " + mentions.length;
    if (!article) {
      view.title.textContent = "Article not in this output";
      view.meta.textContent = m ? m.article_id : "no mention recorded";
      view.text.replaceChildren(el("p", { class: "wf-hint" }, [m && m.sentence ? m.sentence : "No text to show."]));
      return;
    }
    view.title.textContent = article.title || article.path || article.id;
    const dateline = article.dateline || {};
    view.meta.textContent = [article.id, article.path, article.published, article.publisher, article.agency,
      dateline.place, article.duplicate_of ? "duplicate of " + article.duplicate_of : ""].filter(Boolean).join(" · ");
    const text = article.text || "";
    const others = mentionsByArticle[article.id] || [];
    const sentence = kind === "entity" ? null : sentenceRange(text, m);
    const cuts = new Set([0, text.length, m.start, m.end]);
    if (sentence) { cuts.add(sentence[0]); cuts.add(sentence[1]); }
    for (const o of others) { cuts.add(o.start); cuts.add(o.end); }
    const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const nodes = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const piece = text.slice(a, b);
      const classes = [];
      const covering = others.filter((o) => o.start <= a && o.end >= b);
      if (covering.length) {
        const inner = covering.reduce((x, y) => (y.end - y.start < x.end - x.start ? y : x));
        classes.push("m", inner.kind);
      }
      if (sentence && sentence[0] <= a && sentence[1] >= b) classes.push("wf-sentence");
      if (m.start <= a && m.end >= b && m.end > m.start) classes.push("wf-selected");
      if (!classes.length) { nodes.push(document.createTextNode(piece)); continue; }
      const span = el("span", { class: classes.join(" ") }, [piece]);
      if (covering.length) {
        const inner = covering.reduce((x, y) => (y.end - y.start < x.end - x.start ? y : x));
        span.dataset.kind = inner.kind;
        span.dataset.id = inner.id;
        span.title = inner.kind + " " + inner.id;
      }
      nodes.push(span);
    }
    view.text.replaceChildren(...nodes);
    const first = view.text.querySelector(".wf-selected");
    if (first) {
      const panel = view.panel.getBoundingClientRect();
      const box = first.getBoundingClientRect();
      view.panel.scrollTop += box.top - panel.top - panel.height / 3;
    }
  }

  function step(delta) {
    if (!current || current.mentions.length < 2) return;
    current.index = (current.index + delta + current.mentions.length) % current.mentions.length;
    render();
  }

  // ------------------------------------------------------------------ wiring

  document.querySelectorAll(".wf-table").forEach(buildTable);
  document.getElementById("wf-prev").addEventListener("click", () => step(-1));
  document.getElementById("wf-next").addEventListener("click", () => step(1));
  document.getElementById("wf-close").addEventListener("click", () => {
    current = null;
    view.title.textContent = "Article";
    view.meta.textContent = "";
    view.fact.replaceChildren();
    view.nav.hidden = true;
    view.text.replaceChildren(el("p", { class: "wf-hint" }, ["Select a fact to read it in its article."]));
  });
  document.addEventListener("click", (e) => {
    const target = e.target.closest("[data-rid], [data-open], #wf-article-text [data-id]");
    if (!target) return;
    if (target.dataset.rid) open("result", target.dataset.rid);
    else if (target.dataset.open) open(target.dataset.open, target.dataset.id);
    else open(target.dataset.kind, target.dataset.id);
  });
  document.addEventListener("keydown", (e) => {
    const row = e.target.closest && e.target.closest(".wf-bar-row");
    if (row && e.key === "Enter") open("result", row.dataset.rid);
  });
  // report.html#result=ID opens that fact: links to a fact can be shared.
  function openFromHash() {
    const wanted = /^#(event|result|claim|entity)=(.+)$/.exec(location.hash);
    if (wanted && !(current && current.kind === wanted[1] && current.id === decodeURIComponent(wanted[2]))) {
      open(wanted[1], decodeURIComponent(wanted[2]));
    }
  }
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  document.body.dataset.ready = "1";
})();
