// Bootstraps the dashboard: login, routing, the live connection and the notification centre.
import * as api from './api.js';
import * as session from './session.js';
import { t, language, setLanguage } from './i18n.js';
import { translateStatic } from './dom.js';
import { toast } from './toasts.js';
import { Live } from './live.js';
import { Centre } from './centre.js';
import { RecentChanges, frameKey, notificationKey, isComplaintFrame, frameToast } from './changes.js';
import { DetailView, NewView } from './complaints.js';
import { QueueView } from './queue.js';
import { PeopleView } from './people.js';
import { AdminView } from './admin.js';
import { SystemView } from './system.js';
import { PreferencesView, localSwitch } from './preferences.js';

const notify = (err) => toast('error', t(err?.key || 'genericError'));
const confirm = (message) => toast('info', message);
let running = null;

class Dashboard {
  constructor({ token, user }) {
    this.token = token;
    this.user = user;
    this.main = document.getElementById('main');
    this.view = null;
    this.state = 'offline';
    this.recent = new RecentChanges();
    this.live = new Live(token, () => this.centre.lastId(), {
      onState: (state) => this.showState(state),
      onNotification: (row) => this.notification(row),
      onUnreadCount: (count) => this.centre.setUnread(count),
      onUpdate: (update) => this.centre.updated(update),
      onDashboard: (frame) => this.dashboardFrame(frame),
      onTelegramLink: (link) => this.view?.onTelegramLink?.(link),
      onSignedOut: () => expire()
    });
    this.centre = new Centre(this.live, notify);
  }

  async start() {
    document.getElementById('login-view').hidden = true;
    document.getElementById('app-view').hidden = false;
    document.querySelectorAll('[data-role]').forEach((node) => { node.hidden = node.dataset.role !== this.user.role; });
    this.centre.bind();
    this.expiry = setTimeout(() => expire(), Math.max(0, session.expiresAt(this.token) - Date.now()));
    window.onhashchange = () => this.route();
    await this.centre.load();
    this.live.start();
    this.route();
  }

  stop() {
    clearTimeout(this.expiry);
    this.view?.stop?.();
    window.onhashchange = null;
    this.live.stop();
  }

  route() {
    const hash = (location.hash || '#/complaints').split('?')[0];
    const detail = hash.match(/^#\/complaints\/(\d+)$/);
    const admin = this.user.role === 'admin';
    this.view?.stop?.();
    if (detail) this.view = new DetailView(this.main, notify, this.user, Number(detail[1]));
    else if (hash === '#/new') this.view = new NewView(this.main, notify);
    else if (hash === '#/admin' && admin) this.view = new AdminView(this.main, notify, confirm);
    else if (hash === '#/people' && admin) this.view = new PeopleView(this.main, notify, confirm);
    else if (hash === '#/system' && admin) this.view = new SystemView(this.main, notify);
    else if (hash === '#/preferences') this.view = new PreferencesView(this.main, notify, confirm, showLanguage);
    else this.view = new QueueView(this.main, notify, this.user);
    document.querySelectorAll('#sidebar a').forEach((a) => a.classList.toggle('active', hash === a.getAttribute('href') || hash.startsWith(a.getAttribute('href') + '/')));
    document.getElementById('sidebar').classList.remove('open');
    Promise.resolve(this.view.show()).catch(notify);
  }

  showState(state) {
    // complaint frames are not replayed: after an outage the open view reloads what it shows
    if (state === 'connected' && this.state !== 'connected' && this.everConnected) this.view?.onReconnect?.();
    this.everConnected ||= state === 'connected';
    this.state = state;
    const indicator = document.getElementById('connection');
    indicator.dataset.state = state;
    indicator.textContent = t(state);
  }

  dashboardFrame(frame) {
    this.view?.onEvent(frame);
    if (this.user.role === 'student' || !isComplaintFrame(frame) || !this.recent.first(frameKey(frame))) return;
    toast(frame.type, ...frameToast(frame));
  }

  notification(row) {
    if (!this.centre.add(row)) return;
    if (this.recent.first(notificationKey(row))) toast(row.type, row.title, row.message);
    if (localSwitch('browser') && 'Notification' in window && Notification.permission === 'granted' && document.hidden) {
      new Notification(row.title, { body: row.message });
    }
    if (localSwitch('sound')) beep();
  }
}

function beep() {
  const audio = new AudioContext();
  const tone = audio.createOscillator();
  tone.connect(audio.destination);
  tone.start();
  tone.stop(audio.currentTime + 0.15);
  tone.onended = () => audio.close();
}

function showLogin(messageKey) {
  document.getElementById('app-view').hidden = true;
  document.getElementById('login-view').hidden = false;
  const message = document.getElementById('login-message');
  message.textContent = messageKey ? t(messageKey) : '';
}

function stopRunning() {
  running?.stop();
  running = null;
}

function expire() {
  stopRunning();
  session.clear();
  showLogin('sessionExpired');
}

async function login(event) {
  event.preventDefault();
  const username = document.getElementById('login-username').value.trim();
  const password = document.getElementById('login-password').value;
  try {
    const { access_token: token } = await api.post('/auth/login', { username, password });
    session.save(token, {});
    const me = await api.get('/auth/me');
    session.save(token, me);
    if (me.locale && me.locale !== language()) showLanguage(me.locale);
    document.getElementById('login-password').value = '';
    await enter(session.current());
  } catch (err) {
    session.clear();
    showLogin(err.status === 401 || err.status === 400 ? 'badLogin' : err.key);
  }
}

async function enter(current) {
  stopRunning();
  running = new Dashboard(current);
  await running.start();
}

/** Shows the dashboard in `lang` (the language button, the preferences page, the account's language at sign-in). */
function showLanguage(lang) {
  setLanguage(lang);
  translateStatic();
  if (running) {
    running.showState(running.state);
    running.centre.render();
    running.route();
  }
}

/** The language button: signed in, it also becomes the account's language, which Herald's mails and messages use. */
function switchLanguage() {
  const lang = language() === 'en' ? 'el' : 'en';
  showLanguage(lang);
  if (!running) return;
  const { token } = running;
  api.patch('/auth/me', { locale: lang }).then((me) => session.save(token, me)).catch(notify);
}

function bindShell() {
  document.getElementById('login-form').addEventListener('submit', login);
  document.querySelectorAll('.lang-toggle').forEach((b) => b.addEventListener('click', switchLanguage));
  document.getElementById('sign-out').addEventListener('click', () => { stopRunning(); session.clear(); showLogin(); });
  const sidebar = document.getElementById('sidebar');
  document.getElementById('menu-toggle').addEventListener('click', (e) => {
    e.currentTarget.setAttribute('aria-expanded', String(sidebar.classList.toggle('open')));
  });
  window.addEventListener('herald:expired', expire);
  window.addEventListener('pagehide', stopRunning);
  window.addEventListener('storage', (e) => { if (e.key === 'herald.session' && !e.newValue && running) expire(); });
}

function exposeForTests() {
  Object.assign(window.__herald, {
    connection: () => running?.state ?? 'offline',
    forceReconnect: () => running?.live.drop(),
    handlers: () => running?.live.subscriptions() ?? 0,
    transport: () => running?.live.client?.transport ?? null
  });
}

setLanguage(language());
translateStatic();
bindShell();
exposeForTests();
const saved = session.current();
if (saved && session.expiresAt(saved.token) > Date.now()) enter(saved).catch(() => expire());
else showLogin(saved ? 'sessionExpired' : null);
