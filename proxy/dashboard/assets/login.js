// login.js - the login form: POST /ui/login {key}; the server answers with
// an HttpOnly session cookie, then the dashboard opens.
'use strict';
document.getElementById('login-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const out = document.getElementById('login-error');
  out.hidden = true;
  const key = document.getElementById('key').value;
  try {
    const r = await fetch('/ui/login', { method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
    if (r.ok) { location.href = '/ui'; return; }
    const body = await r.json().catch(() => ({}));
    out.textContent = (body.error && body.error.message) || ('login failed: HTTP ' + r.status);
  } catch (e) {
    out.textContent = 'the server did not answer: ' + e.message;
  }
  out.hidden = false;
});
