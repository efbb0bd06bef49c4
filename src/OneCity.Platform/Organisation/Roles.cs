namespace OneCity.Platform.Organisation;

/// <summary>The platform's roles. Every user holds one or more, and is bound to a department and a jurisdiction.</summary>
public static class Roles
{
    public const string Citizen = "citizen";
    public const string CompanyRepresentative = "company-representative";
    public const string CounterClerk = "counter-clerk";
    public const string DepartmentReviewer = "department-reviewer";
    public const string DepartmentAdministrator = "department-administrator";
    public const string GridInspector = "grid-inspector";
    public const string Dispatcher = "dispatcher";
    public const string Commander = "commander";
    public const string DataSteward = "data-steward";
    public const string Auditor = "auditor";
    public const string SystemAdministrator = "system-administrator";

    public static readonly IReadOnlyList<RoleInfo> All =
    [
        new(Citizen, "市民", "Citizen", Entrance.Portal),
        new(CompanyRepresentative, "企业代表", "Company representative", Entrance.Portal),
        new(CounterClerk, "窗口工作人员", "Counter clerk", Entrance.Workbench),
        new(DepartmentReviewer, "部门审核人员", "Department reviewer", Entrance.Workbench),
        new(DepartmentAdministrator, "部门管理员", "Department administrator", Entrance.Workbench),
        new(GridInspector, "网格员", "Grid inspector", Entrance.OperationsCentre),
        new(Dispatcher, "值班员", "Dispatcher", Entrance.OperationsCentre),
        new(Commander, "指挥长", "Commander", Entrance.OperationsCentre),
        new(DataSteward, "数据管理员", "Data steward", Entrance.Workbench),
        new(Auditor, "审计员", "Auditor", Entrance.Workbench),
        new(SystemAdministrator, "系统管理员", "System administrator", Entrance.Workbench),
    ];

    /// <summary>Staff roles: everyone who works for the city rather than being served by it.</summary>
    public static bool IsStaff(string role) => role is not (Citizen or CompanyRepresentative);

    public static RoleInfo? Find(string name) => All.FirstOrDefault(r => r.Name == name);

    /// <summary>Where a user with these roles lands: the entrance of their first known role, else the portal.</summary>
    public static Entrance EntranceOf(IEnumerable<string> roles) =>
        roles.Select(Find).OfType<RoleInfo>().Select(r => r.Entrance).DefaultIfEmpty(Entrance.Portal).First();
}

/// <summary>The three entrances of the web shell.</summary>
public enum Entrance
{
    Portal,
    Workbench,
    OperationsCentre,
}

public sealed record RoleInfo(string Name, string NameZh, string NameEn, Entrance Entrance);
