// Pages generated for the benchmarks (never committed: a 10 000-row page is about 2 MB).
// Deterministic: the same arguments give the same bytes.

/** A small seeded PRNG (mulberry32): the same page on every run. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fen = (cents) => (cents / 100).toFixed(2);

const KIND_TITLES = ['部门支出预算表', '一般公共预算支出预算表', '财政拨款支出预算表', '政府性基金预算支出预算表', '项目支出预算表'];

/**
 * The function classes (类) with their sections (款) and items (项) from the code book, so the
 * generated rows carry real codes and names (the code-name rule has nothing to say about them).
 */
function codeTree(codes) {
  const classes = new Map();
  for (const [code, name] of Object.entries(codes)) {
    if (code.length === 3) classes.set(code, { code, name, sections: new Map() });
  }
  for (const [code, name] of Object.entries(codes)) {
    if (code.length === 5 && classes.has(code.slice(0, 3))) classes.get(code.slice(0, 3)).sections.set(code, { code, name, items: [] });
  }
  for (const [code, name] of Object.entries(codes)) {
    if (code.length !== 7) continue;
    const section = classes.get(code.slice(0, 3))?.sections.get(code.slice(0, 5));
    section?.items.push({ code, name });
  }
  return [...classes.values()].map((c) => ({ ...c, sections: [...c.sections.values()].filter((s) => s.items.length > 0) })).filter((c) => c.sections.length > 0);
}

/**
 * The rows of one set of tables: 类 → 款 → 项 lines with three amounts each (人员经费, 公用经费,
 * 项目支出), parents the sums of their children. `count` lines; the code book has few 项 per 款,
 * so the 类 come round again as a long document's would.
 */
function budgetLines(count, tree, rnd, first) {
  let classIndex = first % tree.length;
  const lines = [];
  const item = (code, name) => ({ level: 3, code, name, values: [Math.floor(rnd() * 4_000_00), Math.floor(rnd() * 800_00), rnd() < 0.4 ? Math.floor(rnd() * 2_000_00) : 0] });
  while (lines.length < count) {
    const room = count - lines.length;
    if (room < 3 && lines.length > 0) {
      // not enough room for a new 类: more 项 under the last 款
      const section = lines.filter((l) => l.level === 2).at(-1);
      const extra = item(section.children[0].code, section.children[0].name);
      lines.push(extra);
      section.children.push(extra);
      continue;
    }
    const cls = tree[classIndex++ % tree.length];
    const clsLine = { level: 1, code: cls.code, name: cls.name, children: [] };
    lines.push(clsLine);
    for (const section of cls.sections) {
      if (count - lines.length < 2) break;
      const secLine = { level: 2, code: section.code, name: section.name, children: [] };
      lines.push(secLine);
      clsLine.children.push(secLine);
      for (const it of section.items) {
        if (lines.length >= count) break;
        const line = item(it.code, it.name);
        lines.push(line);
        secLine.children.push(line);
      }
    }
  }
  const sum = (line) => {
    if (!line.children) return line.values;
    const v = [0, 0, 0];
    for (const child of line.children) sum(child).forEach((x, i) => (v[i] += x));
    line.values = v;
    return v;
  };
  for (const line of lines) if (line.level === 1) sum(line);
  return lines;
}

/**
 * One 支出预算表: a title, the unit and department line, a two-row header (科目编码 · 科目名称 ·
 * 合计 · 基本支出 (人员经费, 公用经费) · 项目支出), a 合计 row, then the lines — printed as they
 * add up, except a few deliberate misprints (a 款 whose 合计 is 0.10 too high), so the audit has
 * findings to annotate.
 */
function budgetTable(n, title, department, lines, rnd) {
  const total = [0, 0, 0];
  for (const line of lines) if (line.level === 1) line.values.forEach((x, i) => (total[i] += x));
  const cells = (values, misprint) => {
    const [p, u, j] = values;
    const all = p + u + j + (misprint ? 10 : 0);
    return `<td align="right">${fen(all)}</td><td align="right">${fen(p)}</td><td align="right">${fen(u)}</td><td align="right">${j ? fen(j) : ''}</td>`;
  };
  const body = [`<tr><td></td><td>合计</td>${cells(total, false)}</tr>`];
  for (const line of lines) {
    const indent = '&nbsp;&nbsp;'.repeat(line.level - 1);
    const misprint = line.level === 2 && rnd() < 0.03;
    body.push(`<tr><td>${line.code}</td><td>${indent}${esc(line.name)}</td>${cells(line.values, misprint)}</tr>`);
  }
  return [
    `<p align="center" style="text-align:center"><b>表${n + 1} ${title}</b></p>`,
    `<p>部门名称：${department}　　单位：万元</p>`,
    '<table border="1" cellspacing="0" cellpadding="2" style="border-collapse:collapse">',
    '<tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th rowspan="2">合计</th><th colspan="2">基本支出</th><th rowspan="2">项目支出</th></tr>',
    '<tr><th>人员经费</th><th>公用经费</th></tr>',
    ...body,
    '</table>',
    '<p>注：本表为基准测试生成的数据。</p>',
  ].join('\n');
}

/**
 * A disclosure page of `tables` budget tables of `rows` body rows each (合计 included), with a
 * paragraph of prose and a button of the page's own. The tables come in sets of five (部门支出,
 * 一般公共预算支出, 财政拨款支出, 政府性基金, 项目支出 tables of one unit, printing the same rows),
 * one set per unit, as in a county's collection of its units' budgets.
 */
export function budgetPage({ tables = 40, rows = 250, codes, seed = 1, year = 2024 }) {
  const tree = codeTree(codes);
  const rnd = random(seed);
  const parts = [
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">',
    `<title>基准测试县${year}年部门预算公开</title>`,
    '<style>body{font-family:sans-serif;font-size:14px} td,th{padding:2px 4px;font-size:12px}</style></head><body>',
    `<h1>基准测试县${year}年部门预算公开</h1>`,
    `<p>基准测试县各单位${year}年收入预算总计1234.56万元，支出预算总计1234.56万元。以下各表为各单位预算的详细情况，表中金额单位均为万元，因四舍五入可能存在尾数误差。</p>`,
    '<p><button id="page-button" type="button" onclick="this.dataset.clicks = String(Number(this.dataset.clicks || 0) + 1)">页面按钮</button></p>',
  ];
  let lines = [];
  for (let t = 0; t < tables; t++) {
    const set = Math.floor(t / KIND_TITLES.length);
    if (t % KIND_TITLES.length === 0) lines = budgetLines(rows - 1, tree, rnd, set);
    const department = `基准测试县第${set + 1}单位`;
    parts.push(budgetTable(t, `${department}${year}年${KIND_TITLES[t % KIND_TITLES.length]}`, department, lines, rnd));
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

const NEWS_WORDS = ['召开', '工作会议', '开展', '专题培训', '调研', '推进', '重点项目', '建设', '部署', '安全生产', '检查', '发布', '通知', '公告', '表彰', '先进集体'];

function headline(rnd, i) {
  const n = 3 + Math.floor(rnd() * 4);
  let s = '';
  for (let k = 0; k < n; k++) s += NEWS_WORDS[Math.floor(rnd() * NEWS_WORDS.length)];
  return `${s}（第${i + 1}期）`;
}

const date = (rnd) => `2024-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;

/** A long news list without any <table> (the common case: the content script bails out on one query). */
export function newsListPage({ items = 5000, seed = 2 } = {}) {
  const rnd = random(seed);
  const li = [];
  for (let i = 0; i < items; i++) li.push(`<li><a href="/news/${i}.html">${headline(rnd, i)}</a><span class="date">${date(rnd)}</span></li>`);
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>新闻动态</title></head><body>
<nav><a href="/">首页</a> · <a href="/news/">新闻动态</a> · <a href="/gk/">信息公开</a></nav>
<h1>新闻动态</h1><ul class="news">${li.join('\n')}</ul>
<footer>主办单位：基准测试局</footer></body></html>`;
}

/** The same list laid out in a table, as many older sites do (rows of title · date: not budget tables). */
export function newsTablePage({ items = 3000, seed = 3 } = {}) {
  const rnd = random(seed);
  const tr = [];
  for (let i = 0; i < items; i++) tr.push(`<tr><td><a href="/news/${i}.html">${headline(rnd, i)}</a></td><td>${date(rnd)}</td></tr>`);
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>新闻动态</title></head><body>
<table width="100%"><tr><td><h1>新闻动态</h1></td></tr></table>
<table class="list" width="100%">${tr.join('\n')}</table>
<footer>主办单位：基准测试局</footer></body></html>`;
}

/** A big data table that is not a budget: population statistics, 10 numeric columns. */
export function statisticsPage({ rows = 5000, seed = 4 } = {}) {
  const rnd = random(seed);
  const head = ['地区', '常住人口', '户籍人口', '城镇人口', '乡村人口', '出生人数', '死亡人数', '迁入人数', '迁出人数', '户数'];
  const tr = [`<tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>`];
  for (let i = 0; i < rows; i++) {
    const cells = [`第${i + 1}社区`];
    for (let k = 1; k < head.length; k++) cells.push(String(Math.floor(rnd() * 100000)));
    tr.push(`<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  }
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>人口统计</title></head><body>
<h1>2023年人口统计</h1><p>数据来源：基准测试统计局。</p>
<table border="1">${tr.join('\n')}</table></body></html>`;
}

/**
 * A variation of a seed page for the command-line corpus: another title, and a few printed
 * amounts nudged by a cent or two (so the pages are not byte-identical and findings differ).
 */
export function varyPage(html, index) {
  const rnd = random(1000 + index);
  let nudged = 0;
  const out = html
    .replace(/<title>([^<]*)<\/title>/, (_, t) => `<title>${t}（样本${index + 1}）</title>`)
    .replace(/>(\s*)(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})(\s*)</g, (m, a, int, dec, b) => {
      if (rnd() > 0.02) return m;
      nudged++;
      const cents = Number(int.replace(/,/g, '')) * 100 + Number(dec) + (rnd() < 0.5 ? 1 : 2);
      return `>${a}${(cents / 100).toFixed(2)}${b}<`;
    });
  return { html: out, nudged };
}
