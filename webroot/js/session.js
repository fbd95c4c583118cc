// The signed-in user's token and identity, kept in localStorage so every tab shares them.
const KEY = 'herald.session';

export function current() {
  try {
    const session = JSON.parse(localStorage.getItem(KEY));
    return session && session.token && session.user ? session : null;
  } catch {
    return null;
  }
}

export function save(token, user) {
  localStorage.setItem(KEY, JSON.stringify({ token, user }));
}

export function clear() {
  localStorage.removeItem(KEY);
}

/** Epoch milliseconds at which the token expires, from its `exp` claim. */
export function expiresAt(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return payload.exp * 1000;
  } catch {
    return 0;
  }
}
