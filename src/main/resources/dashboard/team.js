// Team: the rep leaderboard and speed to lead per rep (p50, p90, share within the SLA) with its weekly trend, under
// the shared filters; each downloadable as CSV.
import { api, query } from './api.js';
import { h, fill, table, problemBox, fmtPercent, fmtNumber, fmtDuration, download } from './ui.js';
import { chart } from './charts.js';
import * as filters from './filters.js';

function money(list) {
  return (list || []).map((m) => m.currency + ' ' + fmtNumber(m.amount, 0)).join(', ');
}

export async function render(view, ctx) {
  const again = () => render(view, ctx);
  const form = await filters.form(again);
  const boardPath = '/v1/analytics/leaderboard' + query(filters.params());
  const speedPath = '/v1/analytics/speed-to-lead' + query(filters.params({ by: 'rep' }));
  const [board, speed] = await Promise.all([
    api(boardPath).then((v) => ({ ok: true, v }), (e) => ({ ok: false, e })),
    api(speedPath).then((v) => ({ ok: true, v }), (e) => ({ ok: false, e })),
  ]);
  if (!ctx.isCurrent()) return;
  const csv = (id, path, name) => h('button', { type: 'button', class: 'secondary', id,
    onclick: () => download(path + '&format=csv', name).catch((e) => view.prepend(problemBox(e))) }, 'Download CSV');

  fill(view,
    h('h1', {}, 'Team'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'board-title' },
      h('div', { class: 'row' }, h('h2', { id: 'board-title' }, 'Leaderboard'), csv('board-csv', boardPath, 'leaderboard.csv')),
      board.ok ? table({ id: 'leaderboard', empty: 'No rep owns a lead captured in this range.', rows: board.v.reps, columns: [
        { label: 'Rank', num: true, value: (r) => r.rank },
        { label: 'Rep', value: (r) => r.label },
        { label: 'Leads', num: true, value: (r) => r.leads },
        { label: 'Touched', num: true, value: (r) => r.touched },
        { label: 'Qualified', num: true, value: (r) => r.qualified },
        { label: 'Converted', num: true, value: (r) => r.converted },
        { label: 'Conversion rate', num: true, value: (r) => fmtPercent(r.conversionRate) },
        { label: 'Won', value: (r) => money(r.wonValue) },
        { label: 'Median speed to lead', num: true, value: (r) => fmtDuration(r.p50Seconds) },
        { label: 'Within SLA', num: true, value: (r) => fmtPercent(r.withinSlaShare) },
      ] }) : problemBox(board.e),
      board.ok && !board.v.reps.length ? filters.emptyHint(ctx.me, again) : null),
    h('section', { class: 'card', 'aria-labelledby': 'speed-title' },
      h('div', { class: 'row' }, h('h2', { id: 'speed-title' }, 'Speed to lead'), csv('speed-csv', speedPath, 'speed-to-lead.csv')),
      speed.ok ? speedBody(speed.v) : problemBox(speed.e)));
}

function speedBody(r) {
  const o = r.overall;
  // one unit for the whole chart, the one that keeps its largest figure readable
  const largest = Math.max(0, ...r.groups.map((g) => g.p90Seconds || 0));
  const [unit, per] = largest >= 3 * 86400 ? ['days', 86400] : largest >= 3 * 3600 ? ['hours', 3600] : ['minutes', 60];
  const inUnit = (s) => (s === null || s === undefined ? null : Math.round((s / per) * 10) / 10);
  return [
    h('p', { id: 'speed-overall' }, 'All reps: median ' + (fmtDuration(o.p50Seconds) || 'n/a') + ', 90th percentile '
      + (fmtDuration(o.p90Seconds) || 'n/a') + ', ' + (fmtPercent(o.withinSlaShare) || 'n/a') + ' within the SLA ('
      + o.touched + ' of ' + o.leads + ' leads touched).'),
    r.groups.some((g) => g.p50Seconds !== null && g.p50Seconds !== undefined) ? chart('speed-chart', unit[0].toUpperCase() + unit.slice(1) + ' from capture to first touch per rep (median and 90th percentile): '
      + r.groups.map((g) => g.label + ' ' + (inUnit(g.p50Seconds) ?? 'n/a') + ' and ' + (inUnit(g.p90Seconds) ?? 'n/a')).join('; '), {
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 40 },
      xAxis: { type: 'category', data: r.groups.map((g) => g.label) },
      yAxis: { type: 'value', name: unit },
      series: [{ name: 'Median', type: 'bar', data: r.groups.map((g) => inUnit(g.p50Seconds)) },
        { name: '90th percentile', type: 'bar', data: r.groups.map((g) => inUnit(g.p90Seconds)) }],
    }) : h('p', { class: 'empty' }, 'No lead captured in this range has a first touch yet.'),
    table({ id: 'speed-table', empty: 'No lead captured in this range.', rows: r.groups, columns: [
      { label: 'Rep', value: (g) => g.label },
      { label: 'Leads', num: true, value: (g) => g.leads },
      { label: 'Touched', num: true, value: (g) => g.touched },
      { label: 'Median', num: true, value: (g) => fmtDuration(g.p50Seconds) },
      { label: '90th percentile', num: true, value: (g) => fmtDuration(g.p90Seconds) },
      { label: 'Within SLA', num: true, value: (g) => fmtPercent(g.withinSlaShare) },
    ] }),
    r.weekly.some((w) => w.withinSlaShare !== null && w.withinSlaShare !== undefined) ? chart('speed-trend', 'Share of leads within the SLA per week: '
      + r.weekly.map((w) => w.weekStart + ' ' + (fmtPercent(w.withinSlaShare) || 'n/a')).join('; '), {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 36, bottom: 40 },
      xAxis: { type: 'category', data: r.weekly.map((w) => w.weekStart) },
      yAxis: { type: 'value', min: 0, max: 100, name: '% within SLA' },
      series: [{ name: 'Within SLA', type: 'line', data: r.weekly.map((w) => (w.withinSlaShare === null ? null : Math.round(w.withinSlaShare * 1000) / 10)) }],
    }) : null,
  ];
}
