// The applying flow: re-run the preview when an answer that shows or hides fields changes, check a file's size before
// it is sent, and let a submit button marked data-once submit only once (the server's idempotency key is the guarantee).
(function () {
  var form = document.getElementById('apply-form');
  if (form) {
    form.addEventListener('change', function (e) {
      var input = e.target;
      if (!input.dataset || input.dataset.refresh !== 'true') return;
      var data = new FormData(form);
      var url = new URL(form.getAttribute('action') || window.location.href, window.location.href);
      url.searchParams.set('handler', 'Visibility');
      fetch(url, { method: 'POST', body: data, credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (result) {
          if (!result) return;
          var visible = new Set(result.visible);
          form.querySelectorAll('.field[data-field]').forEach(function (field) {
            field.hidden = !visible.has(field.dataset.field);
          });
          form.dataset.refreshed = String(Date.now());
        })
        .catch(function () { /* the server checks visibility again on the next step */ });
    });
  }

  document.querySelectorAll('input[type=file][data-max-bytes]').forEach(function (input) {
    input.addEventListener('change', function () {
      var max = Number(input.dataset.maxBytes);
      var file = input.files && input.files[0];
      var note = input.parentElement.querySelector('.size-error');
      if (note) note.remove();
      if (file && max && file.size > max) {
        var msg = document.createElement('small');
        msg.className = 'field-error size-error';
        msg.setAttribute('role', 'alert');
        var mb = Math.round(max / 1048576);
        msg.textContent = document.documentElement.lang === 'en'
          ? '"' + file.name + '" is larger than ' + mb + ' MB and was not selected.'
          : '「' + file.name + '」超过 ' + mb + ' MB，未选择。请压缩后重新选择。';
        input.value = '';
        input.insertAdjacentElement('afterend', msg);
      }
    });
  });

  document.querySelectorAll('form').forEach(function (f) {
    f.addEventListener('submit', function (e) {
      var button = e.submitter;
      if (!button || button.dataset.once !== 'true') return;
      if (f.dataset.submitting === 'true') { e.preventDefault(); return; }
      f.dataset.submitting = 'true';
      setTimeout(function () { button.disabled = true; button.setAttribute('aria-busy', 'true'); }, 0);
    });
  });
})();
