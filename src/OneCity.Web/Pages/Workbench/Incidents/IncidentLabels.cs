namespace OneCity.Web.Pages.Workbench.Incidents;

/// <summary>Chinese labels (localisation keys) for CityOps codes shown on pages.</summary>
internal static class IncidentLabels
{
    public static readonly string[] Statuses = ["triage", "registered", "dispatched", "handling", "handled", "verified", "closed", "refused", "merged", "bounced", "disputed"];

    public static string Status(string status) => status switch
    {
        "triage" => "待分拣",
        "registered" => "已立案",
        "dispatched" => "已派遣",
        "handling" => "处置中",
        "handled" => "待核查",
        "verified" => "核查通过",
        "closed" => "已结案",
        "refused" => "不予立案",
        "merged" => "已合并",
        "bounced" => "已退单",
        "disputed" => "争议待裁定",
        _ => status,
    };

    public static string Priority(string priority) => priority switch
    {
        "urgent" => "紧急",
        "high" => "高",
        "low" => "低",
        _ => "一般",
    };

    public static string Channel(string channel) => channel switch
    {
        "hotline" => "12345 热线",
        "open311" => "Open311",
        "app" => "市民 App",
        "inspector" => "网格员巡查",
        "sensor" => "传感器报警",
        "camera" => "视频 AI 识别",
        _ => "历史导入",
    };

    public static string WorkOrder(string status) => status switch
    {
        "dispatched" => "待签收",
        "accepted" => "处置中",
        "handled" => "已反馈",
        "bounced" => "已退单",
        "cancelled" => "已撤回",
        "suspended" => "已挂起",
        _ => status,
    };

    public static string Action(string action) => action switch
    {
        "reported" => "上报",
        "classified" => "分类",
        "located" => "定位",
        "triage" => "人工分拣",
        "registered" => "立案",
        "reclassified" => "改类",
        "dispatched" => "派遣",
        "accepted" => "签收",
        "bounced" => "退单",
        "disputed" => "争议上报",
        "handled" => "处置反馈",
        "verified" => "核查通过",
        "rework" => "返工",
        "closed" => "结案",
        "evaluated" => "评价",
        "refused" => "不予立案",
        "merged" => "合并",
        "unmerged" => "撤销合并",
        "warning" => "时限预警",
        "supervised" => "督办",
        "calendar" => "日历",
        "extension-requested" => "延期申请",
        "extension-approved" => "批准延期",
        "extension-rejected" => "不予延期",
        "suspension-requested" => "挂起申请",
        "suspension-approved" => "批准挂起",
        "suspension-rejected" => "不予挂起",
        "request-withdrawn" => "申请撤销",
        "resumed" => "计时恢复",
        _ => action,
    };

    public static string TimeRequestKind(string kind) => kind == "extension" ? "延期" : "挂起";

    public static string TimeRequestStatus(string status) => status switch
    {
        "pending" => "待审批",
        "approved" => "已批准",
        "rejected" => "不予批准",
        _ => "已撤销",
    };

    public static string? Done(string act) => act switch
    {
        "filed" => "已受理。",
        "merged-report" => "与已有事件重复，已并入该事件。",
        "register" => "已立案并派遣。",
        "refuse" => "已作不予立案处理，报告人会收到说明。",
        "dispatch" => "已派遣。",
        "accept" => "已签收。",
        "bounce" => "已退单，等待值班员重新派遣。",
        "dispute" => "已上报上级裁定。",
        "feedback" => "已反馈处置结果，等待核查。",
        "verify" => "已记录核查结果。",
        "close" => "已结案，已通知全部报告人。",
        "evaluate" => "已记录评价。",
        "merge" => "已合并。",
        "unmerge" => "已撤销合并，该报告独立成案。",
        "request-extension" => "已提交延期申请，等待值班员审批。",
        "request-suspension" => "已提交挂起申请，等待值班员审批。",
        "approve-request" => "已批准。",
        "reject-request" => "已不予批准，期限不变。",
        "resume" => "已恢复计时，期限已顺延。",
        _ => null,
    };
}
