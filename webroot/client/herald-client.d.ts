// Type declarations of herald-client (herald-client.js); the API is described in Herald's docs/client.md.

/** A token, or a function giving one (or a promise of one); a function is called again before expiry. */
export type TokenSource = string | (() => string | Promise<string>);

export type HeraldState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface HeraldStateDetail {
  /** Close code that caused the change: 4401 not authenticated, 4403 revoked, 4408 idle, 4429 too slow, 1001 node shutting down, 1013 try again later. */
  code?: number;
  reason?: string;
  /** Reconnect attempt number while `reconnecting`. */
  attempt?: number;
  /** Transport in use once `open`: a SockJS transport name or `raw-websocket`. */
  transport?: string | null;
}

/** A notification's `data`: for the complaint notification types, `complaint_id`, `status`, `severity`, `hostel`, `priority`, ... */
export interface HeraldNotificationData {
  complaint_id?: number;
  [field: string]: unknown;
}

/** A notification row as Herald's inbox returns it (a live one carries a few more fields). */
export interface HeraldNotification {
  id: number;
  user_id: number;
  title: string;
  message: string;
  type: string;
  data: HeraldNotificationData;
  link: string | null;
  read_at: string | null;
  created_at: string;
  [field: string]: unknown;
}

export interface HeraldNotificationUpdate {
  /** The notification's id; for `all_read` null (or absent when this client marked them over REST). */
  notification_id?: number | null;
  status: 'read' | 'deleted' | 'all_read';
}

/** A complaint frame: `new_complaint`, `status_update` or `assignment_update`, visible to the user's role. */
export interface HeraldComplaintFrame {
  type: 'new_complaint' | 'status_update' | 'assignment_update';
  data: { id: number; status: string; severity?: string; hostel?: string; reporter_id?: number; assignee_id?: number | null; [field: string]: unknown };
}

/** The user's own Telegram chat was linked (since `linked_at`) or unlinked (`linked_at` null). */
export interface HeraldTelegramLink {
  linked: boolean;
  linked_at: string | null;
}

export interface HeraldEvents {
  notification: (row: HeraldNotification) => void;
  unread_count: (count: number) => void;
  notification_update: (update: HeraldNotificationUpdate) => void;
  telegram_link: (link: HeraldTelegramLink) => void;
  state: (state: HeraldState, detail: HeraldStateDetail) => void;
  complaint: (frame: HeraldComplaintFrame) => void;
}

export interface HeraldClientOptions {
  /** Herald's base URL, e.g. `https://herald.example.org`; empty for the page's own origin. */
  baseUrl?: string;
  token: TokenSource;
  /** `sockjs` (default): the SockJS event-bus bridge at /eventbus; `websocket`: the raw protocol at /ws/notifications. */
  transport?: 'sockjs' | 'websocket';
  /** The SockJS constructor (e.g. `import SockJS from 'sockjs-client'`); default `window.SockJS` or Herald's copy. */
  SockJS?: unknown;
  /** Options handed to `new SockJS(url, null, options)`, e.g. `{ transports: ['xhr-streaming'] }`. */
  sockjsOptions?: Record<string, unknown>;
  /** Resume from this id when nothing is stored yet (default: the newest id in the inbox). */
  lastId?: number | null;
  /** One connection shared by the user's tabs (default true, where BroadcastChannel and Web Locks exist). */
  shareConnection?: boolean;
  /** Where the last seen id is kept per user (default `localStorage`); `null` keeps it in this client's memory only. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export interface HeraldClient {
  readonly state: HeraldState;
  /** True in the tab that holds the shared connection. */
  readonly isLeader: boolean;
  /** Transport of the current connection (diagnostics). */
  readonly transport: string | null;
  /** Addresses the current connection listens to (diagnostics). */
  readonly subscriptions: string[];
  /** Adds a listener; returns a function that removes it. Throws a TypeError for an unknown event. */
  on<E extends keyof HeraldEvents>(event: E, fn: HeraldEvents[E]): () => void;
  off<E extends keyof HeraldEvents>(event: E, fn: HeraldEvents[E]): void;
  markRead(id: number): Promise<void>;
  markAllRead(): Promise<void>;
  unreadCount(): Promise<number>;
  /** Drops the connection and connects again after a short backoff; does nothing unless this tab holds the connection, or once closed. */
  reconnect(): void;
  /** Stops every timer, socket, tab channel and listener; emits `state` `closed` last. */
  close(): void;
}

/** Creates a client and starts connecting. Throws a TypeError without a token, or for a transport other than `sockjs` or `websocket`. */
export function createHeraldClient(options: HeraldClientOptions): HeraldClient;
