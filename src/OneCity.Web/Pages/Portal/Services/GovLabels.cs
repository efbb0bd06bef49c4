using System.Globalization;
using System.Text.RegularExpressions;

namespace OneCity.Web.Pages.Portal.Services;

/// <summary>A message shown to the applicant: a localisation key in Chinese and its format arguments.</summary>
public sealed record FlowMessage(string Text, object[] Args)
{
    public static FlowMessage Of(string text, params object[] args) => new(text, args);
}

/// <summary>
/// Chinese labels (localisation keys) for GovServices' enumeration names, and the API's validation rules turned into
/// sentences an applicant understands. Unknown values fall through unchanged.
/// </summary>
public static partial class GovLabels
{
    public static string ApplicationStatus(string v) => v switch
    {
        "InProgress" => "办理中",
        "WaitingForApplicant" => "待补正",
        "Completed" => "已办结",
        "PartiallyCompleted" => "部分办结",
        "Rejected" => "未通过",
        _ => v,
    };

    public static string StepStatus(string v) => v switch
    {
        "Blocked" => "等待前序事项",
        "Pending" => "待受理",
        "Accepted" => "审核中",
        "Supplement" => "待补正",
        "Approved" => "已批准，制证中",
        "Done" => "已办结",
        "Refused" => "不予受理",
        "Rejected" => "不予批准",
        "Cancelled" => "已取消",
        _ => v,
    };

    public static string Kind(string v) => v switch
    {
        "Licence" => "行政许可",
        "Registration" => "登记",
        "Confirmation" => "行政确认",
        "Benefit" => "行政给付",
        "Filing" => "行政备案",
        "PublicService" => "公共服务",
        _ => v,
    };

    public static string MaterialSource(string v) => v switch
    {
        "Upload" => "上传",
        "ELicence" => "电子证照",
        "Registry" => "数据共享",
        "Commitment" => "告知承诺",
        _ => v,
    };

    public static string Disposition(string v) => v switch
    {
        "ExemptLicence" => "免于提交（电子证照）",
        "ExemptRegistry" => "免于提交（数据共享）",
        "Commitment" => "告知承诺",
        "Uploaded" => "已上传",
        _ => v,
    };

    public static readonly string[] IdentityChecks = ["id-card-reader", "face-recognition", "document-inspection"];

    public static string IdentityCheck(string? v) => v switch
    {
        "id-card-reader" => "身份证读卡器核验",
        "face-recognition" => "人脸识别核验",
        "document-inspection" => "人工查验证件",
        null => "—",
        _ => v,
    };

    public static string Channel(string v) => v switch
    {
        "online" => "网上办理",
        "counter" => "窗口帮办",
        _ => v,
    };

    public static string Event(string kind) => kind switch
    {
        "submitted" => "提交申请",
        "step.accept" => "受理",
        "step.refuse" => "不予受理",
        "step.requestsupplement" => "一次性告知补正",
        "step.approve" => "审核通过",
        "step.reject" => "不予批准",
        "step.issue" => "签发电子证照",
        "supplement.answered" => "提交补正材料",
        _ => kind,
    };

    /// <summary>The API's rule for a field (e.g. <c>required</c>, <c>a date yyyy-MM-dd</c>) as a message for the applicant.</summary>
    public static FlowMessage Rule(string rule)
    {
        switch (rule)
        {
            case "required":
                return FlowMessage.Of("必填。");
            case "a date yyyy-MM-dd":
                return FlowMessage.Of("请填写日期（年-月-日）。");
            case "a valid resident identity number (GB 11643)":
                return FlowMessage.Of("身份证号码不正确：应为 18 位，最后一位是校验码。");
            case "a mainland mobile number":
                return FlowMessage.Of("请填写 11 位手机号码。");
            case "a valid unified social credit code (GB 32100)":
                return FlowMessage.Of("统一社会信用代码不正确：应为 18 位，最后一位是校验码。");
            case "true or false":
                return FlowMessage.Of("请选择“是”或“否”。");
            case "a number":
                return FlowMessage.Of("请填写数字。");
            case "text":
                return FlowMessage.Of("请填写文字。");
            case "a reason is required when changing a pre-filled value":
                return FlowMessage.Of("更正预填信息时须说明原因。");
            case "sign this commitment":
                return FlowMessage.Of("请阅读并勾选签署此承诺。");
            case "required: upload a PDF, JPEG or PNG file":
                return FlowMessage.Of("请上传此材料（PDF、JPG 或 PNG 文件）。");
            case "unknown file: upload it first":
                return FlowMessage.Of("找不到已上传的文件，请重新上传。");
            case "this file belongs to another application":
                return FlowMessage.Of("此文件已用于另一件申请，请重新上传。");
            case "this material is not to be uploaded":
                return FlowMessage.Of("此材料无需上传。");
            case "required by the supplement request":
                return FlowMessage.Of("补正通知要求提交此材料。");
            case "not asked for":
                return FlowMessage.Of("补正通知未要求此材料。");
            case "answer the request":
                return FlowMessage.Of("请填写补正说明。");
            case "not a field of this bundle":
                return FlowMessage.Of("不是本件事表单中的字段。");
            case "no service of this bundle applies to these answers":
                return FlowMessage.Of("按您的填写，本件事没有需要办理的事项。");
            case "no such legal entity":
                return FlowMessage.Of("法人库中没有此统一社会信用代码的企业。");
            case "one of id-card-reader, face-recognition, document-inspection":
                return FlowMessage.Of("请选择身份核验方式。");
        }

        if (AtMost().Match(rule) is { Success: true } m)
        {
            return FlowMessage.Of("最多 {0} 个字。", int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }

        if (Between().Match(rule) is { Success: true } b)
        {
            return FlowMessage.Of("应在 {0} 至 {1} 之间。", b.Groups[1].Value, b.Groups[2].Value);
        }

        if (rule.StartsWith("one of ", StringComparison.Ordinal))
        {
            return FlowMessage.Of("请从选项中选择。");
        }

        return FlowMessage.Of(rule);
    }

    /// <summary>Why an upload was refused (the status <c>Uploads.SaveAsync</c> answered), in plain words.</summary>
    public static FlowMessage Upload(int status, string? fileName, long maxBytes) => status switch
    {
        415 => FlowMessage.Of("「{0}」不是 PDF、JPG 或 PNG 文件（按文件内容识别，与扩展名无关），未上传。请换一个文件。", fileName ?? ""),
        413 => FlowMessage.Of("「{0}」超过 {1} MB，未上传。请压缩后重新上传。", fileName ?? "", maxBytes / 1024 / 1024),
        _ => FlowMessage.Of("「{0}」是空文件，未上传。", fileName ?? ""),
    };

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An instant in Shanghai time (UTC+8, no daylight saving).</summary>
    public static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    [GeneratedRegex("^at most (\\d+) characters$")]
    private static partial Regex AtMost();

    [GeneratedRegex("^between (\\S+) and (\\S+)$")]
    private static partial Regex Between();
}
