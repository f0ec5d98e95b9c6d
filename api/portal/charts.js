// Small SVG charts, drawn from integer fen. Bar lengths are proportions, so
// converting to Number there is harmless; every amount shown as text is
// formatted from the exact fen. Colours come from classes in style.css.

import { h } from './dom.js';
import { formatYuan, toFen } from './money.js';

const WIDTH = 320;

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
