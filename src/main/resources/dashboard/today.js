// Today: hot leads and their owners, the unassigned queue, SLA breaches and what is due in the next hour, each with
// one-click reassignment. Everything is read in parallel; the time to the first full view is kept in
// window.fieldleadTimings.today (milliseconds) and shown under the title.
import { api, query } from './api.js';
import { h, fill, table, relTime, tag, leadLink, users, personName, assignableReps, reassignControl, leadName,
  problemBox, fmtTime, leadSettings } from './ui.js';

const HOUR = 3600 * 1000;
// the first screenful of each list: the most urgent; the lead list and the SLA report have the rest
const HOT = 15;
const QUEUE = 15;
const CLOCKS = 10;

/** Settles {@code promise} into {ok, value} or {ok: false, error}, so one failing list does not hide the others. */
function settle(promise) {
  return promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}

export async function render(view, { me, isCurrent }) {
  const started = performance.now();
  const now = new Date();
  // hot leads still open (the tenant's open statuses; read once per session)
  const open = leadSettings().then((s) => s.statuses.filter((x) => x.meaning === 'open').map((x) => x.key).join(','));
  const [people, hot, queue, sla, tasks] = await Promise.all([
    settle(users()),
    settle(open.then((status) => api('/v1/leads' + query({ temperature: 'hot', status, sort: '-score', limit: HOT })))),
    settle(api('/v1/leads' + query({ unassigned: true, sort: '-createdAt', limit: QUEUE }))),
    settle(api('/v1/sla/open' + query({ dueWithinMinutes: 60, limit: CLOCKS }))),
    settle(api('/v1/tasks' + query({ status: 'open', dueFrom: now.toISOString(),
      dueTo: new Date(now.getTime() + HOUR).toISOString(), limit: 50 }))),
  ]);
  if (!isCurrent()) return;
  const map = people.ok ? people.value : new Map();
  const reps = assignableReps(map, me);
  const again = () => render(view, { me, isCurrent });

  const withReassign = (row) => reassignControl({ id: row.id, name: row.name, ownerId: row.ownerId }, reps, again);
  const section = (id, title, result, build) => h('section', { class: 'card wide', 'aria-labelledby': id },
    h('h2', { id }, title), result.ok ? build(result.value) : problemBox(result.error));

  const hotSection = section('hot-title', 'Hot leads', hot, (page) => table({
    id: 'hot-leads',
    empty: 'No hot leads right now.',
    rows: page.items.map((l) => ({ ...l, name: leadName(l) })),
    columns: [
      { label: 'Lead', value: (l) => leadLink(l.id, l.name) },
      { label: 'Score', num: true, value: (l) => l.score },
      { label: 'Owner', value: (l) => personName(map, l.ownerId) },
      { label: 'Status', value: (l) => l.status },
      { label: 'Source', value: (l) => (l.source || '').replace(/_/g, ' ') },
      { label: 'Captured', value: (l) => relTime(l.capturedAt || l.createdAt) },
      { label: 'Reassign', value: withReassign },
    ],
  }));
  const narrow = (el) => { el.classList.remove('wide'); return el; };
  const queueSection = section('queue-title', 'Unassigned queue', queue, (page) => table({
    id: 'unassigned',
    empty: 'The unassigned queue is empty.',
    rows: page.items.map((l) => ({ ...l, name: leadName(l) })),
    columns: [
      { label: 'Lead', value: (l) => leadLink(l.id, l.name) },
      { label: 'Temperature', value: (l) => tag(l.temperature) },
      { label: 'Source', value: (l) => l.source },
      { label: 'Waiting since', value: (l) => relTime(l.createdAt) },
      { label: 'Assign', value: withReassign },
    ],
  }));
  const clockRows = (list) => list.map((c) => ({ ...c, id: c.leadId, name: c.leadName }));
  const breachSection = section('breach-title', 'SLA breaches', sla, (open) => table({
    id: 'sla-breaches',
    caption: open.breached.length >= CLOCKS ? 'The ' + CLOCKS + ' most recently due' : null,
    empty: 'No open lead is past its speed-to-lead time.',
    rows: clockRows(open.breached),
    columns: [
      { label: 'Lead', value: (c) => leadLink(c.leadId, c.leadName) },
      { label: 'Temperature', value: (c) => tag(c.temperature) },
      { label: 'Owner', value: (c) => personName(map, c.ownerId) },
      { label: 'Was due', value: (c) => relTime(c.dueAt) },
      { label: 'Reassign', value: withReassign },
    ],
  }));
  const dueSection = h('section', { class: 'card', 'aria-labelledby': 'due-title' },
    h('h2', { id: 'due-title' }, 'Due in the next hour'),
    sla.ok ? table({
      id: 'sla-due',
      caption: 'First contacts due',
      empty: 'No first contact is due in the next hour.',
      rows: clockRows(sla.value.dueSoon),
      columns: [
        { label: 'Lead', value: (c) => leadLink(c.leadId, c.leadName) },
        { label: 'Owner', value: (c) => personName(map, c.ownerId) },
        { label: 'Due', value: (c) => relTime(c.dueAt) },
        { label: 'Reassign', value: withReassign },
      ],
    }) : problemBox(sla.error),
    tasks.ok ? table({
      id: 'tasks-due',
      caption: 'Follow-up tasks due',
      empty: 'No follow-up task is due in the next hour.',
      rows: tasks.value.items,
      columns: [
        { label: 'Task', value: (t) => t.title },
        { label: 'Lead', value: (t) => (t.leadId ? leadLink(t.leadId, 'Open lead') : '') },
        { label: 'Assignee', value: (t) => personName(map, t.assigneeId) },
        { label: 'Due', value: (t) => relTime(t.dueAt) },
      ],
    }) : problemBox(tasks.error));

  const elapsed = Math.round(performance.now() - started);
  fill(view,
    h('h1', {}, 'Today'),
    h('div', { class: 'row' },
      h('p', { class: 'muted', id: 'today-loaded', dataset: { ms: String(elapsed) } },
        'As of ' + fmtTime(now.toISOString()) + ' (read in ' + elapsed + ' ms).'),
      h('button', { type: 'button', class: 'secondary', onclick: again }, 'Refresh')),
    people.ok ? null : problemBox(people.error),
    h('div', { class: 'grid' }, hotSection, breachSection, narrow(queueSection), dueSection));
  window.fieldleadTimings = { ...(window.fieldleadTimings || {}), today: elapsed };
  // Navigation Timing's clock: the browser test reads document load, login and this view from one origin
  if (!performance.getEntriesByName('today-drawn').length) performance.mark('today-drawn');
}
