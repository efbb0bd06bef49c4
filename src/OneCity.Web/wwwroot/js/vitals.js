// The vital-signs page: cards per indicator, a district table (city view) and a trend chart, refreshed from /api/vitals.
(function () {
    const root = document.getElementById('vitals-root');
    if (!root) return;
    const labels = JSON.parse(root.dataset.labels);
    const english = root.dataset.english === 'true';
    const area = root.dataset.area;
    const cards = document.getElementById('vital-cards');
    const table = document.getElementById('district-table');
    const chart = typeof echarts !== 'undefined' ? echarts.init(document.getElementById('vital-trend')) : null;
    window.addEventListener('resize', () => chart && chart.resize());
    let selected = null;
    let latest = null;

    const name = (x) => english ? x.nameEn : x.nameZh;
    const fmt = (v, unit) => v === null || v === undefined ? labels.none : `${Math.round(v * 100) / 100}${unit ? ' ' + unit : ''}`;

    function render(view) {
        latest = view;
        cards.replaceChildren(...view.indicators.map(i => {
            const card = document.createElement('article');
            card.className = 'vital';
            card.dataset.indicator = i.code;
            card.dataset.level = i.level;
            card.setAttribute('role', 'button');
            card.setAttribute('aria-pressed', i.code === selected ? 'true' : 'false');
            card.innerHTML = `<span></span><strong></strong><small></small>`;
            card.children[0].textContent = name(i);
            card.children[1].textContent = fmt(i.value, i.unit);
            card.children[2].textContent = labels[i.level] || i.level;
            card.addEventListener('click', () => { selected = i.code; render(latest); trend(); });
            return card;
        }));
        if (table && view.indicators.length > 0) {
            const head = document.createElement('tr');
            head.innerHTML = `<th>${labels.district}</th>` + view.indicators.map(() => '<th></th>').join('');
            view.indicators.forEach((i, k) => head.children[k + 1].textContent = name(i));
            table.tHead.replaceChildren(head);
            const districts = view.indicators[0].districts;
            table.tBodies[0].replaceChildren(...districts.map((d, row) => {
                const tr = document.createElement('tr');
                tr.dataset.area = d.areaCode;
                const th = document.createElement('th');
                const link = document.createElement('a');
                link.href = `/ops/vitals?area=${d.areaCode}`;
                link.textContent = english ? d.nameEn : d.nameZh;
                th.appendChild(link);
                tr.appendChild(th);
                view.indicators.forEach(i => {
                    const v = i.districts[row];
                    const td = document.createElement('td');
                    td.dataset.indicator = i.code;
                    td.dataset.level = v.level;
                    td.textContent = fmt(v.value, '');
                    tr.appendChild(td);
                });
                return tr;
            }));
        }
        document.getElementById('vitals-updated').textContent = `${labels.updated} ${new Date(view.at).toLocaleTimeString()}`;
        root.dataset.level = view.level;
        root.dataset.loaded = String(Number(root.dataset.loaded || 0) + 1);
    }

    async function trend() {
        if (!chart || !latest) return;
        const i = latest.indicators.find(x => x.code === selected) || latest.indicators[0];
        selected = i.code;
        const response = await fetch(`/api/vitals/history?indicator=${i.code}&area=${area}&hours=24`, { credentials: 'same-origin' });
        if (!response.ok) return;
        const data = await response.json();
        chart.setOption({
            animation: false,
            title: { text: `${name(i)}${i.unit ? ' (' + i.unit + ')' : ''}`, left: 'center', textStyle: { fontSize: 13 } },
            tooltip: { trigger: 'axis' },
            grid: { left: 50, right: 30, top: 40, bottom: 30 },
            xAxis: { type: 'time' },
            yAxis: { type: 'value', scale: true },
            series: [{ type: 'line', showSymbol: false, data: data.points.map(p => [p.at, p.value]),
                markLine: { symbol: 'none', data: [
                    { yAxis: i.attention, lineStyle: { color: '#2563eb', type: 'dotted' }, label: { formatter: labels.attention } },
                    { yAxis: i.warning, lineStyle: { color: '#d97706', type: 'dashed' }, label: { formatter: labels.warning } },
                    { yAxis: i.alarm, lineStyle: { color: '#dc2626', type: 'dashed' }, label: { formatter: labels.alarm } },
                ] } }],
        }, true);
        root.dataset.trendPoints = String(data.points.length);
    }

    async function refresh() {
        const response = await fetch(`/api/vitals?area=${area}`, { credentials: 'same-origin' });
        if (response.ok) {
            render(await response.json());
            await trend();
        }
    }

    refresh();
    setInterval(refresh, Number(root.dataset.refreshSeconds || 15) * 1000);
})();
