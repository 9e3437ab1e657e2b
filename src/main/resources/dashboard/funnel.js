// Funnel and conversion: leads per status stage (reached and now) with stage-to-stage conversion and the time leads
// spent in each stage, and conversion by source, campaign, event, rep, team or capture method, under the shared
// filters; each downloadable as CSV.
import { api, query } from './api.js';
import { h, fill, table, problemBox, fmtPercent, fmtNumber, fmtDuration, download, uid } from './ui.js';
import { chart } from './charts.js';
import * as filters from './filters.js';

const BY = [['source', 'Source'], ['campaign', 'Campaign'], ['event', 'Event'], ['rep', 'Rep'], ['team', 'Team'],
  ['captureMethod', 'Capture method']];
let by = 'source';

function money(list) {
  return (list || []).map((m) => m.currency + ' ' + fmtNumber(m.amount, 0)).join(', ');
}

export async function render(view, ctx) {
  const again = () => render(view, ctx);
  const form = await filters.form(again);
  const funnelPath = '/v1/analytics/funnel' + query(filters.params());
  const conversionPath = '/v1/analytics/conversion' + query(filters.params({ by }));
  const [funnel, conversion] = await Promise.all([
    api(funnelPath).then((v) => ({ ok: true, v }), (e) => ({ ok: false, e })),
    api(conversionPath).then((v) => ({ ok: true, v }), (e) => ({ ok: false, e })),
  ]);
  if (!ctx.isCurrent()) return;

  const byId = uid('by');
  const bySelect = h('select', { id: byId, onchange: (e) => { by = e.target.value; again(); } },
    BY.map(([v, t]) => h('option', { value: v, selected: v === by }, t)));

  fill(view,
    h('h1', {}, 'Funnel and conversion'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'funnel-title' },
      h('div', { class: 'row' }, h('h2', { id: 'funnel-title' }, 'Funnel'),
        h('button', { type: 'button', class: 'secondary', id: 'funnel-csv',
          onclick: () => download(funnelPath + '&format=csv', 'funnel.csv').catch((e) => view.prepend(problemBox(e))) },
        'Download CSV')),
      funnel.ok ? funnelBody(funnel.v) : problemBox(funnel.e),
      funnel.ok && !(funnel.v.groups[0] && funnel.v.groups[0].total) ? filters.emptyHint(ctx.me, again) : null),
    h('section', { class: 'card', 'aria-labelledby': 'conversion-title' },
      h('div', { class: 'row' }, h('h2', { id: 'conversion-title' }, 'Conversion'),
        h('div', { class: 'field' }, h('label', { for: byId }, 'By'), bySelect),
        h('button', { type: 'button', class: 'secondary', id: 'conversion-csv',
          onclick: () => download(conversionPath + '&format=csv', 'conversion.csv').catch((e) => view.prepend(problemBox(e))) },
        'Download CSV')),
      conversion.ok ? conversionBody(conversion.v) : problemBox(conversion.e)));
}

/**
 * The funnel of the report's first group as a chart, and every stage of every group as a table (with the median and
 * 90th percentile time in stage).
 */
export function funnelBody(r) {
  const labels = new Map(r.stages.map((s) => [s.key, s.label]));
  const path = r.stages.filter((s) => s.meaning !== 'dead').map((s) => s.key);
  const group = r.groups[0];
  const parts = [h('p', { class: 'muted', id: 'funnel-summary' },
    (group ? group.total : 0) + ' leads captured ' + r.from + ' to ' + r.to + ' (' + r.timeZone + ').')];
  if (group && group.total > 0) {
    const reached = path.map((k) => (group.stages.find((s) => s.status === k) || { reached: 0 }).reached);
    parts.push(chart('funnel-chart', 'Leads that reached each stage, ' + path.map((k, i) => labels.get(k) + ' ' + reached[i]).join(', '), {
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: path.map((k) => labels.get(k)) },
      series: [{ type: 'bar', data: reached, label: { show: true, position: 'right' } }],
    }));
  }
  const rows = [];
  r.groups.forEach((g) => g.stages.forEach((s) => rows.push({ group: g.label, ...s })));
  parts.push(table({ id: 'funnel-table', empty: 'No lead in this range.', rows, columns: [
    ...(r.groups.length > 1 ? [{ label: 'Group', value: (x) => x.group }] : []),
    { label: 'Stage', value: (x) => labels.get(x.status) || x.status },
    { label: 'Reached', num: true, value: (x) => x.reached },
    { label: 'Now', num: true, value: (x) => x.current },
    { label: 'From previous', num: true, value: (x) => fmtPercent(x.conversionFromPrevious) },
    { label: 'Moved on', num: true, value: (x) => x.exits },
    { label: 'Median time in stage', num: true, value: (x) => fmtDuration(x.p50Seconds) },
    { label: '90th percentile', num: true, value: (x) => fmtDuration(x.p90Seconds) },
  ] }));
  parts.push(h('p', { class: 'muted', id: 'funnel-time-note' },
    'Time in stage: how long the stays that ended lasted (a lead still in a stage is not counted), '
    + 'within 5 %.'));
  return parts;
}

function conversionBody(r) {
  const rows = [...r.rows, { ...r.total, label: 'All leads', key: 'total' }];
  return table({ id: 'conversion-table', empty: 'No lead in this range.', rows, columns: [
    { label: BY.find(([v]) => v === r.by)?.[1] || r.by, value: (x) => x.label },
    { label: 'Captured', num: true, value: (x) => x.captured },
    { label: 'Qualified', num: true, value: (x) => x.qualified },
    { label: 'Converted', num: true, value: (x) => x.converted },
    { label: 'Qualified rate', num: true, value: (x) => fmtPercent(x.qualifiedRate) },
    { label: 'Conversion rate', num: true, value: (x) => fmtPercent(x.conversionRate) },
    { label: 'Converted value', value: (x) => money(x.convertedValue) },
  ] });
}
