// Fills the patrol form's coordinates from the device's GPS (browsers report WGS84).
(function () {
  const button = document.getElementById('patrol-locate');
  const status = document.getElementById('patrol-locate-status');
  if (!button || !navigator.geolocation) {
    if (button) { button.disabled = true; }
    return;
  }
  button.addEventListener('click', function () {
    status.textContent = button.dataset.locating || '…';
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById('patrol-lon').value = p.coords.longitude.toFixed(6);
      document.getElementById('patrol-lat').value = p.coords.latitude.toFixed(6);
      document.getElementById('patrol-crs').value = 'wgs84';
      status.textContent = '±' + Math.round(p.coords.accuracy) + ' m';
    }, function (e) {
      status.textContent = e.message;
    }, { enableHighAccuracy: true, timeout: 15000 });
  });
})();
