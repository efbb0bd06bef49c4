using OneCity.Platform.Organisation;

namespace OneCity.Web.Hosting;

/// <summary>A card on a landing page: where it leads and who may use it. Titles and descriptions are localisation keys (SharedResource).</summary>
internal sealed record Capability(
    string Id, string Href, string Title, string Description, Entrance Entrance, Func<CurrentUser, bool> MayUse,
    string? Note = null, Func<CurrentUser, bool>? ShowNote = null)
{
    /// <summary>A role-specific line under the description, such as "administrators can upload".</summary>
    public string? NoteFor(CurrentUser user) => Note is not null && ShowNote is not null && ShowNote(user) ? Note : null;
}

/// <summary>
/// What each role can do, as the landing pages show it. Authorisation itself lives on the pages and endpoints;
/// this only decides which cards and entrances to show, so it mirrors those policies.
/// </summary>
internal static class Capabilities
{
    private static bool Any(CurrentUser u, params string[] roles) => roles.Any(u.IsInRole);

    private static bool IsStaff(CurrentUser u) => u.Roles.Any(Roles.IsStaff);

    public static readonly IReadOnlyList<Capability> All =
    [
        new("messages", "/portal/messages", "我的消息", "办件进度、补正通知和办结提醒。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("services", "/portal/services", "办事服务", "一件事一次办：填一张表、交一次材料，各部门并联办理。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("applications", "/portal/applications", "我的办件", "办理进度、补正和办理结果。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("data-tracker", "/portal/data-tracker", "我的数据使用记录", "谁在何时为何使用了我的个人信息；提出异议，管理授权同意。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("objections", "/workbench/objections", "数据使用异议", "答复市民对个人数据使用的异议，15 个工作日内办结。", Entrance.Workbench,
            u => Any(u, Roles.DataSteward, Roles.SystemAdministrator)),
        new("open-data", "/portal/open-data", "公共数据开放", "浏览开放数据，申请有条件开放数据的授权运营。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("queue", "/workbench/queue", "办件审批", "本部门的一网通办办件：受理、一次性告知补正、审批和签发电子证照，按工作日倒计时。", Entrance.Workbench,
            u => Any(u, Roles.DepartmentReviewer, Roles.DepartmentAdministrator)),
        new("catalogue", "/workbench/datahub", "数据资源目录", "各部门数据集、字段分级分类、数据质量与开放发布。", Entrance.Workbench, IsStaff),
        new("sharing", "/workbench/datahub/sharing", "数据共享", "申请、审批和撤销部门间的数据共享授权。", Entrance.Workbench,
            u => Any(u, Roles.DepartmentReviewer, Roles.DepartmentAdministrator, Roles.DataSteward, Roles.SystemAdministrator)),
        new("clients", "/workbench/datahub/clients", "接口客户端", "为部门系统登记 OAuth 客户端。", Entrance.Workbench,
            u => Any(u, Roles.DataSteward, Roles.SystemAdministrator)),
        new("counter", "/workbench/counter", "窗口帮办", "核验申请人身份，代其填写申请、上传材料并提交。", Entrance.Workbench,
            u => Any(u, Roles.CounterClerk)),
        new("rectifications", "/workbench/rectifications", "整改工单", "市民差评后的整改：1 个工作日内响应，5 个工作日内整改，15 个工作日内反馈。", Entrance.Workbench,
            u => Any(u, Roles.DepartmentReviewer, Roles.DepartmentAdministrator)),
        new("registries", "/workbench/registries", "基础库查询", "人口、法人和证照基础库，按目的查询并留痕。", Entrance.Workbench,
            u => Any(u, Roles.CounterClerk, Roles.DepartmentReviewer, Roles.DataSteward, Roles.Auditor)),
        new("audit", "/workbench/audit", "审计日志", "查验不可篡改的操作留痕。", Entrance.Workbench,
            u => Any(u, Roles.Auditor, Roles.SystemAdministrator)),
        new("calendar", "/workbench/calendar", "工作日历", "法定节假日与调休，办理时限据此计算。", Entrance.Workbench, IsStaff,
            "您可以上传国务院办公厅公布的年度放假安排。", u => Any(u, Roles.SystemAdministrator)),
        new("geography", "/workbench/geography", "区划与网格", "行政区划、街镇和网格的边界数据。", Entrance.Workbench,
            u => Any(u, Roles.SystemAdministrator)),
        new("staff-messages", "/workbench/messages", "我的消息", "待确认的免申即享名单、整改工单、数据使用异议等通知。", Entrance.Workbench, IsStaff),
        new("outbox", "/workbench/notifications", "消息发送", "站内信、短信和邮件的发送状态，失败消息重新发送。", Entrance.Workbench,
            u => Any(u, Roles.SystemAdministrator)),
        new("users", "/workbench/admin/users", "用户管理", "创建账户、分配角色、锁定和解锁。", Entrance.Workbench,
            u => Any(u, Roles.SystemAdministrator, Roles.DepartmentAdministrator)),
        new("offers", "/portal/offers", "免申即享", "符合条件的政策待遇主动推送给您，看清原因，确认即可享受。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("bundle-metrics", "/open/bundle-metrics", "一件事减了多少", "每个一件事减少的材料、跑动、表单和办理时间。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("bundle-admin", "/workbench/admin/bundles", "一件事管理", "编辑一件事的定义，校验、保存草稿并发布新版本。", Entrance.Workbench,
            u => Any(u, Roles.SystemAdministrator, Roles.DepartmentAdministrator)),
        new("ops-map", "/ops/map", "城市运行态势", "实时事件地图、区域热度和各级考核指标。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.SystemAdministrator)),
        new("ops-vitals", "/ops/vitals", "城市体征", "水位、雨强、风速、设备健康与事件处置的实时分级和趋势。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander, Roles.SystemAdministrator)),
        new("ops-devices", "/ops/devices", "物联感知", "传感器实时读数、告警与预测预警，设备曲线。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.SystemAdministrator)),
        new("ops-emergency", "/ops/emergency", "应急预案", "确认预案启动建议，调整响应级别，跟踪各部门任务和情况报告。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander)),
        new("ops-replay", "/ops/replay", "台风演练复盘", "以台风“烟花”真实路径加速重演：预警、预案启动、任务、告警与体征全链条，并生成复盘报告。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander, Roles.SystemAdministrator)),
        new("ops-hotline", "/ops/hotline", "12345 热线受理", "记录来电，自动分类、定位并给出责任单位建议，提交即派遣。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander)),
        new("ops-incidents", "/workbench/incidents", "事件与工单", "分拣、立案、派遣、退单改派、核查、结案与评价，全过程留痕。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.SystemAdministrator)),
        new("ops-patrol", "/ops/patrol", "巡查上报", "网格员主动发现：拍照、定位、上报。", Entrance.OperationsCentre,
            u => Any(u, Roles.GridInspector)),
        new("ops-rules", "/ops/rules", "权责清单", "类别 × 区域 → 责任单位的派遣规则，冲突与缺漏检查。", Entrance.OperationsCentre,
            u => Any(u, Roles.Dispatcher, Roles.Commander, Roles.SystemAdministrator)),
        new("work-orders", "/workbench/incidents", "城运工单", "派给本单位的城市运行工单：签收、退单、处置反馈。", Entrance.Workbench,
            u => Any(u, Roles.DepartmentReviewer, Roles.DepartmentAdministrator)),
        new("emergency-tasks", "/workbench/emergency", "应急任务", "预案启动后本部门的任务：签收、报告进展、完成；部门间资源请求。", Entrance.Workbench,
            u => Any(u, Roles.DepartmentReviewer, Roles.DepartmentAdministrator)),
        new("my-reports", "/portal/reports", "随手拍", "发现城市问题拍照上报，查看处理进度并评价。", Entrance.Portal,
            u => Any(u, Roles.Citizen, Roles.CompanyRepresentative)),
        new("ops-calendar", "/workbench/calendar", "工作日历", "法定节假日与调休，办理时限据此计算。", Entrance.OperationsCentre, IsStaff),
        new("security", "/account/security", "账户安全", "修改密码；工作人员可启用身份验证器。", Entrance.Portal, _ => true),
    ];

    /// <summary>The cards of one entrance the user may use; the account-security card appears on every entrance.</summary>
    public static IEnumerable<Capability> For(CurrentUser user, Entrance entrance) =>
        All.Where(c => (c.Entrance == entrance || c.Id == "security") && c.MayUse(user));

    /// <summary>The entrances the user may open, mirroring the folder policies in Program.cs.</summary>
    public static bool MayEnter(CurrentUser user, Entrance entrance) => entrance switch
    {
        Entrance.Portal => Any(user, Roles.Citizen, Roles.CompanyRepresentative),
        Entrance.Workbench => IsStaff(user),
        _ => Any(user, Roles.Dispatcher, Roles.Commander, Roles.GridInspector, Roles.SystemAdministrator),
    };

    public static string PathOf(Entrance entrance) => entrance switch
    {
        Entrance.Workbench => "/workbench",
        Entrance.OperationsCentre => "/ops",
        _ => "/portal",
    };
}
