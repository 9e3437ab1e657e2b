// Devices: the fleet's sync state (stale phones, app versions, pending rejections) and the conflict and rejection
// inboxes, with resolve (keep mine / keep theirs) and dismiss.
import { api, query } from './api.js';
import { h, fill, table, relTime, tag, leadLink, users, personName, problemBox, announce, fmtDuration, uid } from './ui.js';

const STALE_HOURS = 24;

function settle(promise) {
  return promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error }));
}

function show(value) {
  if (value === undefined) return '(none)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export async function render(view, { me, isCurrent }) {
  const onlyStale = view.dataset.onlyStale === 'true';
  const [people, devices, conflicts, rejections] = await Promise.all([
    settle(users()),
    settle(api('/v1/sync/devices' + query({ limit: 500, staleFor: onlyStale ? 'PT' + STALE_HOURS + 'H' : null }))),
    settle(api('/v1/sync/conflicts' + query({ status: 'open', limit: 100 }))),
    settle(api('/v1/sync/rejections' + query({ status: 'open', limit: 100 }))),
  ]);
  if (!isCurrent()) return;
  const map = people.ok ? people.value : new Map();
  const again = () => render(view, { me, isCurrent });
  const staleBefore = Date.now() - STALE_HOURS * 3600 * 1000;
  const isStale = (d) => !d.lastSyncAt || new Date(d.lastSyncAt).getTime() < staleBefore;

  const act = (label, path, body, done) => {
    const button = h('button', { type: 'button', class: 'secondary', onclick: async () => {
      button.disabled = true;
      try {
        await api(path, { method: 'POST', body });
        announce(done);
        await again();
      } catch (e) {
        button.after(problemBox(e));
        button.disabled = false;
      }
    } }, label);
    return button;
  };

  const filterId = uid('stale');
  const filter = h('div', { class: 'row check' },
    h('input', { type: 'checkbox', id: filterId, checked: onlyStale, onchange: (e) => {
      view.dataset.onlyStale = String(e.target.checked);
      again();
    } }),
    h('label', { for: filterId }, 'Only phones silent for ' + STALE_HOURS + ' hours or more'));

  const fleet = h('section', { class: 'card', 'aria-labelledby': 'fleet-title' },
    h('h2', { id: 'fleet-title' }, 'Phones'), filter,
    devices.ok ? [
      versions(devices.value.items),
      table({
        id: 'devices',
        empty: onlyStale ? 'No phone has been silent that long.' : 'No phone has synced yet.',
        rows: devices.value.items.map((d) => ({ ...d, id: d.deviceId })),
        columns: [
          { label: 'Rep', value: (d) => personName(map, d.userId) },
          { label: 'Device', value: (d) => h('code', {}, d.deviceId.slice(0, 12)) },
          { label: 'Last sync', value: (d) => [relTime(d.lastSyncAt) || 'never', ' ',
            isStale(d) ? tag('stale', 'stale') : ''] },
          { label: 'Checkpoint age', num: true, value: (d) => fmtDuration(d.checkpointAgeSeconds) },
          { label: 'App version', value: (d) => d.appVersion || '' },
          { label: 'Protocol', num: true, value: (d) => d.protocolVersion },
          { label: 'Pending rejections', num: true, value: (d) => d.pendingRejections || 0 },
        ],
      })] : problemBox(devices.error));

  const conflictSection = h('section', { class: 'card', 'aria-labelledby': 'conflicts-title' },
    h('h2', { id: 'conflicts-title' }, 'Open conflicts'),
    conflicts.ok ? table({
      id: 'conflicts',
      empty: 'No open conflict.',
      rows: conflicts.value.items,
      columns: [
        { label: 'Rep', value: (r) => personName(map, r.userId) },
        { label: 'Record', value: (r) => (r.conflict && r.conflict.entityType === 'lead'
          ? leadLink(r.conflict.entityId, 'Lead ' + r.conflict.entityId.slice(0, 8))
          : (r.conflict ? r.conflict.entityType + ' ' + r.conflict.entityId.slice(0, 8) : '')) },
        { label: 'Field', value: (r) => r.conflict && r.conflict.field },
        { label: 'Phone had', value: (r) => r.conflict && show(r.conflict.mine) },
        { label: 'Server had', value: (r) => r.conflict && show(r.conflict.theirs) },
        { label: 'Kept', value: (r) => r.conflict && r.conflict.kept },
        { label: 'When', value: (r) => relTime(r.at) },
        { label: 'Action', value: (r) => h('div', { class: 'reassign' },
          act('Keep phone’s', '/v1/sync/conflicts/' + r.id + '/resolve', { keep: 'mine' }, 'Conflict resolved: the phone’s value kept.'),
          act('Keep server’s', '/v1/sync/conflicts/' + r.id + '/resolve', { keep: 'theirs' }, 'Conflict resolved: the server’s value kept.'),
          act('Dismiss', '/v1/sync/conflicts/' + r.id + '/dismiss', undefined, 'Conflict dismissed.')) },
      ],
    }) : problemBox(conflicts.error));

  const rejectionSection = h('section', { class: 'card', 'aria-labelledby': 'rejections-title' },
    h('h2', { id: 'rejections-title' }, 'Rejected changes'),
    rejections.ok ? table({
      id: 'rejections',
      empty: 'No rejected change waits for review.',
      rows: rejections.value.items,
      columns: [
        { label: 'Rep', value: (r) => personName(map, r.userId) },
        { label: 'Change', value: (r) => (r.mutation ? (r.mutation.entityType || '') + ' ' + (r.mutation.op || '') : '') },
        { label: 'Why', value: (r) => [r.code, ...(r.errors || []).map((e) => (e.field ? e.field + ': ' : '') + (e.message || e.code || ''))]
          .filter(Boolean).join('; ') },
        { label: 'When', value: (r) => relTime(r.at) },
        { label: 'Action', value: (r) => act('Dismiss', '/v1/sync/rejections/' + r.id + '/dismiss', undefined, 'Rejection dismissed.') },
      ],
    }) : problemBox(rejections.error));

  fill(view, h('h1', {}, 'Devices'), people.ok ? null : problemBox(people.error),
    h('div', { class: 'stacked' }, fleet, conflictSection, rejectionSection));
}

/** How many phones run each app version. */
function versions(items) {
  const counts = new Map();
  items.forEach((d) => counts.set(d.appVersion || 'unknown', (counts.get(d.appVersion || 'unknown') || 0) + 1));
  if (counts.size === 0) return null;
  return h('p', { id: 'app-versions' }, 'App versions: ',
    [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([v, n]) => v + ' (' + n + ')').join(', '));
}
