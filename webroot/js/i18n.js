// Every string the dashboard shows, in English and Greek.
const STRINGS = {
  en: {
    appName: 'Herald', signIn: 'Sign in', username: 'Username', password: 'Password', signOut: 'Sign out',
    badLogin: 'Wrong username or password.', sessionExpired: 'Your session has expired. Please sign in again.',
    genericError: 'Something went wrong. Please try again.', unavailable: 'The service is unavailable right now.',
    forbidden: 'You are not allowed to do that.', notFound: 'Not found.', conflict: 'That change is not allowed now.',
    invalid: 'Please check the form.',
    complaints: 'Complaints', newComplaint: 'New complaint', admin: 'Admin', preferences: 'Preferences',
    notifications: 'Notifications', menu: 'Menu', language: 'Ελληνικά',
    connected: 'Connected', reconnecting: 'Reconnecting…', offline: 'Offline',
    status: 'Status', severity: 'Severity', hostel: 'Hostel', assignee: 'Assignee (id)', assignedTo: 'Assignee', search: 'Search',
    any: 'Any', apply: 'Apply', loadMore: 'Load more', noComplaints: 'No complaints.',
    open: 'open', in_progress: 'in progress', resolved: 'resolved', rejected: 'rejected',
    low: 'low', medium: 'medium', high: 'high', critical: 'critical',
    category: 'Category', room: 'Room', description: 'Description', submit: 'Submit', created: 'Complaint created.',
    history: 'History', back: 'Back', changeStatus: 'Change status', note: 'Note', save: 'Save',
    assignPorter: 'Assign porter', porter: 'Porter', saved: 'Saved.',
    broadcast: 'Broadcast', title: 'Title', message: 'Message', send: 'Send', sent: 'Sent.',
    telegram: 'Telegram alerts', enabled: 'Enabled', high_severity_only: 'High severity only',
    hostel_specific: 'Alert each hostel\'s own chats', notify_status_updates: 'Alert on status changes',
    rate_limit_minutes: 'Rate-limit window (minutes, 0 = no limit)', rate_limit_count: 'Alerts per chat in each window',
    admin_chat_ids: 'Admin chat ids (comma-separated)', hostel_chat_ids: 'Hostel chat ids (one line per hostel, e.g. Block A: 123, -456)',
    bot: 'Telegram bot', registration: 'Who may sign up with /start', approval: 'Anyone, after an admin enables the account',
    'allow-list': 'Only the chats and usernames listed below', anyone: 'Anyone',
    registration_allow_list: 'Allowed chat ids and @usernames (comma-separated)',
    complaints_per_chat: 'Complaints per chat in each window', complaint_window_minutes: 'Complaint window (minutes, 0 = no limit)',
    badField: 'Please check “{field}”: that value is not accepted.', wsStats: 'WebSocket stats',
    connections: 'Connections', users: 'Users',
    markRead: 'Mark read', markAllRead: 'Mark all read', remove: 'Delete', noNotifications: 'No notifications.',
    close: 'Close', dismiss: 'Dismiss', newComplaintToast: 'New complaint', statusToast: 'Status changed',
    assignToast: 'Assigned', channel: 'Channel', type: 'Type', quietHours: 'Quiet hours', from: 'From', to: 'To',
    timezone: 'Time zone', browserNotifications: 'Browser notifications', sound: 'Sound',
    emailAddress: 'Email address', newEmail: 'New address', saveEmail: 'Save address',
    emailNone: 'No address yet. Herald mails you only once you add one and confirm it.',
    emailVerified: 'Confirmed', emailPending: 'Waiting for confirmation',
    emailPendingHelp: 'We sent a confirmation link to this address. Herald mails you there only after you open it and press Confirm.',
    sendAgain: 'Send the link again', linkSentAgain: 'A new confirmation link is on its way.',
    removeEmail: 'Remove address', emailRemoved: 'Address removed.',
    emailSaved: 'Saved. Open the confirmation link we sent to this address.',
    languageLabel: 'Language', languageHelp: 'The dashboard, and the mails and messages Herald sends you',
    timeZoneHelp: 'Dates in your mails are shown in this zone.',
    timeZoneUnset: 'Not set yet: this browser\'s zone is suggested.',
    personalTelegram: 'Your Telegram', telegramUnavailable: 'This server has no Telegram bot.',
    telegramLinked: 'Your Telegram chat is linked.', linkedSince: 'Linked since {date}.',
    telegramNotLinked: 'No Telegram chat is linked. Link yours to receive your notifications there.',
    linkTelegram: 'Link Telegram', unlinkTelegram: 'Unlink', telegramUnlinked: 'Your Telegram chat is unlinked.',
    openInTelegram: 'Open this link in Telegram and press Start:', orSendCode: 'Or send this message to the bot:',
    sendCode: 'Send this message to the bot:', codeValidUntil: 'The code works until {time}.',
    waitingForBot: 'Waiting for the bot to confirm…', codeExpired: 'The code has expired. Make a new one.',
    telegramNowLinked: 'Your Telegram chat is linked.', cancel: 'Cancel', telegramChannel: 'Telegram',
    new_complaint: 'New complaint', status_update: 'Status update', assignment_update: 'Assignment',
    broadcastType: 'Broadcast', system: 'System', in_app: 'In app', email: 'Email',
    people: 'People', reporter: 'Reporter', age: 'Age', overdue: 'Overdue', overdueOnly: 'Overdue only',
    assignedToMe: 'Assigned to me', sort: 'Sort', bySeverity: 'Severity, then longest waiting', newest: 'Newest first',
    start: 'Start', resolve: 'Resolve', actions: 'Actions', timeline: 'Timeline',
    evCreated: 'reported the complaint', evStatus: 'changed the status', evAssigned: 'assigned',
    displayName: 'Display name', role: 'Role', active: 'Active', disabled: 'Disabled', disable: 'Disable', enable: 'Enable',
    setPassword: 'Set password', newPassword: 'New password (at least 8 characters)', createUser: 'Create user',
    userCreated: 'User created.', noUsers: 'No users.', role_admin: 'admin', role_porter: 'porter',
    role_student: 'student', role_service: 'service', filter: 'Filter', createdAt: 'Created',
    nodes: 'Nodes', node: 'Node', websocket: 'WebSocket', sockjs: 'SockJS', notificationsPerMinute: 'Notifications per minute',
    written: 'Written', pushed: 'Pushed', pushLatency: 'Delivery latency', telegramHealth: 'Telegram',
    outboxDepth: 'Outbox waiting', oldestPending: 'Oldest pending', sentCount: 'Sent', failedCount: 'Failed',
    retriedCount: 'Retried', lastErrors: 'Last errors', busFailures: 'Failed internal requests (this node)',
    telegramFailures: 'Telegram messages given up', none: 'None'
  },
  el: {
    appName: 'Herald', signIn: 'Σύνδεση', username: 'Όνομα χρήστη', password: 'Κωδικός', signOut: 'Αποσύνδεση',
    badLogin: 'Λάθος όνομα χρήστη ή κωδικός.', sessionExpired: 'Η συνεδρία έληξε. Συνδεθείτε ξανά.',
    genericError: 'Κάτι πήγε στραβά. Δοκιμάστε ξανά.', unavailable: 'Η υπηρεσία δεν είναι διαθέσιμη αυτή τη στιγμή.',
    forbidden: 'Δεν επιτρέπεται αυτή η ενέργεια.', notFound: 'Δεν βρέθηκε.', conflict: 'Η αλλαγή δεν επιτρέπεται τώρα.',
    invalid: 'Ελέγξτε τη φόρμα.',
    complaints: 'Παράπονα', newComplaint: 'Νέο παράπονο', admin: 'Διαχείριση', preferences: 'Προτιμήσεις',
    notifications: 'Ειδοποιήσεις', menu: 'Μενού', language: 'English',
    connected: 'Συνδεδεμένο', reconnecting: 'Επανασύνδεση…', offline: 'Εκτός σύνδεσης',
    status: 'Κατάσταση', severity: 'Σοβαρότητα', hostel: 'Εστία', assignee: 'Υπεύθυνος (id)', assignedTo: 'Υπεύθυνος', search: 'Αναζήτηση',
    any: 'Όλα', apply: 'Εφαρμογή', loadMore: 'Περισσότερα', noComplaints: 'Κανένα παράπονο.',
    open: 'ανοιχτό', in_progress: 'σε εξέλιξη', resolved: 'επιλύθηκε', rejected: 'απορρίφθηκε',
    low: 'χαμηλή', medium: 'μέτρια', high: 'υψηλή', critical: 'κρίσιμη',
    category: 'Κατηγορία', room: 'Δωμάτιο', description: 'Περιγραφή', submit: 'Υποβολή', created: 'Το παράπονο καταχωρήθηκε.',
    history: 'Ιστορικό', back: 'Πίσω', changeStatus: 'Αλλαγή κατάστασης', note: 'Σημείωση', save: 'Αποθήκευση',
    assignPorter: 'Ανάθεση σε θυρωρό', porter: 'Θυρωρός', saved: 'Αποθηκεύτηκε.',
    broadcast: 'Μαζική ειδοποίηση', title: 'Τίτλος', message: 'Μήνυμα', send: 'Αποστολή', sent: 'Στάλθηκε.',
    telegram: 'Ειδοποιήσεις Telegram', enabled: 'Ενεργό', high_severity_only: 'Μόνο υψηλή σοβαρότητα',
    hostel_specific: 'Ειδοποίηση στις συνομιλίες κάθε εστίας', notify_status_updates: 'Ειδοποίηση για αλλαγές κατάστασης',
    rate_limit_minutes: 'Παράθυρο ορίου (λεπτά, 0 = χωρίς όριο)', rate_limit_count: 'Ειδοποιήσεις ανά συνομιλία σε κάθε παράθυρο',
    admin_chat_ids: 'Chat ids διαχειριστών (χωρισμένα με κόμμα)', hostel_chat_ids: 'Chat ids εστιών (μία γραμμή ανά εστία, π.χ. Block A: 123, -456)',
    bot: 'Bot Telegram', registration: 'Ποιος μπορεί να εγγραφεί με /start', approval: 'Όλοι, αφού ένας διαχειριστής ενεργοποιήσει τον λογαριασμό',
    'allow-list': 'Μόνο οι συνομιλίες και τα ονόματα χρήστη παρακάτω', anyone: 'Όλοι',
    registration_allow_list: 'Επιτρεπόμενα chat ids και @ονόματα χρήστη (χωρισμένα με κόμμα)',
    complaints_per_chat: 'Παράπονα ανά συνομιλία σε κάθε παράθυρο', complaint_window_minutes: 'Παράθυρο παραπόνων (λεπτά, 0 = χωρίς όριο)',
    badField: 'Ελέγξτε το «{field}»: η τιμή δεν γίνεται δεκτή.', wsStats: 'Στατιστικά WebSocket',
    connections: 'Συνδέσεις', users: 'Χρήστες',
    markRead: 'Αναγνώστηκε', markAllRead: 'Όλα αναγνώστηκαν', remove: 'Διαγραφή', noNotifications: 'Καμία ειδοποίηση.',
    close: 'Κλείσιμο', dismiss: 'Απόρριψη', newComplaintToast: 'Νέο παράπονο', statusToast: 'Αλλαγή κατάστασης',
    assignToast: 'Ανάθεση', channel: 'Κανάλι', type: 'Τύπος', quietHours: 'Ώρες ησυχίας', from: 'Από', to: 'Έως',
    timezone: 'Ζώνη ώρας', browserNotifications: 'Ειδοποιήσεις προγράμματος περιήγησης', sound: 'Ήχος',
    emailAddress: 'Διεύθυνση email', newEmail: 'Νέα διεύθυνση', saveEmail: 'Αποθήκευση διεύθυνσης',
    emailNone: 'Δεν έχετε ορίσει διεύθυνση. Το Herald σάς στέλνει email μόνο αφού προσθέσετε μία και την επιβεβαιώσετε.',
    emailVerified: 'Επιβεβαιωμένη', emailPending: 'Αναμένει επιβεβαίωση',
    emailPendingHelp: 'Στείλαμε σύνδεσμο επιβεβαίωσης σε αυτή τη διεύθυνση. Το Herald θα σας στέλνει email εκεί μόνο αφού τον ανοίξετε και πατήσετε «Επιβεβαίωση».',
    sendAgain: 'Νέα αποστολή του συνδέσμου', linkSentAgain: 'Ένας νέος σύνδεσμος επιβεβαίωσης είναι καθ’ οδόν.',
    removeEmail: 'Αφαίρεση διεύθυνσης', emailRemoved: 'Η διεύθυνση αφαιρέθηκε.',
    emailSaved: 'Αποθηκεύτηκε. Ανοίξτε τον σύνδεσμο επιβεβαίωσης που στείλαμε σε αυτή τη διεύθυνση.',
    languageLabel: 'Γλώσσα', languageHelp: 'Του πίνακα ελέγχου, και των email και μηνυμάτων που σας στέλνει το Herald',
    timeZoneHelp: 'Οι ημερομηνίες στα email σας εμφανίζονται σε αυτή τη ζώνη.',
    timeZoneUnset: 'Δεν έχει οριστεί ακόμη· προτείνεται η ζώνη αυτού του προγράμματος περιήγησης.',
    personalTelegram: 'Το Telegram σας', telegramUnavailable: 'Αυτός ο διακομιστής δεν έχει bot Telegram.',
    telegramLinked: 'Η συνομιλία σας στο Telegram είναι συνδεδεμένη.', linkedSince: 'Συνδέθηκε στις {date}.',
    telegramNotLinked: 'Δεν έχει συνδεθεί συνομιλία Telegram. Συνδέστε τη δική σας για να λαμβάνετε εκεί τις ειδοποιήσεις σας.',
    linkTelegram: 'Σύνδεση Telegram', unlinkTelegram: 'Αποσύνδεση', telegramUnlinked: 'Η συνομιλία σας στο Telegram αποσυνδέθηκε.',
    openInTelegram: 'Ανοίξτε αυτόν τον σύνδεσμο στο Telegram και πατήστε Start:', orSendCode: 'Ή στείλτε αυτό το μήνυμα στο bot:',
    sendCode: 'Στείλτε αυτό το μήνυμα στο bot:', codeValidUntil: 'Ο κωδικός ισχύει έως {time}.',
    waitingForBot: 'Αναμονή για την επιβεβαίωση από το bot…', codeExpired: 'Ο κωδικός έληξε. Δημιουργήστε νέο.',
    telegramNowLinked: 'Η συνομιλία σας στο Telegram συνδέθηκε.', cancel: 'Ακύρωση', telegramChannel: 'Telegram',
    new_complaint: 'Νέο παράπονο', status_update: 'Αλλαγή κατάστασης', assignment_update: 'Ανάθεση',
    broadcastType: 'Μαζική', system: 'Σύστημα', in_app: 'Στην εφαρμογή', email: 'Email',
    people: 'Χρήστες', reporter: 'Αναφέρθηκε από', age: 'Αναμονή', overdue: 'Εκπρόθεσμο', overdueOnly: 'Μόνο εκπρόθεσμα',
    assignedToMe: 'Ανατεθειμένα σε μένα', sort: 'Ταξινόμηση', bySeverity: 'Σοβαρότητα, μετά η μεγαλύτερη αναμονή',
    newest: 'Νεότερα πρώτα', start: 'Έναρξη', resolve: 'Επίλυση', actions: 'Ενέργειες',
    timeline: 'Χρονολόγιο', evCreated: 'κατέγραψε το παράπονο', evStatus: 'άλλαξε την κατάσταση', evAssigned: 'ανέθεσε',
    displayName: 'Εμφανιζόμενο όνομα', role: 'Ρόλος', active: 'Ενεργός', disabled: 'Απενεργοποιημένος',
    disable: 'Απενεργοποίηση', enable: 'Ενεργοποίηση', setPassword: 'Ορισμός κωδικού',
    newPassword: 'Νέος κωδικός (τουλάχιστον 8 χαρακτήρες)', createUser: 'Δημιουργία χρήστη',
    userCreated: 'Ο χρήστης δημιουργήθηκε.', noUsers: 'Κανένας χρήστης.', role_admin: 'διαχειριστής',
    role_porter: 'θυρωρός', role_student: 'φοιτητής', role_service: 'υπηρεσία', filter: 'Φίλτρο', createdAt: 'Δημιουργία',
    nodes: 'Κόμβοι', node: 'Κόμβος', websocket: 'WebSocket', sockjs: 'SockJS', notificationsPerMinute: 'Ειδοποιήσεις ανά λεπτό',
    written: 'Καταγράφηκαν', pushed: 'Παραδόθηκαν', pushLatency: 'Καθυστέρηση παράδοσης', telegramHealth: 'Telegram',
    outboxDepth: 'Σε αναμονή', oldestPending: 'Παλαιότερο σε αναμονή', sentCount: 'Στάλθηκαν', failedCount: 'Απέτυχαν',
    retriedCount: 'Επαναλήψεις', lastErrors: 'Τελευταία σφάλματα', busFailures: 'Εσωτερικά αιτήματα που απέτυχαν (αυτός ο κόμβος)',
    telegramFailures: 'Μηνύματα Telegram που εγκαταλείφθηκαν', none: 'Κανένα'
  }
};

const STORAGE_KEY = 'herald.lang';

export function language() {
  return localStorage.getItem(STORAGE_KEY) === 'el' ? 'el' : 'en';
}

export function setLanguage(lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang;
}

export function t(key) {
  return STRINGS[language()][key] ?? STRINGS.en[key] ?? key;
}

/** "3 hours ago" in the user's language, from an ISO date-time. */
export function ago(date, now = Date.now()) {
  const seconds = Math.max(0, Math.round((now - Date.parse(date)) / 1000));
  const [unit, size] = AGE_UNITS.find(([, length]) => seconds >= length) ?? ['second', 1];
  return new Intl.RelativeTimeFormat(language(), { numeric: 'auto', style: 'short' }).format(-Math.floor(seconds / size), unit);
}

const AGE_UNITS = [['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3_600],
  ['minute', 60], ['second', 1]];
