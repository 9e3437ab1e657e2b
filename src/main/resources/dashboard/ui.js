// Small DOM helpers: elements built from text (never HTML strings), tables that stack on a phone, problems in words.
import { api, ApiError } from './api.js';

/** An element: h('td', {class: 'num'}, 'text', otherNode). Attributes starting with "on" are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) return;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  });
  children.flat(Infinity).forEach((c) => {
    if (c === undefined || c === null || c === false) return;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
  return el;
}

/** Replaces what {@code el} holds with {@code children} (arrays flattened; null, undefined and false left out). */
export function fill(el, ...children) {
  el.replaceChildren(...children.flat(Infinity).filter((c) => c !== undefined && c !== null && c !== false));
  return el;
}

let ids = 0;
/** A unique id for label/control pairs. */
export function uid(prefix) {
  ids += 1;
  return (prefix || 'id') + '-' + ids;
}

/** Says {@code text} in the polite status line (and to screen readers). */
export function announce(text) {
  const s = document.getElementById('status');
  s.textContent = text;
}

/** A problem in words: the title, the detail, each field error, the request id to quote. */
export function problemBox(err) {
  const p = err instanceof ApiError ? err.problem
    : { title: 'Something went wrong in the page', detail: String((err && err.message) || err) };
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, p.title),
    p.detail ? h('p', {}, p.detail) : null,
    p.errors && p.errors.length
      ? h('ul', { class: 'plain' }, p.errors.map((e) => h('li', {}, e.field + ': ' + e.message))) : null,
    p.code || p.requestId
      ? h('p', { class: 'muted' }, [p.code ? 'Code ' + p.code : null, p.requestId ? 'request ' + p.requestId : null]
        .filter(Boolean).join(', ')) : null);
}

/**
 * A table: columns are {label, value(row) -> text or node, num?}. On a phone each row stacks as a card labelled by
 * its column names.
 */
export function table({ caption, columns, rows, empty, id }) {
  if (!rows || rows.length === 0) {
    return h('p', { class: 'empty', id }, empty || 'Nothing here.');
  }
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'stack', id },
      caption ? h('caption', {}, caption) : null,
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.map((r) => h('tr', { dataset: r.id ? { id: r.id } : undefined },
        columns.map((c) => {
          const v = c.value(r);
          return h('td', { class: c.num ? 'num' : null, 'data-label': c.label }, v === undefined || v === null ? '' : v);
        }))))));
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const rel = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

export function fmtTime(iso) {
  return iso ? timeFormat.format(new Date(iso)) : '';
}

/** "5 minutes ago", "in 20 minutes", with the exact time as a tooltip. */
export function relTime(iso) {
  if (!iso) return '';
  const s = (new Date(iso).getTime() - Date.now()) / 1000;
  const a = Math.abs(s);
  const [v, u] = a < 60 ? [s, 'second'] : a < 3600 ? [s / 60, 'minute'] : a < 86400 ? [s / 3600, 'hour'] : [s / 86400, 'day'];
  return h('time', { datetime: iso, title: fmtTime(iso) }, rel.format(Math.round(v), u));
}

export function tag(text, kind) {
  return text ? h('span', { class: 'tag ' + (kind || text) }, text) : '';
}

export function fmtNumber(n, digits) {
  if (n === undefined || n === null || Number.isNaN(n)) return '';
  return Number(n).toLocaleString(undefined, { maximumFractionDigits: digits === undefined ? 1 : digits });
}

export function fmtPercent(rate) {
  return rate === undefined || rate === null ? '' : fmtNumber(rate * 100, 1) + ' %';
}

export function fmtDuration(seconds) {
  if (seconds === undefined || seconds === null) return '';
  if (seconds < 60) return Math.round(seconds) + ' s';
  if (seconds < 3600) return Math.round(seconds / 60) + ' min';
  if (seconds < 86400) return fmtNumber(seconds / 3600, 1) + ' h';
  return fmtNumber(seconds / 86400, 1) + ' d';
}

export function leadLink(id, name) {
  return h('a', { href: '#/leads/' + encodeURIComponent(id) }, name || 'Lead ' + id.slice(0, 8));
}

let people = null;
/** The tenant's users the caller may read, by id (read once per session; null on logout). */
export async function users() {
  if (!people) {
    people = (async () => {
      const map = new Map();
      let after;
      do {
        const page = await api('/v1/users?limit=500' + (after ? '&after=' + encodeURIComponent(after) : ''));
        page.items.forEach((u) => map.set(u.id, u));
        after = page.next;
      } while (after);
      return map;
    })().catch((e) => { people = null; throw e; });
  }
  return people;
}

let settings = null;
/** The tenant's lead settings (statuses and what they mean), read once per session. */
export async function leadSettings() {
  if (!settings) {
    settings = api('/v1/lead-settings').catch((e) => { settings = null; throw e; });
  }
  return settings;
}

export function forgetUsers() {
  people = null;
  settings = null;
}

export function personName(map, id, fallback) {
  if (!id) return fallback || 'Unassigned';
  const u = map.get(id);
  return u ? u.name || u.email : id.slice(0, 8);
}

/** Reps the caller may give a lead to: an admin any active rep, a manager the reps of the teams they manage. */
export function assignableReps(map, me) {
  const managed = new Set((me.managedTeams || []).map((t) => t.id));
  return [...map.values()]
    .filter((u) => u.role === 'rep' && !u.disabled)
    .filter((u) => me.role === 'admin' || (u.teamIds || []).some((t) => managed.has(t)))
    .sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
}

/**
 * One-click reassignment: a labelled list of reps and a button; on success it says so and calls {@code done}.
 */
export function reassignControl(lead, reps, done) {
  const id = uid('reassign');
  const select = h('select', { id, name: 'ownerId' },
    h('option', { value: '' }, 'Choose a rep…'),
    reps.filter((r) => r.id !== lead.ownerId).map((r) => h('option', { value: r.id }, r.name || r.email)));
  const out = h('span', {});
  const button = h('button', { type: 'button', class: 'secondary', onclick: async () => {
    if (!select.value) {
      out.replaceChildren(h('span', { class: 'muted' }, 'Choose a rep first.'));
      select.focus();
      return;
    }
    button.disabled = true;
    const to = select.options[select.selectedIndex].text;
    try {
      await api('/v1/leads/' + encodeURIComponent(lead.id) + '/assign', { method: 'POST',
        body: { ownerId: select.value, reason: 'reassigned from the dashboard' } });
      announce((lead.name || 'The lead') + ' reassigned to ' + to + '.');
      out.replaceChildren();
      if (done) await done();
    } catch (e) {
      out.replaceChildren(problemBox(e));
    } finally {
      button.disabled = false;
    }
  } }, 'Reassign');
  return h('div', { class: 'reassign' },
    h('label', { for: id, class: 'visually-hidden' }, 'Reassign ' + (lead.name || 'lead') + ' to'),
    select, button, out);
}

export function leadName(l) {
  const name = [l.firstName, l.lastName].filter(Boolean).join(' ');
  if (name) return l.company ? name + ' (' + l.company + ')' : name;
  return l.company || l.email || l.phone || 'Lead ' + l.id.slice(0, 8);
}

/** Downloads what {@code path} answers (with the session's token) as a file named {@code name}. */
export async function download(path, name) {
  const res = await api(path, { raw: true, accept: 'text/csv' });
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  announce('Downloaded ' + name + '.');
}
