// The replay page: while a replay runs, its progress is refreshed from /api/replays/status; when it ends the page reloads on its report.
(function () {
    const live = document.getElementById('replay-live');
    if (!live) return;
    const run = live.dataset.run;
    const warnings = JSON.parse(live.dataset.warnings);
    const set = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
    async function poll() {
        try {
            const res = await fetch('/api/replays/status', { headers: { Accept: 'application/json' } });
            if (!res.ok) return;
            const s = await res.json();
            if (!s.running) {
                // Not started its first step yet, or over: the run's own record tells.
                const r = await fetch('/api/replays/' + run, { headers: { Accept: 'application/json' } });
                if (r.ok && (await r.json()).status !== 'running') location.href = '/ops/replay?run=' + run;
                return;
            }
            if (String(s.running.runId) !== run) {
                location.href = '/ops/replay?run=' + run;
                return;
            }
            const p = s.running;
            document.getElementById('replay-progress').value = p.percent;
            set('live-scenario', p.scenarioAt.substring(0, 16).replace('T', ' '));
            set('live-distance', p.distanceKm === null ? '–' : Math.round(p.distanceKm) + ' km');
            const warning = document.getElementById('live-warning');
            warning.className = 'warn-' + (p.warning || '');
            warning.dataset.severity = p.warning || '';
            warning.textContent = p.warning ? warnings[p.warning] : '–';
            set('live-level', p.planLevel || '–');
            set('live-alarms', p.alarms);
            set('live-incidents', p.incidents);
            set('live-tasks', p.tasksDone + ' / ' + p.tasks);
            set('platform-time', new Date(s.platformTime).toLocaleString());
        } catch (e) {
            // The next poll retries.
        }
    }
    setInterval(poll, 2000);
})();
