namespace OneCity.Web.Pages.Workbench.DataHub;

/// <summary>Chinese labels (localisation keys) of the catalogue's enumeration names.</summary>
public static class CatalogueLabels
{
    public static string Level(string v) => v switch { "Core" => "核心数据", "Important" => "重要数据", _ => "一般数据" };

    public static string Sharing(string v) => v switch { "Unconditional" => "无条件共享", "Conditional" => "有条件共享", _ => "不予共享" };

    public static string Open(string v) => v switch { "Open" => "无条件开放", "ConditionalOpen" => "有条件开放", _ => "非开放" };

    public static string Personal(string v) => v switch { "SensitivePersonal" => "敏感个人信息", "Personal" => "个人信息", _ => "非个人信息" };

    public static string Freshness(string v) => v switch { "fresh" => "及时", "stale" => "过期", _ => "不定期" };
}
