using System.Globalization;
using System.Text;

namespace OneCity.Sensing.Plans;

internal sealed record TimelineEntry(DateTimeOffset At, string Kind, string By, string Text);

internal sealed record TaskStatusGroup(string Status, int Count, IReadOnlyList<TaskView> Tasks);

/// <summary>
/// The situation report (情况报告) of an activation at one moment: the plan, the level history, the tasks by status with
/// on-time, late and overdue counts, the resource requests and a timeline. The API returns it as JSON or Markdown; the
/// report page renders it.
/// </summary>
internal sealed record SituationReport(
    long ActivationId,
    string PlanCode,
    string PlanNameZh,
    string PlanNameEn,
    string PlanType,
    string Level,
    string LevelColour,
    IReadOnlyList<string> Areas,
    bool Active,
    DateTimeOffset StartedAt,
    string StartedBy,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<ProposalView> Proposals,
    IReadOnlyList<LevelChangeView> LevelHistory,
    int TasksTotal,
    int Done,
    int DoneOnTime,
    int DoneLate,
    int Overdue,
    IReadOnlyList<TaskStatusGroup> TasksByStatus,
    IReadOnlyList<TaskView> OverdueTasks,
    IReadOnlyList<ResourceRequestView> ResourceRequests,
    IReadOnlyList<TimelineEntry> Timeline);

internal static class SituationReports
{
    public static SituationReport Build(PlanDefinition plan, ActivationDetail detail, IReadOnlyList<ProposalView> proposals, DateTimeOffset now)
    {
        var a = detail.Activation;
        var tasks = detail.Tasks;
        var timeline = new List<TimelineEntry>();
        foreach (var p in proposals)
        {
            timeline.Add(new TimelineEntry(p.CreatedAt, "proposed", p.CreatedBy, $"[{p.Source}] {p.Reason} → {p.Level}"));
            if (p.DecidedAt is { } decided)
            {
                timeline.Add(new TimelineEntry(decided, p.Status, p.DecidedBy ?? "", $"{p.PlanCode} {p.Level}" + (p.DecisionNote is null ? "" : $"; {p.DecisionNote}")));
            }
        }

        foreach (var c in detail.LevelHistory)
        {
            timeline.Add(new TimelineEntry(c.At, c.From is null ? "activated" : "level-changed", c.By, (c.From is null ? "" : $"{c.From} → ") + c.To + (c.Reason is null ? "" : $"; {c.Reason}")));
        }

        foreach (var t in tasks)
        {
            foreach (var n in t.Notes)
            {
                timeline.Add(new TimelineEntry(n.At, "task-" + n.Status, n.By, $"{t.Department} {t.TitleZh}" + (n.Text is null ? "" : $"：{n.Text}")));
            }
        }

        foreach (var r in detail.ResourceRequests)
        {
            timeline.Add(new TimelineEntry(r.CreatedAt, "resource-requested", r.CreatedBy,
                string.Create(CultureInfo.InvariantCulture, $"{r.FromDepartment} → {r.ToDepartment}: {r.What} × {r.Quantity:0.##} {r.Unit}")));
            foreach (var x in r.Replies)
            {
                timeline.Add(new TimelineEntry(x.At, "resource-" + x.Status, x.By, $"{r.ToDepartment} {r.What}" + (x.Text is null ? "" : $"：{x.Text}")));
            }
        }

        if (a.EndedAt is { } ended)
        {
            timeline.Add(new TimelineEntry(ended, "deactivated", a.EndedBy ?? "", ""));
        }

        var groups = TaskStatuses.All
            .Select(s => new TaskStatusGroup(s, tasks.Count(t => t.Status == s), tasks.Where(t => t.Status == s).OrderBy(t => t.DueAt).ToList()))
            .ToList();
        return new SituationReport(a.Id, a.PlanCode, plan.NameZh, plan.NameEn, plan.Type, a.Level, a.LevelColour, a.Areas, a.Active, a.StartedAt, a.StartedBy,
            a.EndedAt, a.EndedBy, now, proposals, detail.LevelHistory, tasks.Count, tasks.Count(t => t.Status == TaskStatuses.Done),
            tasks.Count(t => t.Timeliness == "on-time"), tasks.Count(t => t.Timeliness == "late"), tasks.Count(t => t.Overdue), groups,
            tasks.Where(t => t.Overdue).OrderBy(t => t.DueAt).ToList(), detail.ResourceRequests,
            timeline.OrderBy(e => e.At).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList());
    }

    private static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The report as Markdown (Chinese, times in Beijing time), for pasting into a briefing.</summary>
    public static string Markdown(SituationReport r)
    {
        var s = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        s.Append(inv, $"# {r.PlanNameZh} 情况报告\n\n");
        s.Append(inv, $"- 启动编号：{r.ActivationId}\n- 响应级别：{ResponseLevels.NameZh(ResponseLevels.Parse(r.Level)!.Value)}\n");
        s.Append(inv, $"- 区域：{string.Join("、", r.Areas)}\n- 启动时间：{Time(r.StartedAt)}（{r.StartedBy}）\n");
        s.Append(inv, $"- 状态：{(r.Active ? "响应中" : $"已于 {Time(r.EndedAt!.Value)} 终止")}\n- 生成时间：{Time(r.GeneratedAt)}（北京时间）\n\n");
        s.Append("## 级别变化\n\n");
        foreach (var c in r.LevelHistory)
        {
            s.Append(inv, $"- {Time(c.At)} {(c.From is null ? "启动" : $"{c.From} → ")}{c.To}（{c.By}）{c.Reason}\n");
        }

        s.Append(inv, $"\n## 任务（共 {r.TasksTotal} 项，已完成 {r.Done} 项，其中按时 {r.DoneOnTime}、超时 {r.DoneLate}；逾期未完成 {r.Overdue} 项）\n\n");
        s.Append("| 状态 | 部门 | 任务 | 时限 | 时效 |\n|---|---|---|---|---|\n");
        foreach (var g in r.TasksByStatus)
        {
            foreach (var t in g.Tasks)
            {
                s.Append(inv, $"| {t.Status} | {t.Department} | {t.TitleZh} | {Time(t.DueAt)} | {(t.Overdue ? "**逾期**" : t.Timeliness)} |\n");
            }
        }

        if (r.ResourceRequests.Count > 0)
        {
            s.Append("\n## 资源请求\n\n");
            foreach (var q in r.ResourceRequests)
            {
                s.Append(inv, $"- {q.FromDepartment} → {q.ToDepartment}：{q.What} × {q.Quantity:0.##} {q.Unit}（{q.Status}）\n");
            }
        }

        s.Append("\n## 时间线\n\n");
        foreach (var e in r.Timeline)
        {
            s.Append(inv, $"- {Time(e.At)} [{e.Kind}] {e.By} {e.Text}\n");
        }

        return s.ToString();
    }
}
