// Events: each trade show's cost against its leads, qualified leads, open budget and won value (ROI), compared in
// one table and one chart, and the funnel of the event chosen.
import { api, query } from './api.js';
import { h, fill, table, problemBox, fmtNumber, download, uid, announce } from './ui.js';
import { chart } from './charts.js';
import * as filters from './filters.js';
import { funnelBody } from './funnel.js';

let chosen = null;

function money(list) {
  return (list || []).map((m) => m.currency + ' ' + fmtNumber(m.amount, 0)).join(', ');
}

export async function render(view, ctx) {
  const again = () => render(view, ctx);
  const form = await filters.form(again, { withEvent: false });
  const path = '/v1/analytics/events' + query(filters.params({ event: undefined }));
  const roi = await api(path);
  if (!ctx.isCurrent()) return;
  const events = roi.events;
  if (chosen && !events.some((e) => e.eventId === chosen)) chosen = null;
  const detail = h('section', { class: 'card', 'aria-labelledby': 'event-funnel-title', id: 'event-funnel' });

  const cost = (e) => (e.cost ? e.cost.currency + ' ' + fmtNumber(e.cost.amount, 0) : 'not set');
  const perLead = (v, e) => (v === null || v === undefined ? '' : (e.cost ? e.cost.currency + ' ' : '') + fmtNumber(v, 2));
  fill(view,
    h('h1', {}, 'Events'),
    form,
    h('section', { class: 'card', 'aria-labelledby': 'roi-title' },
      h('div', { class: 'row' }, h('h2', { id: 'roi-title' }, 'Return on each event'),
        h('button', { type: 'button', class: 'secondary', id: 'roi-csv',
          onclick: () => download(path + '&format=csv', 'event-roi.csv').catch((e) => view.prepend(problemBox(e))) },
        'Download CSV')),
      events.length ? chart('roi-chart', 'Leads and qualified leads per event: '
        + events.map((e) => e.name + ' ' + e.leads + ' leads, ' + e.qualified + ' qualified').join('; '), {
        tooltip: { trigger: 'axis' }, legend: { top: 0 },
        grid: { left: 48, right: 16, top: 32, bottom: 48 },
        xAxis: { type: 'category', data: events.map((e) => e.name), axisLabel: { interval: 0, overflow: 'truncate', width: 120 } },
        yAxis: { type: 'value' },
        series: [{ name: 'Leads', type: 'bar', data: events.map((e) => e.leads) },
          { name: 'Qualified', type: 'bar', data: events.map((e) => e.qualified) },
          { name: 'Converted', type: 'bar', data: events.map((e) => e.converted) }],
      }) : null,
      table({ id: 'roi-table', empty: 'No event in this range.', rows: events.map((e) => ({ ...e, id: e.eventId })), columns: [
        { label: 'Event', value: (e) => e.name },
        { label: 'Dates', value: (e) => [e.startsOn, e.endsOn].filter(Boolean).join(' to ') },
        { label: 'Cost', value: (e) => (ctx.me.role === 'admin' ? costForm(e, again) : cost(e)) },
        { label: 'Leads', num: true, value: (e) => e.leads },
        { label: 'Qualified', num: true, value: (e) => e.qualified },
        { label: 'Converted', num: true, value: (e) => e.converted },
        { label: 'Open budget', num: true, value: (e) => fmtNumber(e.openBudget, 0) },
        { label: 'Won', value: (e) => money(e.wonValue) },
        { label: 'Cost per lead', num: true, value: (e) => perLead(e.costPerLead, e) },
        { label: 'Cost per qualified lead', num: true, value: (e) => perLead(e.costPerQualifiedLead, e) },
        { label: 'Funnel', value: (e) => h('button', { type: 'button', class: 'secondary',
          'aria-pressed': String(chosen === e.eventId), onclick: () => { chosen = e.eventId; showFunnel(detail, e); } },
        'Funnel of ' + e.name) },
      ] })),
    events.length ? null : filters.emptyHint(ctx.me, again),
    detail);
  const first = events.find((e) => e.eventId === chosen) || events[0];
  if (first) {
    chosen = first.eventId;
    await showFunnel(detail, first);
  } else {
    detail.remove();
  }
}

async function showFunnel(detail, e) {
  fill(detail, h('h2', { id: 'event-funnel-title' }, 'Funnel of ' + e.name), h('p', { class: 'muted' }, 'Loading…'));
  try {
    const r = await api('/v1/analytics/funnel' + query(filters.params({ event: e.eventId })));
    fill(detail, h('h2', { id: 'event-funnel-title' }, 'Funnel of ' + e.name), funnelBody(r));
  } catch (err) {
    fill(detail, h('h2', { id: 'event-funnel-title' }, 'Funnel of ' + e.name), problemBox(err));
  }
}

/** An admin sets what an event cost (PUT /v1/analytics/events/{id}/cost); the table is read again after. */
function costForm(e, again) {
  const amountId = uid('cost');
  const currencyId = uid('currency');
  const amount = h('input', { id: amountId, name: 'amount', type: 'number', min: '0', step: 'any', required: true,
    value: e.cost ? e.cost.amount : '', style: 'width: 8em' });
  const currency = h('input', { id: currencyId, name: 'currency', required: true, pattern: '[A-Z]{3}', maxlength: '3',
    value: e.cost ? e.cost.currency : 'EUR', style: 'width: 4.5em', autocapitalize: 'characters' });
  const out = h('div', {});
  const form = h('form', { class: 'reassign cost', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      await api('/v1/analytics/events/' + encodeURIComponent(e.eventId) + '/cost', { method: 'PUT',
        body: { amount: Number(amount.value), currency: currency.value.trim().toUpperCase() } });
      announce('Cost of ' + (e.name || e.eventId) + ' set to ' + currency.value.trim().toUpperCase() + ' '
        + fmtNumber(Number(amount.value), 0) + '.');
      await again();
    } catch (err) {
      out.replaceChildren(problemBox(err));
    }
  } },
  h('label', { for: amountId, class: 'visually-hidden' }, 'Cost of ' + (e.name || 'the event')), amount,
  h('label', { for: currencyId, class: 'visually-hidden' }, 'Currency (ISO 4217)'), currency,
  h('button', { type: 'submit', class: 'secondary' }, 'Set'), out);
  return form;
}
