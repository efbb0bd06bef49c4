// The device page's chart: readings from /api/telemetry/devices/{code}/readings at the chosen resolution, with the
// warning and alarm thresholds as lines. ECharts comes from npm (wwwroot/lib).
(function () {
    const root = document.getElementById('chart-root');
    if (!root || typeof echarts === 'undefined') return;
    const labels = JSON.parse(root.dataset.labels);
    const unit = root.dataset.unit;
    const chart = echarts.init(document.getElementById('device-chart'));
    window.addEventListener('resize', () => chart.resize());
    const summary = document.getElementById('chart-summary');

    async function load(resolution, hours) {
        const to = new Date(Date.now() + 60_000);
        const from = new Date(to.getTime() - hours * 3_600_000);
        const url = `/api/telemetry/devices/${encodeURIComponent(root.dataset.device)}/readings?resolution=${resolution}&from=${from.toISOString()}&to=${to.toISOString()}`;
        const response = await fetch(url, { credentials: 'same-origin' });
        if (!response.ok) { summary.textContent = response.status + ' ' + response.statusText; return; }
        const data = await response.json();
        const points = data.points;
        const series = [{
            name: resolution === 'raw' ? labels.value : labels.avg, type: 'line', showSymbol: points.length < 60,
            data: points.map(p => [p.at, p.avg]),
            markLine: { symbol: 'none', data: [
                { yAxis: Number(root.dataset.warning), name: labels.warning, lineStyle: { color: '#d97706', type: 'dashed' }, label: { formatter: labels.warning } },
                { yAxis: Number(root.dataset.alarm), name: labels.alarm, lineStyle: { color: '#dc2626', type: 'dashed' }, label: { formatter: labels.alarm } },
            ] },
        }];
        if (resolution !== 'raw') {
            series.push({ name: labels.min, type: 'line', showSymbol: false, lineStyle: { opacity: 0.4 }, data: points.map(p => [p.at, p.min]) });
            series.push({ name: labels.max, type: 'line', showSymbol: false, lineStyle: { opacity: 0.4 }, data: points.map(p => [p.at, p.max]) });
        }
        chart.setOption({
            animation: false,
            tooltip: { trigger: 'axis' },
            legend: { top: 0 },
            grid: { left: 50, right: 30, top: 40, bottom: 40 },
            xAxis: { type: 'time' },
            yAxis: { type: 'value', name: unit, scale: true },
            series,
        }, true);
        root.dataset.points = String(points.length);
        summary.textContent = points.length === 0 ? labels.empty : `${points.length} · ${resolution}` + (data.synthetic ? ` · ${labels.synthetic}` : '');
    }

    const buttons = root.querySelectorAll('button[data-resolution]');
    buttons.forEach(b => b.addEventListener('click', () => {
        buttons.forEach(x => x.setAttribute('aria-pressed', x === b ? 'true' : 'false'));
        load(b.dataset.resolution, Number(b.dataset.hours));
    }));
    load('raw', 24);
})();
