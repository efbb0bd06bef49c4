using OneCity.Platform.Hosting;
using OneCity.Platform.Organisation;

namespace OneCity.Sensing.Plans;

internal sealed record PlanSummaryView(string Code, string Type, string NameZh, string NameEn, string? SummaryZh, string? SummaryEn,
    IReadOnlyList<string> CapEvents, IReadOnlyDictionary<string, int> TasksPerLevel);

internal sealed record ProposalView(long Id, string PlanCode, string PlanNameZh, string PlanNameEn, string Level, string LevelColour, string Source,
    string Reference, string Reason, IReadOnlyList<string> Areas, string Status, long? ActivationId, DateTimeOffset CreatedAt, string CreatedBy,
    string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionNote);

internal sealed record ActivationView(long Id, string PlanCode, string PlanNameZh, string PlanNameEn, string PlanType, string Level, string LevelColour,
    IReadOnlyList<string> Areas, DateTimeOffset StartedAt, string StartedBy, DateTimeOffset? EndedAt, string? EndedBy, bool Active,
    IReadOnlyDictionary<string, int> TasksByStatus, int Overdue);

internal sealed record TaskNoteView(DateTimeOffset At, string By, string? Department, string Status, string? Text);

/// <summary>
/// One task as the API shows it. <see cref="Timeliness"/>: open (not yet due), overdue (open past its deadline),
/// on-time or late (done before or after it).
/// </summary>
internal sealed record TaskView(long Id, long ActivationId, string PlanCode, string Key, string Department, string TitleZh, string TitleEn, string Level,
    DateTimeOffset CreatedAt, DateTimeOffset DueAt, IReadOnlyList<string> DependsOn, string Status, DateTimeOffset? CheckedInAt, DateTimeOffset? DoneAt,
    bool Overdue, string Timeliness, IReadOnlyList<TaskNoteView> Notes);

internal sealed record LevelChangeView(string? From, string To, DateTimeOffset At, string By, string? Reason);

internal sealed record ResourceReplyView(DateTimeOffset At, string By, string? Department, string Status, string? Text);

internal sealed record ResourceRequestView(long Id, long ActivationId, string PlanCode, string FromDepartment, string ToDepartment, string What, double Quantity,
    string? Unit, DateTimeOffset? NeededBy, string Status, DateTimeOffset CreatedAt, string CreatedBy, IReadOnlyList<ResourceReplyView> Replies);

internal sealed record ActivationDetail(ActivationView Activation, IReadOnlyList<TaskView> Tasks, IReadOnlyList<LevelChangeView> LevelHistory,
    IReadOnlyList<ResourceRequestView> ResourceRequests);

/// <summary>What a trigger did for one plan: proposed, raise-proposed, updated (a pending proposal raised), already-pending or already-active.</summary>
internal sealed record TriggerResult(string PlanCode, string Outcome, string Level, ProposalView? Proposal);

internal sealed record ManualProposalInput(string? PlanCode, string? Level, IReadOnlyList<string>? Areas, string? Reason);

internal sealed record DecisionInput(string? Level, string? Note);

internal sealed record LevelInput(string? Level, string? Reason);

internal sealed record NoteInput(string? Note);

internal sealed record StatusInput(string? Status, string? Note);

internal sealed record ResourceRequestInput(string? ToDepartment, string? What, double? Quantity, string? Unit, string? NeededBy);

internal sealed record ResourceAnswerInput(string? Status, string? Note);

internal enum Failure
{
    None,
    NotFound,
    Forbidden,
    Conflict,
}

/// <summary>The result of a command: the value, or field errors (400), or a failure with a message (404, 403, 409).</summary>
internal sealed record Outcome<T>(T? Value, FieldErrors? Errors = null, Failure Failure = Failure.None, string? Message = null)
    where T : class
{
    public bool Ok => Value is not null;

    /// <summary>Why it was refused, in one line: the message, or each field with its rules.</summary>
    public string Describe() => Message ?? string.Join("; ", Errors?.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}") ?? []);

    public static Outcome<T> Of(T value) => new(value);

    public static Outcome<T> Invalid(string field, string rule)
    {
        var errors = new FieldErrors();
        errors.Add(field, rule);
        return new(null, errors);
    }

    public static Outcome<T> Invalid(FieldErrors errors) => new(null, errors);

    public static Outcome<T> NotFound(string message) => new(null, null, Failure.NotFound, message);

    public static Outcome<T> Forbidden(string message) => new(null, null, Failure.Forbidden, message);

    public static Outcome<T> Conflict(string message) => new(null, null, Failure.Conflict, message);
}

/// <summary>Department codes the plans and resource requests accept: SH-&lt;LINE&gt;, &lt;district&gt;-&lt;LINE&gt;, &lt;subdistrict&gt;-BSC.</summary>
internal static class DepartmentCodes
{
    public static bool IsValid(string? code)
    {
        if (code is null || code.Length > 40)
        {
            return false;
        }

        var dash = code.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0)
        {
            return false;
        }

        var (area, line) = (code[..dash], code[(dash + 1)..]);
        if (area == "SH")
        {
            return DepartmentLines.All.Any(l => l.Code == line);
        }

        if (area.Length == 9 && area.All(char.IsAsciiDigit) && ShanghaiDistricts.Find(area[..6]) is not null)
        {
            return line == DepartmentLines.SubdistrictOffice;
        }

        return ShanghaiDistricts.Find(area) is not null && DepartmentLines.All.Any(l => l.Code == line && l.HasDistrictCounterpart);
    }
}
