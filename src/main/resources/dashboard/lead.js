// Lead detail: the fields, the score and its explanation, assignments, history, activities, tasks and attachments
// (thumbnails fetched with the token and shown from blob: URLs).
import { api, query } from './api.js';
import { h, fill, table, relTime, tag, users, personName, assignableReps, reassignControl, leadName, problemBox,
  fmtTime } from './ui.js';

function settle(promise) {
  return promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}

const FIELDS = [
  ['Company', (l) => l.company], ['Title', (l) => l.title], ['E-mail', (l) => l.email],
  ['Phone', (l) => l.phone], ['Status', (l) => l.status], ['Source', (l) => l.source],
  ['Campaign', (l) => l.campaign], ['Capture method', (l) => l.captureMethod],
  ['Captured (phone time)', (l) => fmtTime(l.capturedAt)], ['Received', (l) => fmtTime(l.receivedAt)],
  ['Country', (l) => [l.city, l.region, l.country].filter(Boolean).join(', ')], ['Industry', (l) => l.industry],
  ['Company size', (l) => l.companySize], ['Tags', (l) => (l.tags || []).join(', ')],
  ['BANT', (l) => (l.bant ? Object.entries(l.bant).map(([k, v]) => k + ': ' + v).join(', ') : '')],
];

function summary(a) {
  const d = a.call || a.email || a.meeting || a.visit || a.note || {};
  return d.summary || d.subject || d.text || d.outcome || d.notes || '';
}

export async function render(view, { me, params, isCurrent }) {
  const id = params[0];
  const path = '/v1/leads/' + encodeURIComponent(id);
  const lead = await api(path);
  const [people, history, activities, tasks, attachments, assignments] = await Promise.all([
    settle(users()),
    settle(api(path + '/history?limit=50')),
    settle(api(path + '/activities?limit=50')),
    settle(api('/v1/tasks' + query({ leadId: id, limit: 50 }))),
    settle(api(path + '/attachments')),
    settle(api(path + '/assignments')),
  ]);
  if (!isCurrent()) return;
  const map = people.ok ? people.value : new Map();
  const name = leadName(lead);
  const again = () => render(view, { me, params, isCurrent });
  const list = (r, build) => (r.ok ? build(r.value) : problemBox(r.error));

  const fields = h('dl', { class: 'fields' }, FIELDS.map(([label, get]) => {
    const v = get(lead);
    return v ? [h('dt', {}, label), h('dd', {}, String(v))] : null;
  }));
  const explanation = (lead.scoreExplanation || []).length
    ? h('ul', { class: 'plain', id: 'score-explanation' }, lead.scoreExplanation.map((line) => h('li', {}, line)))
    : h('p', { class: 'empty' }, 'No rule gave points.');

  const thumbs = h('div', { class: 'thumbs' });
  fill(view,
    h('h1', {}, name),
    h('p', {}, tag(lead.temperature), ' score ', h('strong', {}, String(lead.score ?? '–')),
      ' · owner ', h('strong', {}, personName(map, lead.ownerId)), ' · version ', String(lead.version)),
    reassignControl({ id: lead.id, name, ownerId: lead.ownerId }, assignableReps(map, me), again),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'fields-title' }, h('h2', { id: 'fields-title' }, 'Fields'), fields),
      h('section', { class: 'card', 'aria-labelledby': 'score-title' },
        h('h2', { id: 'score-title' }, 'Why this score'), explanation),
      h('section', { class: 'card', 'aria-labelledby': 'activities-title' },
        h('h2', { id: 'activities-title' }, 'Activities'),
        list(activities, (p) => table({ id: 'activities', empty: 'No activity yet.', rows: p.items, columns: [
          { label: 'When', value: (a) => relTime(a.occurredAt) },
          { label: 'Type', value: (a) => a.type },
          { label: 'By', value: (a) => personName(map, a.userId) },
          { label: 'What', value: summary },
        ] }))),
      h('section', { class: 'card', 'aria-labelledby': 'tasks-title' },
        h('h2', { id: 'tasks-title' }, 'Tasks'),
        list(tasks, (p) => table({ id: 'tasks', empty: 'No task.', rows: p.items, columns: [
          { label: 'Task', value: (t) => t.title },
          { label: 'Assignee', value: (t) => personName(map, t.assigneeId) },
          { label: 'Due', value: (t) => relTime(t.dueAt) },
          { label: 'Status', value: (t) => t.status },
        ] }))),
      h('section', { class: 'card', 'aria-labelledby': 'assign-title' },
        h('h2', { id: 'assign-title' }, 'Assignments'),
        list(assignments, (p) => table({ id: 'assignments', empty: 'Never assigned.', rows: p.items, columns: [
          { label: 'When', value: (a) => relTime(a.at) },
          { label: 'To', value: (a) => personName(map, a.ownerId, a.queue ? 'queue ' + a.queue : 'Unassigned') },
          { label: 'Why', value: (a) => a.reason },
        ] }))),
      h('section', { class: 'card', 'aria-labelledby': 'history-title' },
        h('h2', { id: 'history-title' }, 'History'),
        list(history, (p) => table({ id: 'history', empty: 'No history.', rows: p.items, columns: [
          { label: 'When', value: (e) => relTime(e.at) },
          { label: 'What', value: (e) => e.action },
          { label: 'By', value: (e) => personName(map, e.by, e.by) },
          { label: 'Changes', value: (e) => (e.changes || []).map((c) => c.field).join(', ') },
        ] }))),
      h('section', { class: 'card', 'aria-labelledby': 'attachments-title' },
        h('h2', { id: 'attachments-title' }, 'Attachments'),
        list(attachments, (p) => (p.items.length ? thumbs : h('p', { class: 'empty' }, 'No photo or voice note.'))))));
  if (attachments.ok) {
    attachments.value.items.forEach((a) => thumbs.append(attachment(path, a)));
  }
}

function attachment(path, a) {
  const caption = h('figcaption', {}, a.kind + ', ' + Math.round(a.size / 1024) + ' KB');
  const figure = h('figure', {}, caption);
  if (a.thumbnail) {
    api(path + '/attachments/' + encodeURIComponent(a.id) + '/thumbnail', { raw: true, accept: 'image/jpeg' })
      .then((res) => res.blob())
      .then((blob) => figure.prepend(h('img', { src: URL.createObjectURL(blob), alt: a.kind + ' attachment' })))
      .catch((e) => figure.append(problemBox(e)));
  }
  return figure;
}
