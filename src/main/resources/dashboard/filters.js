// The analytics filters shared by the funnel, events and team views: a date range in the tenant's days and the
// team, rep, source, event and capture method; read from and kept in the view's state while the session lasts.
import { api } from './api.js';
import { h, uid, users, announce, problemBox } from './ui.js';

const state = {};
const SOURCES = ['trade_show', 'web_form', 'referral', 'cold_call', 'social', 'ad', 'import', 'other'];
const METHODS = ['manual', 'badge_scan', 'business_card', 'web_form', 'import'];

function isoDay(d) {
  return d.toISOString().slice(0, 10);
}

/** The current filters (defaults: the last 90 days). */
export function current() {
  if (!state.to) {
    const to = new Date();
    state.to = isoDay(to);
    state.from = isoDay(new Date(to.getTime() - 89 * 86400000));
  }
  return { ...state };
}

/** The analytics query parameters of the filters (plus {@code extra}). */
export function params(extra) {
  const f = current();
  return { from: f.from, to: f.to, team: f.team, owner: f.owner, source: f.source, event: f.event,
    captureMethod: f.captureMethod, ...extra };
}

let catalog = null;
async function choices() {
  if (!catalog) {
    catalog = Promise.all([api('/v1/teams').catch(() => ({ items: [] })),
      api('/v1/events').catch(() => ({ items: [] })), users()])
      .then(([teams, events, people]) => ({ teams: teams.items || [], events: events.items || [], people }))
      .catch((e) => { catalog = null; throw e; });
  }
  return catalog;
}

function select(name, label, options, value) {
  const id = uid(name);
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('select', { id, name }, h('option', { value: '' }, 'All'),
      options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))));
}

/** The filter form; {@code apply} is called after the filters change. */
export async function form(apply, { withEvent = true } = {}) {
  const f = current();
  const c = await choices();
  const fromId = uid('from');
  const toId = uid('to');
  const reps = [...c.people.values()].filter((u) => u.role === 'rep');
  const el = h('form', { class: 'row', 'aria-label': 'Filters', onsubmit: (e) => {
    e.preventDefault();
    const data = new FormData(el);
    ['from', 'to', 'team', 'owner', 'source', 'event', 'captureMethod'].forEach((k) => {
      const v = data.get(k);
      state[k] = v ? String(v) : undefined;
    });
    apply();
  } },
  h('div', { class: 'field' }, h('label', { for: fromId }, 'From'), h('input', { id: fromId, name: 'from', type: 'date', value: f.from, required: true })),
  h('div', { class: 'field' }, h('label', { for: toId }, 'To'), h('input', { id: toId, name: 'to', type: 'date', value: f.to, required: true })),
  select('team', 'Team', c.teams.map((t) => [t.id, t.name]), f.team),
  select('owner', 'Rep', reps.map((u) => [u.id, u.name || u.email]), f.owner),
  select('source', 'Source', SOURCES.map((s) => [s, s.replace(/_/g, ' ')]), f.source),
  withEvent ? select('event', 'Event', c.events.map((e) => [e.id, e.name]), f.event) : null,
  select('captureMethod', 'Capture method', METHODS.map((m) => [m, m.replace(/_/g, ' ')]), f.captureMethod),
  h('button', { type: 'submit', id: 'apply-filters' }, 'Apply'));
  return el;
}

/**
 * Shown under an empty report: leads stored before the analytics rollups existed (a restore, an import straight into
 * the store) count once the rollups are rebuilt; an admin can do it here, a manager is told whom to ask.
 */
export function emptyHint(me, again) {
  const text = 'Leads stored before the analytics figures were kept (a restore, an import straight into the store) '
    + 'count once the figures are rebuilt';
  if (me.role !== 'admin') return h('p', { class: 'muted', id: 'rebuild-hint' }, text + ': ask an admin.');
  const out = h('span', {});
  const button = h('button', { type: 'button', class: 'secondary', id: 'rebuild-analytics', onclick: async () => {
    button.disabled = true;
    out.replaceChildren(h('span', { class: 'muted' }, ' Rebuilding…'));
    try {
      const r = await api('/v1/analytics/rebuild', { method: 'POST', body: {} });
      announce('Analytics rebuilt: ' + r.leads + ' leads over ' + r.days + ' days in ' + r.tookMs + ' ms.');
      await again();
    } catch (e) {
      out.replaceChildren(problemBox(e));
      button.disabled = false;
    }
  } }, 'Rebuild the figures');
  return h('p', { class: 'muted', id: 'rebuild-hint' }, text + '. ', button, out);
}
