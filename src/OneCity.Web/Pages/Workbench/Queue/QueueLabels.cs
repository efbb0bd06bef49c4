namespace OneCity.Web.Pages.Workbench.Queue;

/// <summary>Chinese labels (localisation keys) of GovServices' step, application and material states, for the work-queue pages.</summary>
public static class QueueLabels
{
    /// <summary>The step statuses a reviewer can filter by, in the order a step goes through them.</summary>
    public static readonly string[] StepStatuses = ["Pending", "Accepted", "Supplement", "Approved", "Done", "Refused", "Rejected", "Cancelled", "Blocked"];

    public static string Step(string status) => status switch
    {
        "Blocked" => "等待前序环节",
        "Pending" => "待受理",
        "Accepted" => "已受理",
        "Supplement" => "待补正",
        "Approved" => "已批准待发证",
        "Done" => "已办结",
        "Refused" => "不予受理",
        "Rejected" => "不予批准",
        "Cancelled" => "已取消",
        _ => status,
    };

    public static string Application(string status) => status switch
    {
        "InProgress" => "办理中",
        "WaitingForApplicant" => "待申请人补正",
        "Completed" => "全部办结",
        "PartiallyCompleted" => "部分办结",
        "Rejected" => "未获办理",
        _ => status,
    };

    public static string Disposition(string disposition) => disposition switch
    {
        "ExemptLicence" => "免提交：电子证照",
        "ExemptRegistry" => "免提交：数据共享",
        "Commitment" => "告知承诺",
        "Uploaded" => "申请人上传",
        _ => disposition,
    };

    public static string Action(string action) => action.ToLowerInvariant() switch
    {
        "accept" => "受理",
        "refuse" => "不予受理",
        "requestsupplement" => "一次性告知补正",
        "approve" => "审批通过",
        "reject" => "不予批准",
        "issue" => "签发电子证照",
        _ => action,
    };

    public static string Event(string kind) => kind switch
    {
        "submitted" => "提交申请",
        "supplement.answered" => "申请人提交补正",
        _ when kind.StartsWith("step.", StringComparison.Ordinal) => Action(kind[5..]),
        _ => kind,
    };
}

/// <summary>A step's working-day countdown as the queue and the step page show it.</summary>
public sealed record Countdown(int? Left, bool Paused, bool Overdue);
