// Charts drawn as SVG from the API's numbers, unchanged: every bar carries its number in data-value and in its title,
// and every chart has a table with the same numbers for screen readers and for copying.
import { h, count } from './dom.js';

/** Every day from `from` to `to` (YYYY-MM-DD): the API's days as they are, and 0 for days without reports. */
export function everyDay(apiDays, from, to) {
  const given = new Map(apiDays.map(d => [d.date, d]));
  const days = [];
  for (let t = Date.parse(from + 'T00:00:00Z'), end = Date.parse(to + 'T00:00:00Z'); t <= end && days.length < 400; t += 86400000) {
    const date = new Date(t).toISOString().slice(0, 10);
    days.push(given.get(date) ?? { date, successful: 0, failed: 0 });
  }
  return days;
}

/** Sessions per day, successful and failed stacked. days: [{ date, successful, failed }] in date order. */
export function dailyChart(days, caption = 'Sessions per day') {
  const width = 600, height = 160, gap = 2;
  const max = Math.max(1, ...days.map(d => Number(d.successful) + Number(d.failed)));
  const step = width / Math.max(1, days.length);
  const bar = Math.max(1, step - gap);
  const bars = days.map((d, i) => {
    const x = (i * step).toFixed(2);
    const ok = (Number(d.successful) / max) * height;
    const bad = (Number(d.failed) / max) * height;
    return h('g', { 'data-date': d.date },
      h('rect', { class: 'ok', x, y: (height - ok).toFixed(2), width: bar.toFixed(2), height: ok.toFixed(2), 'data-kind': 'successful', 'data-date': d.date, 'data-value': d.successful },
        h('title', {}, `${d.date}: ${count(d.successful)} successful`)),
      h('rect', { class: 'bad', x, y: (height - ok - bad).toFixed(2), width: bar.toFixed(2), height: bad.toFixed(2), 'data-kind': 'failed', 'data-date': d.date, 'data-value': d.failed },
        h('title', {}, `${d.date}: ${count(d.failed)} failed`)));
  });
  const total = days.reduce((s, d) => s + Number(d.successful) + Number(d.failed), 0);
  return h('figure', { class: 'chart daily' },
    h('figcaption', {}, caption, ' ', h('span', { class: 'legend ok' }, 'successful'), ' ', h('span', { class: 'legend bad' }, 'failed')),
    days.length === 0
      ? h('p', { class: 'empty' }, 'No reports in this period.')
      : [
          h('svg', { viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': `${caption}: ${count(total)} sessions over ${days.length} days; the table below has each day's numbers` }, bars),
          h('div', { class: 'axis' }, h('span', {}, days[0].date), h('span', {}, days[days.length - 1].date)),
          h('details', {}, h('summary', {}, 'Numbers'),
            h('div', { class: 'scroll' }, h('table', {},
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Day'), h('th', { scope: 'col' }, 'Successful'), h('th', { scope: 'col' }, 'Failed'))),
              h('tbody', {}, days.map(d => h('tr', {}, h('th', { scope: 'row' }, d.date), h('td', {}, count(d.successful)), h('td', {}, count(d.failed)))))))),
        ]);
}

/** A breakdown as horizontal bars, largest first. entries: { label: number } as the API gives it. */
export function barList(caption, entries, kind = 'bad') {
  const rows = Object.entries(entries ?? {}).sort((a, b) => Number(b[1]) - Number(a[1]) || a[0].localeCompare(b[0]));
  const max = Math.max(1, ...rows.map(r => Number(r[1])));
  return h('figure', { class: 'chart list', 'data-chart': caption },
    h('figcaption', {}, caption),
    rows.length === 0
      ? h('p', { class: 'empty' }, 'None.')
      : h('table', { class: 'bars' },
          h('thead', { class: 'sr-only' }, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Share'), h('th', { scope: 'col' }, 'Sessions'))),
          h('tbody', {}, rows.map(([label, value]) => h('tr', { 'data-label': label, 'data-value': value },
            h('th', { scope: 'row' }, label),
            h('td', { class: 'bar' }, h('svg', { viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
              h('rect', { class: kind, x: 0, y: 0, height: 10, width: ((Number(value) / max) * 100).toFixed(2) }))),
            h('td', { class: 'num' }, count(value)))))));
}
