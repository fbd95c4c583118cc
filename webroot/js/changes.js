// One complaint change can reach a tab twice: as a dashboard frame and as the user's own notification.
// Both are reduced to the same key (kind, complaint, new status or assignee) and only the first one within
// a few seconds is toasted.
import { t } from './i18n.js';

const WINDOW_MS = 5000;
const KINDS = { new_complaint: 'newComplaintToast', status_update: 'statusToast', assignment_update: 'assignToast' };

export class RecentChanges {
  constructor() {
    this.seen = new Map();
  }

  /** Returns true when the key was not seen in the last few seconds, and remembers it. */
  first(key) {
    const now = Date.now();
    this.seen.forEach((at, old) => { if (now - at > WINDOW_MS) this.seen.delete(old); });
    if (key === null) return true;
    if (this.seen.has(key)) return false;
    this.seen.set(key, now);
    return true;
  }
}

function key(kind, complaintId, status, assigneeId) {
  if (!KINDS[kind] || complaintId === undefined || complaintId === null) return null;
  const detail = kind === 'status_update' ? status : kind === 'assignment_update' ? assigneeId : '';
  return `${kind}:${complaintId}:${detail ?? ''}`;
}

export function frameKey(frame) {
  const c = frame.data || {};
  return key(frame.type, c.id, c.status, c.assignee_id);
}

export function notificationKey(row) {
  const d = row.data || {};
  return key(row.type, d.complaint_id, d.new_status ?? d.status, d.new_assignee_id);
}

export function isComplaintFrame(frame) {
  return Boolean(KINDS[frame.type]) && Boolean(frame.data);
}

/** [title, message] of the toast for a dashboard frame, in the user's language. */
export function frameToast(frame) {
  const c = frame.data;
  const title = `${t(KINDS[frame.type])} #${c.id}`;
  if (frame.type === 'status_update') return [title, `${c.hostel} · ${t(c.status)}`];
  if (frame.type === 'assignment_update') return [title, `${c.hostel} · ${c.assignee_name || ''}`];
  return [title, `${c.hostel} · ${t(c.severity)}`];
}
