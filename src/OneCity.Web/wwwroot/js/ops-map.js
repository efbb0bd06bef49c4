// The operations centre's live map: area polygons from OneCity's geography API (no tile server; synthetic ones
// dashed and labelled), open incidents
// as circles coloured by status, a heat layer by area (open incidents per child area), KPI panels, and live
// updates over SignalR.
(function () {
  const root = document.getElementById('ops-root');
  if (!root) { return; }
  const area = root.dataset.area;
  const english = root.dataset.english === 'true';
  const labels = JSON.parse(root.dataset.labels);
  const map = L.map('ops-map', { zoomSnap: 0.25, attributionControl: false });
  const markers = new Map();
  const layer = L.layerGroup().addTo(map);
  let areas = null;
  let openByArea = {};
  // Numbers of the incidents received live, newest last (bounded): many can arrive between two looks at the page.
  const received = [];

  function colour(i) {
    if (i.overdue) { return '#dc2626'; }
    if (i.status === 'triage' || i.status === 'bounced' || i.status === 'disputed' || i.status === 'registered') { return '#d97706'; }
    if (i.status === 'handled' || i.status === 'verified') { return '#7c3aed'; }
    return '#2563eb';
  }

  function isOpen(status) { return status !== 'closed' && status !== 'refused' && status !== 'merged'; }

  function draw(i) {
    const old = markers.get(i.number);
    if (old) { layer.removeLayer(old); markers.delete(i.number); }
    if (!isOpen(i.status)) { return; }
    const m = L.circleMarker([i.latitude, i.longitude], { radius: 6 + Math.min(i.reportCount, 5), color: colour(i), weight: 2, fillOpacity: 0.6 });
    m.bindPopup('<a href="/workbench/incidents/' + encodeURIComponent(i.number) + '">' + i.number + '</a><br>' + i.categoryZh);
    m.getElement && m.on('add', function () { const el = m.getElement(); if (el) { el.setAttribute('data-number', i.number); el.setAttribute('data-status', i.status); el.classList.add('incident-marker'); } });
    m.addTo(layer);
    markers.set(i.number, m);
  }

  function heat(count, max) {
    if (!count) { return '#f8fafc'; }
    const t = Math.min(1, count / Math.max(1, max));
    const r = 255, g = Math.round(237 - 150 * t), b = Math.round(213 - 190 * t);
    return 'rgb(' + r + ',' + g + ',' + b + ')';
  }

  // Synthetic (generated, not surveyed) boundaries are drawn dashed in amber and say so in their tooltip,
  // so nobody reads a Voronoi cell as an official boundary.
  function outline(p) {
    return p.synthetic ? { color: '#b45309', weight: 1.5, dashArray: '6 4' } : { color: '#64748b', weight: 1, dashArray: null };
  }

  function restyle() {
    if (!areas) { return; }
    const max = Math.max(1, ...Object.values(openByArea));
    areas.eachLayer(function (l) {
      const p = l.feature.properties;
      l.setStyle(Object.assign({ fillColor: heat(openByArea[p.code] || 0, max), fillOpacity: 0.7 }, outline(p)));
      l.bindTooltip((english ? p.nameEn : p.name) + (p.synthetic ? ' · ' + labels.synthetic : '') + ' · ' + labels.open + ' ' + (openByArea[p.code] || 0));
    });
  }

  function pct(v) { return v === null || v === undefined ? '—' : (v * 100).toFixed(1) + '%'; }

  const areaChart = echarts.init(document.getElementById('chart-areas'));
  const rateChart = echarts.init(document.getElementById('chart-rates'));

  async function loadKpi() {
    const r = await fetch('/api/cityops/kpi?area=' + encodeURIComponent(area), { credentials: 'same-origin' });
    if (!r.ok) { return; }
    const k = await r.json();
    const f = k.figures;
    document.getElementById('kpis').innerHTML = [
      ['kpi-open', labels.open, k.open], ['kpi-overdue', labels.overdue, k.overdue], ['kpi-reported', labels.reported, f.reported],
      ['kpi-dispatch', labels.dispatchOnTime, pct(f.dispatchOnTimeRate)], ['kpi-handle', labels.handleOnTime, pct(f.handleOnTimeRate)],
      ['kpi-close', labels.closeOnTime, pct(f.closeOnTimeRate)], ['kpi-rework', labels.rework, pct(f.reworkRate)],
      ['kpi-satisfaction', labels.satisfaction, f.satisfaction === null ? '—' : f.satisfaction.toFixed(2)], ['kpi-inspector', labels.inspector, pct(f.inspectorFoundShare)],
      ['kpi-extended', labels.extended, f.extended], ['kpi-suspended', labels.suspended, k.suspended]
    ].map(function (x) { return '<div class="kpi" id="' + x[0] + '"><span>' + x[1] + '</span><strong>' + x[2] + '</strong></div>'; }).join('');
    openByArea = {};
    k.children.forEach(function (c) { openByArea[c.code] = c.open; });
    restyle();
    const names = k.children.map(function (c) { return english ? c.nameEn : c.nameZh; });
    areaChart.setOption({
      tooltip: {}, legend: { data: [labels.open, labels.overdue] }, grid: { left: 40, right: 10, bottom: 60 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 40 } }, yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: labels.open, type: 'bar', data: k.children.map(function (c) { return c.open; }) },
               { name: labels.overdue, type: 'bar', data: k.children.map(function (c) { return c.overdue; }), itemStyle: { color: '#dc2626' } }]
    });
    const rates = [f.dispatchOnTimeRate, f.handleOnTimeRate, f.closeOnTimeRate, f.reworkRate, f.inspectorFoundShare].map(function (v) { return v === null ? 0 : +(v * 100).toFixed(1); });
    rateChart.setOption({
      tooltip: {}, grid: { left: 110, right: 20 }, xAxis: { type: 'value', max: 100 },
      yAxis: { type: 'category', data: [labels.dispatchOnTime, labels.handleOnTime, labels.closeOnTime, labels.rework, labels.inspector] },
      series: [{ type: 'bar', data: rates, label: { show: true, position: 'right', formatter: '{c}%' } }]
    });
  }

  let kpiTimer = null;
  function refreshKpiSoon() { clearTimeout(kpiTimer); kpiTimer = setTimeout(loadKpi, 1500); }

  async function start() {
    const geo = await fetch('/api/geo/areas/' + encodeURIComponent(area) + '/children.geojson?crs=wgs84').then(function (r) { return r.json(); });
    areas = L.geoJSON(geo, {
      style: function (f) { return Object.assign({ fillOpacity: 0.2, className: f.properties.synthetic ? 'area-synthetic' : 'area-surveyed' }, outline(f.properties)); }
    }).addTo(map);
    const synthetic = geo.features.filter(function (f) { return f.properties.synthetic; }).length;
    root.dataset.syntheticAreas = String(synthetic);
    document.getElementById('legend-synthetic').hidden = synthetic === 0;
    restyle();
    if (areas.getLayers().length > 0) { map.fitBounds(areas.getBounds()); } else { map.setView([31.23, 121.47], 11); }
    layer.bringToFront && layer.bringToFront();
    const open = await fetch('/api/cityops/map?area=' + encodeURIComponent(area), { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : []; });
    open.forEach(draw);
    root.dataset.markers = String(markers.size);
    await loadKpi();

    const status = document.getElementById('live-status');
    const connection = new signalR.HubConnectionBuilder().withUrl('/hubs/ops').withAutomaticReconnect().build();
    connection.on('incident', function (i) {
      draw(i);
      root.dataset.markers = String(markers.size);
      root.dataset.last = i.number + ':' + i.status;
      if (!received.includes(i.number)) { received.push(i.number); if (received.length > 200) { received.shift(); } }
      root.dataset.received = received.join(' ');
      refreshKpiSoon();
    });
    connection.onreconnecting(function () { status.dataset.state = 'offline'; status.textContent = labels.offline; });
    connection.onreconnected(function () { status.dataset.state = 'live'; status.textContent = labels.live; });
    await connection.start();
    status.dataset.state = 'live';
    status.textContent = labels.live;
  }

  start().catch(function (e) { const s = document.getElementById('live-status'); s.dataset.state = 'error'; s.textContent = String(e); });
})();
