// The menu button only exists for narrow screens; without JavaScript the navigation stays open.
(function () {
  var toggle = document.getElementById('nav-toggle');
  var items = document.getElementById('nav-items');
  if (!toggle || !items) return;
  toggle.addEventListener('click', function () {
    var open = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', open ? 'false' : 'true');
    items.classList.toggle('open', !open);
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true') {
      toggle.setAttribute('aria-expanded', 'false');
      items.classList.remove('open');
      toggle.focus();
    }
  });
})();
