// Small SVG charts, drawn from integer fen. Bar lengths are proportions, so
// converting to Number there is harmless; every amount shown as text is
// formatted from the exact fen. Colours come from classes in style.css.

import { h } from './dom.js';
import { formatYuan, toFen } from './money.js';

const WIDTH = 320;
const PAD = 22;  // room at the sides for a month label centred on the first or last group

function ratio(fen, max) {
  if (max === 0n) return 0;
  return Number((toFen(fen) * 10000n) / max) / 10000;
}

// Horizontal bars, one row per item: [{label, fen, cls?}]. Scales to its box.
export function barChart(items, title, testid = 'chart') {
  const row = 34;
  const max = items.reduce((m, x) => (toFen(x.fen) > m ? toFen(x.fen) : m), 0n);
  const height = Math.max(row * items.length, row);
  const svg = h('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, 'data-testid': testid },
    h('title', {}, title),
    items.map((item, i) => {
      const y = i * row;
      const w = Math.max(ratio(item.fen, max) * (WIDTH - 4), toFen(item.fen) > 0n ? 1 : 0);
      return h('g', { 'data-fen': toFen(item.fen).toString() },
        h('text', { x: 0, y: y + 11, class: 'chart-label' }, `${item.label}  ${formatYuan(item.fen)}`),
        h('rect', { x: 0, y: y + 15, width: w.toFixed(1), height: 14, rx: 2, class: `bar ${item.cls || ''}` }));
    }));
  return h('figure', { class: 'chart-box' }, svg);
}

// Vertical columns over a series (months): [{label, fen}]. Labels are
// thinned out when there are many columns so that they never overlap.
export function columnChart(items, title, testid = 'chart') {
  const height = 160;
  const base = height - 22;
  const max = items.reduce((m, x) => (toFen(x.fen) > m ? toFen(x.fen) : m), 0n);
  const step = WIDTH / Math.max(items.length, 1);
  const every = Math.ceil(items.length / 6);
  const svg = h('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, 'data-testid': testid },
    h('title', {}, title),
    h('line', { x1: 0, y1: base, x2: WIDTH, y2: base, class: 'axis' }),
    h('text', { x: 0, y: 10, class: 'chart-label' }, formatYuan(max)),
    items.map((item, i) => {
      const bh = ratio(item.fen, max) * (base - 16);
      const x = i * step + step * 0.15;
      return h('g', { 'data-fen': toFen(item.fen).toString() },
        h('rect', { x: x.toFixed(1), y: (base - bh).toFixed(1), width: (step * 0.7).toFixed(1), height: bh.toFixed(1), class: 'bar' },
          h('title', {}, `${item.label}: ${formatYuan(item.fen)}`)),
        i % every === 0 ? h('text', { x: (x + step * 0.35).toFixed(1), y: height - 6, class: 'chart-label', 'text-anchor': 'middle' }, item.label) : null);
    }));
  return h('figure', { class: 'chart-box' }, svg);
}

// Bar heights from zero, never negative: a gross flow is never below zero.
function columnHeight(fen, max, room) {
  const f = toFen(fen);
  if (f <= 0n) return 0;
  return Math.max(ratio(f, max) * room, 1);  // a non-zero month stays visible
}

// Every how many groups a month label ("2026-01", about 45 units wide at
// 11px) fits with a gap to the next one.
function labelEvery(count) {
  return Math.ceil(count / Math.floor((WIDTH - 2 * PAD) / 60));
}

// A month label under every `every`-th group, centred on x.
function axisLabel(i, every, x, y, text) {
  if (i % every !== 0) return null;
  return h('text', { x: x.toFixed(1), y, class: 'chart-label', 'text-anchor': 'middle' }, text);
}

// Swatches naming the series of a chart: [{name, cls}].
function seriesLegend(series) {
  return h('ul', { class: 'legend' },
    series.map((s) => h('li', {}, h('span', { class: `swatch ${s.cls || ''}`, 'aria-hidden': 'true' }), s.name)));
}

// Columns in groups over a series (months), all on one scale from zero:
// items [{label, fens: [fen, ...]}], one column per entry of `series`
// ([{name, cls}]) in each group, and a legend naming the series.
export function groupedColumnChart(items, series, title, testid = 'chart') {
  const height = 160;
  const base = height - 22;
  const max = items.reduce((m, x) => x.fens.reduce((acc, f) => (toFen(f) > acc ? toFen(f) : acc), m), 0n);
  const step = (WIDTH - 2 * PAD) / Math.max(items.length, 1);
  const group = Math.min(step * 0.8, series.length * 16);  // a lone month stays slim
  const col = group / series.length;
  const every = labelEvery(items.length);
  const svg = h('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, 'data-testid': testid },
    h('title', {}, title),
    h('line', { x1: 0, y1: base, x2: WIDTH, y2: base, class: 'axis' }),
    h('text', { x: 0, y: 10, class: 'chart-label' }, formatYuan(max)),
    items.map((item, i) => {
      const left = PAD + i * step + (step - group) / 2;
      return h('g', { 'data-label': item.label },
        item.fens.map((fen, k) => {
          const bh = columnHeight(fen, max, base - 16);
          return h('rect', { x: (left + k * col).toFixed(2), y: (base - bh).toFixed(1), width: (col * 0.9).toFixed(2), height: bh.toFixed(1),
            class: `bar ${series[k].cls || ''}`, 'data-fen': toFen(fen).toString() },
          h('title', {}, `${item.label} ${series[k].name}: ${formatYuan(fen)}`));
        }),
        axisLabel(i, every, PAD + i * step + step / 2, height - 6, item.label));
    }));
  return h('figure', { class: 'chart-box' }, svg, seriesLegend(series));
}

// A line over a series (months) that may go below zero: items [{label, fen}].
// The scale runs from the lowest value (or zero) to the highest (or zero);
// a line marks zero, and the highest and a negative lowest value are named.
export function lineChart(items, title, testid = 'chart', cls = 'c-held') {
  const height = 136;
  const top = 16;
  const base = 100;
  let lo = 0n;
  let hi = 0n;
  for (const item of items) {
    const f = toFen(item.fen);
    if (f < lo) lo = f;
    if (f > hi) hi = f;
  }
  const y = (fen) => base - ratio(toFen(fen) - lo, hi - lo) * (base - top);
  const step = (WIDTH - 2 * PAD) / Math.max(items.length, 1);
  const x = (i) => PAD + i * step + step / 2;
  const every = labelEvery(items.length);
  const points = items.map((item, i) => `${x(i).toFixed(1)},${y(item.fen).toFixed(1)}`).join(' ');
  const svg = h('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, 'data-testid': testid },
    h('title', {}, title),
    h('line', { x1: 0, y1: y(0n).toFixed(1), x2: WIDTH, y2: y(0n).toFixed(1), class: 'axis' }),
    h('text', { x: 0, y: 10, class: 'chart-label' }, formatYuan(hi)),
    lo < 0n ? h('text', { x: 0, y: base + 12, class: 'chart-label' }, formatYuan(lo)) : null,
    h('polyline', { points, class: `chart-line ${cls}` }),
    items.map((item, i) => h('g', { 'data-label': item.label },
      h('circle', { cx: x(i).toFixed(1), cy: y(item.fen).toFixed(1), r: 2.5, class: `chart-dot ${cls}`, 'data-fen': toFen(item.fen).toString() },
        h('title', {}, `${item.label}: ${formatYuan(item.fen)}`)),
      axisLabel(i, every, x(i), height - 6, item.label))));
  return h('figure', { class: 'chart-box' }, svg);
}

// One bar split into parts ([{label, fen, cls}]), with a legend below.
export function stackedBar(parts, title) {
  const total = parts.reduce((s, p) => s + toFen(p.fen), 0n);
  let x = 0;
  const svg = h('svg', { class: 'chart stacked', viewBox: `0 0 ${WIDTH} 20`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none' },
    h('title', {}, title),
    parts.map((p) => {
      const w = ratio(p.fen, total) * WIDTH;
      const rect = h('rect', { x: x.toFixed(2), y: 0, width: w.toFixed(2), height: 20, class: `bar ${p.cls || ''}` });
      x += w;
      return rect;
    }));
  const legend = h('ul', { class: 'legend' },
    parts.map((p) => h('li', {}, h('span', { class: `swatch ${p.cls || ''}`, 'aria-hidden': 'true' }), `${p.label} ${formatYuan(p.fen)}`)));
  return h('figure', { class: 'chart-box' }, svg, legend);
}

// How far `part` has come towards `whole` (a campaign's raised against its
// target): one bar, full at the target, capped there when past it.
export function progressBar(part, whole, title, testid = 'progress') {
  const p = toFen(part);
  const w = toFen(whole);
  const filled = w > 0n ? Math.min(ratio(p, w), 1) * WIDTH : 0;
  return h('svg', { class: 'chart progress', viewBox: `0 0 ${WIDTH} 12`, role: 'img', 'aria-label': title, preserveAspectRatio: 'none', 'data-testid': testid },
    h('title', {}, title),
    h('rect', { x: 0, y: 0, width: WIDTH, height: 12, rx: 3, class: 'progress-track' }),
    h('rect', { x: 0, y: 0, width: filled.toFixed(2), height: 12, rx: 3, class: 'bar c-held' }));
}

// A running total over a series (days) against a target: the line climbs
// from zero, a dashed line marks the target (named below it on the left,
// where a running total that starts low leaves room), and the scale
// reaches whichever is higher. items [{label, fen, axis?}] (axis: a shorter label
// under the line), target in fen (0: no line).
export function targetChart(items, target, title, targetLabel, testid = 'chart') {
  const height = 136;
  const top = 16;
  const base = 100;
  const goal = toFen(target);
  let hi = goal;
  for (const item of items) if (toFen(item.fen) > hi) hi = toFen(item.fen);
  const y = (fen) => base - ratio(toFen(fen), hi) * (base - top);
  const step = (WIDTH - 2 * PAD) / Math.max(items.length, 1);
  const x = (i) => PAD + i * step + step / 2;
  const every = labelEvery(items.length);
  const points = items.map((item, i) => `${x(i).toFixed(1)},${y(item.fen).toFixed(1)}`).join(' ');
  const svg = h('svg', { class: 'chart', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, 'data-testid': testid },
    h('title', {}, title),
    h('line', { x1: 0, y1: base, x2: WIDTH, y2: base, class: 'axis' }),
    h('text', { x: 0, y: 10, class: 'chart-label' }, formatYuan(hi)),
    goal > 0n ? h('g', { 'data-fen': goal.toString(), class: 'target' },
      h('line', { x1: 0, y1: y(goal).toFixed(1), x2: WIDTH, y2: y(goal).toFixed(1), class: 'target-line' }),
      h('text', { x: 0, y: (y(goal) + 12).toFixed(1), class: 'chart-label' }, targetLabel)) : null,
    h('polyline', { points, class: 'chart-line c-held' }),
    items.map((item, i) => h('g', { 'data-label': item.label },
      h('circle', { cx: x(i).toFixed(1), cy: y(item.fen).toFixed(1), r: 2.5, class: 'chart-dot c-held', 'data-fen': toFen(item.fen).toString() },
        h('title', {}, `${item.label}: ${formatYuan(item.fen)}`)),
      axisLabel(i, every, x(i), height - 6, item.axis ?? item.label))));
  return h('figure', { class: 'chart-box' }, svg);
}
